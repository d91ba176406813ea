import type { INodeExecutionData } from 'n8n-workflow';
import { CASE_FILE_KEY, type CaseFile } from '../../engine/contracts';

/**
 * Playbook problems worth a warning on the node, not only a line in the case: an intent no playbook
 * serves (often an intent added in the Router, or a misspelt name in a playbook's "intents"), and an
 * intent served only by the fallback ("*") playbook, and an intent Tool Scopes does not name.
 */
export function plannerWarnings(outputs: INodeExecutionData[][], scopes: Record<string, unknown>): string[] {
	const warnings: string[] = [];
	for (const item of outputs.flat()) {
		const support = (item.json[CASE_FILE_KEY] ?? {}) as Partial<CaseFile>;
		const intent = support.intent?.category;
		// Intents with settings (Intent Router version 3) carry their own scope.
		if (intent && !support.intent?.settings && !scopes[intent]) {
			warnings.push(`Tool Scopes has no entry for the intent "${intent}"${scopes['*'] ? ': the "*" entry applies' : ' (nor a "*" entry): its plans may use no tools'}. Add "${intent}" to Tool Scopes here and in the Support Action Executor.`);
		}
		if (support.escalation?.layer === 'specialistPlanner' && support.escalation.code === 'no_playbook') {
			warnings.push(`No playbook serves the intent "${intent}": add one to Playbooks (or check the intent's name in the Support Intent Router). Its tickets go to a person.`);
		}
		const fallback = support.plan?.assumptions.find((a) => a.startsWith('No playbook for intent'));
		if (fallback) warnings.push(`${fallback} Add a playbook for "${intent}" to Playbooks if it needs its own steps and reply.`);
	}
	return warnings;
}
