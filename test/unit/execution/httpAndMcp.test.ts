import { connectMcpServer, createFetchHttpClient, executePlan, type Connectors, type McpSession } from '../../../engine/execution';
import { McpStandIn, ShopifyStandIn } from '../../stand-ins';
import { fakeClock, input, plan, CANARY, step } from './fixtures';

let shop: ShopifyStandIn;
let mcp: McpStandIn;
let session: McpSession;
let connectors: Connectors;

beforeAll(async () => {
	shop = await new ShopifyStandIn(CANARY.shopify).start();
	mcp = await new McpStandIn(CANARY.mcp).start();
	mcp.orders.set('A-1', { status: 'shipped', total: 30, currency: 'USD' });
	session = await connectMcpServer(mcp.url, { headers: { authorization: `Bearer ${CANARY.mcp}` } });
	const client = createFetchHttpClient({ baseUrl: shop.url, authHeaders: { 'x-shopify-access-token': CANARY.shopify } });
	connectors = {
		// The generic connector pointed at a REST API the operator configured by hand.
		http: {
			client,
			endpoints: [
				{ name: 'orderById', method: 'GET', path: '/admin/api/2025-01/orders/{id}.json' },
				{ name: 'cancelOrder', method: 'POST', path: '/admin/api/2025-01/orders/{id}/cancel.json' },
			],
		},
		mcp: { store: { session, readTools: ['lookup_order'], idempotencyKeyArg: 'idempotency_key' }, nokeys: { session } },
	};
});
afterAll(async () => {
	await session.close();
	await Promise.all([shop.close(), mcp.close()]);
});
beforeEach(() => {
	shop.clearFaults();
	shop.orders.clear();
	shop.writes.length = 0;
	shop.addOrder({ id: 5001, total_price: '60.00' });
	mcp.writes.length = 0;
	mcp.credits.clear();
	mcp.failNext = {};
});

const scope = { allowedTools: ['http.request', 'mcp.*'], writeTools: ['http.request', 'mcp.*'] };

describe('generic HTTP connector', () => {
	it('calls a configured endpoint, retrying a 503 read', async () => {
		shop.inject({ path: '/admin/api/2025-01/orders/5001.json', times: 1, kind: 503 });
		const p = plan([step('r', 'http.request', 'read', { endpoint: 'orderById', params: { id: 5001 } })]);
		const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2, responseSummary: 'orderById: GET /admin/api/2025-01/orders/5001.json answered 200' });
	});

	it('refuses an endpoint that is not configured', async () => {
		const p = plan([step('r', 'http.request', 'read', { endpoint: 'deleteEverything' })]);
		const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(execution.outcome).toBe('refused');
		expect(execution.steps[0].error).toContain('is not a configured endpoint (orderById, cancelOrder)');
	});

	it('never retries a write that has no idempotency key or ledger, even on 429', async () => {
		for (const kind of [503, 429, 'timeout'] as const) {
			shop.inject({ method: 'POST', path: '/admin/api/2025-01/orders/5001/cancel.json', times: 1, kind });
			const p = plan([step('w', 'http.request', 'write', { endpoint: 'cancelOrder', params: { id: 5001 }, body: { reason: 'customer' } })]);
			const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
			expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
			expect(execution.steps[0].error).toContain('not retried: this write has no idempotency key or ledger');
		}
		expect(shop.writes).toHaveLength(0);
	});

	it('surfaces 4xx from the configured API', async () => {
		const p = plan([step('r', 'http.request', 'read', { endpoint: 'orderById', params: { id: 9 } })]);
		const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(execution.steps[0].error).toContain('answered 404: Not Found');
	});
});

describe('MCP connector against a real MCP server', () => {
	it('lists the server tools', async () => {
		expect((await session.listTools()).map((t) => t.name).sort()).toEqual(['issue_store_credit', 'lookup_order']);
	});

	it('calls a read tool and keeps structured ids', async () => {
		const p = plan([step('r', 'mcp.store.lookup_order', 'read', { order_id: 'A-1' })]);
		const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', responseSummary: 'MCP store/lookup_order: order A-1: shipped, 30 USD', externalIds: { orderId: 'A-1' } });
	});

	it('a write with a key argument is not repeated by a re-run', async () => {
		const p = plan([step('w', 'mcp.store.issue_store_credit', 'write', { customer_email: 'c@example.com', amount: 10, currency: 'USD' })]);
		const first = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		const second = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(first.execution.steps[0].status).toBe('succeeded');
		expect(second.execution.steps[0].status).toBe('already_done');
		expect(mcp.writes).toHaveLength(1);
		expect(mcp.writes[0].key).toBe(first.execution.steps[0].idempotencyKey);
	});

	it('a tool error fails the step without retry', async () => {
		mcp.failNext.issue_store_credit = 1;
		const p = plan([step('w', 'mcp.nokeys.issue_store_credit', 'write', { customer_email: 'c@example.com', amount: 10, currency: 'USD' })]);
		const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(execution.steps[0].error).toContain('reported an error: credit service unavailable');
	});

	it('a tool the operator did not mark as read-only cannot be declared a read', async () => {
		const p = plan([step('w', 'mcp.nokeys.lookup_order', 'read', { order_id: 'A-1' })]);
		const { execution } = await executePlan(input(p, { connectors }, { scope }), fakeClock().options);
		expect(execution.outcome).toBe('refused');
	});

	it('the server refuses a client without its token', async () => {
		await expect(connectMcpServer(mcp.url, { headers: { authorization: 'Bearer wrong' } })).rejects.toThrow();
	});
});
