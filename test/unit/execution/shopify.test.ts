import { executePlan } from '../../../engine/execution';
import { inProcessKeyLock } from '../../../engine/execution/keyLock';
import { fakeClock, input, plan, startVendors, step, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	v.shopify.reset();
	v.shopify.addOrder({ id: 5001, total_price: '60.00' });
});

const P = '/admin/api/2025-01/orders/5001';
const GQL = '/admin/api/2026-01/graphql.json';
const refund = plan([step('s1', 'shopify.refundOrder', 'write', { orderId: '5001', amount: 25, currency: 'USD', reason: 'Damaged item' })]);

describe('Shopify connector against its stand-in', () => {
	it('reads an order', async () => {
		const { execution } = await executePlan(input(plan([step('r', 'shopify.getOrder', 'read', { orderId: '5001' })]), v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', responseSummary: 'order #5001: paid, total 60.00 USD' });
	});

	it('refunds through GraphQL refundCreate with our key as @idempotent, against the calculated parent transaction, with the ledger marker in the note', async () => {
		const { execution } = await executePlan(input(refund, v), fakeClock().options);
		expect(execution.outcome).toBe('completed');
		const s = execution.steps[0];
		expect(s.status).toBe('succeeded');
		const order = v.shopify.orders.get(5001)!;
		expect(order.refunds).toHaveLength(1);
		expect(order.refunds[0].note).toBe(`Damaged item [sc_${s.idempotencyKey!.slice(0, 16)}] [ticket:4242]`);
		expect(order.refunds[0].transactions[0]).toMatchObject({ amount: '25.00', parent_id: 50011, kind: 'refund' });
		expect(s.externalIds).toEqual({ orderId: '5001', refundId: String(order.refunds[0].id) });
		expect(order.financial_status).toBe('partially_refunded');
		expect(v.shopify.writes).toEqual([{ method: 'POST', path: GQL, key: `sc_${s.idempotencyKey!.slice(0, 16)}`, objectId: String(order.refunds[0].id) }]);
	});

	it('two runs of one ticket at once: one refund, recorded by one run; the other finds it done', async () => {
		v.shopify.holdWritesMs = 200;
		const [a, b] = await Promise.all([executePlan(input(refund, v), fakeClock().options), executePlan(input(refund, v), fakeClock().options)]);
		expect([a, b].map((r) => r.execution.steps[0].status).sort()).toEqual(['already_done', 'succeeded']);
		expect(v.shopify.orders.get(5001)!.refunds).toHaveLength(1);
		expect(a.execution.steps[0].externalIds.refundId).toBe(b.execution.steps[0].externalIds.refundId);
	});

	it('without our lock (two processes that do not share one), Shopify\'s @idempotent still makes one refund: the second gets IDEMPOTENCY_CONCURRENT_REQUEST, retries, and finds it done', async () => {
		v.shopify.holdWritesMs = 200;
		// Real waits: the retry must come after the first request finished executing.
		const own = () => ({ ...fakeClock().options, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), lock: inProcessKeyLock() });
		const [a, b] = await Promise.all([executePlan(input(refund, v), own()), executePlan(input(refund, v), own())]);
		expect([a, b].map((r) => r.execution.steps[0].status).sort()).toEqual(['already_done', 'succeeded']);
		expect(v.shopify.orders.get(5001)!.refunds).toHaveLength(1);
		expect(v.shopify.writes).toHaveLength(1);
		// both sent; the loser's retry read the ledger first and sent nothing more
		expect(v.shopify.requests.filter((r) => r.path === GQL)).toHaveLength(2);
		expect([a, b].find((r) => r.execution.steps[0].status === 'already_done')!.execution.steps[0].attempts).toBe(2);
	});

	it('a re-run finds the refund by its marker and creates no second one', async () => {
		await executePlan(input(refund, v), fakeClock().options);
		const again = await executePlan(input(refund, v), fakeClock().options);
		expect(again.execution.steps[0].status).toBe('already_done');
		expect(v.shopify.orders.get(5001)!.refunds).toHaveLength(1);
		expect(v.shopify.writes).toHaveLength(1);
	});

	it('a refund whose answer timed out is found on the ledger re-check', async () => {
		v.shopify.inject({ method: 'POST', path: GQL, times: 1, kind: 'commit-then-timeout' });
		const { execution } = await executePlan(input(refund, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(v.shopify.writes).toHaveLength(1);
	});

	it('honours Retry-After "2.0" on 429', async () => {
		v.shopify.inject({ method: 'POST', path: `${P}/refunds/calculate.json`, times: 1, kind: 429, retryAfter: '2.0' });
		const clock = fakeClock();
		const { execution } = await executePlan(input(refund, v), clock.options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(clock.sleeps).toEqual([2000]);
	});

	it('retries 503 and a reset', async () => {
		v.shopify.inject({ method: 'GET', path: `${P}/refunds.json`, times: 1, kind: 503 });
		v.shopify.inject({ method: 'POST', path: GQL, times: 1, kind: 'reset' });
		const { execution } = await executePlan(input(refund, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
		expect(v.shopify.writes).toHaveLength(1);
	});

	it('422 when the refund exceeds what is refundable', async () => {
		const big = plan([step('s1', 'shopify.refundOrder', 'write', { orderId: '5001', amount: 90, currency: 'USD' })]);
		const { execution } = await executePlan(input(big, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(execution.steps[0].error).toContain('(refundCreate) refused: base Refund amount must be less than or equal to 60.00');
		expect(v.shopify.writes).toHaveLength(0);
	});

	it('404 for an unknown order', async () => {
		const { execution } = await executePlan(input(plan([step('r', 'shopify.getOrder', 'read', { orderId: '777' })]), v), fakeClock().options);
		expect(execution.steps[0].error).toContain('GET /admin/api/2025-01/orders/777.json answered 404: Not Found');
	});

	it('cancels once: a re-run sees cancelled_at and does not call cancel again', async () => {
		const cancel = plan([step('c', 'shopify.cancelOrder', 'write', { orderId: '5001', reason: 'customer' })]);
		const first = await executePlan(input(cancel, v), fakeClock().options);
		const second = await executePlan(input(cancel, v), fakeClock().options);
		expect(first.execution.steps[0].status).toBe('succeeded');
		expect(second.execution.steps[0].status).toBe('already_done');
		expect(v.shopify.writes).toHaveLength(1);
		expect(v.shopify.requests.filter((r) => r.path === GQL)).toHaveLength(1);
	});

	it('a cancel that someone else made between our ledger read and our orderCancel is recorded as theirs (already_done), not failed', async () => {
		const real = v.connectors.shopify!.client;
		const client = {
			async request(req: Parameters<typeof real.request>[0]) {
				if (req.url === GQL) v.shopify.orders.get(5001)!.cancelled_at = '2026-01-10T10:00:00Z';
				return real.request(req);
			},
		};
		const cancel = plan([step('c', 'shopify.cancelOrder', 'write', { orderId: '5001' })]);
		const { execution } = await executePlan(input(cancel, { connectors: { shopify: { client } } }), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'already_done', attempts: 2 });
		expect(v.shopify.writes).toHaveLength(0);
	});

	it('a cancel whose answer was lost is found on the ledger re-check and recorded as this run\'s', async () => {
		v.shopify.inject({ method: 'POST', path: GQL, times: 1, kind: 'commit-then-reset' });
		const cancel = plan([step('c', 'shopify.cancelOrder', 'write', { orderId: '5001' })]);
		const { execution } = await executePlan(input(cancel, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(v.shopify.writes).toHaveLength(1);
	});
});
