import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../engine/execution';
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';

/** The n8n credential types each connector signs its requests with, and the switch that turns it on. */
export const CONNECTOR_CREDENTIALS = {
	zendesk: { type: 'zendeskApi', toggle: 'useZendesk', label: 'Zendesk' },
	shopify: { type: 'shopifyAccessTokenApi', toggle: 'useShopify', label: 'Shopify' },
	stripe: { type: 'stripeApi', toggle: 'useStripe', label: 'Stripe' },
} as const;

export type ConnectorName = keyof typeof CONNECTOR_CREDENTIALS;

export const executorCredentials: INodeCredentialDescription[] = Object.values(CONNECTOR_CREDENTIALS).map((c) => ({
	name: c.type,
	required: true,
	displayOptions: { show: { [c.toggle]: [true] } },
}));

export const executorProperties: INodeProperties[] = [
	{
		displayName:
			'Runs the plan of the Support Specialist Planner once the Support Critic has approved it. Writes need that approval; every step is checked against the intent\'s tool scope, and a re-run never writes twice. <b>Done</b>: the plan completed (or was recorded as a dry run). <b>Escalate</b>: refused, failed or half done; connect it to the Support Escalation Packager.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Rollout Mode',
		name: 'rolloutMode',
		type: 'options',
		default: 'fromIntent',
		description:
			'An override can only be stricter than the mode the Support Intent Router set for the intent (support.intent.rolloutMode): Shadow is stricter than Suggest, Suggest than Auto. If the intent says Shadow and this says Auto, the node runs in Shadow.',
		options: [
			{ name: 'From Intent', value: 'fromIntent', description: 'The mode the Support Intent Router set for this intent' },
			{ name: 'Shadow', value: 'shadow', description: 'Dry run: record what would be sent, send nothing' },
			{ name: 'Suggest', value: 'suggest', description: 'Run reads and internal notes only; other writes are dry runs' },
			{ name: 'Auto', value: 'auto', description: 'Run everything the scope allows (never more than the intent\'s mode)' },
		],
	},
	{
		displayName: 'Tool Scopes',
		name: 'toolScopes',
		type: 'json',
		default: JSON.stringify(DEFAULT_INTENT_SCOPES, null, 2),
		description:
			'Per intent (or "*" for the rest): allowed tools (allowedTools, a trailing * matches a prefix), tools that may write (writeTools), money caps per currency in major units (amountCaps) and writes per ticket (maxWritesPerTicket). Enforced whatever the plan says; an intent without a scope may do nothing. Empty means the built-in scopes, the same as the Support Specialist Planner\'s.',
	},
	{
		displayName: 'Use Zendesk',
		name: 'useZendesk',
		type: 'boolean',
		default: false,
		description: 'Whether to run Zendesk steps (ticket lookup, internal note, public reply, ticket update) with a Zendesk API credential',
	},
	{
		displayName: 'Use Shopify',
		name: 'useShopify',
		type: 'boolean',
		default: false,
		description: 'Whether to run Shopify steps (order lookup, refund, cancel) with a Shopify access-token credential',
	},
	{
		displayName: 'Shopify API Version',
		name: 'shopifyApiVersion',
		type: 'string',
		default: DEFAULT_SHOPIFY_API_VERSION,
		placeholder: 'e.g. 2025-01',
		description: 'Admin REST API version in the request path',
		displayOptions: { show: { useShopify: [true] } },
	},
	{
		displayName: 'Use Stripe',
		name: 'useStripe',
		type: 'boolean',
		default: false,
		description: 'Whether to run Stripe steps (charge and payment lookup, refund) with a Stripe API credential',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Attempts per Step',
				name: 'maxAttempts',
				type: 'number',
				default: 5,
				typeOptions: { minValue: 1, maxValue: 10 },
				description: 'Tries per step, the first included, for 429, 5xx, timeouts and resets. A write with neither an idempotency key nor a ledger check is never retried.',
			},
			{
				displayName: 'Request Timeout (Ms)',
				name: 'timeoutMs',
				type: 'number',
				default: 20000,
				typeOptions: { minValue: 100 },
				description: 'Per request, in milliseconds',
			},
			{
				displayName: 'Shopify Base URL Override',
				name: 'shopifyBaseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://proxy.example.com',
				description: 'Send Shopify requests here instead of https://&lt;shop&gt;.myshopify.com (a proxy or a sandbox). The credential is sent along.',
			},
			{
				displayName: 'Stripe Base URL Override',
				name: 'stripeBaseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://proxy.example.com',
				description: 'Send Stripe requests here instead of https://api.stripe.com (a proxy or a sandbox). The credential is sent along.',
			},
			{
				displayName: 'Zendesk Base URL Override',
				name: 'zendeskBaseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://proxy.example.com',
				description: 'Send Zendesk requests here instead of https://&lt;subdomain&gt;.zendesk.com (a proxy or a sandbox). The credential is sent along.',
			},
		],
	},
];
