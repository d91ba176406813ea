/**
 * Version 2 of the Support Action Executor: forms instead of JSON. HTTP API Endpoints as form rows,
 * MCP read-only tools picked from the server's list (loadOptions against a real loopback MCP server)
 * or typed in, and the tool scope from the case file's intent (the Support Intent Router's entry)
 * with Tool Scope Overrides (JSON) as an advanced option. The node's parameters are computed as n8n
 * computes them for the node's version (NodeHelpers.getNodeParameters), so the version display rules
 * are exercised, not assumed. Version 1: test/node/SupportActionExecutor*.test.ts, unchanged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeHelpers, type ICredentialDataDecryptedObject, type IExecuteFunctions, type IHttpRequestOptions, type ILoadOptionsFunctions, type INodeExecutionData, type INodeParameters, type INodeProperties } from 'n8n-workflow';
import type { CaseFile, PlanStep, ToolScope } from '../../engine/contracts';
import { connectMcpServer, createFetchHttpClient } from '../../engine/execution';
import { SupportActionExecutor } from '../../nodes/SupportActionExecutor/SupportActionExecutor.node';
import { McpStandIn, ReturnsApiStandIn } from '../stand-ins';
import { approvedPlanCase, planStep } from '../support/caseFiles';
import { credentialsShown } from '../support/credentialsShown';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const DONE = 0;
const ESCALATE = 1;

/** Secrets of the fake credentials; no output or error may ever contain one. */
const SECRET = { api: ['api', 'v2', 'canary', '8102'].join('-'), mcp: ['mcp', 'v2', 'canary', '8103'].join('-') };
const CREDENTIALS: Record<string, ICredentialDataDecryptedObject> = {
	httpBearerAuth: { token: SECRET.api },
	httpHeaderAuth: { name: 'Authorization', value: `Bearer ${SECRET.mcp}` },
};

let api: ReturnsApiStandIn;
let mcp: McpStandIn;
const sent: IHttpRequestOptions[] = [];

const description = new SupportActionExecutor().description;

/** The node's parameters as n8n resolves them for this version: defaults filled in, hidden ones dropped. */
function parametersFor(version: number, set: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, set, true, false, { typeVersion: version }, description) ?? {};
}

/** Parameters n8n shows for this version, by name (a name shown twice, once per version, counts once). */
function shown(version: number, set: INodeParameters): string[] {
	const values = parametersFor(version, set);
	return [...new Set(description.properties.filter((p) => NodeHelpers.displayParameter(values, p, { typeVersion: version }, description, values)).map((p) => p.name))];
}

function optionsShown(version: number): INodeProperties[] {
	const values = parametersFor(version, {});
	const collection = description.properties.find((p) => p.name === 'options' && NodeHelpers.displayParameter(values, p, { typeVersion: version }, description, values))!;
	return collection.options as INodeProperties[];
}

async function run(version: number, items: INodeExecutionData[], set: INodeParameters, credentials: string[] = []) {
	const node = new SupportActionExecutor();
	const parameters = parametersFor(version, { options: { timeoutMs: 2000, maxAttempts: 2 }, ...set });
	const ctx = fakeExecuteContext({ parameters, items, nodeName: 'Support Action Executor', typeVersion: version });
	const nodeWithCreds = { ...ctx.getNode(), credentials: Object.fromEntries(credentials.map((c) => [c, { id: `cred-${c}`, name: c }])) };
	Object.assign(ctx, {
		getNode: () => nodeWithCreds,
		getCredentials: async (type: string) => {
			if (!credentials.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
			return CREDENTIALS[type];
		},
		helpers: {
			// n8n signs with the Bearer credential's `authenticate` block; every status resolves.
			httpRequestWithAuthentication: async (type: string, o: IHttpRequestOptions) => {
				sent.push(o);
				const client = createFetchHttpClient({ baseUrl: '', authHeaders: type === 'httpBearerAuth' ? { authorization: `Bearer ${SECRET.api}` } : {} });
				const res = await client.request({ method: o.method as 'GET', url: o.url, headers: o.headers as Record<string, string>, body: o.body as string | undefined, timeoutMs: o.timeout ?? 1000 });
				return { statusCode: res.status, headers: res.headers, body: res.body };
			},
		},
	});
	return await node.execute.call(ctx as IExecuteFunctions);
}

const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

const step = planStep;

/** An approved return_refund case; `scope`: the tool scope the Support Intent Router's entry carries for the intent. */
function caseWith(steps: PlanStep[], opts: { mode?: 'shadow' | 'suggest' | 'auto'; scope?: ToolScope } = {}): INodeExecutionData {
	const base = approvedPlanCase(steps);
	const settings = opts.scope ? { settings: { playbook: 'custom', policy: {}, citeTopics: [], disabledChecks: [], scope: opts.scope } } : {};
	const support: CaseFile = { ...base, intent: { ...base.intent!, rolloutMode: opts.mode ?? 'auto', ...settings } };
	return { json: { support: support as unknown as INodeExecutionData['json'] } };
}

const HTTP_SCOPE: ToolScope = { allowedTools: ['http.request', 'mcp.store.*'], writeTools: ['http.request', 'mcp.store.*'], maxWritesPerTicket: 5 };
const ROWS: INodeParameters[] = [
	{ name: 'getOrder', method: 'GET', path: '/orders/{id}' },
	{ name: 'createReturn', method: 'POST', path: '/returns', idempotencyHeader: 'Idempotency-Key' },
];
const HTTP_CONNECTOR = () => ({ useHttp: true, httpBaseUrl: `${api.url}/api`, httpAuthentication: 'httpBearerAuth' });
const HTTP = (rows: INodeParameters[] = ROWS): INodeParameters => ({ ...HTTP_CONNECTOR(), httpEndpointList: { endpoint: rows } });
const MCP = (extra: INodeParameters = {}): INodeParameters => ({ useMcp: true, mcpServerUrl: mcp.url, mcpServerName: 'store', mcpAuthentication: 'httpHeaderAuth', mcpIdempotencyKeyArgument: 'idempotency_key', ...extra });
const readOrder = () => step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } });
const createReturn = () => step('return', 'http.request', 'write', { endpoint: 'createReturn', body: { orderId: 'A-1', reason: 'too small' } });

/** An error's message, description and stack, or a value's JSON: none may hold a secret. */
function expectNoSecret(value: unknown) {
	const text = value instanceof Error ? `${value.message} ${(value as { description?: string }).description} ${value.stack}` : JSON.stringify(value);
	for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
}

beforeAll(async () => {
	api = await new ReturnsApiStandIn(SECRET.api).start();
	mcp = await new McpStandIn(SECRET.mcp).start();
});
afterAll(async () => {
	await Promise.all([api.close(), mcp.close()]);
});
beforeEach(() => {
	api.reset();
	api.orders.set('A-1', { id: 'A-1', status: 'delivered' });
	mcp.writes.length = 0;
	mcp.credits.clear();
	mcp.orders.clear();
	mcp.orders.set('A-1', { status: 'shipped', total: 30, currency: 'USD' });
	sent.length = 0;
});

describe('version 2 in the editor', () => {
	it('is version 1 and 2 of one node; each version shows only its own fields', () => {
		expect(description.version).toEqual([1, 2]);
		const on = { useHttp: true, useMcp: true };
		const v1 = shown(1, on);
		const v2 = shown(2, on);
		expect(v1).toEqual(expect.arrayContaining(['toolScopes', 'httpEndpoints', 'mcpReadTools']));
		expect(v1).not.toEqual(expect.arrayContaining(['httpEndpointList']));
		expect(v1.filter((p) => ['httpEndpointList', 'mcpReadToolsFrom', 'mcpReadToolList'].includes(p))).toEqual([]);
		expect(v2).toEqual(expect.arrayContaining(['httpEndpointList', 'mcpReadToolsFrom', 'mcpReadToolList']));
		expect(v2.filter((p) => ['toolScopes', 'httpEndpoints', 'mcpReadTools'].includes(p))).toEqual([]);
		// The manual fallback: typed names instead of the server's list.
		const byName = shown(2, { ...on, mcpReadToolsFrom: 'names' });
		expect(byName).toContain('mcpReadTools');
		expect(byName).not.toContain('mcpReadToolList');
	});

	it('Tool Scope Overrides (JSON) is a version 2 option, empty by default, pointing to the Intent Router', () => {
		const v2 = optionsShown(2).find((o) => o.name === 'toolScopeOverrides')!;
		expect(v2).toMatchObject({ displayName: 'Tool Scope Overrides (JSON)', type: 'json', default: '' });
		expect(v2.hint).toMatch(/Support Intent Router/);
		expect(optionsShown(1).map((o) => o.name)).not.toContain('toolScopeOverrides');
		// n8n lists collection options in the order given: kept alphabetical.
		const names = optionsShown(2).map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('keeps the credentials and their switches: zendeskAuthentication, Header Auth for MCP', () => {
		expect(credentialsShown(description, { useZendesk: true, zendeskAuthentication: 'oAuth2' }, 2)).toEqual(['zendeskOAuth2Api']);
		expect(credentialsShown(description, { useMcp: true, mcpAuthentication: 'httpHeaderAuth' }, 2)).toEqual(['httpHeaderAuth']);
		expect(credentialsShown(description, { useHttp: true, httpAuthentication: 'httpBearerAuth' }, 2)).toEqual(['httpBearerAuth']);
	});
});

describe('HTTP API Endpoints as form rows', () => {
	it('the rows reach the engine: a read and a keyed write run against the configured endpoints, once', async () => {
		const item = caseWith([readOrder(), createReturn()], { scope: HTTP_SCOPE });
		const first = await run(2, [item], HTTP(), ['httpBearerAuth']);
		expect(first[DONE]).toHaveLength(1);
		const execution = supportOf(first[DONE][0]).execution!;
		expect(execution.steps.map((s) => s.responseSummary)).toEqual(['getOrder: GET /orders/A-1 answered 200', 'createReturn: POST /returns answered 201']);
		expect(sent.map((o) => o.url)).toEqual([`${api.url}/api/orders/A-1`, `${api.url}/api/returns`]);
		// The row's Idempotency Header carries the step's key.
		expect(api.writes[0].key).toBe(execution.steps[1].idempotencyKey);
		const again = await run(2, [item], HTTP(), ['httpBearerAuth']);
		expect(supportOf(again[DONE][0]).execution!.steps[1].status).toBe('already_done');
		expect(api.returns).toHaveLength(1);
		expectNoSecret([first, again]);
	});

	it('Access: by method (the default) reads GET and writes the rest; Write makes a GET a write', async () => {
		const bothRead = caseWith([readOrder(), createReturn()], { mode: 'suggest', scope: HTTP_SCOPE });
		const byMethod = await run(2, [bothRead], HTTP(), ['httpBearerAuth']);
		// Suggest runs reads and records writes as dry runs.
		expect(supportOf(byMethod[DONE][0]).execution!.steps.map((s) => s.status)).toEqual(['succeeded', 'dry_run']);
		const writeGet = await run(2, [caseWith([step('order', 'http.request', 'write', { endpoint: 'getOrder', params: { id: 'A-1' } })], { mode: 'suggest', scope: HTTP_SCOPE })], HTTP([{ ...ROWS[0], access: 'write' }]), ['httpBearerAuth']);
		expect(supportOf(writeGet[DONE][0]).execution!.steps.map((s) => s.status)).toEqual(['dry_run']);
		expect(api.returns).toHaveLength(0);
	});

	it.each<[string, INodeParameters[], RegExp]>([
		['a path with a host', [ROWS[0], { ...ROWS[1], path: 'https://evil.example/returns' }], /^HTTP API Endpoints: endpoint 2 "createReturn", Path: must start with \//],
		['a dot segment', [{ ...ROWS[0], path: '/orders/../admin' }], /^HTTP API Endpoints: endpoint 1 "getOrder", Path: must not contain \. or \.\. segments/],
		['a name used twice', [ROWS[0], { ...ROWS[1], name: 'getOrder' }], /^HTTP API Endpoints: endpoint 2 "getOrder", Name: already used by endpoint 1/],
		['an empty name', [ROWS[0], { ...ROWS[1], name: ' ' }], /^HTTP API Endpoints: endpoint 2, Name: is empty/],
		['a name with a space', [{ ...ROWS[0], name: 'get order' }], /^HTTP API Endpoints: endpoint 1 "get order", Name: letters, digits/],
		['an idempotency header that is no header name', [ROWS[0], { ...ROWS[1], idempotencyHeader: 'Idempotency Key' }], /^HTTP API Endpoints: endpoint 2 "createReturn", Idempotency Header: a header name/],
	])('rejects %s, naming the endpoint and the field, before anything is sent', async (_label, rows, message) => {
		await expect(run(2, [caseWith([readOrder()], { scope: HTTP_SCOPE })], HTTP(rows), ['httpBearerAuth'])).rejects.toThrow(message);
		expect(sent).toHaveLength(0);
	});
});

/** An ILoadOptionsFunctions as n8n builds it for the editor: the node's current parameters and its selected credentials. */
function loadOptionsContext(parameters: INodeParameters, credentials: Record<string, ICredentialDataDecryptedObject>): ILoadOptionsFunctions {
	const node = {
		id: 'executor',
		name: 'Support Action Executor',
		type: 'n8n-nodes-support-coordination.supportActionExecutor',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		parameters,
		credentials: Object.fromEntries(Object.keys(credentials).map((t) => [t, { id: `cred-${t}`, name: t }])),
	};
	return {
		getNode: () => node,
		getCurrentNodeParameter: (name: string) => parameters[name],
		getCredentials: async (type: string) => {
			if (!credentials[type]) throw new Error(`Node does not have any credentials set for "${type}"`);
			return credentials[type];
		},
	} as unknown as ILoadOptionsFunctions;
}

const listTools = async (parameters: INodeParameters, credentials: Record<string, ICredentialDataDecryptedObject> = { httpHeaderAuth: CREDENTIALS.httpHeaderAuth }) =>
	await new SupportActionExecutor().methods.loadOptions.listMcpTools.call(loadOptionsContext({ ...MCP(), ...parameters }, credentials));

/** What listing threw (the test fails when it did not throw). */
async function listingError(parameters: INodeParameters, credentials?: Record<string, ICredentialDataDecryptedObject>): Promise<Error & { description?: string }> {
	try {
		await listTools(parameters, credentials);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('listing the tools did not fail');
}

/** A loopback HTTP server answering every request with `status` and a body that echoes the Authorization header. */
async function echoingServer(status: number): Promise<{ url: string; close: () => Promise<void> }> {
	const server: Server = createServer((req, res) => {
		res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `refused ${req.headers.authorization}` }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

describe('MCP read-only tools from the server\'s list', () => {
	it('lists the server\'s tools, connecting with the Header Auth credential', async () => {
		const tools = await listTools({});
		expect(tools).toEqual([
			{ name: 'issue_store_credit', value: 'issue_store_credit', description: 'Issue store credit to a customer' },
			{ name: 'lookup_order', value: 'lookup_order', description: 'Look up an order by id' },
		]);
	});

	it('a refused credential is an error that says what to fix and offers typing the names; no secret in it', async () => {
		const error = await listingError({}, { httpHeaderAuth: { name: 'Authorization', value: 'Bearer wrong-token' } });
		expect(error.message).toBe("Could not list the MCP server's tools: the server refused the credentials (HTTP 401)");
		expect(error.description).toMatch(/"By Name"/);
		expect(`${error.message} ${error.description} ${error.stack}`).not.toContain('wrong-token');
	});

	it('a server that echoes the credential in its error body: the SDK\'s message holds the secret, the editor\'s error does not', async () => {
		for (const status of [401, 500]) {
			const echo = await echoingServer(status);
			try {
				const raw = await connectMcpServer(echo.url, { headers: { Authorization: `Bearer ${SECRET.mcp}` } }).catch((e: unknown) => e as Error);
				expect((raw as Error).message).toContain(SECRET.mcp);
				const error = await listingError({ mcpServerUrl: echo.url });
				expect(error.message).toMatch(new RegExp(`HTTP ${status}`));
				expectNoSecret(error);
			} finally {
				await echo.close();
			}
		}
	});

	it('says what is missing: no URL, no credential selected, a server that cannot be reached', async () => {
		await expect(listTools({ mcpServerUrl: '' })).rejects.toThrow(/MCP Server URL is empty/);
		await expect(listTools({ mcpServerUrl: 'not a url' })).rejects.toThrow(/MCP Server URL is not a URL/);
		await expect(listTools({}, {})).rejects.toThrow(/no usable Header Auth credential is selected/);
		const closed = await echoingServer(200);
		await closed.close();
		await expect(listTools({ mcpServerUrl: closed.url })).rejects.toThrow("Could not list the MCP server's tools: the server cannot be reached (connection refused)");
	});

	it('a server that never answers fails within the node\'s request timeout', async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`;
			await expect(listTools({ mcpServerUrl: url, options: { timeoutMs: 200 } })).rejects.toThrow(/no answer within 200 ms/);
		} finally {
			silent.closeAllConnections();
			await new Promise<void>((resolve) => silent.close(() => resolve()));
		}
	});

	const lookup = () => step('lookup', 'mcp.store.lookup_order', 'read', { order_id: 'A-1' });
	const credit = () => step('credit', 'mcp.store.issue_store_credit', 'write', { customer_email: 'c@example.com', amount: 10, currency: 'USD' });

	it.each<[string, INodeParameters]>([
		['picked from the list', { mcpReadToolsFrom: 'list', mcpReadToolList: ['lookup_order'] }],
		['typed by name', { mcpReadToolsFrom: 'names', mcpReadTools: ' lookup_order ' }],
	])('tools %s are reads; every other tool is a write', async (_label, choice) => {
		const result = await run(2, [caseWith([lookup(), credit()], { mode: 'suggest', scope: HTTP_SCOPE })], MCP(choice), ['httpHeaderAuth']);
		// Suggest runs reads and records writes as dry runs: the listed tool ran, the other did not.
		expect(supportOf(result[DONE][0]).execution!.steps.map((s) => s.status)).toEqual(['succeeded', 'dry_run']);
		expect(mcp.writes).toHaveLength(0);
		const none = await run(2, [caseWith([lookup()], { mode: 'suggest', scope: HTTP_SCOPE })], MCP({ mcpReadToolsFrom: 'list', mcpReadToolList: [] }), ['httpHeaderAuth']);
		// Not listed: the tool is a write, and a step declaring it a read is refused.
		expect(supportOf(none[ESCALATE][0]).escalation!.reason).toMatch(/mcp\.store\.lookup_order writes, but the plan declares this step a read/);
	});
});

describe('tool scope: the intent\'s, Tool Scope Overrides (JSON) for the intents it names', () => {
	it('version 2 runs within the scope the case file\'s intent carries; version 1 within its Tool Scopes, as before', async () => {
		const item = () => caseWith([readOrder()], { scope: HTTP_SCOPE });
		const v2 = await run(2, [item()], HTTP(), ['httpBearerAuth']);
		expect(supportOf(v2[DONE][0]).execution!.steps[0].status).toBe('succeeded');
		// Version 1 with its default Tool Scopes (the built-in ones): http.request is not in return_refund's.
		const v1 = await run(1, [item()], { ...HTTP_CONNECTOR(), httpEndpoints: JSON.stringify(ROWS) }, ['httpBearerAuth']);
		expect(supportOf(v1[ESCALATE][0]).escalation).toMatchObject({ code: 'scope' });
		expect(sent).toHaveLength(1);
	});

	it('an override replaces the intent\'s scope for the intent it names only', async () => {
		const overrides = JSON.stringify({ return_refund: { allowedTools: ['zendesk.getTicket'] } });
		const refused = await run(2, [caseWith([readOrder()], { scope: HTTP_SCOPE })], { ...HTTP(), options: { toolScopeOverrides: overrides } }, ['httpBearerAuth']);
		expect(supportOf(refused[ESCALATE][0]).escalation).toMatchObject({ code: 'scope' });
		expect(sent).toHaveLength(0);
		const otherIntent = JSON.stringify({ order_status: { allowedTools: ['zendesk.getTicket'] } });
		const ran = await run(2, [caseWith([readOrder()], { scope: HTTP_SCOPE })], { ...HTTP(), options: { toolScopeOverrides: otherIntent } }, ['httpBearerAuth']);
		expect(supportOf(ran[DONE][0]).execution!.steps[0].status).toBe('succeeded');
	});

	it('accepts catalogue tools, prefixes and the configured connectors\' tools', async () => {
		const overrides = JSON.stringify({ return_refund: { allowedTools: ['zendesk.*', 'shopify.getOrder', 'http.request', 'mcp.store.*'], writeTools: ['mcp.store.issue_store_credit'] } });
		const result = await run(2, [caseWith([readOrder()], { mode: 'shadow' })], { ...HTTP(), ...MCP(), options: { toolScopeOverrides: overrides } }, ['httpBearerAuth', 'httpHeaderAuth']);
		expect(result[DONE]).toHaveLength(1);
	});

	it.each<[string, 'mcp' | 'none', unknown, RegExp]>([
		['a tool not in the catalogue', 'none', { return_refund: { allowedTools: ['shopify.refund'] } }, /^Tool Scope Overrides \(JSON\): intent "return_refund", allowedTools: "shopify\.refund" is not a tool this node can run \(it is not in the tool catalogue/],
		['an MCP tool of another server', 'mcp', { cancel_order: { allowedTools: ['mcp.shop.*'] } }, /intent "cancel_order", allowedTools: "mcp\.shop\.\*" is not a tool this node can run \(the MCP server here is named "store"/],
		['an MCP tool with MCP off', 'none', { return_refund: { allowedTools: ['zendesk.getTicket'], writeTools: ['mcp.store.issue_store_credit'] } }, /intent "return_refund", writeTools: "mcp\.store\.issue_store_credit" .*\(Use MCP Server is off on this node\)/],
		['http.request with HTTP off', 'none', { return_refund: { allowedTools: ['http.request'] } }, /"http\.request" is not a tool this node can run \(Use HTTP API is off on this node\)/],
		['a misspelt key', 'none', { return_refund: { allowedTools: ['zendesk.getTicket'], writeTool: ['zendesk.getTicket'] } }, /^Tool Scope Overrides \(JSON\): return_refund: Unrecognized key: "writeTool"/],
		['not JSON', 'none', '{oops', /^Tool Scope Overrides \(JSON\): is not valid JSON/],
	])('rejects %s with the intent and the tool named, before anything runs', async (_label, connectors, overrides, message) => {
		const text = typeof overrides === 'string' ? overrides : JSON.stringify(overrides);
		await expect(run(2, [caseWith([readOrder()])], { ...(connectors === 'mcp' ? MCP() : {}), options: { toolScopeOverrides: text } }, ['httpHeaderAuth'])).rejects.toThrow(message);
		expect(sent).toHaveLength(0);
	});
});
