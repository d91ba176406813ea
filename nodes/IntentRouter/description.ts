import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../../engine/routing/routeTicket';

/**
 * One output per intent plus a last "Human" output, as n8n's Switch and Text Classifier do.
 * n8n stringifies this and evaluates it in its expression sandbox, so it is written as plain ES5
 * text: no imports, no helpers a compiler could inject.
 */
export const CONFIGURED_OUTPUTS = `(function (parameters) {
	var list = (parameters.intents && parameters.intents.intent) || [];
	var outputs = list.map(function (intent) {
		return { type: 'main', displayName: intent.name || '(unnamed intent)' };
	});
	outputs.push({ type: 'main', displayName: 'Human' });
	return outputs;
})`;

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

/** Fields an operator maps for a helpdesk we have no adapter for. */
const customMapping: INodeProperties[] = [
	{ displayName: 'Ticket ID', name: 'customId', type: 'string', default: '', required: true, displayOptions: showCustom, placeholder: '={{ $json.body.id }}' },
	{ displayName: 'Message', name: 'customMessage', type: 'string', default: '', required: true, displayOptions: showCustom, typeOptions: { rows: 2 }, description: "The customer's latest message: what the router classifies", placeholder: '={{ $json.body.message }}' },
	{ displayName: 'Subject', name: 'customSubject', type: 'string', default: '', displayOptions: showCustom },
	{ displayName: 'Customer Email', name: 'customCustomerEmail', type: 'string', default: '', displayOptions: showCustom, placeholder: 'name@email.com' },
	{ displayName: 'Customer Name', name: 'customCustomerName', type: 'string', default: '', displayOptions: showCustom },
	{ displayName: 'Customer ID', name: 'customCustomerId', type: 'string', default: '', displayOptions: showCustom },
	{ displayName: 'Order References', name: 'customOrderRefs', type: 'string', default: '', displayOptions: showCustom, description: 'Order numbers, comma-separated (order numbers in the message are found anyway)' },
	{ displayName: 'Locale', name: 'customLocale', type: 'string', default: '', displayOptions: showCustom, placeholder: 'en-GB' },
	{ displayName: 'Channel', name: 'customChannel', type: 'string', default: '', displayOptions: showCustom, placeholder: 'email' },
];

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
		],
	},
	{
		displayName: 'Intents',
		name: 'intents',
		type: 'fixedCollection',
		placeholder: 'Add Intent',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		description: 'The kinds of request to recognise. Each becomes an output of this node.',
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
				],
			},
		],
	},
	{
		displayName: 'Confidence Threshold',
		name: 'confidenceThreshold',
		type: 'number',
		default: DEFAULT_CONFIDENCE_THRESHOLD,
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		description: 'Tickets whose confidence (the estimated chance the intent is right) is below this go to the Human output',
	},
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
