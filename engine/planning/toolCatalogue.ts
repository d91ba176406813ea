import type { ToolScope } from '../contracts';
/**
 * The tools a plan may name, as the Support Action Executor knows them. Arguments are plain JSON;
 * money is always `amount` in major units (49.90) with an ISO `currency`: the executor converts to
 * a vendor's minor units (Stripe cents) so a plan never mixes the two.
 */
export type Access = 'read' | 'write';

export interface ToolSpec {
	name: string;
	access: Access;
	required: string[];
	/** The argument holding a money amount the Critic caps. */
	amountArg?: string;
	/** Writes that only touch this ticket in the helpdesk: not a customer-facing business action. */
	helpdeskOnly?: boolean;
	description: string;
}

const spec = (s: ToolSpec): [string, ToolSpec] => [s.name, s];

export const TOOL_CATALOGUE: Readonly<Record<string, ToolSpec>> = Object.fromEntries([
	spec({ name: 'zendesk.getTicket', access: 'read', required: [], description: 'Read the ticket and its comments (ticketId defaults to this ticket).' }),
	spec({ name: 'zendesk.addInternalNote', access: 'write', required: ['body'], helpdeskOnly: true, description: 'Add a private note for agents.' }),
	spec({ name: 'zendesk.publicReply', access: 'write', required: ['body'], helpdeskOnly: true, description: 'Reply to the customer on the ticket.' }),
	spec({ name: 'zendesk.updateTicket', access: 'write', required: [], helpdeskOnly: true, description: 'Set tags, priority, status or group.' }),
	spec({ name: 'shopify.getOrder', access: 'read', required: ['orderId'], description: 'Look up an order by id or name (#1001).' }),
	spec({ name: 'shopify.refundOrder', access: 'write', required: ['orderId', 'amount', 'currency'], amountArg: 'amount', description: 'Refund an order, fully or partly (amount in major units).' }),
	spec({ name: 'shopify.cancelOrder', access: 'write', required: ['orderId'], description: 'Cancel an unfulfilled order.' }),
	spec({ name: 'stripe.getCharge', access: 'read', required: ['chargeId'], description: 'Look up a charge.' }),
	spec({ name: 'stripe.getPaymentIntent', access: 'read', required: ['paymentIntentId'], description: 'Look up a payment intent.' }),
	spec({ name: 'stripe.createRefund', access: 'write', required: ['amount', 'currency'], amountArg: 'amount', description: 'Refund a charge or payment intent (amount in major units).' }),
]);

const MCP_TOOL = /^mcp\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$/;

/**
 * Tools whose access depends on the operator's configuration (an HTTP endpoint, an MCP tool): the
 * step declares it, and scope decides whether that declaration is allowed.
 */
export function isConfiguredTool(tool: string): boolean {
	return tool === 'http.request' || MCP_TOOL.test(tool);
}

/** What a catalogue tool does; undefined for configured tools (HTTP, MCP) and unknown names. */
export function toolAccess(tool: string): Access | undefined {
	return TOOL_CATALOGUE[tool]?.access;
}

export function isKnownTool(tool: string): boolean {
	return tool in TOOL_CATALOGUE || isConfiguredTool(tool);
}

/**
 * An intent's tool scope, in the same shape the Support Action Executor enforces, so an operator
 * writes it once: `allowedTools` (a trailing `*` matches a prefix), `writeTools` (absent: no
 * writes), `amountCaps` per currency in major units.
 */
export type { ToolScope };

export function toolMatches(patterns: readonly string[] | undefined, name: string): boolean {
	return (patterns ?? []).some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
}

/** Why a step is outside scope, or undefined when it is inside. */
export function scopeViolation(scope: ToolScope, tool: string, access: Access): string | undefined {
	if (!isKnownTool(tool)) return `"${tool}" is not a known tool`;
	if (!toolMatches(scope.allowedTools, tool)) return `"${tool}" is not in this intent's tool scope`;
	const natural = toolAccess(tool);
	if (natural === 'write' && access === 'read') return `"${tool}" writes, but the step declares a read`;
	if ((natural ?? access) === 'write' && !toolMatches(scope.writeTools, tool)) return `"${tool}" may not write for this intent`;
	return undefined;
}

/**
 * A write that changes something outside this helpdesk ticket (money, orders, external systems):
 * what needs a policy passage and a verified requester. Notes and tags on the ticket do not.
 */
export function isBusinessWrite(step: { tool: string; access: Access }): boolean {
	return step.access === 'write' && !TOOL_CATALOGUE[step.tool]?.helpdeskOnly;
}

/** The cap for a currency, case-insensitive. */
export function capFor(scope: ToolScope | undefined, currency: string | undefined): number | undefined {
	if (!scope?.amountCaps || !currency) return undefined;
	return scope.amountCaps.find((c) => c.currency.toLowerCase() === currency.toLowerCase())?.max;
}
