import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_CRITIC_RULES, DEFAULT_MAX_REVISIONS } from '../../engine/verification';

const V2 = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

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
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName:
			"Each intent's allowed tools, refund cap, windows (from its return window and other numbers) and checks to switch off are set in the <b>Support Intent Router</b>'s intent entry and reach this node with the ticket, so the Critic enforces exactly what the Planner planned with.",
		name: 'intentSettingsNotice',
		type: 'notice',
		default: '',
		displayOptions: V2,
	},
	{
		displayName: 'Judge',
		name: 'judge',
		type: 'options',
		default: 'rules',
		displayOptions: V2,
		options: [
			{ name: 'Rules Only (No API Key)', value: 'rules', description: 'The built-in checks' },
			{ name: 'Rules + Model Judge', value: 'rulesAndModel', description: 'A chat model (Model input) also reviews; its findings must cite the retrieved policy' },
		],
	},
	{
		displayName: 'Advanced',
		name: 'advanced',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: V2,
		options: [
			{
				displayName: 'Rule Overrides per Intent (JSON)',
				name: 'rules',
				type: 'json',
				default: '{}',
				description:
					'Per intent name: rules that replace the built-in ones and the intent entry for that intent (scope, windows, identity, conditions, disabled). See Docs. For custom conditions in the condition language.',
			},
		],
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
