import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ExecutionSection, TraceEntry, type CaseFile, type Plan, type Review, type RolloutMode } from '../../engine/contracts';
import { createFetchHttpClient, DEFAULT_RETRY_POLICY } from '../../engine/execution';
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { baseUrlFromCredential, checkBaseUrl } from '../../nodes/shared/vendorHttp';
import { effectiveMode, scopeForIntent } from '../../engine/execution';
import { SupportActionExecutor } from '../../nodes/SupportActionExecutor/SupportActionExecutor.node';
import { SupportSpecialistPlanner } from '../../nodes/SupportSpecialistPlanner/SupportSpecialistPlanner.node';
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../stand-ins';
import { NOW, SCENARIOS } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { credentialsShown } from '../support/credentialsShown';

const DONE = 0;
const ESCALATE = 1;

/** Secrets of the fake credentials; no output may ever contain one. */
const TOKEN = {
	zendesk: ['zd', 'node', 'canary', '7001'].join('-'),
	shopify: ['shpat', 'nodecanary7002'].join('_'),
	stripe: ['sk', 'test', 'nodecanary7003'].join('_'),
};
const ZENDESK_AUTH = `Basic ${Buffer.from(`agent@example.com/token:${TOKEN.zendesk}`).toString('base64')}`;
const CREDENTIALS: Record<string, Record<string, string>> = {
	zendeskApi: { subdomain: 'acme', email: 'agent@example.com', apiToken: TOKEN.zendesk },
	shopifyAccessTokenApi: { shopSubdomain: 'acme', accessToken: TOKEN.shopify, appSecretKey: 'shpss_secret' },
	stripeApi: { secretKey: TOKEN.stripe },
};
/** What n8n's credential types add to each request (their `authenticate` blocks). */
const SIGNING: Record<string, Record<string, string>> = {
	zendeskApi: { authorization: ZENDESK_AUTH },
	shopifyAccessTokenApi: { 'x-shopify-access-token': TOKEN.shopify },
	stripeApi: { authorization: `Bearer ${TOKEN.stripe}` },
};

const ORDER_ID = 5823957483821;
let zendesk: ZendeskStandIn;
let shopify: ShopifyStandIn;
let stripe: StripeStandIn;
let plannedRefund: Plan;
const sent: Array<{ credentialType: string; options: IHttpRequestOptions }> = [];

/** The node's own parameter defaults: the tests run what an operator gets on dropping the node in. */
function defaults(node: INodeType): Record<string, unknown> {
	return Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
}

/**
 * n8n's httpRequestWithAuthentication, reduced to what the node relies on: sign with the
 * credential, resolve every status as a full response, throw only when no response arrived.
 */
async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions) {
	sent.push({ credentialType, options });
	const client = createFetchHttpClient({ baseUrl: '', authHeaders: SIGNING[credentialType] });
	const res = await client.request({
		method: options.method as 'GET',
		url: options.url,
		headers: options.headers as Record<string, string>,
		body: options.body as string | undefined,
		timeoutMs: options.timeout ?? 1000,
	});
	return { statusCode: res.status, headers: res.headers, body: res.body };
}

interface RunOptions {
	params?: Record<string, unknown>;
	continueOnFail?: boolean;
	/** Credential types set on the node; default: all three. */
	credentials?: string[];
	/** Credential types selected on the node that do not exist in n8n (an imported template's references). */
	missing?: string[];
}

const credentialsRead: string[] = [];

async function run(items: INodeExecutionData[], opts: RunOptions = {}) {
	const node = new SupportActionExecutor();
	const params = {
		...defaults(node),
		useZendesk: true,
		useShopify: true,
		useStripe: true,
		options: { zendeskBaseUrl: zendesk.url, shopifyBaseUrl: shopify.url, stripeBaseUrl: stripe.url, timeoutMs: 2000 },
		...opts.params,
	};
	const ctx = fakeExecuteContext({ parameters: params, items, continueOnFail: opts.continueOnFail, nodeName: 'Support Action Executor' });
	const creds = opts.credentials ?? Object.keys(CREDENTIALS);
	const realNode = ctx.getNode();
	const missing = opts.missing ?? [];
	const nodeWithCreds = { ...realNode, credentials: Object.fromEntries([...creds, ...missing].map((c) => [c, { id: `cred-${c}`, name: c }])) };
	Object.assign(ctx, {
		getNode: () => nodeWithCreds,
		getCredentials: async (type: string) => {
			credentialsRead.push(type);
			if (missing.includes(type)) throw new Error(`Credential with ID "cred-${type}" does not exist for type "${type}".`);
			if (!creds.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
			return CREDENTIALS[type];
		},
		helpers: { httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => httpRequestWithAuthentication(type, o) },
	});
	return node.execute.call(ctx as IExecuteFunctions);
}

const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

function approval(planId: string, verdict: Review['verdict'] = 'approve'): Review {
	return { stage: 'plan', verdict, planId, reviewedAt: NOW.toISOString(), checks: [], revisionCount: 0, history: [] };
}

/** The realistic refund case as it leaves the Critic: router mode, planner plan, critic review. */
function refundCase(opts: { mode?: RolloutMode; review?: Review | null; plan?: Plan } = {}): INodeExecutionData {
	const base = SCENARIOS.return_refund();
	const plan = opts.plan ?? plannedRefund;
	const support: CaseFile = {
		...base,
		intent: { ...base.intent!, rolloutMode: opts.mode ?? 'auto' },
		plan,
		...(opts.review === null ? {} : { review: opts.review ?? approval(plan.id) }),
	};
	return { json: { ticketId: 3187, support: support as unknown as INodeExecutionData['json'] } };
}

function resetVendors() {
	for (const s of [zendesk, shopify, stripe]) {
		s.requests.length = 0;
		s.writes.length = 0;
	}
	zendesk.tickets.clear();
	zendesk.addTicket({ id: 3187 });
	shopify.orders.clear();
	shopify.addOrder({ id: ORDER_ID, total_price: '49.90', currency: 'EUR' });
	stripe.reset();
	sent.length = 0;
	credentialsRead.length = 0;
}

beforeAll(async () => {
	// The planner's playbook conditions count days from now; the case files are dated around NOW.
	jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] });
	zendesk = await new ZendeskStandIn(ZENDESK_AUTH).start();
	shopify = await new ShopifyStandIn(TOKEN.shopify).start();
	stripe = await new StripeStandIn(TOKEN.stripe).start();
	// The plan comes from the real planner with its built-in playbooks: the two nodes must fit together.
	const planner = new SupportSpecialistPlanner();
	const ctx = fakeExecuteContext({ parameters: defaults(planner), items: [{ json: { support: SCENARIOS.return_refund() as unknown as INodeExecutionData['json'] } }] });
	Object.assign(ctx, { getInputConnectionData: async () => undefined });
	const [planned] = await planner.execute.call(ctx);
	plannedRefund = supportOf(planned[0]).plan!;
});
afterAll(async () => {
	jest.useRealTimers();
	await Promise.all([zendesk.close(), shopify.close(), stripe.close()]);
});
beforeEach(resetVendors);
describe('Support Action Executor node', () => {
	it('is not the LangChain Tool Executor, and declares Done and Escalate outputs and one credential per connector', () => {
		const d = new SupportActionExecutor().description;
		expect(d).toMatchObject({ name: 'supportActionExecutor', displayName: 'Support Action Executor', version: [1, 2] });
		expect(d.outputNames).toEqual(['Done', 'Escalate']);
		// The HTTP and MCP connectors' credentials: test/node/SupportActionExecutorConnectors.test.ts.
		expect(d.credentials!.map((c) => c.name)).toEqual(expect.arrayContaining(['zendeskApi', 'shopifyAccessTokenApi', 'stripeApi']));
		expect(credentialsShown(d, { useZendesk: true, useShopify: true, useStripe: true })).toEqual(['zendeskApi', 'shopifyAccessTokenApi', 'stripeApi']);
		const options = d.properties.find((p) => p.name === 'options')!.options as Array<{ name: string; default: unknown }>;
		expect(options.find((o) => o.name === 'maxAttempts')!.default).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
		expect(options.find((o) => o.name === 'timeoutMs')!.default).toBe(DEFAULT_RETRY_POLICY.timeoutMs);
		expect(JSON.parse(d.properties.find((p) => p.name === 'toolScopes')!.default as string)).toEqual(DEFAULT_INTENT_SCOPES);
	});

	it('an override can only make the rollout mode stricter', () => {
		expect(effectiveMode('auto', 'fromIntent')).toBe('auto');
		expect(effectiveMode('auto', 'shadow')).toBe('shadow');
		expect(effectiveMode('auto', 'suggest')).toBe('suggest');
		expect(effectiveMode('shadow', 'auto')).toBe('shadow');
		expect(effectiveMode('suggest', 'auto')).toBe('suggest');
		expect(effectiveMode('shadow', 'suggest')).toBe('shadow');
	});

	it('an intent without a scope may do nothing, unless "*" gives it one', () => {
		expect(scopeForIntent({}, 'return_refund')).toEqual({ allowedTools: [] });
		expect(scopeForIntent({ '*': { allowedTools: ['zendesk.getTicket'] } }, 'x')).toEqual({ allowedTools: ['zendesk.getTicket'] });
	});

	it('shadow mode sends nothing, records every step as a dry run, and goes to Done', async () => {
		const result = await run([refundCase({ mode: 'shadow' })]);
		expect(result[ESCALATE]).toHaveLength(0);
		expect(result[DONE]).toHaveLength(1);
		const support = supportOf(result[DONE][0]);
		const execution = ExecutionSection.parse(support.execution);
		expect(execution).toMatchObject({ mode: 'shadow', outcome: 'dry_run', dryRun: true, planId: plannedRefund.id });
		expect(execution.steps.map((s) => s.status)).toEqual(['dry_run', 'dry_run', 'dry_run']);
		expect(execution.steps[1].responseSummary).toMatch(/^would send POST \/admin\/api\/2026-01\/graphql\.json refundCreate @idempotent .*"orderId":"gid:\/\/shopify\/Order\/5823957483821"/);
		expect(zendesk.requests.length + shopify.requests.length + stripe.requests.length).toBe(0);
		expect(sent).toHaveLength(0);
		expect(support.escalation).toBeUndefined();
		expect(result[DONE][0].pairedItem).toEqual({ item: 0 });
		expect(result[DONE][0].json.ticketId).toBe(3187);
		const trace = TraceEntry.parse(support.trace.at(-1));
		expect(trace).toMatchObject({ layer: 'toolExecutor', node: 'Support Action Executor', outcome: 'shadow:dry_run' });
	});

	it('shadow mode works before any credential is set: the would-be calls are recorded, nothing is sent; suggest mode still refuses', async () => {
		const shadow = await run([refundCase({ mode: 'shadow' })], { credentials: [] });
		expect(shadow[DONE]).toHaveLength(1);
		const execution = ExecutionSection.parse(supportOf(shadow[DONE][0]).execution);
		expect(execution).toMatchObject({ outcome: 'dry_run', dryRun: true });
		expect(execution.steps.map((s) => s.status)).toEqual(['dry_run', 'dry_run', 'dry_run']);
		expect(sent).toHaveLength(0);
		const suggest = await run([refundCase({ mode: 'suggest' })], { credentials: [] });
		expect(suggest[ESCALATE]).toHaveLength(1);
		expect(sent).toHaveLength(0);
		expect(zendesk.requests.length + shopify.requests.length + stripe.requests.length).toBe(0);
	});

	it("a selected credential that does not exist in n8n (an imported template's) does not fail the workflow: shadow previews, auto escalates with the reason", async () => {
		const missing = ['zendeskApi', 'shopifyAccessTokenApi', 'stripeApi'];
		const shadow = await run([refundCase({ mode: 'shadow' })], { credentials: [], missing });
		expect(shadow[DONE]).toHaveLength(1);
		const trace = supportOf(shadow[DONE][0]).trace.at(-1)!;
		expect(trace.contractErrors).toContain('connector not wired: the Shopify credential "shopifyAccessTokenApi" cannot be used: it does not exist in this n8n (create it under Credentials and select it)');
		const auto = await run([refundCase({ mode: 'auto' })], { credentials: [], missing });
		expect(auto[ESCALATE]).toHaveLength(1);
		expect(supportOf(auto[ESCALATE][0]).escalation!.reason).toMatch(/not configured/);
		expect(sent).toHaveLength(0);
	});

	it('suggest mode reads and sends the internal note, and only records the refund', async () => {
		const result = await run([refundCase({ mode: 'suggest' })]);
		expect(result[DONE]).toHaveLength(1);
		const execution = supportOf(result[DONE][0]).execution!;
		expect(execution.steps.map((s) => `${s.stepId}:${s.status}`)).toEqual(['lookup_order:succeeded', 'refund:dry_run', 'note:succeeded']);
		expect(execution.outcome).toBe('dry_run');
		expect(shopify.writes).toHaveLength(0);
		expect(shopify.orders.get(ORDER_ID)!.refunds).toHaveLength(0);
		expect(zendesk.tickets.get(3187)!.comments.map((c) => c.public)).toEqual([false]);
	});

	it('goes through n8n\'s authenticated request helper with full responses and no status errors', async () => {
		await run([refundCase({ mode: 'suggest' })]);
		expect(sent.length).toBeGreaterThan(0);
		for (const { options } of sent) {
			expect(options).toMatchObject({ returnFullResponse: true, ignoreHttpStatusErrors: true, json: false, timeout: 2000 });
		}
		expect(sent.map((s) => s.credentialType)).toEqual(expect.arrayContaining(['shopifyAccessTokenApi', 'zendeskApi']));
		expect(sent.every((s) => !JSON.stringify(s.options).includes(TOKEN.shopify))).toBe(true);
	});

	it('auto mode with an approved plan refunds once; running the same item again writes nothing more', async () => {
		const item = refundCase({ mode: 'auto' });
		const first = await run([item]);
		expect(first[DONE]).toHaveLength(1);
		const execution = supportOf(first[DONE][0]).execution!;
		expect(execution).toMatchObject({ outcome: 'completed', dryRun: false, mode: 'auto' });
		expect(execution.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(execution.steps[1].idempotencyKey).toMatch(/^[0-9a-f]{16,}$/);
		expect(shopify.orders.get(ORDER_ID)!.refunds).toHaveLength(1);
		const writesAfterFirst = shopify.writes.length + zendesk.writes.length;

		const second = await run([item]);
		expect(second[DONE]).toHaveLength(1);
		const again = supportOf(second[DONE][0]).execution!;
		expect(again.steps.map((s) => s.status)).toEqual(['succeeded', 'already_done', 'already_done']);
		expect(shopify.orders.get(ORDER_ID)!.refunds).toHaveLength(1);
		expect(shopify.writes.length + zendesk.writes.length).toBe(writesAfterFirst);
		expect(zendesk.tickets.get(3187)!.comments).toHaveLength(1);
	});

	it('an override stricter than the intent wins; a looser one is ignored', async () => {
		const stricter = await run([refundCase({ mode: 'auto' })], { params: { rolloutMode: 'shadow' } });
		expect(supportOf(stricter[DONE][0]).execution!.mode).toBe('shadow');
		const looser = await run([refundCase({ mode: 'shadow' })], { params: { rolloutMode: 'auto' } });
		expect(supportOf(looser[DONE][0]).execution!.mode).toBe('shadow');
		expect(shopify.requests.length + zendesk.requests.length).toBe(0);
	});

	it.each<[string, () => Review | null]>([
		['a revise verdict', () => approval(plannedRefund.id, 'revise')],
		['a review of another plan', () => approval('plan_someOtherPlan')],
		['no review at all', () => null],
	])('a plan with %s is refused: nothing is sent and the item escalates', async (_label, review) => {
		const result = await run([refundCase({ mode: 'auto', review: review() })]);
		expect(result[DONE]).toHaveLength(0);
		expect(result[ESCALATE]).toHaveLength(1);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.execution!.outcome).toBe('refused');
		expect(support.escalation).toMatchObject({ layer: 'toolExecutor', code: 'not_approved' });
		expect(shopify.requests.length + zendesk.requests.length).toBe(0);
		expect(support.trace.at(-1)!.outcome).toBe('auto:refused');
	});

	it('a refund over the intent\'s cap is a scope violation: refused, nothing sent, Escalate', async () => {
		const scopes = { ...DEFAULT_INTENT_SCOPES, return_refund: { ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max: 20 }] } };
		const result = await run([refundCase({ mode: 'auto' })], { params: { toolScopes: JSON.stringify(scopes) } });
		expect(result[ESCALATE]).toHaveLength(1);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.escalation).toMatchObject({ code: 'scope', field: 'support.plan.steps[1]' });
		expect(support.escalation!.reason).toMatch(/over the cap of 20 EUR/);
		expect(support.execution!.steps[1].status).toBe('refused');
		expect(shopify.requests.length + zendesk.requests.length).toBe(0);
	});

	it('an intent missing from custom Tool Scopes may run nothing', async () => {
		const result = await run([refundCase({ mode: 'shadow' })], { params: { toolScopes: JSON.stringify({ general: DEFAULT_INTENT_SCOPES.general }) } });
		expect(result[ESCALATE]).toHaveLength(1);
		expect(supportOf(result[ESCALATE][0]).escalation!.code).toBe('scope');
	});

	it('a connector switched on without a credential is left unwired: its steps are refused, getCredentials is never called for it', async () => {
		const result = await run([refundCase({ mode: 'auto' })], { credentials: ['zendeskApi', 'stripeApi'], params: { options: {} } });
		expect(result[ESCALATE]).toHaveLength(1);
		expect(supportOf(result[ESCALATE][0]).escalation!.reason).toMatch(/Shopify connector is not configured/);
		expect(credentialsRead).not.toContain('shopifyAccessTokenApi');
		// Without overrides the base URLs come from the credentials, which the other two were read for.
		expect(credentialsRead).toEqual(['zendeskApi', 'stripeApi']);
	});

	it('a missing plan stops the workflow with an error naming the field and the Support Specialist Planner', async () => {
		const item = refundCase();
		delete (item.json.support as Record<string, unknown>).plan;
		const error = await run([item]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/support\.plan is missing/);
		expect((error as Error).message).toMatch(/Support Specialist Planner/);
	});

	it('with Continue on Fail, a broken case file goes to Escalate with the field', async () => {
		const item = refundCase();
		delete (item.json.support as Record<string, unknown>).plan;
		const result = await run([item, refundCase({ mode: 'shadow' })], { continueOnFail: true });
		expect(result[ESCALATE]).toHaveLength(1);
		expect(result[DONE]).toHaveLength(1);
		expect(result[ESCALATE][0].pairedItem).toEqual({ item: 0 });
		expect(supportOf(result[ESCALATE][0]).escalation).toMatchObject({ layer: 'toolExecutor', code: 'contract', field: 'support.plan' });
	});

	it('never puts a credential secret into its output', async () => {
		const outputs = [
			...(await run([refundCase({ mode: 'auto' })])).flat(),
			...(await run([refundCase({ mode: 'shadow' })])).flat(),
			...(await run([refundCase({ mode: 'auto', review: null })])).flat(),
		];
		const text = JSON.stringify(outputs);
		expect(outputs).toHaveLength(3);
		for (const secret of [...Object.values(TOKEN), ZENDESK_AUTH.slice('Basic '.length), 'shpss_secret']) expect(text).not.toContain(secret);
	});

	it('rejects bad Tool Scopes and base URL overrides before touching any ticket', async () => {
		await expect(run([refundCase()], { params: { toolScopes: '{"a": {"allowedTools": "zendesk.*"}}' } })).rejects.toThrow(/Tool Scopes: a\.allowedTools/);
		await expect(run([refundCase()], { params: { toolScopes: '{oops' } })).rejects.toThrow(/Tool Scopes: is not valid JSON/);
		await expect(run([refundCase()], { params: { options: { stripeBaseUrl: 'ftp://x' } } })).rejects.toThrow(/Stripe Base URL Override must start with https/);
		expect(sent).toHaveLength(0);
	});

	it('takes base URLs from the credentials\' host fields only', () => {
		expect(baseUrlFromCredential('zendesk', { subdomain: 'acme' })).toEqual({ ok: true, url: 'https://acme.zendesk.com' });
		expect(baseUrlFromCredential('shopify', { shopSubdomain: 'https://My-Shop.myshopify.com' })).toEqual({ ok: true, url: 'https://my-shop.myshopify.com' });
		expect(baseUrlFromCredential('stripe', {})).toEqual({ ok: true, url: 'https://api.stripe.com' });
		expect(baseUrlFromCredential('zendesk', { subdomain: 'evil.com/x?' })).toMatchObject({ ok: true, url: 'https://evil.zendesk.com' });
		expect(baseUrlFromCredential('zendesk', { subdomain: 'a_b' })).toMatchObject({ ok: false });
		expect(checkBaseUrl('Zendesk', 'http://user:pw@127.0.0.1:1')).toMatchObject({ ok: false });
		expect(checkBaseUrl('Zendesk', 'http://127.0.0.1:1/')).toEqual({ ok: true, url: 'http://127.0.0.1:1' });
	});
});
