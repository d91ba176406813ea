import type { INodeProperties, IDisplayOptions } from 'n8n-workflow';

/**
 * Version 2's forms in place of version 1's JSON fields: operators configure this node in the
 * editor and never write JSON. Version 1 keeps its fields, so saved workflows run as before; each
 * version shows only its own (n8n's `@version` display condition).
 */
type Show = NonNullable<IDisplayOptions['show']>;
export const ONLY_V1: Show = { '@version': [1] };
export const FROM_V2: Show = { '@version': [{ _cnd: { gte: 2 } }] };

/** The property, shown only where `show` also holds (on top of its own conditions). */
export function shownFor(show: Show, p: INodeProperties): INodeProperties {
	return { ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, ...show } } };
}

export const ENDPOINT_METHODS = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const;
/** Access "by method": no `access` in the endpoint, so GET reads and every other method writes (as in version 1). */
export const ACCESS_BY_METHOD = 'byMethod';

/** HTTP API Endpoints, one form row per endpoint; read and checked in endpoints.ts. */
export const endpointListField: INodeProperties = {
	displayName: 'HTTP API Endpoints',
	name: 'httpEndpointList',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Endpoint',
	default: {},
	description: 'The endpoints a plan may call by name. A plan fills in the path\'s {placeholders}, the query and the body; it can never choose a URL, a method or headers.',
	displayOptions: { show: { useHttp: [true], ...FROM_V2 } },
	options: [
		{
			name: 'endpoint',
			displayName: 'Endpoint',
			// eslint-disable-next-line n8n-nodes-base/node-param-fixed-collection-type-unsorted-items -- the order a row is read in: what, how, where, then the optional parts
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'e.g. createRefund',
					hint: 'What a plan calls it (args.endpoint). Letters, digits, _ . - only; each name once.',
				},
				{
					displayName: 'Method',
					name: 'method',
					type: 'options',
					default: 'GET',
					options: ENDPOINT_METHODS.map((m) => ({ name: m, value: m })),
					hint: 'The method is fixed here; a plan cannot change it',
				},
				{
					displayName: 'Path',
					name: 'path',
					type: 'string',
					default: '',
					required: true,
					placeholder: '/orders/{orderId}/refunds',
					hint: 'Under the base URL. {orderId} is filled from the step\'s args.params.orderId. No host, no query, no . or .. segments.',
				},
				{
					displayName: 'Access',
					name: 'access',
					type: 'options',
					default: ACCESS_BY_METHOD,
					options: [
						{ name: 'By Method (GET Reads, Others Write)', value: ACCESS_BY_METHOD },
						{ name: 'Read', value: 'read' },
						{ name: 'Write', value: 'write' },
					],
					hint: 'A write needs the Critic\'s approval, the intent\'s write tools and a rollout mode that sends writes',
				},
				{
					displayName: 'Idempotency Header',
					name: 'idempotencyHeader',
					type: 'string',
					default: '',
					placeholder: 'e.g. Idempotency-Key',
					hint: 'Optional: a header your API honours as an idempotency key; the node fills it with the step\'s key. Empty: a write is never retried.',
				},
			],
		},
	],
};

/** Where version 2 takes the MCP read-only tools from: the server's list, or names typed in. */
export const MCP_TOOLS_FROM_LIST = 'list';
export const MCP_TOOLS_BY_NAME = 'names';

const READ_ONLY_MEANING = 'Every other tool counts as a write: it needs the Critic\'s approval, the intent\'s write tools and a rollout mode that sends writes.';

export const mcpReadToolFields: INodeProperties[] = [
	{
		displayName: 'MCP Read-Only Tools From',
		name: 'mcpReadToolsFrom',
		type: 'options',
		default: MCP_TOOLS_FROM_LIST,
		description: 'Pick the tools from the list the server gives, or type their names when the editor cannot reach the server',
		options: [
			{ name: 'By Name', value: MCP_TOOLS_BY_NAME, description: 'Type the tool names, comma-separated' },
			{ name: 'From List', value: MCP_TOOLS_FROM_LIST, description: 'The tools the MCP server lists (connects with the URL and authentication above)' },
		],
		displayOptions: { show: { useMcp: [true], ...FROM_V2 } },
	},
	{
		displayName: 'MCP Read-Only Tool Names or IDs',
		name: 'mcpReadToolList',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'listMcpTools', loadOptionsDependsOn: ['mcpServerUrl', 'mcpAuthentication'] },
		default: [],
		description: `The tools of this server that only read. ${READ_ONLY_MEANING} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		displayOptions: { show: { useMcp: [true], mcpReadToolsFrom: [MCP_TOOLS_FROM_LIST], ...FROM_V2 } },
	},
	{
		displayName: 'MCP Read-Only Tools',
		name: 'mcpReadTools',
		type: 'string',
		default: '',
		placeholder: 'e.g. lookup_order, list_returns',
		description: `Comma-separated tools of this server that only read, typed in (e.g. when the editor cannot reach the server). ${READ_ONLY_MEANING} Names only, without mcp.&lt;server&gt;.`,
		displayOptions: { show: { useMcp: [true], mcpReadToolsFrom: [MCP_TOOLS_BY_NAME], ...FROM_V2 } },
	},
];

/** Version 2's only JSON field, an advanced option: the scope normally comes with the intent. */
export const toolScopeOverridesField: INodeProperties = {
	displayName: 'Tool Scope Overrides (JSON)',
	name: 'toolScopeOverrides',
	type: 'json',
	default: '',
	placeholder: '{"return_refund": {"allowedTools": ["shopify.getOrder", "shopify.refundOrder"], "writeTools": ["shopify.refundOrder"], "amountCaps": [{"currency": "EUR", "max": 50}]}}',
	description:
		'Per intent: allowed tools (allowedTools, a trailing * matches a prefix), tools that may write (writeTools), money caps per currency in major units (amountCaps) and writes per ticket (maxWritesPerTicket). Used only for the intents named here, instead of their scope from the Support Intent Router. Every tool must be one this node can run.',
	hint: 'Normally an intent\'s tools and caps are set in its entry in the Support Intent Router; leave this empty unless this node must differ.',
};
