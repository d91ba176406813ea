import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { CASE_FIELD_NAMES } from '../../engine/retrieval';
import { DEFAULT_SHOPIFY_API_VERSION } from '../../engine/execution';
import { credentialShownFor } from '../shared/credentialDisplay';
import { ZENDESK_AUTH_OPTIONS, ZENDESK_AUTH_VALUES, ZENDESK_CREDENTIALS } from '../shared/credentials';
import { FROM_V2, inVersions, V1 } from './versions';

/**
 * The Retrieve operation's live-fact lookups, as the operator configures them. Every lookup is a
 * read: the node sends GET requests (or calls the one MCP tool named) and nothing else.
 */

const onRetrieve = (more: Record<string, unknown[]> = {}) => ({ show: { operation: ['retrieve'], ...more } });

/** Generic credentials n8n signs itself (they declare `authenticate`) and those this node applies (basic, query, custom). */
export const HTTP_GENERIC_CREDENTIALS = [
	{ name: 'Basic Auth', value: 'httpBasicAuth' },
	{ name: 'Bearer Auth', value: 'httpBearerAuth' },
	{ name: 'Custom Auth', value: 'httpCustomAuth' },
	{ name: 'Query Auth', value: 'httpQueryAuth' },
] as const;

/**
 * n8n's own service credentials offered for the HTTP lookup. A community node can only use the
 * credential types it declares (n8n gives "any credential" to its own HTTP Request node alone), and a
 * type may be declared once: Zendesk, Shopify and Stripe have their own lookups above, so they are not here.
 */
export const HTTP_PREDEFINED_CREDENTIALS = [
	{ name: 'Freshdesk API', value: 'freshdeskApi' },
	{ name: 'HelpScout OAuth2 API', value: 'helpScoutOAuth2Api' },
	{ name: 'HubSpot Service Key', value: 'hubspotAppToken' },
	{ name: 'Intercom API', value: 'intercomApi' },
] as const;

/**
 * MCP Authentication's value for a Header Auth credential: "headerAuth" in version 1,
 * "httpHeaderAuth" (the credential type's name, as in the Support Action Executor) from version 2.
 */
export const MCP_HEADER_AUTH = { v1: 'headerAuth', v2: 'httpHeaderAuth' } as const;

export const liveFactCredentials: INodeCredentialDescription[] = [
	{ name: 'shopifyAccessTokenApi', required: true, displayOptions: onRetrieve({ useShopify: [true] }) },
	{ name: 'stripeApi', required: true, displayOptions: onRetrieve({ useStripe: [true] }) },
	...ZENDESK_CREDENTIALS.map(({ auth, type }) => ({
		name: type,
		required: true,
		displayOptions: credentialShownFor(onRetrieve({ useZendesk: [true] }).show, { parameter: 'zendeskAuthentication', value: auth, values: ZENDESK_AUTH_VALUES }),
	})),
	...HTTP_GENERIC_CREDENTIALS.map((c) => ({
		name: c.value,
		required: true,
		displayOptions: credentialShownFor(onRetrieve({ useHttp: [true], httpAuthentication: ['genericCredentialType'] }).show, {
			parameter: 'httpGenericAuthType',
			value: c.value,
			values: HTTP_GENERIC_CREDENTIALS.map((g) => g.value),
		}),
	})),
	...HTTP_PREDEFINED_CREDENTIALS.map((c) => ({
		name: c.value,
		required: true,
		displayOptions: credentialShownFor(onRetrieve({ useHttp: [true], httpAuthentication: ['predefinedCredentialType'] }).show, {
			parameter: 'httpCredentialType',
			value: c.value,
			values: HTTP_PREDEFINED_CREDENTIALS.map((p) => p.value),
		}),
	})),
	{ name: 'httpHeaderAuth', required: true, displayOptions: onRetrieve({ useMcp: [true], mcpAuthentication: [MCP_HEADER_AUTH.v1, MCP_HEADER_AUTH.v2] }) },
];

const FIELDS = CASE_FIELD_NAMES.map((n) => `{${n}}`).join(', ');

const shopifyAndStripe: INodeProperties[] = [
	{
		displayName: 'Live Facts: Use Shopify',
		name: 'useShopify',
		type: 'boolean',
		default: false,
		displayOptions: onRetrieve(),
		description:
			'Whether to look up the order the ticket names (support.ticket.orderRefs, e.g. "#1001") in Shopify, read only, and store it as a live fact for the playbooks (delivery date, amount, owner)',
	},
	{
		displayName: 'Shopify API Version',
		name: 'shopifyApiVersion',
		type: 'string',
		default: DEFAULT_SHOPIFY_API_VERSION,
		placeholder: 'e.g. 2025-01',
		description: 'Admin REST API version in the request path',
		displayOptions: onRetrieve({ useShopify: [true] }),
	},
	{
		displayName: 'Live Facts: Use Stripe',
		name: 'useStripe',
		type: 'boolean',
		default: false,
		displayOptions: onRetrieve(),
		description: 'Whether to look up the charge the message quotes (an ID starting with ch_ or pi_) in Stripe, read only, and store it as a live fact',
	},
];

const zendesk: INodeProperties[] = [
	{
		displayName: 'Live Facts: Use Zendesk',
		name: 'useZendesk',
		type: 'boolean',
		default: false,
		displayOptions: onRetrieve(),
		description:
			"Whether to look up the requester in Zendesk, read only: by the requester's Zendesk user ID for Zendesk tickets, otherwise by exact email. Stored as the live fact \"customer\" (name, email, tags, organization; agents' notes left out) and, optionally, \"recentTickets\".",
	},
	{
		displayName: 'Zendesk Authentication',
		name: 'zendeskAuthentication',
		type: 'options',
		options: ZENDESK_AUTH_OPTIONS,
		default: 'apiToken',
		displayOptions: onRetrieve({ useZendesk: [true] }),
		description: 'Which Zendesk credential signs the lookups, as in n8n\'s Zendesk node',
	},
	{
		displayName: 'Zendesk Recent Tickets',
		name: 'zendeskRecentTickets',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 0, maxValue: 20 },
		displayOptions: onRetrieve({ useZendesk: [true] }),
		description: "How many of the requester's other tickets (newest first; subject, status, dates, tags) to store as \"recentTickets\". 0: none.",
	},
];

const http: INodeProperties[] = [
	{
		displayName: 'Live Facts: Use HTTP',
		name: 'useHttp',
		type: 'boolean',
		default: false,
		displayOptions: onRetrieve(),
		description: 'Whether to look up a record in your own API (a CRM, a subscription service) with one GET request, and store the JSON answer as a live fact',
	},
	{
		displayName: 'HTTP Base URL',
		name: 'httpBaseUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://crm.example.com/api',
		displayOptions: onRetrieve({ useHttp: [true] }),
		description: 'The API the lookup may read from; the path below is added to it',
	},
	{
		displayName: 'HTTP Path',
		name: 'httpPath',
		type: 'string',
		default: '/customers/{email}',
		required: true,
		noDataExpression: true,
		displayOptions: onRetrieve({ useHttp: [true] }),
		description: `Path (and query) of the GET request, with placeholders filled from the ticket and URL-encoded: ${FIELDS}. {{email}} works too. A case without a value for a placeholder skips the lookup.`,
	},
	{
		displayName: 'HTTP Fact Name',
		name: 'httpFactName',
		type: 'string',
		default: 'crm',
		displayOptions: onRetrieve({ useHttp: [true] }),
		description: 'Name of the live fact in the case file: playbooks and critic conditions read it as facts.&lt;name&gt; (e.g. facts.crm.tier)',
	},
	{
		displayName: 'HTTP Authentication',
		name: 'httpAuthentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Generic Credential Type', value: 'genericCredentialType', description: 'Basic, bearer, query or custom (headers and query as JSON) authentication' },
			{ name: 'Predefined Credential Type', value: 'predefinedCredentialType', description: "One of n8n's credentials for a service, signed as n8n's own nodes sign it" },
		],
		default: 'none',
		displayOptions: onRetrieve({ useHttp: [true] }),
		description: 'How the request authenticates; the lookup sends GET only, whatever the credential would allow',
	},
	{
		displayName: 'Generic Auth Type',
		name: 'httpGenericAuthType',
		type: 'options',
		noDataExpression: true,
		options: HTTP_GENERIC_CREDENTIALS.map((c) => ({ ...c })),
		default: 'httpBearerAuth',
		displayOptions: onRetrieve({ useHttp: [true], httpAuthentication: ['genericCredentialType'] }),
		description: 'For an API key in a header of your choice, use Custom Auth with {"headers": {"X-Api-Key": "..."}}',
	},
	{
		displayName: 'Credential Type',
		name: 'httpCredentialType',
		type: 'options',
		noDataExpression: true,
		options: HTTP_PREDEFINED_CREDENTIALS.map((c) => ({ ...c })),
		default: 'freshdeskApi',
		displayOptions: onRetrieve({ useHttp: [true], httpAuthentication: ['predefinedCredentialType'] }),
	},
];

function mcpAuthentication(headerAuthValue: string): INodeProperties {
	return {
		displayName: 'MCP Authentication',
		name: 'mcpAuthentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Header Auth', value: headerAuthValue, description: 'A header (e.g. Authorization: Bearer ...) from a Header Auth credential' },
		],
		default: 'none',
		displayOptions: onRetrieve({ useMcp: [true] }),
	};
}

const mcp: INodeProperties[] = [
	{
		displayName: 'Live Facts: Use MCP',
		name: 'useMcp',
		type: 'boolean',
		default: false,
		displayOptions: onRetrieve(),
		description: 'Whether to call one read-only tool on an MCP server (Streamable HTTP) and store its answer as a live fact',
	},
	{
		displayName: 'MCP Server URL',
		name: 'mcpServerUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://mcp.example.com/mcp',
		displayOptions: onRetrieve({ useMcp: [true] }),
		description: 'Streamable HTTP endpoint of the MCP server',
	},
	{
		displayName: 'MCP Tool',
		name: 'mcpTool',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. lookup_customer',
		displayOptions: onRetrieve({ useMcp: [true] }),
		description: 'The one tool the lookup may call. Name a tool that only reads: no other tool is ever called.',
	},
	{
		displayName: 'MCP Tool Arguments',
		name: 'mcpArguments',
		type: 'json',
		default: '{\n  "email": "{email}"\n}',
		noDataExpression: true,
		displayOptions: onRetrieve({ useMcp: [true] }),
		description: `JSON object of the tool's arguments. Strings may hold placeholders filled from the ticket: ${FIELDS}.`,
	},
	{
		displayName: 'MCP Fact Name',
		name: 'mcpFactName',
		type: 'string',
		default: 'mcp',
		displayOptions: onRetrieve({ useMcp: [true] }),
		description: "Name of the live fact in the case file (facts.&lt;name&gt;); it holds the tool's structured answer, or its text",
	},
	...inVersions(V1, [mcpAuthentication(MCP_HEADER_AUTH.v1)]),
	...inVersions(FROM_V2, [mcpAuthentication(MCP_HEADER_AUTH.v2)]),
];

const options: INodeProperties = {
	displayName: 'Live Fact Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: onRetrieve(),
	options: [
		{
			displayName: 'Request Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			default: 10000,
			typeOptions: { minValue: 100 },
			description: 'Per lookup, in milliseconds. A lookup that times out is recorded in the case; the case goes on without the fact.',
		},
		{
			displayName: 'Shopify Base URL Override',
			name: 'shopifyBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://proxy.example.com',
			description: 'Send Shopify lookups here instead of https://&lt;shop&gt;.myshopify.com (a proxy or a sandbox). The credential is sent along.',
		},
		{
			displayName: 'Stripe Base URL Override',
			name: 'stripeBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://proxy.example.com',
			description: 'Send Stripe lookups here instead of https://api.stripe.com (a proxy or a sandbox). The credential is sent along.',
		},
		{
			displayName: 'Zendesk Base URL Override',
			name: 'zendeskBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://proxy.example.com',
			description: 'Send Zendesk lookups here instead of https://&lt;subdomain&gt;.zendesk.com (a proxy or a sandbox). The credential is sent along.',
		},
	],
};

export const liveFactProperties: INodeProperties[] = [...shopifyAndStripe, ...zendesk, ...http, ...mcp, options];
