import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { CUSTOM_PLAYBOOK, HANDOFF_PLAYBOOK } from '../../engine/contracts';
import { ANSWER_FROM_POLICY, PLAYBOOK_CHOICES, type PolicyKey } from '../../engine/planning';
import { TOOL_CATALOGUE } from '../../engine/planning/toolCatalogue';
import { INTENT_ENTRY_DEFAULTS as D } from '../../engine/routing/intentEntry';
import { CHECK_DESCRIPTIONS } from '../../engine/verification/ruleIds';

/**
 * What version 3 adds to each intent entry: everything later layers need about the intent, in one
 * place (engine/routing/intentEntry.ts maps it to the case file's `intent.settings`). Defaults come
 * from the engine's single sources: policy numbers, caps, the playbook and check lists.
 */
const byPlaybook = (...ids: string[]) => ({ show: { playbook: ids } });
const playbooksWith = (key: PolicyKey) => PLAYBOOK_CHOICES.filter((c) => c.policyFields.includes(key)).map((c) => c.id);

const POLICY_FIELDS: Record<PolicyKey, { displayName: string; description: string }> = {
	returnWindowDays: { displayName: 'Return Window (Days)', description: 'Days after delivery a return is refunded. The Critic checks the same number.' },
	refundProcessingDays: { displayName: 'Refund Time (Business Days)', description: 'What the reply tells the customer about when the money arrives' },
	dispatchDays: { displayName: 'Dispatch Time (Business Days)', description: 'What the reply says about unshipped orders' },
	damageReportDays: { displayName: 'Damage Report Window (Days)', description: 'Days after delivery damage is accepted. The Critic checks the same number.' },
	eligibleWithinDays: { displayName: 'Eligible Days After Delivery', description: 'With an order: only orders delivered this many days ago or less get the answer; the rest go to a person. 0 = no limit. The Critic checks the same number.' },
};

// Plain identifiers as defaults: n8n's lint rule does not recognise a member expression as one (and
// wants literals for booleans and multi-options: Needs an Order's true and the lists' [] equal D's).
const {
	playbook: DEFAULT_PLAYBOOK,
	replyText: DEFAULT_REPLY_TEXT,
	replaceReplyText: DEFAULT_REPLACE_REPLY_TEXT,
	citeTopics: DEFAULT_CITE_TOPICS,
	tools: DEFAULT_TOOLS,
	refundCap: DEFAULT_REFUND_CAP,
	capCurrencies: DEFAULT_CAP_CURRENCIES,
	maxWritesPerTicket: DEFAULT_MAX_WRITES_PER_TICKET,
} = D;

const policyFields: INodeProperties[] = (Object.keys(POLICY_FIELDS) as PolicyKey[]).map((key) => ({
	...POLICY_FIELDS[key],
	name: key,
	type: 'number',
	default: D[key],
	typeOptions: { minValue: 0 },
	displayOptions: byPlaybook(...playbooksWith(key)),
}));

const toolOptions: INodePropertyOptions[] = Object.values(TOOL_CATALOGUE)
	.map((t) => ({ name: t.name, value: t.name, description: `${t.access === 'write' ? 'Writes' : 'Reads'}: ${t.description}` }))
	.sort((a, b) => a.name.localeCompare(b.name));

const checkOptions: INodePropertyOptions[] = Object.entries(CHECK_DESCRIPTIONS)
	.map(([id, c]) => ({ name: c.name, value: id, description: c.hint }))
	.sort((a, b) => a.name.localeCompare(b.name));

const showChosenTools = { show: { tools: ['choose'] } };
/**
 * Refund Cap and Cap Currencies apply only to tools that move money (engine/routing/intentEntry.ts
 * reads them only then): shown once such a tool is ticked, so an intent without one shows no cap.
 */
const moneyTools = Object.values(TOOL_CATALOGUE)
	.filter((t) => t.amountArg)
	.map((t) => t.name);
const showWithMoneyTools = { show: { tools: ['choose'], allowedTools: moneyTools } };

export const intentEntryV3Fields: INodeProperties[] = [
	{
		displayName: 'Playbook',
		name: 'playbook',
		type: 'options',
		default: DEFAULT_PLAYBOOK,
		description: 'How the Specialist Planner handles this intent. The numbers and texts below belong to the chosen playbook.',
		options: PLAYBOOK_CHOICES.map((c) => ({ name: c.name, value: c.id, description: c.description })),
	},
	...policyFields,
	{
		displayName: 'Needs an Order',
		name: 'needsOrder',
		type: 'boolean',
		default: true,
		displayOptions: byPlaybook(ANSWER_FROM_POLICY),
		description: "Whether the answer needs the customer's order (looked up by the Policy Retriever; the customer is asked for the order number if none is given, never twice)",
	},
	{
		displayName: 'Reply Text',
		name: 'replyText',
		type: 'string',
		default: DEFAULT_REPLY_TEXT,
		typeOptions: { rows: 4 },
		displayOptions: byPlaybook(ANSWER_FROM_POLICY),
		placeholder: 'Our products have a 2-year warranty from delivery. Reply with a photo of the fault and we will repair or replace the item [[cite]].',
		description: 'The answer, between the greeting and the sign-off. [[cite]] becomes a reference to the policy passage; [[facts.order.name]] and other [[...]] placeholders are filled from the case.',
	},
	{
		displayName: 'Replace Reply Text',
		name: 'replaceReplyText',
		type: 'string',
		default: DEFAULT_REPLACE_REPLY_TEXT,
		typeOptions: { rows: 3 },
		displayOptions: { hide: { playbook: [ANSWER_FROM_POLICY, HANDOFF_PLAYBOOK, CUSTOM_PLAYBOOK] } },
		description: "Leave empty to use the playbook's own wording (see Docs). Text here replaces its answering sentences, in English, between the greeting and the sign-off.",
	},
	{
		displayName: 'Policy Topics',
		name: 'citeTopics',
		type: 'string',
		default: DEFAULT_CITE_TOPICS,
		displayOptions: { hide: { playbook: [HANDOFF_PLAYBOOK, CUSTOM_PLAYBOOK] } },
		placeholder: 'warranty',
		description: 'Comma-separated keywords or tags of the policy passage the reply text relies on. The text is sent only while such a passage is in force; otherwise the ticket goes to a person.',
	},
	{
		displayName: 'Tools',
		name: 'tools',
		type: 'options',
		default: DEFAULT_TOOLS,
		displayOptions: { hide: { playbook: [HANDOFF_PLAYBOOK] } },
		description: 'What the Planner may plan and the Action Executor will run for this intent',
		options: [
			{ name: "Playbook's Tools", value: 'playbook', description: 'Exactly what the chosen built-in playbook uses (see Docs)' },
			{ name: 'Choose Tools', value: 'choose', description: 'Tick the tools yourself; anything else is refused' },
		],
	},
	{
		displayName: 'Allowed Tools',
		name: 'allowedTools',
		type: 'multiOptions',
		default: [],
		displayOptions: showChosenTools,
		description: 'Tools this intent may use. A tool that writes may write; leave a refund tool out and no refund is ever made for this intent.',
		options: toolOptions,
	},
	{
		displayName: 'Refund Cap',
		name: 'refundCap',
		type: 'number',
		default: DEFAULT_REFUND_CAP,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		displayOptions: showWithMoneyTools,
		description: 'Largest amount (in the currency\'s major units, e.g. 100 = 100.00) a refund tool may move per step. Applies only when a refund tool is allowed.',
	},
	{
		displayName: 'Cap Currencies',
		name: 'capCurrencies',
		type: 'string',
		default: DEFAULT_CAP_CURRENCIES,
		displayOptions: showWithMoneyTools,
		description: 'Comma-separated currency codes the refund cap applies to; refunds in other currencies are refused',
	},
	{
		displayName: 'Max Writes per Ticket',
		name: 'maxWritesPerTicket',
		type: 'number',
		default: DEFAULT_MAX_WRITES_PER_TICKET,
		typeOptions: { minValue: 0 },
		displayOptions: showChosenTools,
		description: 'Most writes (refund, note, tag...) one ticket may cause. 0 = no limit.',
	},
	{
		displayName: 'Critic Checks to Switch Off',
		name: 'disabledChecks',
		type: 'multiOptions',
		default: [],
		displayOptions: { hide: { playbook: [HANDOFF_PLAYBOOK] } },
		description: 'Every check runs unless you pick it here, for this intent only (e.g. Reply Language for a shop that always answers in English)',
		options: checkOptions,
	},
];
