import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_INTENT_SCOPES, DEFAULT_PLAYBOOKS } from '../../engine/planning/defaultPlaybooks';

const BUILT_IN_PLAYBOOKS_TEXT = JSON.stringify(DEFAULT_PLAYBOOKS, null, 2);

const showModel = { show: { engine: ['model'] } };
const V3 = { show: { '@version': [{ _cnd: { gte: 3 } }] } };
const UP_TO_V2 = { show: { '@version': [1, 2] } };

export const plannerProperties: INodeProperties[] = [
	{
		displayName:
			'Plans each ticket and drafts the reply; nothing is executed here. Plans (and questions back to the customer) go to <b>Planned</b>, for the Support Critic. Tickets no playbook or model can plan safely go to <b>Escalate</b>, for the Support Escalation Packager. Loop the Critic\'s <b>Revise</b> output back into this node.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		default: 'playbook',
		options: [
			{
				name: 'Playbooks (No API Key)',
				value: 'playbook',
				description: 'Declarative steps and conditions per intent, which you can edit below',
			},
			{
				name: 'Model',
				value: 'model',
				description: "The connected chat model proposes a plan, limited to the intent's tool scope",
			},
		],
	},
	{
		displayName: 'Playbooks',
		name: 'playbooks',
		type: 'json',
		default: '',
		description:
			'Leave empty to use the built-in playbooks (one per default intent: order_status, return_refund, cancel_order, change_address, damaged_item, billing_question, account_access, technical_issue, general). Or a JSON array of your own playbooks, which then replace the built-in ones; a playbook whose "intents" lists "*" serves every intent no other playbook lists. Each is checked when the node runs, and an error names the playbook and the step.',
		displayOptions: { show: { engine: ['playbook'], '@version': [1] } },
	},
	{
		displayName: 'Playbooks',
		name: 'playbooks',
		type: 'json',
		// The built-ins, as the starting value an operator edits (not an empty field with an error marker).
		default: BUILT_IN_PLAYBOOKS_TEXT,
		description:
			'A JSON array of playbooks, one per intent (see Docs for every field and a worked example). Yours are merged with the built-in ones by intent: a playbook for return_refund replaces only the built-in return_refund; "*" serves every intent no other playbook lists. Placeholders are written [[path]], e.g. [[ticket.customer.name]] or [[facts.order.name]] ([[cite]]: the policy passages a sentence cites); n8n never evaluates them. Checked when the node runs; an error names the playbook and the step.',
		displayOptions: { show: { engine: ['playbook'], '@version': [2] } },
	},
	{
		displayName:
			"Each intent's playbook, its numbers (return window, ...), reply text and allowed tools are set in the <b>Support Intent Router</b>'s intent entry and reach this node with the ticket. Nothing here needs changing for a documented setup.",
		name: 'intentSettingsNotice',
		type: 'notice',
		default: '',
		displayOptions: V3,
	},
	{
		displayName: 'Advanced',
		name: 'advanced',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: V3,
		options: [
			{
				displayName: 'Custom Playbooks (JSON)',
				name: 'customPlaybooks',
				type: 'json',
				default: '[]',
				description:
					'Playbooks you write yourself, for intents whose Playbook is "Custom (Planner JSON)" in the Intent Router; each lists the intent in its "intents". See Docs for every field and a worked example. Placeholders are written [[path]].',
			},
			{
				displayName: 'Policy Value Overrides (JSON)',
				name: 'policyValues',
				type: 'json',
				default: '{}',
				description: "Values every playbook reads as policy.*, under the numbers set in each intent entry (those win). For tickets from older Routers without intent settings.",
			},
			{
				displayName: 'Tool Scope Overrides (JSON)',
				name: 'toolScopes',
				type: 'json',
				default: '{}',
				description: "Per intent name: the tools its plans may use, replacing the intent entry's Tools. Use the same overrides in the Support Action Executor, which enforces them.",
			},
		],
	},
	{
		displayName: 'Policy Values',
		name: 'policyValues',
		type: 'json',
		default: '{}',
		description:
			'Values the playbooks read as policy.*, overriding the playbooks\' own defaults. The built-in playbooks use returnWindowDays (30), refundProcessingDays (5), dispatchDays (2) and damageReportDays (14).',
		placeholder: '{"returnWindowDays": 30}',
		displayOptions: UP_TO_V2,
	},
	{
		displayName: 'Tool Scopes',
		name: 'toolScopes',
		type: 'json',
		default: JSON.stringify(DEFAULT_INTENT_SCOPES, null, 2),
		description:
			'Per intent (or "*" for the rest): the tools a plan may use (allowedTools), which of them may write (writeTools) and money caps per currency (amountCaps). Use the same scopes as in the Support Action Executor, which enforces them.',
		displayOptions: UP_TO_V2,
	},
	{
		displayName: 'Model Instructions',
		name: 'modelInstructions',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		displayOptions: showModel,
		placeholder: 'Address the customer by first name and sign off as "The Acme Team".',
		description: 'Extra instructions for the model, such as tone or sign-off. The tool scope and policy citations are enforced whatever they say.',
	},
];
