import type { INodeProperties } from 'n8n-workflow';

/** The engine's own thresholds, shown so an operator sees what they change. */
const DEFAULT_PRIORITY_RULES = { highAmount: 250, urgentAmount: 1000, negativeSentimentAt: -0.6, vipTags: [] as string[] };

export const packagerProperties: INodeProperties[] = [
	{
		displayName:
			'Builds the hand-off for a person from whatever the case file holds, into <code>support.handoff</code>, with secrets and card numbers removed. To post it, add a Zendesk node (Ticket > Update, Internal Note) or an HTTP Request node with <code>{{ $json.support.handoff.note.html }}</code>, and use <code>support.handoff.tags</code>, <code>priority</code> and <code>group</code>.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'Customer asked for a manager',
		description: 'Overrides the reason the case file gives (the layer that escalated it writes one). Leave empty to use that.',
	},
	{
		displayName: 'Group',
		name: 'group',
		type: 'string',
		default: '',
		placeholder: 'Tier 2',
		description: 'The helpdesk group to hand the case to. Leave empty to use Groups by Intent.',
	},
	{
		displayName: 'Groups by Intent',
		name: 'groupsByIntent',
		type: 'json',
		default: '{}',
		placeholder: '{"return_refund": "Billing", "technical_issue": "Tech Support"}',
		description: 'A group per intent, used when Group is empty',
	},
	{
		displayName: 'Priority Rules',
		name: 'priorityRules',
		type: 'json',
		default: JSON.stringify(DEFAULT_PRIORITY_RULES, null, 2),
		description:
			'Priority starts from the ticket\'s urgency and only goes up: amounts at stake of highAmount or more make it high, urgentAmount or more urgent; sentiment at or below negativeSentimentAt and ticket tags in vipTags raise it one level; minimum ("low", "normal", "high" or "urgent") sets a floor',
	},
	{
		displayName: 'Extra Tags',
		name: 'extraTags',
		type: 'string',
		default: '',
		placeholder: 'needs-review, ai-escalated',
		description: 'Comma-separated tags to add to the ones derived from the case',
	},
];
