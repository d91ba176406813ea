/**
 * The Support Policy Retriever's Zendesk, HTTP and MCP live-fact lookups through the node (fake
 * execute context, loopback stand-ins, the real MCP SDK), and its operation-dependent outputs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { ContextSection, type CaseFile } from '../../engine/contracts';
import { createFetchHttpClient } from '../../engine/execution';
import { SupportPolicyRetriever } from '../../nodes/SupportPolicyRetriever/SupportPolicyRetriever.node';
import { retrieverOutputs } from '../../nodes/SupportPolicyRetriever/outputs';
import { McpStandIn, ZendeskStandIn } from '../stand-ins';
import { CustomerApiStandIn } from '../stand-ins/customerApi';
import { buildCase } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { FakeEmbeddings } from '../support/fakeEmbeddings';


const ZD_TOKEN = ['zd', 'nodetoken', '0001'].join('');
const ZD_OAUTH = ['zd', 'oauth', '0002'].join('');
const CRM_TOKEN = ['crm', 'bearer', '0003'].join('');
const CRM_PASSWORD = ['crm', 'password', '0004'].join('');
const QUERY_KEY = ['crm', 'querykey', '0005'].join('');
const MCP_TOKEN = ['mcp', 'node', '0006'].join('');
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ZD_AUTH = basic('agent@example.com/token', ZD_TOKEN);

const CREDENTIALS: Record<string, Record<string, string>> = {
	zendeskApi: { subdomain: 'acme', email: 'agent@example.com', apiToken: ZD_TOKEN },
	zendeskOAuth2Api: { subdomain: 'acme' },
	httpBearerAuth: { token: CRM_TOKEN },
	httpBasicAuth: { user: 'crm-user', password: CRM_PASSWORD },
	httpQueryAuth: { name: 'api_key', value: QUERY_KEY },
	httpCustomAuth: { json: JSON.stringify({ headers: { 'X-Api-Key': CRM_TOKEN }, body: { ignored: true } }) },
	freshdeskApi: { apiKey: CRM_PASSWORD, domain: 'acme' },
	httpHeaderAuth: { name: 'Authorization', value: `Bearer ${MCP_TOKEN}` },
};
/** What n8n adds for the credential types that declare `authenticate` (or OAuth2). */
const SIGNING: Record<string, Record<string, string>> = {
	zendeskApi: { authorization: ZD_AUTH },
	zendeskOAuth2Api: { authorization: `Bearer ${ZD_OAUTH}` },
	httpBearerAuth: { authorization: `Bearer ${CRM_TOKEN}` },
	freshdeskApi: { authorization: basic(CRM_PASSWORD, 'X') },
};

const sent: Array<{ via: string; options: IHttpRequestOptions }> = [];

async function send(options: IHttpRequestOptions, extraHeaders: Record<string, string> = {}) {
	if (!options.url.startsWith('http://127.0.0.1:')) throw Object.assign(new Error(`connect ECONNREFUSED ${options.url}`), { code: 'ECONNREFUSED' });
	const qs = options.qs ? `${options.url.includes('?') ? '&' : '?'}${new URLSearchParams(options.qs as Record<string, string>).toString()}` : '';
	const auth: Record<string, string> = options.auth ? { authorization: basic(options.auth.username ?? '', options.auth.password ?? '') } : {};
	const client = createFetchHttpClient({ baseUrl: '', authHeaders: { ...extraHeaders, ...auth } });
	const res = await client.request({ method: options.method as 'GET', url: `${options.url}${qs}`, headers: options.headers as Record<string, string>, timeoutMs: options.timeout ?? 1000 });
	return { statusCode: res.status, headers: res.headers, body: res.body };
}

const node = new SupportPolicyRetriever();
const description = node.description as INodeTypeDescription;
const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));

/** n8n's own check before a credential is handed out: the description must declare it, displayed for these parameters. */
function credentialAllowed(type: string, params: INodeParameters): boolean {
	const declared = description.credentials?.find((c) => c.name === type);
	return !!declared && NodeHelpers.displayParameter(params, declared, { typeVersion: 1 } as never, description, params);
}

async function run(items: INodeExecutionData[], params: Record<string, unknown>, credentials: string[]): Promise<INodeExecutionData[][]> {
	const parameters = { ...defaults, embeddings: 'subNode', groundingThreshold: 0.35, storeName: 'empty', ...params };
	const ctx = fakeExecuteContext({ parameters, items, nodeName: 'Support Policy Retriever' });
	const withCreds = { ...ctx.getNode(), credentials: Object.fromEntries(credentials.map((c) => [c, { id: `cred-${c}`, name: c }])) };
	const full = Object.assign(ctx, {
		getInputConnectionData: async () => new FakeEmbeddings(),
		getNode: () => withCreds,
		getCredentials: async (type: string) => {
			if (!credentials.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
			if (!credentialAllowed(type, parameters as INodeParameters)) throw new Error(`Credentials not found (${type} is not declared for these parameters)`);
			return CREDENTIALS[type];
		},
		helpers: {
			httpRequestWithAuthentication: async (type: string, o: IHttpRequestOptions) => {
				if (!credentialAllowed(type, parameters as INodeParameters)) throw new Error(`Credentials not found (${type})`);
				sent.push({ via: type, options: o });
				return await send(o, SIGNING[type] ?? {});
			},
			httpRequest: async (o: IHttpRequestOptions) => {
				sent.push({ via: 'httpRequest', options: o });
				return await send(o);
			},
		},
	}) as IExecuteFunctions;
	return node.execute!.call(full) as Promise<INodeExecutionData[][]>;
}

const caseItem = (cf: CaseFile): INodeExecutionData => ({ json: { support: cf as unknown as INodeExecutionData['json'] } });
const supportOf = (out: INodeExecutionData[][]) => [...out[0], ...(out[1] ?? [])][0].json.support as unknown as CaseFile;
const routedCase = (customer: Record<string, string> = { id: '9001', email: 'jane.doe@example.com' }) =>
	buildCase({ message: 'Where is my parcel?', customer, without: ['context'] });

describe('Support Policy Retriever node: outputs', () => {
	const evaluate = (operation?: string) => retrieverOutputs(operation === undefined ? {} : { operation });

	it('has Grounded and Ungrounded for Retrieve (also when the operation is left at its default) and one Done output otherwise', () => {
		expect(typeof description.outputs).toBe('string');
		expect(description.outputs).toMatch(/^=\{\{\(function retrieverOutputs/);
		expect(description.outputNames).toBeUndefined();
		expect(evaluate('retrieve').map((o) => o.displayName)).toEqual(['Grounded', 'Ungrounded']);
		expect(evaluate(undefined).map((o) => o.displayName)).toEqual(['Grounded', 'Ungrounded']);
		for (const op of ['ingest', 'retire', 'delete']) expect(evaluate(op)).toEqual([{ type: 'main', displayName: 'Done' }]);
	});

	it('evaluates as a self-contained expression, as n8n runs it', () => {
		const body = (description.outputs as string).slice(3, -2);
		// No "}}" inside: n8n would end the expression there.
		expect(body.includes('}}')).toBe(false);
		// A fresh context with nothing but $parameter: the function must not need anything from this module.
		const evaluateExpression = (p: Record<string, unknown>) => runInNewContext(body, { $parameter: p }) as Array<{ displayName: string }>;
		expect(evaluateExpression({ operation: 'ingest' }).map((o) => o.displayName)).toEqual(['Done']);
		expect(evaluateExpression({ operation: 'retrieve' }).map((o) => o.displayName)).toEqual(['Grounded', 'Ungrounded']);
	});
});

describe('Support Policy Retriever node: Zendesk, HTTP and MCP live facts', () => {
	let userFolder: string;
	let zendesk: ZendeskStandIn;
	let crm: CustomerApiStandIn;
	let mcp: McpStandIn;
	const savedEnv = process.env.N8N_USER_FOLDER;

	beforeAll(async () => {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-retriever-facts-'));
		process.env.N8N_USER_FOLDER = userFolder;
		zendesk = await new ZendeskStandIn(ZD_AUTH).start();
		crm = await new CustomerApiStandIn('authorization', `Bearer ${CRM_TOKEN}`).start();
		mcp = await new McpStandIn(MCP_TOKEN).start();
	});
	afterAll(async () => {
		await Promise.all([zendesk.close(), crm.close(), mcp.close()]);
		if (savedEnv === undefined) delete process.env.N8N_USER_FOLDER;
		else process.env.N8N_USER_FOLDER = savedEnv;
		fs.rmSync(userFolder, { recursive: true, force: true });
	});
	beforeEach(() => {
		sent.length = 0;
		zendesk.users.clear();
		zendesk.tickets.clear();
		zendesk.requests.length = 0;
		zendesk.clearFaults();
		crm.customers.clear();
		crm.requests.length = 0;
		crm.queries.length = 0;
		crm.clearFaults();
		zendesk.addUser({ id: 9001, name: 'Jane Doe', email: 'jane.doe@example.com', notes: 'agent-only' });
		zendesk.addTicket({ id: 3100, requester_id: 9001, subject: 'Earlier question', status: 'solved', created_at: '2026-02-01T10:00:00Z' });
		crm.addCustomer('jane.doe@example.com', { id: 'c-1', tier: 'gold' });
		mcp.orders.set('1001', { status: 'shipped', total: 49.9, currency: 'EUR' });
	});
	afterEach(() => {
		expect(zendesk.writes).toEqual([]);
		expect(crm.writes).toEqual([]);
		expect(mcp.writes).toEqual([]);
		expect(sent.every((r) => r.options.method === 'GET')).toBe(true);
	});

	const all = () => ({
		useZendesk: true,
		useHttp: true,
		httpBaseUrl: `${crm.url}/api`,
		httpPath: '/customers/{{email}}',
		httpAuthentication: 'genericCredentialType',
		httpGenericAuthType: 'httpBearerAuth',
		useMcp: true,
		mcpServerUrl: mcp.url,
		mcpTool: 'lookup_order',
		mcpArguments: '{ "order_id": "{orderRef}" }',
		mcpFactName: 'storeOrder',
		mcpAuthentication: 'headerAuth',
		options: { zendeskBaseUrl: zendesk.url, timeoutMs: 3000 },
	});
	const ALL_CREDS = ['zendeskApi', 'httpBearerAuth', 'httpHeaderAuth'];

	it('declares each lookup credential only for its own settings', () => {
		expect(defaults).toMatchObject({ useZendesk: false, useHttp: false, useMcp: false, zendeskAuthentication: 'apiToken', httpAuthentication: 'none', mcpAuthentication: 'none' });
		const base = { ...defaults, operation: 'retrieve' } as INodeParameters;
		expect(credentialAllowed('zendeskApi', base)).toBe(false);
		expect(credentialAllowed('zendeskApi', { ...base, useZendesk: true })).toBe(true);
		expect(credentialAllowed('zendeskOAuth2Api', { ...base, useZendesk: true, zendeskAuthentication: 'oAuth2' })).toBe(true);
		expect(credentialAllowed('zendeskApi', { ...base, useZendesk: true, operation: 'ingest' })).toBe(false);
		expect(credentialAllowed('httpQueryAuth', { ...base, useHttp: true, httpAuthentication: 'genericCredentialType', httpGenericAuthType: 'httpQueryAuth' })).toBe(true);
		expect(credentialAllowed('freshdeskApi', { ...base, useHttp: true, httpAuthentication: 'predefinedCredentialType', httpCredentialType: 'freshdeskApi' })).toBe(true);
		expect(credentialAllowed('httpHeaderAuth', { ...base, useMcp: true, mcpAuthentication: 'headerAuth' })).toBe(true);
		// Each credential type is declared once: n8n checks the first declaration only.
		const names = (description.credentials ?? []).map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('records the Zendesk requester, their tickets, the CRM record and the MCP answer in context, with source and time', async () => {
		const before = Date.now();
		const out = await run([caseItem(routedCase())], all(), ALL_CREDS);
		const support = supportOf(out);
		const context = ContextSection.parse(support.context);
		expect(context.facts.map((f) => [f.source, f.kind])).toEqual([
			['zendesk', 'customer'],
			['zendesk', 'recentTickets'],
			['http', 'crm'],
			['mcp', 'storeOrder'],
		]);
		expect(context.facts.every((f) => Date.parse(f.fetchedAt) >= before - 1000)).toBe(true);
		expect(context.facts[0].data).toMatchObject({ id: 9001, email: 'jane.doe@example.com' });
		expect(context.facts[0].data).not.toHaveProperty('notes');
		expect(context.facts[1].data).toEqual({ userId: 9001, tickets: [expect.objectContaining({ id: 3100, status: 'solved' })] });
		expect(context.facts[2].data).toEqual({ email: 'jane.doe@example.com', id: 'c-1', tier: 'gold' });
		expect(context.facts[3].data).toEqual({ orderId: '1001', status: 'shipped', total: 49.9, currency: 'EUR' });
		expect(support.trace.at(-1)!.outcome).toMatch(/\(facts: customer\+recentTickets\+crm\+storeOrder\)$/);
		expect(support.trace.at(-1)!.contractErrors).toEqual([]);
		expect(sent.map((r) => [r.via, r.options.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, '')])).toEqual([
			['zendeskApi', '/api/v2/users/9001.json'],
			['httpBearerAuth', '/api/customers/jane.doe%40example.com'],
			['zendeskApi', '/api/v2/users/9001/tickets/requested.json?sort_by=created_at&sort_order=desc&per_page=6'],
		]);
	});

	it('takes the Zendesk base URL from the credential and signs with the OAuth2 credential when chosen', async () => {
		const out = await run([caseItem(routedCase())], { useZendesk: true, zendeskAuthentication: 'oAuth2', options: { timeoutMs: 200 } }, ['zendeskOAuth2Api']);
		expect(sent.map((r) => [r.via, r.options.url])).toEqual([['zendeskOAuth2Api', 'https://acme.zendesk.com/api/v2/users/9001.json']]);
		// acme.zendesk.com is never contacted from tests: the failure is recorded and the case goes on.
		expect(supportOf(out).context!.facts).toEqual([
			{ kind: 'lookupFailed', source: 'zendesk', fetchedAt: expect.any(String), data: { lookup: 'zendesk user 9001', error: 'GET /api/v2/users/9001.json failed: could not connect (ECONNREFUSED)' } },
		]);
	});

	it('records failed lookups (404, 503, 401) with their source in context and the trace, and carries on', async () => {
		zendesk.inject({ path: '/api/v2/users/9001.json', times: 1, kind: 503 });
		const params = { ...all(), httpPath: '/customers/{email}/missing', mcpAuthentication: 'none' };
		const out = await run([caseItem(routedCase())], params, ALL_CREDS);
		expect(out).toHaveLength(2);
		const support = supportOf(out);
		expect(support.context!.facts.map((f) => [f.kind, f.source, f.data])).toEqual([
			['lookupFailed', 'zendesk', { lookup: 'zendesk user 9001', error: 'GET /api/v2/users/9001.json answered 503' }],
			['lookupFailed', 'http', { lookup: 'http crm', error: 'not found (404)' }],
			['lookupFailed', 'mcp', { lookup: 'mcp lookup_order', error: 'the server answered 401' }],
		]);
		expect(support.trace.at(-1)!.contractErrors).toEqual([
			'live fact lookup: zendesk user 9001: GET /api/v2/users/9001.json answered 503',
			'live fact lookup: http crm: not found (404)',
			'live fact lookup: mcp lookup_order: the server answered 401',
		]);
		expect(JSON.stringify(support)).not.toMatch(new RegExp([ZD_TOKEN, CRM_TOKEN, MCP_TOKEN].join('|')));
	});

	it('applies Basic, Query and Custom Auth itself and sends the request with n8n\'s helper', async () => {
		const item = caseItem(routedCase());
		const base = { useHttp: true, httpBaseUrl: `${crm.url}/api`, httpPath: '/customers?email={email}', httpAuthentication: 'genericCredentialType' };
		await run([item], { ...base, httpGenericAuthType: 'httpBasicAuth' }, ['httpBasicAuth']);
		await run([item], { ...base, httpGenericAuthType: 'httpQueryAuth' }, ['httpQueryAuth']);
		await run([item], { ...base, httpGenericAuthType: 'httpCustomAuth' }, ['httpCustomAuth']);
		expect(sent.map((r) => r.via)).toEqual(['httpRequest', 'httpRequest', 'httpRequest']);
		expect(sent[0].options.auth).toEqual({ username: 'crm-user', password: CRM_PASSWORD });
		expect(sent[1].options.qs).toEqual({ api_key: QUERY_KEY });
		expect(sent[2].options.headers).toMatchObject({ 'X-Api-Key': CRM_TOKEN });
		expect(sent[2].options).not.toHaveProperty('body');
		expect(sent.every((r) => r.options.url === `${crm.url}/api/customers?email=jane.doe%40example.com`)).toBe(true);
	});

	it('signs with a predefined service credential through n8n', async () => {
		await run([caseItem(routedCase())], { useHttp: true, httpBaseUrl: `${crm.url}/api`, httpAuthentication: 'predefinedCredentialType', httpCredentialType: 'freshdeskApi' }, ['freshdeskApi']);
		expect(sent.map((r) => r.via)).toEqual(['freshdeskApi']);
	});

	it('skips a lookup the case has no value for, and notes a lookup without its credential', async () => {
		const out = await run([caseItem(routedCase({}))], { ...all(), useZendesk: false, useMcp: true }, ['httpBearerAuth']);
		const support = supportOf(out);
		expect(support.context!.facts).toEqual([]);
		expect(sent).toEqual([]);
		expect(support.trace.at(-1)!.contractErrors).toEqual([
			'live fact lookup: MCP lookups are switched on but no MCP credential is selected',
			'live fact lookup: http crm: skipped, the case has no email',
		]);
	});

	it('rejects a bad lookup configuration before any case is touched', async () => {
		const item = caseItem(routedCase());
		await expect(run([item], { ...all(), httpPath: '/customers/{phone}' }, ALL_CREDS)).rejects.toThrow(/HTTP Path: unknown placeholder \{phone\}/);
		await expect(run([item], { ...all(), httpBaseUrl: 'ftp://crm.example.com' }, ALL_CREDS)).rejects.toThrow('HTTP Base URL: must start with https:// or http://');
		await expect(run([item], { ...all(), httpBaseUrl: 'https://crm.example.com/api?key=1' }, ALL_CREDS)).rejects.toThrow(/HTTP Base URL: must not contain/);
		await expect(run([item], { ...all(), httpFactName: 'lookupFailed' }, ALL_CREDS)).rejects.toThrow(/HTTP Fact Name: must be a name/);
		await expect(run([item], { ...all(), mcpArguments: '[1]' }, ALL_CREDS)).rejects.toThrow('MCP Tool Arguments: must be a JSON object');
		await expect(run([item], { ...all(), mcpTool: ' ' }, ALL_CREDS)).rejects.toThrow('MCP Tool: is empty');
		await expect(run([item], { ...all(), options: { zendeskBaseUrl: 'zendesk' } }, ALL_CREDS)).rejects.toThrow('Live Fact Options: Zendesk Base URL Override is not a URL');
		expect(sent).toEqual([]);
	});

	it('never sends anything but GET, and calls no MCP tool but the one named', async () => {
		// Whatever the operator names as the tool, the call is that tool with the case's arguments; the
		// stand-in's write tool is never reached by a lookup for lookup_order.
		const out = await run([caseItem(routedCase()), caseItem(routedCase())], all(), ALL_CREDS);
		expect([...out[0], ...out[1]]).toHaveLength(2);
		expect(mcp.writes).toEqual([]);
		expect(crm.requests.every((r) => r.method === 'GET')).toBe(true);
		expect(zendesk.requests.every((r) => r.method === 'GET')).toBe(true);
	});
});
