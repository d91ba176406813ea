import type { IntentScope, ResolvedTool } from './types';

export function toolMatches(patterns: readonly string[] | undefined, name: string): boolean {
	return (patterns ?? []).some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
}

/**
 * Why this step is outside the intent's scope, or undefined if it is inside. Deny by default: a
 * write needs the tool in `writeTools`, and a money-moving write needs a cap in its currency.
 */
export function scopeViolation(
	tool: ResolvedTool,
	declaredAccess: 'read' | 'write',
	scope: IntentScope,
	writesBefore: number,
	intent: string,
): string | undefined {
	if (!toolMatches(scope.allowedTools, tool.name)) return `${tool.name} is not allowed for intent "${intent}"`;
	if (tool.access === 'write' && declaredAccess === 'read') {
		return `${tool.name} writes, but the plan declares this step a read`;
	}
	if (tool.access !== 'write') return undefined;
	if (!toolMatches(scope.writeTools, tool.name)) return `${tool.name} may only read for intent "${intent}", and this step writes`;
	if (tool.money !== undefined) {
		if (tool.money === null) return `${tool.name} moves money but the plan gives no amount and currency to check against the caps`;
		const { amount, currency } = tool.money;
		const cap = (scope.amountCaps ?? []).find((c) => c.currency.toLowerCase() === currency.toLowerCase());
		if (!cap) return `${tool.name}: no amount cap in ${currency.toUpperCase()} is configured for intent "${intent}"`;
		if (amount > cap.max) return `${tool.name}: ${amount} ${currency.toUpperCase()} is over the cap of ${cap.max} ${cap.currency.toUpperCase()} for intent "${intent}"`;
	}
	if (scope.maxWritesPerTicket !== undefined && writesBefore + 1 > scope.maxWritesPerTicket) {
		return `${tool.name} would be write ${writesBefore + 1} for this ticket; intent "${intent}" allows ${scope.maxWritesPerTicket}`;
	}
	return undefined;
}
