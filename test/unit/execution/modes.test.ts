import { executePlan } from '../../../engine/execution';
import { fakeClock, input, plan, startVendors, step, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	for (const s of [v.zendesk, v.shopify, v.stripe]) {
		s.requests.length = 0;
		s.writes.length = 0;
	}
	v.zendesk.tickets.clear();
	v.zendesk.addTicket({ id: 4242 });
	v.stripe.reset();
	v.stripe.addCharge({ id: 'ch_1', amount: 5000, currency: 'usd' });
});

const p = plan([
	step('look', 'stripe.getCharge', 'read', { chargeId: 'ch_1' }),
	step('refund', 'stripe.createRefund', 'write', { chargeId: 'ch_1', amount: 20, currency: 'usd' }),
	step('note', 'zendesk.addInternalNote', 'write', { body: 'Refunded 20 USD' }),
	step('reply', 'zendesk.publicReply', 'write', { body: 'We refunded you.' }),
]);

describe('rollout modes', () => {
	it('shadow sends nothing and records every would-be request, redacted', async () => {
		const { execution, wouldSend } = await executePlan(input(p, v, { mode: 'shadow' }), fakeClock().options);
		expect(execution).toMatchObject({ outcome: 'dry_run', dryRun: true, mode: 'shadow' });
		expect(execution.steps.every((s) => s.status === 'dry_run' && s.attempts === 0)).toBe(true);
		expect(v.zendesk.requests.length + v.stripe.requests.length).toBe(0);
		expect(wouldSend.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /v1/charges/ch_1',
			'POST /v1/refunds',
			'PUT /api/v2/tickets/4242.json',
			'PUT /api/v2/tickets/4242.json',
		]);
		expect(wouldSend[1].body).toMatchObject({ charge: 'ch_1', amount: '2000' });
		expect(execution.steps[1].responseSummary).toMatch(/^would send POST \/v1\/refunds \{"charge":"ch_1","amount":"2000"/);
	});

	it('suggest runs reads and internal notes only; other writes are dry runs', async () => {
		const { execution } = await executePlan(input(p, v, { mode: 'suggest' }), fakeClock().options);
		expect(execution.steps.map((s) => s.status)).toEqual(['succeeded', 'dry_run', 'succeeded', 'dry_run']);
		expect(execution).toMatchObject({ outcome: 'dry_run', dryRun: true });
		expect(v.stripe.writes).toHaveLength(0);
		expect(v.zendesk.tickets.get(4242)!.comments.map((c) => c.public)).toEqual([false]);
	});

	it('auto runs everything the scope allows', async () => {
		const { execution } = await executePlan(input(p, v, { mode: 'auto' }), fakeClock().options);
		expect(execution.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
		expect(execution).toMatchObject({ outcome: 'completed', dryRun: false });
		expect(v.stripe.writes).toHaveLength(1);
		expect(v.zendesk.tickets.get(4242)!.comments.map((c) => c.public)).toEqual([false, true]);
	});
});
