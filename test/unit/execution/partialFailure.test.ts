import { executePlan } from '../../../engine/execution';
import { fakeClock, input, plan, startVendors, step, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	for (const s of [v.zendesk, v.shopify, v.stripe]) {
		s.clearFaults();
		s.writes.length = 0;
	}
	v.zendesk.tickets.clear();
	v.zendesk.addTicket({ id: 4242, priority: 'normal', tags: ['vip'] });
	v.stripe.reset();
	v.stripe.addCharge({ id: 'ch_1', amount: 5000, currency: 'usd' });
});

const refundFails = step('refund', 'stripe.createRefund', 'write', { chargeId: 'ch_missing', amount: 20, currency: 'usd' });

describe('a failed step stops the plan', () => {
	it('compensates completed writes in reverse and never reports completed', async () => {
		const p = plan([
			step('tag', 'zendesk.updateTicket', 'write', { priority: 'high', tags: ['refund_pending'] }),
			refundFails,
			step('reply', 'zendesk.publicReply', 'write', { body: 'Refunded.' }),
		]);
		const { execution, escalation } = await executePlan(input(p, v), fakeClock().options);
		expect(execution.steps.map((s) => s.status)).toEqual(['compensated', 'failed', 'not_run']);
		expect(execution.compensations).toHaveLength(1);
		expect(execution.compensations[0]).toMatchObject({ stepId: 'tag#compensation', tool: 'zendesk.updateTicket', status: 'succeeded' });
		const t = v.zendesk.tickets.get(4242)!;
		expect(t.priority).toBe('normal');
		expect(t.tags).not.toContain('refund_pending');
		expect(t.comments).toHaveLength(0);
		expect(execution.outcome).toBe('failed');
		expect(escalation).toMatchObject({ code: 'execution', field: 'support.execution.steps[1]' });
		expect(escalation?.reason).toContain('No completed write of this plan remains in effect');
	});

	it('is partial when a completed write has no compensation', async () => {
		const p = plan([step('note', 'zendesk.addInternalNote', 'write', { body: 'Refund started' }), refundFails, step('after', 'zendesk.getTicket', 'read', {})]);
		const { execution, escalation } = await executePlan(input(p, v), fakeClock().options);
		expect(execution.steps.map((s) => s.status)).toEqual(['succeeded', 'failed', 'not_run']);
		expect(execution.compensations).toEqual([]);
		expect(execution.outcome).toBe('partial');
		expect(escalation?.reason).toContain('Done by this run and not undone: note (zendesk.addInternalNote)');
	});

	it('runs a compensation the plan declares', async () => {
		const p = plan([
			step('note', 'zendesk.addInternalNote', 'write', { body: 'Refund started' }, { compensation: { tool: 'zendesk.addInternalNote', args: { body: 'Refund did NOT go through; ignore the note above.' } } }),
			refundFails,
		]);
		const { execution } = await executePlan(input(p, v), fakeClock().options);
		expect(execution.steps[0].status).toBe('compensated');
		expect(execution.compensations[0].status).toBe('succeeded');
		expect(v.zendesk.tickets.get(4242)!.comments.map((c) => c.body)).toEqual(['Refund started', 'Refund did NOT go through; ignore the note above.']);
		expect(execution.outcome).toBe('failed');
	});

	it('a compensation outside the scope is refused, and the outcome stays partial', async () => {
		const p = plan([step('note', 'zendesk.addInternalNote', 'write', { body: 'x' }, { compensation: { tool: 'shopify.cancelOrder', args: { orderId: '1' } } }), refundFails]);
		const { execution } = await executePlan(input(p, v, { scope: { allowedTools: ['zendesk.*', 'stripe.*'], writeTools: ['zendesk.*', 'stripe.*'], amountCaps: [{ currency: 'usd', max: 100 }] } }), fakeClock().options);
		expect(execution.compensations[0]).toMatchObject({ status: 'refused' });
		expect(execution.outcome).toBe('partial');
	});

	it('a re-run that stops early still records the writes an earlier, crashed run did', async () => {
		v.shopify.orders.clear();
		v.shopify.addOrder({ id: 5001, total_price: '60.00' });
		const p = plan([
			step('charge', 'stripe.getCharge', 'read', { chargeId: 'ch_1' }),
			step('refund', 'stripe.createRefund', 'write', { chargeId: 'ch_1', amount: 5, currency: 'usd' }),
			step('shop', 'shopify.refundOrder', 'write', { orderId: '5001', amount: 5, currency: 'USD' }),
			step('note', 'zendesk.addInternalNote', 'write', { body: 'refunded' }),
		]);
		const first = await executePlan(input(p, v), fakeClock().options);
		expect(first.execution.outcome).toBe('completed');
		v.stripe.inject({ method: 'GET', path: '/v1/charges/ch_1', times: 50, kind: 503 });
		v.zendesk.inject({ method: 'GET', path: '/api/v2/tickets/4242.json', times: 50, kind: 500 });
		const again = await executePlan(input(p, v), fakeClock().options);
		expect(again.execution.steps.map((s) => s.status)).toEqual(['failed', 'already_done', 'already_done', 'not_run']);
		expect(again.execution.steps[1].externalIds.refundId).toBe(v.stripe.refunds[0].id);
		expect(again.execution.steps[3].error).toContain('could not check whether an earlier run did it');
		expect(again.execution.outcome).toBe('partial');
		expect(v.stripe.refunds).toHaveLength(1);
		expect(v.shopify.orders.get(5001)!.refunds).toHaveLength(1);
	});
});
