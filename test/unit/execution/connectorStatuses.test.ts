/**
 * One matrix for all five connectors, each against its loopback stand-in: success, a 4xx (not
 * retried, the error names the step and tool, the case escalates), a 429 with Retry-After (waited
 * for exactly as long as asked, then retried) and a persistent 5xx (retried with backoff up to the
 * attempt limit, then recorded as failed and escalated). The clock is fake: nothing really waits.
 */
import { connectMcpServer, createFetchHttpClient, executePlan, type Connectors, type McpSession } from '../../../engine/execution';
import { FaultProxy, McpStandIn, ReturnsApiStandIn, type FaultKind, type StandIn } from '../../stand-ins';
import { CANARY, fakeClock, input, plan, startVendors, step, type Vendors } from './fixtures';

let v: Vendors;
let api: ReturnsApiStandIn;
let mcp: McpStandIn;
let proxy: FaultProxy;
let session: McpSession;
let connectors: Connectors;

beforeAll(async () => {
	v = await startVendors();
	api = await new ReturnsApiStandIn(CANARY.mcp).start();
	mcp = await new McpStandIn(CANARY.mcp).start();
	proxy = await new FaultProxy(mcp.url).start();
	session = await connectMcpServer(proxy.url, { headers: { authorization: `Bearer ${CANARY.mcp}` } });
	connectors = {
		...v.connectors,
		http: {
			client: createFetchHttpClient({ baseUrl: `${api.url}/api`, authHeaders: { authorization: `Bearer ${CANARY.mcp}` } }),
			endpoints: [{ name: 'getOrder', method: 'GET', path: '/orders/{id}' }],
		},
		mcp: { store: { session, readTools: ['lookup_order'] } },
	};
});
afterAll(async () => {
	await session.close();
	await Promise.all([v.close(), api.close(), proxy.close(), mcp.close()]);
});
beforeEach(() => {
	for (const s of [v.zendesk, v.shopify, v.stripe, api] as StandIn[]) s.clearFaults();
	proxy.clearFaults();
	v.zendesk.tickets.clear();
	v.zendesk.addTicket({ id: 4242 });
	v.shopify.orders.clear();
	v.shopify.addOrder({ id: 5001, total_price: '60.00' });
	v.stripe.reset();
	v.stripe.addCharge({ id: 'ch_1', amount: 4900, currency: 'usd' });
	api.reset();
	api.orders.set('A-1', { id: 'A-1', status: 'delivered' });
	mcp.orders.clear();
	mcp.orders.set('A-1', { status: 'shipped', total: 30, currency: 'USD' });
});

interface Case {
	tool: string;
	ok: Record<string, unknown>;
	/** Arguments the API answers with a 4xx. */
	bad: Record<string, unknown>;
	fault: (kind: 429 | 503, times: number, retryAfter?: string) => void;
}

const standInFault = (s: () => StandIn, path: string) => (kind: FaultKind, times: number, retryAfter?: string) => s().inject({ path, times, kind, retryAfter });

const CASES: Record<string, Case> = {
	zendesk: { tool: 'zendesk.getTicket', ok: { ticketId: '4242' }, bad: { ticketId: '999' }, fault: standInFault(() => v.zendesk, '/api/v2/tickets/4242.json') },
	shopify: { tool: 'shopify.getOrder', ok: { orderId: '5001' }, bad: { orderId: '777' }, fault: standInFault(() => v.shopify, '/admin/api/2025-01/orders/5001.json') },
	stripe: { tool: 'stripe.getCharge', ok: { chargeId: 'ch_1' }, bad: { chargeId: 'ch_nope' }, fault: standInFault(() => v.stripe, '/v1/charges/ch_1') },
	http: { tool: 'http.request', ok: { endpoint: 'getOrder', params: { id: 'A-1' } }, bad: { endpoint: 'getOrder', params: { id: 'nope' } }, fault: standInFault(() => api, '/api/orders/A-1') },
	mcp: {
		tool: 'mcp.store.lookup_order',
		ok: { order_id: 'A-1' },
		// MCP's 4xx is the server refusing the request itself: a 403 injected at the HTTP layer below.
		bad: { order_id: 'A-1' },
		fault: (kind, times, retryAfter) => proxy.inject({ status: kind, times, retryAfter }),
	},
};

const scope = { allowedTools: ['zendesk.*', 'shopify.*', 'stripe.*', 'http.request', 'mcp.store.*'] };
const run = async (tool: string, args: Record<string, unknown>, maxAttempts = 3) => {
	const clock = fakeClock();
	const result = await executePlan(input(plan([step('r', tool, 'read', args)]), { connectors }, { scope }), { ...clock.options, retry: { timeoutMs: 2000, maxAttempts } });
	return { ...result, sleeps: clock.sleeps, step: result.execution.steps[0] };
};

describe.each(Object.entries(CASES))('%s connector', (name, c) => {
	it('success', async () => {
		const r = await run(c.tool, c.ok);
		expect(r.execution.outcome).toBe('completed');
		expect(r.step).toMatchObject({ status: 'succeeded', attempts: 1 });
		expect(r.escalation).toBeUndefined();
	});

	it('4xx: not retried, the error names the step and tool, and the case escalates', async () => {
		if (name === 'mcp') proxy.inject({ status: 403, times: 1 });
		const r = await run(c.tool, c.bad);
		expect(r.step).toMatchObject({ status: 'failed', attempts: 1 });
		expect(r.step.error).toMatch(name === 'mcp' ? /answered HTTP 403/ : /answered 404/);
		expect(r.sleeps).toEqual([]);
		expect(r.execution.outcome).toBe('failed');
		expect(r.escalation).toMatchObject({ code: 'execution', layer: 'toolExecutor', field: 'support.execution.steps[0]' });
		expect(r.escalation!.reason).toContain(`step r (${c.tool}) failed`);
	});

	it('429 with Retry-After: waits exactly that long, then succeeds', async () => {
		c.fault(429, 1, '7');
		const r = await run(c.tool, c.ok);
		expect(r.step).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(r.sleeps).toEqual([7000]);
	});

	it('5xx: retried with backoff up to the attempt limit, then recorded as failed and escalated', async () => {
		c.fault(503, 99);
		const r = await run(c.tool, c.ok, 3);
		expect(r.step).toMatchObject({ status: 'failed', attempts: 3 });
		expect(r.step.error).toMatch(/503/);
		// Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
		expect(r.sleeps).toEqual([250, 500]);
		expect(r.execution.outcome).toBe('failed');
		expect(r.escalation!.reason).toContain(`step r (${c.tool}) failed`);
	});
});
