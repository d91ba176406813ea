import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_CRITIC_RULES, DEFAULT_MAX_REVISIONS } from '../../engine/verification';

export const criticProperties: INodeProperties[] = [
	{
		displayName:
			'Reviews the plan before anything is executed (stage Plan), or the final reply before the customer sees it (stage Reply). <b>Revise</b> goes back to the Support Specialist Planner; <b>Escalate</b> to the Support Escalation Packager. Connect a chat model to add a judge whose findings must cite the retrieved policy.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Stage',
		name: 'stage',
		type: 'options',
		default: 'plan',
		options: [
			{ name: 'Plan', value: 'plan', description: 'Before execution: the planned steps and the draft reply' },
			{ name: 'Reply', value: 'reply', description: 'After execution: the reply must match what was actually done' },
		],
	},
	{
		displayName: 'Rules per Intent',
		name: 'rules',
		type: 'json',
		default: JSON.stringify(DEFAULT_CRITIC_RULES, null, 2),
		description:
			'Per intent (or "*" for the rest): the tool scope and money caps (scope), eligibility windows (windows), identity checks (identity), extra conditions (conditions) and checks to switch off (disabled). Empty means the built-in rules.',
	},
	{
		displayName: 'Max Revisions',
		name: 'maxRevisions',
		type: 'number',
		default: DEFAULT_MAX_REVISIONS,
		typeOptions: { minValue: 0, maxValue: 10 },
		description: 'How many times a case may go back to the planner; after that it escalates. 0 never asks for a revision.',
	},
];
