import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../engine/execution';
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { credentialShownFor } from '../shared/credentialDisplay';
import { retryOptionFields } from '../shared/retryOptions';
import { endpointListField, FROM_V2, mcpReadToolFields, ONLY_V1, shownFor, toolScopeOverridesField } from './formFields';

/** The n8n credential types each vendor connector signs its requests with, and the switch that turns it on. */
export const CONNECTOR_CREDENTIALS = {
	zendesk: { type: 'zendeskApi', toggle: 'useZendesk', label: 'Zendesk' },
	shopify: { type: 'shopifyAccessTokenApi', toggle: 'useShopify', label: 'Shopify' },
	stripe: { type: 'stripeApi', toggle: 'useStripe', label: 'Stripe' },
	/** Send Reply only: the reply to a Help Scout conversation. n8n's own Help Scout credential (OAuth2). */
	helpScout: { type: 'helpScoutOAuth2Api', toggle: 'useHelpScout', label: 'Help Scout' },
} as const;

export type ConnectorName = keyof typeof CONNECTOR_CREDENTIALS;

/**
 * Zendesk signs with either credential, chosen as in n8n's own Zendesk node (same parameter values
 * 'apiToken' and 'oAuth2'). The values here are credential type names, not secrets.
 */
export const ZENDESK_CREDENTIAL_TYPES = [
	{ auth: 'apiToken', type: 'zendeskApi' },
	{ auth: 'oAuth2', type: 'zendeskOAuth2Api' },
] as const;
export type ZendeskAuth = (typeof ZENDESK_CREDENTIAL_TYPES)[number]['auth'];

export function zendeskCredentialType(auth: ZendeskAuth): string {
	return ZENDESK_CREDENTIAL_TYPES.find((z) => z.auth === auth)!.type;
}

/** The OAuth2 ones: their requests let a 401 through so n8n can refresh the token. */
export const OAUTH2_CREDENTIAL_TYPES: ReadonlySet<string> = new Set([zendeskCredentialType('oAuth2'), CONNECTOR_CREDENTIALS.helpScout.type]);

/**
 * Credential types the generic HTTP connector can sign with. n8n lets only its own HTTP Request and
 * GraphQL nodes use every credential type (FULL_ACCESS_NODE_TYPES in n8n-core); any other node may
 * use only the types it declares, one credential per type. Header Auth is the MCP connector's, so
 * the HTTP connector's header keys go through Bearer Auth or Query Auth.
 */
export const HTTP_AUTH_TYPES = ['httpBearerAuth', 'httpBasicAuth', 'httpQueryAuth'] as const;
export type HttpAuth = 'none' | (typeof HTTP_AUTH_TYPES)[number];

/** The MCP connector's optional credential: one header (e.g. Authorization: Bearer ...) sent with every request. */
export const MCP_AUTH_TYPE = 'httpHeaderAuth';
export type McpAuth = 'none' | typeof MCP_AUTH_TYPE;

export const executorCredentials: INodeCredentialDescription[] = [
	...ZENDESK_CREDENTIAL_TYPES.map(({ auth, type }) => ({
		name: type,
		required: true,
		displayOptions: credentialShownFor({ useZendesk: [true] }, { parameter: 'zendeskAuthentication', value: auth, values: ZENDESK_CREDENTIAL_TYPES.map((z) => z.auth) }),
	})),
	...[CONNECTOR_CREDENTIALS.shopify, CONNECTOR_CREDENTIALS.stripe].map((c) => ({
		name: c.type,
		required: true,
		displayOptions: { show: { [c.toggle]: [true] } },
	})),
	// Operation goes into `hide`, not `show`: see credentialShownFor for why `show` holds switches only.
	{ name: CONNECTOR_CREDENTIALS.helpScout.type, required: true, displayOptions: { show: { useHelpScout: [true] }, hide: { operation: ['runPlan'] } } },
	...HTTP_AUTH_TYPES.map((type) => ({
		name: type,
		required: true,
		displayOptions: { show: { useHttp: [true], httpAuthentication: [type] } },
	})),
	{ name: MCP_AUTH_TYPE, required: true, displayOptions: { show: { useMcp: [true], mcpAuthentication: [MCP_AUTH_TYPE] } } },
];

const HTTP_ENDPOINTS_EXAMPLE = JSON.stringify(
	[
		{ name: 'getReturn', method: 'GET', path: '/returns/{id}' },
		{ name: 'createReturn', method: 'POST', path: '/returns', idempotencyHeader: 'Idempotency-Key' },
	],
	null,
	2,
);

/**
 * Send Reply: the customer-facing reply (or the suggested reply as an internal note) as a keyed,
 * ledger-checked write to the helpdesk the ticket came from (a Zendesk ticket or a Help Scout
 * conversation), so a re-delivered webhook or a second worker never posts it twice.
 * Added as an operation whose default is the existing behaviour (Run Plan): saved workflows keep working.
 */
const replyProperties: INodeProperties[] = [
	{
		displayName: 'Reply As',
		name: 'replyAs',
		type: 'options',
		default: 'public',
		description: 'A public reply is sent only when the plan ran in auto mode (support.execution.mode); otherwise the item escalates',
		options: [
			{ name: 'Public Reply', value: 'public', description: 'A public comment (Zendesk) or a reply thread (Help Scout) the customer receives' },
			{ name: 'Internal Note', value: 'note', description: 'An internal note for agents, e.g. the suggested reply in suggest mode' },
		],
		displayOptions: { show: { operation: ['sendReply'] } },
	},
	{
		displayName: 'Reply Body',
		name: 'replyBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.support.plan.draftReply.body }}',
		description: 'The text to post. One reply per customer message: a re-delivery of the same message finds the reply already posted (a marker tag on the ticket or conversation) and posts nothing.',
		displayOptions: { show: { operation: ['sendReply'] } },
	},
	{
		displayName: 'Reply Body Is HTML',
		name: 'replyBodyIsHtml',
		type: 'boolean',
		default: false,
		description: 'Whether the body is HTML already; plain text becomes paragraphs',
		displayOptions: { show: { operation: ['sendReply'] } },
	},
	{
		displayName: 'The reply goes to the helpdesk the ticket came from (support.ticket.source): a Zendesk ticket needs <b>Use Zendesk</b>, a Help Scout conversation <b>Use Help Scout</b>. Its <b>Escalate</b> output gets the items whose reply could not be posted.',
		name: 'replyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['sendReply'] } },
	},
];

/** Options of both versions; version 2 adds Tool Scope Overrides (JSON). */
const optionFields: INodeProperties[] = [
	{
		displayName: 'Help Scout Base URL Override',
		name: 'helpScoutBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://proxy.example.com',
		description: 'Send Help Scout requests here instead of https://api.helpscout.net (a proxy or a sandbox). The credential is sent along.',
	},
	...retryOptionFields({
		attempts: 'Max Attempts per Step',
		attemptsHint: 'Tries per step, the first included, for 429, 5xx, timeouts and resets. A write with neither an idempotency key nor a ledger check is never retried.',
	}),
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
];

function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

export const executorProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'runPlan',
		options: [
			{ name: 'Run Plan', value: 'runPlan', action: 'Run the approved plan', description: 'Run the plan the Support Critic approved, within scope and rollout mode' },
			{ name: 'Send Reply', value: 'sendReply', action: 'Send the reply once', description: 'Post the reply (or an internal note) to the ticket\'s Zendesk ticket or Help Scout conversation once per customer message, however often the ticket is delivered' },
		],
	},
	...replyProperties,
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
		// Version 2: the scope comes with the intent (the Support Intent Router's intent entry); see Options.
		displayOptions: { show: ONLY_V1 },
	},
	{
		displayName: 'Use Zendesk',
		name: 'useZendesk',
		type: 'boolean',
		default: false,
		description: 'Whether to run Zendesk steps (ticket lookup, internal note, public reply, ticket update) with a Zendesk API credential',
	},
	{
		displayName: 'Zendesk Authentication',
		name: 'zendeskAuthentication',
		type: 'options',
		default: 'apiToken',
		description: 'Which Zendesk credential signs the requests, as in n8n\'s own Zendesk node',
		options: [
			{ name: 'API Token', value: 'apiToken', description: 'A Zendesk API credential (subdomain, agent email, API token)' },
			{ name: 'OAuth2', value: 'oAuth2', description: 'A Zendesk OAuth2 API credential (subdomain, OAuth client); n8n refreshes the token' },
		],
		displayOptions: { show: { useZendesk: [true] } },
	},
	{
		displayName: 'Use Help Scout',
		name: 'useHelpScout',
		type: 'boolean',
		default: false,
		description: 'Whether to post replies to Help Scout conversations (tickets from the Help Scout Trigger) with a Help Scout OAuth2 credential',
		displayOptions: { show: { operation: ['sendReply'] } },
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
		displayName: 'Use HTTP API',
		name: 'useHttp',
		type: 'boolean',
		default: false,
		description: 'Whether to run http.request steps against an API of your own (an order system, a returns service). A plan names one of the endpoints below; it can never choose a URL, a method or headers.',
	},
	{
		displayName: 'HTTP API Base URL',
		name: 'httpBaseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://returns.example.com/api',
		description: 'Every http.request step goes to a path under this URL, never anywhere else',
		displayOptions: { show: { useHttp: [true] } },
	},
	{
		displayName: 'HTTP API Authentication',
		name: 'httpAuthentication',
		type: 'options',
		default: 'none',
		description: 'The n8n credential that signs the requests. n8n lets a community node use only the credential types it declares; Header Auth belongs to the MCP connector, so send a header key as a Bearer token or a query key.',
		options: [
			{ name: 'None', value: 'none', description: 'Send the requests unsigned' },
			{ name: 'Bearer Auth', value: 'httpBearerAuth', description: 'Authorization: Bearer &lt;token&gt;' },
			{ name: 'Basic Auth', value: 'httpBasicAuth', description: 'User name and password' },
			{ name: 'Query Auth', value: 'httpQueryAuth', description: 'A key sent as a query parameter' },
		],
		displayOptions: { show: { useHttp: [true] } },
	},
	{
		displayName: 'HTTP API Endpoints',
		name: 'httpEndpoints',
		type: 'json',
		default: '[]',
		description: `The endpoints plans may call by name: name, method (GET, POST, PUT, PATCH, DELETE), path under the base URL with {param} placeholders filled from the step's args.params, optional access ("read" or "write"; GET defaults to read, the rest to write) and optional idempotencyHeader (a header the API honours as an idempotency key; without one a write is never retried). Example: ${HTTP_ENDPOINTS_EXAMPLE.replace(/\s+/g, ' ')}.`,
		displayOptions: { show: { useHttp: [true], ...ONLY_V1 } },
	},
	endpointListField,
	{
		displayName: 'Use MCP Server',
		name: 'useMcp',
		type: 'boolean',
		default: false,
		description: 'Whether to run mcp.&lt;server&gt;.&lt;tool&gt; steps on an MCP server over Streamable HTTP',
	},
	{
		displayName: 'MCP Server URL',
		name: 'mcpServerUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://mcp.example.com/mcp',
		description: 'The Streamable HTTP endpoint of the MCP server',
		displayOptions: { show: { useMcp: [true] } },
	},
	{
		displayName: 'MCP Server Name',
		name: 'mcpServerName',
		type: 'string',
		default: 'server',
		placeholder: 'e.g. store',
		description: 'The &lt;server&gt; part of the tool names plans use: with "store", the tool lookup_order is mcp.store.lookup_order. Letters, digits, _ and - only. The intent\'s tool scope must allow these names.',
		displayOptions: { show: { useMcp: [true] } },
	},
	{
		displayName: 'MCP Authentication',
		name: 'mcpAuthentication',
		type: 'options',
		default: 'none',
		description: 'The credential whose header is sent with every request to the MCP server',
		options: [
			{ name: 'None', value: 'none', description: 'Connect without credentials' },
			{ name: 'Header Auth', value: 'httpHeaderAuth', description: 'A Header Auth credential, e.g. name Authorization, value Bearer &lt;token&gt;' },
		],
		displayOptions: { show: { useMcp: [true] } },
	},
	{
		displayName: 'MCP Read-Only Tools',
		name: 'mcpReadTools',
		type: 'string',
		default: '',
		placeholder: 'e.g. lookup_order, list_returns',
		description: 'Comma-separated tools of this server that only read. Every other tool counts as a write: it needs the Critic\'s approval, the scope\'s writeTools and a rollout mode that sends writes.',
		displayOptions: { show: { useMcp: [true], ...ONLY_V1 } },
	},
	...mcpReadToolFields,
	{
		displayName: 'MCP Idempotency Key Argument',
		name: 'mcpIdempotencyKeyArgument',
		type: 'string',
		default: '',
		placeholder: 'e.g. idempotency_key',
		description: 'The argument the server\'s write tools honour as an idempotency key; the node fills it with the step\'s key. Empty: MCP writes are sent at most once per run and never retried.',
		displayOptions: { show: { useMcp: [true] } },
	},
	shownFor(ONLY_V1, optionsCollection(optionFields)),
	// In n8n's order, by name, as the lint rule for collections asks.
	shownFor(FROM_V2, optionsCollection([...optionFields, toolScopeOverridesField].sort((a, b) => a.displayName.localeCompare(b.displayName)))),
];
