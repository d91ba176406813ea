/**
 * The Support Action Executor's connectors as n8n wires them: Zendesk with either credential type,
 * the generic HTTP connector (base URL, endpoints, Bearer/Basic/Query credentials) and the MCP
 * connector (Streamable HTTP, optional Header Auth). For each: success, 4xx, 429 with Retry-After
 * and 5xx, through the node's execute() with a fake n8n context and loopback stand-ins. Send Reply
 * to Zendesk (OAuth2) and to Help Scout (n8n's Help Scout OAuth2 credential).
 */
import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import type { CaseFile, PlanStep } from '../../engine/contracts';
import { createFetchHttpClient } from '../../engine/execution';
import { SupportActionExecutor } from '../../nodes/SupportActionExecutor/SupportActionExecutor.node';
import { FaultProxy, HelpScoutStandIn, McpStandIn, ReturnsApiStandIn, ZendeskStandIn } from '../stand-ins';
import { approvedPlanCase, NOW, planStep } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { credentialsShown } from '../support/credentialsShown';

const DONE = 0;
const ESCALATE = 1;

/** Secrets of the fake credentials; no output or error may ever contain one. */
const SECRET = {
	oauth: ['zd', 'oauth', 'canary', '8001'].join('-'),
	api: ['api', 'canary', '8002'].join('-'),
	mcp: ['mcp', 'canary', '8003'].join('-'),
	basicPassword: ['pw', 'canary', '8004'].join('-'),
	queryKey: ['qk', 'canary', '8005'].join('-'),
	helpScout: ['hs', 'oauth', 'canary', '8006'].join('-'),
};
const CREDENTIALS: Record<string, Record<string, unknown>> = {
	zendeskOAuth2Api: { subdomain: 'acme', clientId: 'client', clientSecret: 'client-secret', oauthTokenData: { access_token: SECRET.oauth } },
	httpBearerAuth: { token: SECRET.api },
	httpBasicAuth: { user: 'agent', password: SECRET.basicPassword },
	httpQueryAuth: { name: 'api_key', value: SECRET.queryKey },
	httpHeaderAuth: { name: 'Authorization', value: `Bearer ${SECRET.mcp}` },
	helpScoutOAuth2Api: { clientId: 'app', clientSecret: 'app-secret', oauthTokenData: { access_token: SECRET.helpScout } },
};
/** What n8n adds for credential types with an `authenticate` block or OAuth2 (the others get nothing). */
const SIGNING: Record<string, Record<string, string>> = {
	zendeskOAuth2Api: { authorization: `Bearer ${SECRET.oauth}` },
	helpScoutOAuth2Api: { authorization: `Bearer ${SECRET.helpScout}` },
	httpBearerAuth: { authorization: `Bearer ${SECRET.api}` },
};

let zendesk: ZendeskStandIn;
let helpScout: HelpScoutStandIn;
let api: ReturnsApiStandIn;
let mcp: McpStandIn;
let mcpProxy: FaultProxy;
const sent: Array<{ credentialType?: string; options: IHttpRequestOptions }> = [];

/**
 * n8n's request helpers, reduced to what the node relies on: sign with the credential, resolve
 * every status not listed in `ignoreHttpStatusErrors.except`, throw a NodeApiError-like error for
 * those (as n8n does after an OAuth2 refresh that did not help), and honour `auth` and `qs`.
 * `https://acme.zendesk.com` and `https://api.helpscout.net` are routed to their stand-ins.
 */
async function fakeRequest(credentialType: string | undefined, options: IHttpRequestOptions) {
	sent.push({ credentialType, options });
	const headers: Record<string, string> = { ...(options.headers as Record<string, string>), ...(credentialType ? SIGNING[credentialType] : {}) };
	if (options.auth) headers.authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
	const url = new URL(options.url.replace('https://acme.zendesk.com', zendesk.url).replace('https://api.helpscout.net', helpScout.url));
	for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
	const client = createFetchHttpClient({ baseUrl: '' });
	const res = await client.request({ method: options.method as 'GET', url: url.href, headers, body: options.body as string | undefined, timeoutMs: options.timeout ?? 1000 });
	const ignore = options.ignoreHttpStatusErrors;
	if (typeof ignore === 'object' && ignore.except.includes(res.status)) {
		throw Object.assign(new Error(`Authorization failed - please check your credentials`), { name: 'NodeApiError', httpCode: String(res.status) });
	}
	return { statusCode: res.status, headers: res.headers, body: res.body };
}

const credentialsRead: string[] = [];

/** `credentials`: selected and existing; `missing`: selected on the node but deleted from n8n (or never created). */
async function run(items: INodeExecutionData[], params: Record<string, unknown>, credentials: string[], missing: string[] = []) {
	const node = new SupportActionExecutor();
	const defaults = Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
	const ctx = fakeExecuteContext({ parameters: { ...defaults, options: { timeoutMs: 2000, maxAttempts: 3 }, ...params }, items, nodeName: 'Support Action Executor' });
	const nodeWithCreds = { ...ctx.getNode(), credentials: Object.fromEntries([...credentials, ...missing].map((c) => [c, { id: `cred-${c}`, name: c }])) };
	Object.assign(ctx, {
		getNode: () => nodeWithCreds,
		getCredentials: async (type: string) => {
			credentialsRead.push(type);
			if (!credentials.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
			return CREDENTIALS[type];
		},
		helpers: {
			httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => fakeRequest(type, o),
			httpRequest: (o: IHttpRequestOptions) => fakeRequest(undefined, o),
		},
	});
	return await node.execute.call(ctx as IExecuteFunctions);
}

const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

const step = planStep;

/** A return_refund case whose plan is `steps`, approved by the Critic, in the given rollout mode. */
function caseWith(steps: PlanStep[], opts: { mode?: 'shadow' | 'suggest' | 'auto'; zendeskTicket?: boolean } = {}): INodeExecutionData {
	const base = approvedPlanCase(steps);
	const ticket = opts.zendeskTicket ? { ...base.ticket!, id: '3187', source: 'zendesk' as const } : base.ticket!;
	const support: CaseFile = { ...base, ticket, intent: { ...base.intent!, rolloutMode: opts.mode ?? 'auto' } };
	return { json: { support: support as unknown as INodeExecutionData['json'] } };
}

const SCOPES = JSON.stringify({
	return_refund: { allowedTools: ['zendesk.*', 'http.request', 'mcp.store.*'], writeTools: ['zendesk.*', 'http.request', 'mcp.store.*'], maxWritesPerTicket: 5 },
});
const ENDPOINTS = JSON.stringify([
	{ name: 'getOrder', method: 'GET', path: '/orders/{id}' },
	{ name: 'createReturn', method: 'POST', path: '/returns', idempotencyHeader: 'Idempotency-Key' },
]);
const HTTP = (baseUrl = `${api.url}/api`) => ({ toolScopes: SCOPES, useHttp: true, httpBaseUrl: baseUrl, httpAuthentication: 'httpBearerAuth', httpEndpoints: ENDPOINTS });
const MCP = (url = mcp.url) => ({ toolScopes: SCOPES, useMcp: true, mcpServerUrl: url, mcpServerName: 'store', mcpAuthentication: 'httpHeaderAuth', mcpReadTools: 'lookup_order', mcpIdempotencyKeyArgument: 'idempotency_key' });

function expectNoSecret(value: unknown) {
	const text = JSON.stringify(value);
	for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
}

beforeAll(async () => {
	zendesk = await new ZendeskStandIn(`Bearer ${SECRET.oauth}`).start();
	helpScout = await new HelpScoutStandIn(SECRET.helpScout).start();
	api = await new ReturnsApiStandIn(SECRET.api).start();
	mcp = await new McpStandIn(SECRET.mcp).start();
	mcpProxy = await new FaultProxy(mcp.url).start();
});
afterAll(async () => {
	await Promise.all([zendesk.close(), helpScout.close(), api.close(), mcpProxy.close(), mcp.close()]);
});
beforeEach(() => {
	zendesk.tickets.clear();
	zendesk.addTicket({ id: 3187 });
	zendesk.writes.length = 0;
	zendesk.clearFaults();
	api.reset();
	api.orders.set('A-1', { id: 'A-1', status: 'delivered' });
	mcp.writes.length = 0;
	mcp.credits.clear();
	mcp.orders.clear();
	mcp.orders.set('A-1', { status: 'shipped', total: 30, currency: 'USD' });
	mcp.failNext = {};
	mcpProxy.clearFaults();
	mcpProxy.requests.length = 0;
	sent.length = 0;
	credentialsRead.length = 0;
});
describe('node description', () => {
	it('declares every connector\'s credential types, each shown only where its connector and authentication use it', () => {
		const d = new SupportActionExecutor().description;
		expect(d.credentials!.map((c) => c.name)).toEqual(['zendeskApi', 'zendeskOAuth2Api', 'shopifyAccessTokenApi', 'stripeApi', 'helpScoutOAuth2Api', 'httpBearerAuth', 'httpBasicAuth', 'httpQueryAuth', 'httpHeaderAuth']);
		expect(d.credentials!.every((c) => c.required)).toBe(true);
		expect(credentialsShown(d, {})).toEqual([]);
		expect(credentialsShown(d, { useZendesk: true })).toEqual(['zendeskApi']);
		expect(credentialsShown(d, { useZendesk: true, zendeskAuthentication: 'oAuth2' })).toEqual(['zendeskOAuth2Api']);
		expect(credentialsShown(d, { zendeskAuthentication: 'oAuth2' })).toEqual([]);
		expect(credentialsShown(d, { useShopify: true, useStripe: true })).toEqual(['shopifyAccessTokenApi', 'stripeApi']);
		expect(credentialsShown(d, { useHttp: true })).toEqual([]);
		for (const type of ['httpBearerAuth', 'httpBasicAuth', 'httpQueryAuth']) expect(credentialsShown(d, { useHttp: true, httpAuthentication: type })).toEqual([type]);
		expect(credentialsShown(d, { useMcp: true, mcpAuthentication: 'httpHeaderAuth' })).toEqual(['httpHeaderAuth']);
		// Help Scout is a Send Reply target only.
		expect(credentialsShown(d, { operation: 'sendReply', useHelpScout: true })).toEqual(['helpScoutOAuth2Api']);
		expect(credentialsShown(d, { operation: 'runPlan', useHelpScout: true })).toEqual([]);
		const names = d.properties.map((p) => p.name);
		for (const p of ['zendeskAuthentication', 'useHttp', 'httpBaseUrl', 'httpAuthentication', 'httpEndpoints', 'useMcp', 'mcpServerUrl', 'mcpServerName', 'mcpAuthentication', 'mcpReadTools', 'mcpIdempotencyKeyArgument']) {
			expect(names).toContain(p);
		}
		// Existing workflows that only set useZendesk keep signing with the API token credential.
		expect(d.properties.find((p) => p.name === 'zendeskAuthentication')!.default).toBe('apiToken');
		for (const p of d.properties) expect(p.description ?? p.displayName).toBeTruthy();
	});
});

describe('Zendesk with an OAuth2 credential', () => {
	const params = { toolScopes: SCOPES, useZendesk: true, zendeskAuthentication: 'oAuth2' };
	const note = () => caseWith([step('note', 'zendesk.addInternalNote', 'write', { body: 'Checked the order.' })], { zendeskTicket: true });

	it('signs with zendeskOAuth2Api, takes the host from its subdomain and lets n8n refresh on 401', async () => {
		const result = await run([note()], params, ['zendeskOAuth2Api']);
		expect(result[DONE]).toHaveLength(1);
		expect(supportOf(result[DONE][0]).execution!.steps[0]).toMatchObject({ status: 'succeeded' });
		expect(zendesk.tickets.get(3187)!.comments).toHaveLength(1);
		expect(credentialsRead).toEqual(['zendeskOAuth2Api']);
		expect(sent.every((s) => s.credentialType === 'zendeskOAuth2Api' && s.options.url.startsWith('https://acme.zendesk.com/api/v2/tickets/3187'))).toBe(true);
		expect(sent[0].options.ignoreHttpStatusErrors).toEqual({ ignore: true, except: [401] });
		expectNoSecret(result);
	});

	it('a token refused even after n8n\'s refresh is a 401: not retried, recorded and escalated', async () => {
		const other = new ZendeskStandIn('Bearer another-token');
		await other.start();
		try {
			const saved = zendesk;
			zendesk = other;
			other.addTicket({ id: 3187 });
			const result = await run([note()], params, ['zendeskOAuth2Api']).finally(() => (zendesk = saved));
			expect(result[ESCALATE]).toHaveLength(1);
			const support = supportOf(result[ESCALATE][0]);
			expect(support.execution!.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
			expect(support.execution!.steps[0].error).toMatch(/answered 401/);
			expect(support.escalation!.reason).toMatch(/step note \(zendesk\.addInternalNote\) failed/);
			expect(other.writes).toHaveLength(0);
			expectNoSecret(result);
		} finally {
			await other.close();
		}
	});
});

describe('generic HTTP connector', () => {
	it('runs a read and an idempotent write under the base URL, signed by the Bearer credential; a re-run writes nothing new', async () => {
		const item = caseWith([
			step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } }),
			step('return', 'http.request', 'write', { endpoint: 'createReturn', body: { orderId: 'A-1', reason: 'too small' } }),
		]);
		const first = await run([item], HTTP(), ['httpBearerAuth']);
		expect(first[DONE]).toHaveLength(1);
		const execution = supportOf(first[DONE][0]).execution!;
		expect(execution.outcome).toBe('completed');
		expect(execution.steps.map((s) => s.responseSummary)).toEqual(['getOrder: GET /orders/A-1 answered 200', 'createReturn: POST /returns answered 201']);
		expect(execution.steps[1].externalIds).toEqual({ id: api.returns[0].id });
		expect(api.writes[0].key).toBe(execution.steps[1].idempotencyKey);
		expect(sent.map((s) => s.options.url)).toEqual([`${api.url}/api/orders/A-1`, `${api.url}/api/returns`]);
		expect(sent.every((s) => s.credentialType === 'httpBearerAuth')).toBe(true);

		const again = await run([item], HTTP(), ['httpBearerAuth']);
		// The API answered with the saved response (Idempotent-Replayed: true): recorded as done earlier.
		expect(supportOf(again[DONE][0]).execution!.steps[1].status).toBe('already_done');
		expect(api.returns).toHaveLength(1);
		expectNoSecret([first, again]);
	});

	it('Basic and Query Auth credentials are handed to n8n\'s request options, never to the output', async () => {
		const item = caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })]);
		const basic = await run([item], { ...HTTP(), httpAuthentication: 'httpBasicAuth' }, ['httpBasicAuth']);
		// Signed here (n8n's Basic and Query Auth types declare no signing), sent with n8n's plain helper.
		expect(sent[0]).toMatchObject({ credentialType: undefined, options: { auth: { username: 'agent', password: SECRET.basicPassword } } });
		const query = await run([item], { ...HTTP(), httpAuthentication: 'httpQueryAuth' }, ['httpQueryAuth']);
		expect(sent[1]).toMatchObject({ credentialType: undefined, options: { qs: { api_key: SECRET.queryKey } } });
		// The stand-in wants Bearer: both are refused, and the 401 is recorded without a secret in it.
		for (const r of [basic, query]) {
			expect(supportOf(r[ESCALATE][0]).execution!.steps[0].error).toMatch(/getOrder|GET \/orders\/A-1 answered 401/);
			expectNoSecret(r);
		}
	});

	it('4xx: not retried, the error names the step and endpoint, and the item escalates', async () => {
		const result = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'nope' } })])], HTTP(), ['httpBearerAuth']);
		expect(result[ESCALATE]).toHaveLength(1);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.execution!.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('GET /orders/nope answered 404: order not found') });
		expect(support.escalation).toMatchObject({ code: 'execution', layer: 'toolExecutor' });
		expect(support.escalation!.reason).toMatch(/step order \(http\.request\) failed/);
	});

	it('429 with Retry-After: the read waits and is retried', async () => {
		api.inject({ path: '/api/orders/A-1', times: 1, kind: 429, retryAfter: '0.05' });
		const result = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })])], HTTP(), ['httpBearerAuth']);
		expect(result[DONE]).toHaveLength(1);
		expect(supportOf(result[DONE][0]).execution!.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
	});

	it('5xx: retried with backoff up to Max Attempts, then recorded as failed and escalated', async () => {
		api.inject({ path: '/api/orders/A-1', times: 1, kind: 503 });
		const recovered = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })])], HTTP(), ['httpBearerAuth']);
		expect(supportOf(recovered[DONE][0]).execution!.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });

		api.inject({ path: '/api/orders/A-1', times: 5, kind: 500 });
		const result = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })])], { ...HTTP(), options: { timeoutMs: 2000, maxAttempts: 2 } }, ['httpBearerAuth']);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.execution!.steps[0]).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringContaining('answered 500') });
		expect(support.execution!.outcome).toBe('failed');
		expect(support.escalation!.reason).toMatch(/step order \(http\.request\) failed/);
	});

	it('a plan cannot leave the base URL: a dot-segment parameter is refused before anything is sent', async () => {
		const result = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: '..' } })])], HTTP(), ['httpBearerAuth']);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.execution!.outcome).toBe('refused');
		expect(support.escalation!.reason).toMatch(/needs args\.params\.id/);
		expect(sent).toHaveLength(0);
	});

	it('rejects a bad base URL or endpoint list before touching any ticket', async () => {
		const item = caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })]);
		await expect(run([item], { ...HTTP(), httpBaseUrl: '' }, ['httpBearerAuth'])).rejects.toThrow(/HTTP API Base URL: is required/);
		await expect(run([item], { ...HTTP('ftp://x') }, ['httpBearerAuth'])).rejects.toThrow(/HTTP API Base URL must start with https/);
		await expect(run([item], { ...HTTP(), httpEndpoints: JSON.stringify([{ name: 'x', method: 'GET', path: 'https://evil.example/x' }]) }, ['httpBearerAuth'])).rejects.toThrow(/HTTP API Endpoints: .*path/);
		await expect(run([item], { ...HTTP(), httpEndpoints: JSON.stringify([{ name: 'x', method: 'GET', path: '/a/../b' }]) }, ['httpBearerAuth'])).rejects.toThrow(/HTTP API Endpoints/);
		expect(sent).toHaveLength(0);
	});

	it('switched on without its credential, it stays unwired: its steps are refused and escalate', async () => {
		const result = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })])], HTTP(), []);
		expect(supportOf(result[ESCALATE][0]).escalation!.reason).toMatch(/HTTP connector is not configured/);
		expect(credentialsRead).toEqual([]);
	});

	it('a selected credential that does not exist leaves it unwired too, with the reason in the trace, instead of failing the node', async () => {
		const result = await run([caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })])], HTTP(), [], ['httpBearerAuth']);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.escalation!.reason).toMatch(/HTTP connector is not configured/);
		expect(support.trace.at(-1)!.contractErrors).toEqual([expect.stringMatching(/^connector not wired: the HTTP credential "httpBearerAuth" cannot be used: it does not exist/)]);
		expect(sent).toHaveLength(0);
	});
});

describe('MCP connector', () => {
	const lookup = () => step('lookup', 'mcp.store.lookup_order', 'read', { order_id: 'A-1' });
	const credit = () => step('credit', 'mcp.store.issue_store_credit', 'write', { customer_email: 'c@example.com', amount: 10, currency: 'USD' });

	it('calls a read and a keyed write with the Header Auth credential; a re-run issues no second credit', async () => {
		const item = caseWith([lookup(), credit()]);
		const first = await run([item], MCP(), ['httpHeaderAuth']);
		expect(first[DONE]).toHaveLength(1);
		const execution = supportOf(first[DONE][0]).execution!;
		expect(execution.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
		expect(execution.steps[0].externalIds).toEqual({ orderId: 'A-1' });
		expect(mcp.writes).toHaveLength(1);
		expect(mcp.writes[0].key).toBe(execution.steps[1].idempotencyKey);
		const again = await run([item], MCP(), ['httpHeaderAuth']);
		expect(supportOf(again[DONE][0]).execution!.steps[1].status).toBe('already_done');
		expect(mcp.writes).toHaveLength(1);
		expectNoSecret([first, again]);
	});

	it('a Header Auth credential that does not exist leaves MCP unwired, named in the trace; nothing connects', async () => {
		const result = await run([caseWith([lookup()])], MCP(mcpProxy.url), [], ['httpHeaderAuth']);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.escalation!.reason).toMatch(/MCP connector is not configured/);
		expect(support.trace.at(-1)!.contractErrors).toEqual([expect.stringMatching(/^connector not wired: the MCP Header Auth credential "httpHeaderAuth" cannot be used/)]);
		expect(mcpProxy.requests).toHaveLength(0);
	});

	it('a plan without MCP steps never connects to the server', async () => {
		const item = caseWith([step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-1' } })]);
		await run([item], { ...HTTP(), ...MCP(mcpProxy.url) }, ['httpBearerAuth', 'httpHeaderAuth']);
		expect(mcpProxy.requests).toHaveLength(0);
	});

	it('4xx: a refused token is not retried, names the tool and escalates without the secret', async () => {
		CREDENTIALS.httpHeaderAuth = { name: 'Authorization', value: 'Bearer wrong-token' };
		const result = await run([caseWith([lookup()])], MCP(), ['httpHeaderAuth']).finally(() => {
			CREDENTIALS.httpHeaderAuth = { name: 'Authorization', value: `Bearer ${SECRET.mcp}` };
		});
		const support = supportOf(result[ESCALATE][0]);
		expect(support.execution!.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: 'MCP store/lookup_order: the server answered HTTP 401' });
		expect(support.escalation!.reason).toMatch(/step lookup \(mcp\.store\.lookup_order\) failed/);
		expectNoSecret(result);
	});

	it('a tool error result is not retried and escalates', async () => {
		const result = await run([caseWith([step('lookup', 'mcp.store.lookup_order', 'read', { order_id: 'nope' })])], MCP(), ['httpHeaderAuth']);
		expect(supportOf(result[ESCALATE][0]).execution!.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('reported an error: order nope not found') });
	});

	it('429 with Retry-After: the read is retried', async () => {
		mcpProxy.inject({ status: 429, times: 1, retryAfter: '0.05' });
		const result = await run([caseWith([lookup()])], MCP(mcpProxy.url), ['httpHeaderAuth']);
		expect(supportOf(result[DONE][0]).execution!.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(mcpProxy.requests.filter((r) => r.faulted)).toHaveLength(1);
	});

	it('5xx: retried, then recorded as failed and escalated once the attempts are spent', async () => {
		mcpProxy.inject({ status: 503, times: 1 });
		const recovered = await run([caseWith([lookup()])], MCP(mcpProxy.url), ['httpHeaderAuth']);
		expect(supportOf(recovered[DONE][0]).execution!.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });

		mcpProxy.inject({ status: 500, times: 20 });
		const result = await run([caseWith([lookup()])], { ...MCP(mcpProxy.url), options: { timeoutMs: 2000, maxAttempts: 2 } }, ['httpHeaderAuth']);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.execution!.steps[0]).toMatchObject({ status: 'failed', attempts: 2, error: expect.stringContaining('MCP store/lookup_order: the server answered HTTP 500') });
		expect(support.execution!.outcome).toBe('failed');
	});

	it('a write without a key argument is sent at most once, even when the answer is a 5xx', async () => {
		mcpProxy.inject({ status: 503, times: 5 });
		const result = await run([caseWith([credit()])], { ...MCP(mcpProxy.url), mcpIdempotencyKeyArgument: '' }, ['httpHeaderAuth']);
		const s = supportOf(result[ESCALATE][0]).execution!.steps[0];
		expect(s).toMatchObject({ attempts: 1 });
		expect(s.error).toContain('not retried');
	});

	it('rejects a bad server URL or server name before anything runs', async () => {
		await expect(run([caseWith([lookup()])], { ...MCP(), mcpServerUrl: 'not a url' }, ['httpHeaderAuth'])).rejects.toThrow(/MCP Server URL is not a URL/);
		await expect(run([caseWith([lookup()])], { ...MCP(), mcpServerName: 'my.store' }, ['httpHeaderAuth'])).rejects.toThrow(/MCP Server Name: must be/);
	});
});

describe('Operation: Send Reply (Zendesk, OAuth2)', () => {
	const replyParams = (extra: Record<string, unknown> = {}) => ({ operation: 'sendReply', useZendesk: true, zendeskAuthentication: 'oAuth2', replyBody: 'Your refund is on its way.', ...extra });
	/** A case whose plan ran in `mode` (support.execution.mode), as the reply nodes of the Zendesk template receive it. */
	const ranIn = (mode: 'auto' | 'suggest') => {
		const item = caseWith([], { mode, zendeskTicket: true });
		const support = supportOf(item);
		const execution = { planId: support.plan!.id, mode, dryRun: false, outcome: 'completed' as const, steps: [], compensations: [], startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
		return { json: { support: { ...support, execution } as unknown as INodeExecutionData['json'] } };
	};

	it('posts the public reply once: a second delivery of the same message finds it (already_done in the trace) and posts nothing', async () => {
		const first = await run([ranIn('auto')], replyParams(), ['zendeskOAuth2Api']);
		const again = await run([ranIn('auto')], replyParams({ replyBody: 'Worded differently this time.' }), ['zendeskOAuth2Api']);
		expect(first[DONE]).toHaveLength(1);
		expect(again[DONE]).toHaveLength(1);
		expect(supportOf(first[DONE][0]).trace.at(-1)).toMatchObject({ layer: 'toolExecutor', outcome: 'reply:succeeded' });
		expect(supportOf(again[DONE][0]).trace.at(-1)).toMatchObject({ outcome: 'reply:already_done' });
		const comments = zendesk.tickets.get(3187)!.comments;
		expect(comments.map((c) => [c.public, c.body])).toEqual([[true, 'Your refund is on its way.']]);
		expectNoSecret([first, again]);
	});

	it('an internal note is a separate write; a public reply for a plan that ran in suggest escalates naming the field', async () => {
		const note = await run([ranIn('suggest')], replyParams({ replyAs: 'note', replyBody: '<p>Suggested: hello</p>', replyBodyIsHtml: true }), ['zendeskOAuth2Api']);
		expect(note[DONE]).toHaveLength(1);
		expect(zendesk.tickets.get(3187)!.comments.map((c) => [c.public, c.html_body])).toEqual([[false, '<p>Suggested: hello</p>']]);
		const refused = await run([ranIn('suggest')], replyParams(), ['zendeskOAuth2Api']);
		expect(refused[ESCALATE]).toHaveLength(1);
		expect(supportOf(refused[ESCALATE][0]).escalation).toMatchObject({ layer: 'toolExecutor', code: 'execution', field: 'support.execution.mode' });
		expect(zendesk.tickets.get(3187)!.comments).toHaveLength(1);
	});
});

describe('Operation: Send Reply (Help Scout, n8n\'s Help Scout OAuth2 credential)', () => {
	const CONVERSATION = 3310;
	const replyParams = (extra: Record<string, unknown> = {}) => ({ operation: 'sendReply', useHelpScout: true, replyBody: 'Your parcel ships today.', ...extra });
	/** A Help Scout case whose plan ran in `mode`, as the reply nodes of the Help Scout template receive it. */
	const ranIn = (mode: 'auto' | 'suggest') => {
		const support = supportOf(caseWith([], { mode }));
		const ticket = { ...support.ticket!, id: String(CONVERSATION), source: 'helpscout' as const, customer: { id: '412990070', email: 'tom@example.com' }, sourceRefs: { threadId: '9001' } };
		const execution = { planId: support.plan!.id, mode, dryRun: false, outcome: 'completed' as const, steps: [], compensations: [], startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
		return { json: { support: { ...support, ticket, execution } as unknown as INodeExecutionData['json'] } };
	};
	beforeEach(() => {
		helpScout.conversations.clear();
		helpScout.writes.length = 0;
		helpScout.addConversation({ id: CONVERSATION, tags: ['vip'], threads: [{ id: 9001, type: 'customer', text: '<p>Where is it?</p>', createdAt: '2026-01-01T00:00:00Z' }] });
		sent.length = 0;
	});

	it('posts one reply thread signed by the Help Scout credential through n8n (OAuth2: 401 goes to n8n\'s refresh); a re-delivery posts nothing', async () => {
		const first = await run([ranIn('auto')], replyParams(), ['helpScoutOAuth2Api']);
		const again = await run([ranIn('auto')], replyParams({ replyBody: 'Worded differently.' }), ['helpScoutOAuth2Api']);
		expect(supportOf(first[DONE][0]).trace.at(-1)).toMatchObject({ layer: 'toolExecutor', engine: 'helpScout', outcome: 'reply:succeeded' });
		expect(supportOf(again[DONE][0]).trace.at(-1)).toMatchObject({ outcome: 'reply:already_done' });
		const conversation = helpScout.conversations.get(CONVERSATION)!;
		expect(conversation.threads.filter((t) => t.type === 'reply').map((t) => t.text)).toEqual(['<p>Your parcel ships today.</p>']);
		expect(conversation.tags[0]).toBe('vip');
		expect(helpScout.writes.filter((w) => w.method === 'POST')).toHaveLength(1);
		expect(new Set(sent.map((r) => r.credentialType))).toEqual(new Set(['helpScoutOAuth2Api']));
		expect(sent[0].options).toMatchObject({ url: `https://api.helpscout.net/v2/conversations/${CONVERSATION}?embed=threads`, ignoreHttpStatusErrors: { ignore: true, except: [401] } });
		expectNoSecret([first, again]);
	});

	it('the suggestion note goes to the conversation as a note; without Use Help Scout the item escalates naming the switch', async () => {
		const note = await run([ranIn('suggest')], replyParams({ replyAs: 'note', replyBody: '<p>Suggested: hello</p>', replyBodyIsHtml: true }), ['helpScoutOAuth2Api']);
		expect(note[DONE]).toHaveLength(1);
		expect(helpScout.conversations.get(CONVERSATION)!.threads.map((t) => t.type)).toEqual(['customer', 'note']);
		const unwired = await run([ranIn('auto')], replyParams({ useHelpScout: false }), []);
		expect(supportOf(unwired[ESCALATE][0]).escalation).toMatchObject({ code: 'execution', field: 'Use Help Scout' });
		expect(helpScout.writes.filter((w) => w.method === 'POST')).toHaveLength(1);
	});
});
