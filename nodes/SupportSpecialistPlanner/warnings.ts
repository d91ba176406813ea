import type { INodeExecutionData } from 'n8n-workflow';
import { CASE_FILE_KEY, type CaseFile } from '../../engine/contracts';

/**
 * Playbook problems worth a warning on the node, not only a line in the case: an intent no playbook
 * serves (often an intent added in the Router, or a misspelt name in a playbook's "intents"), and an
 * intent served only by the fallback ("*") playbook.
 */
export function plannerWarnings(outputs: INodeExecutionData[][]): string[] {
	const warnings: string[] = [];
	for (const item of outputs.flat()) {
		const support = (item.json[CASE_FILE_KEY] ?? {}) as Partial<CaseFile>;
		const intent = support.intent?.category;
		if (support.escalation?.layer === 'specialistPlanner' && support.escalation.code === 'no_playbook') {
			warnings.push(`No playbook serves the intent "${intent}": add one to Playbooks (or check the intent's name in the Support Intent Router). Its tickets go to a person.`);
		}
		const fallback = support.plan?.assumptions.find((a) => a.startsWith('No playbook for intent'));
		if (fallback) warnings.push(`${fallback} Add a playbook for "${intent}" to Playbooks if it needs its own steps and reply.`);
	}
	return warnings;
}
