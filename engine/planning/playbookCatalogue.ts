import { CUSTOM_PLAYBOOK, HANDOFF_PLAYBOOK, type ToolScope } from '../contracts';
import { DEFAULT_INTENT_SCOPES } from './defaultPlaybooks';
import { POLICY_DEFAULTS, type PolicyKey } from './policyDefaults';

/**
 * The playbooks an operator picks from in the Intent Router's intent entry: one list for the form
 * (names, hints, which numbers each reads), the Planner (which playbook to run), the Critic (which
 * eligibility windows follow from those numbers) and the Executor (the default tool scope).
 */
export interface PlaybookChoice {
	id: string;
	name: string;
	description: string;
	/** The policy numbers this playbook reads, shown as fields of the intent entry. */
	policyFields: PolicyKey[];
	/** Eligibility windows the Critic checks: a date fact at most `policy[policyKey]` days old (0 = none). */
	windows: Array<{ id: string; date: string; policyKey: PolicyKey }>;
}

export const ANSWER_FROM_POLICY = 'answer_from_policy';

const delivered = 'facts.order.delivered_at';

export const PLAYBOOK_CHOICES: readonly PlaybookChoice[] = [
	{ id: 'order_status', name: 'Order Status', description: 'Looks the order up and tells the customer where it is (tracking, dispatch time)', policyFields: ['dispatchDays'], windows: [] },
	{
		id: 'return_refund',
		name: 'Return / Refund',
		description: 'Refunds a delivered order inside the return window, up to the refund cap; otherwise to a person',
		policyFields: ['returnWindowDays', 'refundProcessingDays'],
		windows: [{ id: 'return_window', date: delivered, policyKey: 'returnWindowDays' }],
	},
	{ id: 'cancel_order', name: 'Cancellation', description: 'Cancels an order that has not shipped yet', policyFields: [], windows: [] },
	{ id: 'change_address', name: 'Change Address', description: 'Passes an address change for an unshipped order to the team', policyFields: [], windows: [] },
	{
		id: 'damaged_item',
		name: 'Damaged Item',
		description: 'Asks for photos of a damaged delivery inside the reporting window',
		policyFields: ['damageReportDays'],
		windows: [{ id: 'damage_report_window', date: delivered, policyKey: 'damageReportDays' }],
	},
	{ id: 'billing_question', name: 'Billing Question', description: 'Explains a charge from the payment record', policyFields: [], windows: [] },
	{ id: 'account_access', name: 'Account Access', description: 'Password-reset help; possible takeovers go to a person', policyFields: [], windows: [] },
	{ id: 'technical_issue', name: 'Technical Issue', description: 'Sends first troubleshooting steps and asks for details', policyFields: [], windows: [] },
	{
		id: ANSWER_FROM_POLICY,
		name: 'Answer From Policy',
		description: 'Replies with your text, backed by a policy passage in force; optionally checks the order and a period since delivery',
		policyFields: ['eligibleWithinDays'],
		windows: [{ id: 'eligibility_period', date: delivered, policyKey: 'eligibleWithinDays' }],
	},
	{ id: 'general', name: 'Acknowledge', description: 'Thanks the customer and leaves the answer to a person', policyFields: [], windows: [] },
	{ id: HANDOFF_PLAYBOOK, name: 'Hand to a Person', description: 'Every ticket of this intent goes to a person with the case prepared', policyFields: [], windows: [] },
	{ id: CUSTOM_PLAYBOOK, name: 'Custom (Planner JSON)', description: "A playbook you wrote in the Planner's Custom Playbooks option for this intent", policyFields: [], windows: [] },
];

export function playbookChoice(id: string): PlaybookChoice | undefined {
	return PLAYBOOK_CHOICES.find((c) => c.id === id);
}

/** Policy values for a playbook: the built-in defaults of the numbers it reads, then the operator's. */
export function policyFor(choice: PlaybookChoice | undefined, operator: Record<string, unknown> = {}): Record<string, unknown> {
	const defaults = Object.fromEntries((choice?.policyFields ?? []).map((k) => [k, POLICY_DEFAULTS[k]]));
	return { ...defaults, ...operator };
}

/** The Critic's eligibility windows for a playbook under these policy values; a 0 or missing number is no window. */
export function windowsFor(playbookId: string, policy: Record<string, unknown>): Array<{ id: string; date: string; maxDays: number }> {
	const choice = playbookChoice(playbookId);
	return (choice?.windows ?? []).flatMap((w) => {
		const days = Number(policyFor(choice, policy)[w.policyKey]);
		return Number.isFinite(days) && days > 0 ? [{ id: w.id, date: w.date, maxDays: days }] : [];
	});
}

const NOTES = ['zendesk.addInternalNote', 'zendesk.updateTicket'];

/** The tool scope a playbook works within when the operator picks no tools: deny by default. */
export function builtInScope(playbookId: string): ToolScope {
	if (DEFAULT_INTENT_SCOPES[playbookId]) return DEFAULT_INTENT_SCOPES[playbookId];
	if (playbookId === ANSWER_FROM_POLICY) return { allowedTools: ['shopify.getOrder', ...NOTES], writeTools: NOTES };
	return { allowedTools: [] };
}

/** The scope an intent's settings allow: the operator's tools, else the chosen playbook's built-in scope. */
export function scopeFromSettings(settings: { playbook: string; scope?: ToolScope }): ToolScope {
	return settings.scope ?? builtInScope(settings.playbook);
}
