import type { DisplayCondition, INodeProperties } from 'n8n-workflow';
import { DEFAULT_MODEL_THRESHOLD, MODEL_DEFAULTS } from '../../engine/routing/model';
import { intentEntryV3Fields } from './intentEntryFields';
import { defaultThreshold, routerVersionDefaults, type RouterVersionDefaults } from '../../engine/routing/builtinEngine';

const sourceOptions: INodeProperties = {
	displayName: 'Ticket Source',
	name: 'source',
	type: 'options',
	default: 'auto',
	description: 'Where the ticket comes from. Auto-detect recognises Zendesk, Help Scout, Freshdesk and Intercom payloads, also when they arrive through a Webhook node.',
	options: [
		{ name: 'Auto-Detect', value: 'auto' },
		{ name: 'Custom Mapping', value: 'custom', description: 'Map the fields yourself with expressions' },
		{ name: 'Freshdesk', value: 'freshdesk' },
		{ name: 'Help Scout', value: 'helpscout' },
		{ name: 'Intercom', value: 'intercom' },
		{ name: 'Zendesk', value: 'zendesk' },
	],
};

const showCustom = { show: { source: ['custom'] } };
// Plain identifiers: n8n's lint rule does not recognise a member expression as a default.
const DEFAULT_MODEL_ATTEMPTS = MODEL_DEFAULTS.maxAttempts;
const DEFAULT_MODEL_TIMEOUT_MS = MODEL_DEFAULTS.timeoutMs;
const showModelEngines = { show: { engine: ['model', 'cascade'] } };

/** Fields an operator maps for a helpdesk we have no adapter for. */
const customMapping: INodeProperties[] = [
	{ displayName: 'Ticket ID', name: 'customId', type: 'string', default: '', required: true, displayOptions: showCustom, description: "The ticket's ID in your helpdesk, usually an expression" },
	{ displayName: 'Message', name: 'customMessage', type: 'string', default: '', required: true, displayOptions: showCustom, typeOptions: { rows: 2 }, description: "The customer's latest message: what the router classifies", placeholder: '={{ $json.body.message }}' },
	{ displayName: 'Subject', name: 'customSubject', type: 'string', default: '', displayOptions: showCustom },
	{ displayName: 'Customer Email', name: 'customCustomerEmail', type: 'string', default: '', displayOptions: showCustom, placeholder: 'name@email.com' },
	{ displayName: 'Customer Name', name: 'customCustomerName', type: 'string', default: '', displayOptions: showCustom },
	{ displayName: 'Customer ID', name: 'customCustomerId', type: 'string', default: '', displayOptions: showCustom },
	{ displayName: 'Order References', name: 'customOrderRefs', type: 'string', default: '', displayOptions: showCustom, description: 'Order numbers, comma-separated (order numbers in the message are found anyway)' },
	{ displayName: 'Locale', name: 'customLocale', type: 'string', default: '', displayOptions: showCustom, placeholder: 'en-GB' },
	{ displayName: 'Channel', name: 'customChannel', type: 'string', default: '', displayOptions: showCustom, placeholder: 'email' },
];

type VersionDefaults = RouterVersionDefaults;
const V1 = routerVersionDefaults(1);
/** Version 2 learns from sentence meaning too unless the operator picks speed (issue 15's measurements). */
const V2 = routerVersionDefaults(2);

/** The same parameter twice, shown by node version, so each version keeps its own visible default. */
function versioned(make: (d: VersionDefaults) => INodeProperties): INodeProperties[] {
	const only = (p: INodeProperties, version: Array<number | DisplayCondition>): INodeProperties => ({
		...p,
		displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, '@version': version } },
	});
	return [only(make(V1), [1]), only(make(V2), [{ _cnd: { gte: 2 } }])];
}

// Plain identifiers as defaults: n8n's lint rule does not recognise a member expression as one.
function builtinFeatures({ features }: VersionDefaults): INodeProperties {
	return {
		displayName: 'Built-in Features',
		name: 'builtinFeatures',
		type: 'options',
		default: features,
		displayOptions: { show: { engine: ['builtin', 'cascade'] } },
		description: 'What the built-in engine learns from. Both run inside n8n with no API key and no download.',
		options: [
			{
				name: 'Words and Characters (Fastest)',
				value: 'lexical',
				description: 'Well under a millisecond per ticket; best with many example phrases that share words with real tickets',
			},
			{
				name: 'Words, Characters and Sentence Meaning',
				value: 'encoder',
				description:
					'Adds a built-in sentence encoder (Universal Sentence Encoder lite): better on paraphrases and with a handful of examples per intent (about 8 points on benchmarks at 10 examples per intent), a few milliseconds per ticket and about 200 MB more memory; the first ticket after a restart waits about a second while it loads',
			},
		],
	};
}

/** Version 2's hint names the value each feature set was calibrated to (engine/routing/builtinEngine.ts). */
const FEATURE_THRESHOLD_HINT =
	defaultThreshold('encoder') === defaultThreshold('lexical')
		? ` The default is calibrated for both feature sets to send at least 80% of unrelated messages to Human.`
		: ` Calibrated defaults: ${defaultThreshold('encoder')} with Sentence Meaning, ${defaultThreshold('lexical')} with Words and Characters (each sends at least 80% of unrelated messages to Human).`;

function confidenceThreshold({ threshold, features }: VersionDefaults): INodeProperties {
	const hint = features === V1.features ? '' : FEATURE_THRESHOLD_HINT;
	return {
		displayName: 'Confidence Threshold',
		name: 'confidenceThreshold',
		type: 'number',
		default: threshold,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		description:
			"Tickets whose confidence is below this go to the Human output. The built-in engine's confidence is calibrated (the estimated chance the intent is right); when the model decides, it is the model's own estimate, which is not calibrated, so it may need a different value." +
			hint,
	};
}

/** The intents list; version 3's entries also carry the intent's playbook, numbers, tools and checks. */
function intentsParameter(extra: INodeProperties[], versions: Array<number | DisplayCondition>): INodeProperties {
	return {
		displayName: 'Intents',
		name: 'intents',
		type: 'fixedCollection',
		placeholder: 'Add Intent',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { '@version': versions } },
		description: 'The kinds of request to recognise. Each gets an output of this node, unless Outputs is One for All Intents.',
		options: [
			{
				name: 'intent',
				displayName: 'Intent',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'refund', description: 'Short name; also the name of its output' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '', placeholder: 'Customer wants money back for an order', description: 'What this intent covers, in a sentence' },
					{
						displayName: 'Example Messages',
						name: 'examples',
						type: 'string',
						default: '',
						required: true,
						typeOptions: { rows: 5 },
						placeholder: 'I want my money back\nPlease refund order #1234\nCan I return these shoes?',
						description: 'One customer message per line. Five or more varied examples per intent work well; more is better.',
					},
					{
						displayName: 'Rollout Mode',
						name: 'rolloutMode',
						type: 'options',
						default: 'shadow',
						description: 'What later layers may do for tickets of this intent',
						options: [
							{ name: 'Shadow', value: 'shadow', description: 'Nothing customer-facing and no writes; proposals are only recorded' },
							{ name: 'Suggest', value: 'suggest', description: 'Drafts and proposed actions go to a person as an internal note' },
							{ name: 'Auto', value: 'auto', description: 'Approved plans execute and approved replies are sent' },
						],
					},
					...extra,
				],
			},
		],
	};
}

export const intentRouterProperties: INodeProperties[] = [
	{
		displayName: 'Routes each ticket to one output per intent. Tickets the router is not sure about go to the <b>Human</b> output, never to a guess.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	sourceOptions,
	...customMapping,
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		default: 'builtin',
		options: [
			{
				name: 'Built-in (No API Key)',
				value: 'builtin',
				description: 'Learns from the example phrases below, inside n8n, in milliseconds',
			},
			{
				name: 'Cascade',
				value: 'cascade',
				description: 'Built-in first; the connected chat model is asked only when the built-in engine is below the Model Threshold',
			},
			{
				name: 'Model',
				value: 'model',
				description: 'The chat model connected to the Model input classifies every ticket',
			},
		],
	},
	...versioned(builtinFeatures),
	{
		displayName: 'Connect a chat model (e.g. OpenAI Chat Model) to the <b>Model</b> input. If it fails or answers something unusable after its attempts, the ticket goes to the <b>Human</b> output with the reason.',
		name: 'modelNotice',
		type: 'notice',
		default: '',
		displayOptions: showModelEngines,
	},
	{
		displayName: 'Model Threshold',
		name: 'modelThreshold',
		type: 'number',
		default: DEFAULT_MODEL_THRESHOLD,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		displayOptions: { show: { engine: ['cascade'] } },
		description:
			"The chat model is asked only when the built-in engine's confidence is below this; at or above it the built-in engine decides alone (no model call, no cost). 0 never asks the model, 1 always does.",
	},
	{
		displayName: 'Model Attempts',
		name: 'modelAttempts',
		type: 'number',
		default: DEFAULT_MODEL_ATTEMPTS,
		typeOptions: { minValue: 1, maxValue: 5 },
		displayOptions: showModelEngines,
		description: 'Calls to the model per ticket, first one included, when it answers malformed JSON, an intent that is not defined, a rate limit or a timeout. After the last, the ticket goes to Human with the reason.',
	},
	{
		displayName: 'Model Timeout (Ms)',
		name: 'modelTimeout',
		type: 'number',
		default: DEFAULT_MODEL_TIMEOUT_MS,
		typeOptions: { minValue: 1 },
		displayOptions: showModelEngines,
		description: 'Time limit of each model call, in milliseconds. It holds even when the model node retries on its own.',
	},
	intentsParameter([], [1, 2]),
	intentsParameter(intentEntryV3Fields, [{ _cnd: { gte: 3 } }]),
	{
		displayName: 'Outputs',
		name: 'outputLayout',
		type: 'options',
		default: 'single',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 3 } }] } },
		description: 'One output for every recognised intent keeps the workflow wired when you add an intent (the case file carries the intent); one output per intent lets you branch on the canvas',
		options: [
			{ name: 'Human + One for All Intents', value: 'single', description: 'Human first, then Routed' },
			{ name: 'Human + One per Intent', value: 'perIntent', description: 'Human first, then one output per intent, in the order of the list' },
		],
	},
	...versioned(confidenceThreshold),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Message Length',
				name: 'maxMessageLength',
				type: 'number',
				default: 20000,
				typeOptions: { minValue: 1 },
				description: 'Longer messages are refused with an error (or sent to a person when the node continues on error)',
			},
			{
				displayName: 'Alternatives to Keep',
				name: 'maxAlternatives',
				type: 'number',
				default: 3,
				typeOptions: { minValue: 0, maxValue: 10 },
				description: 'How many runner-up intents to record in the case file',
			},
		],
	},
];
