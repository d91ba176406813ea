import { executePlan, UNKNOWN_OUTCOME_NOTE } from '../../../engine/execution';
import { inProcessKeyLock } from '../../../engine/execution/keyLock';
import { fakeClock, input, plan, CANARY, startVendors, step, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	v.stripe.reset();
	v.stripe.addCharge({ id: 'ch_1', amount: 5000, currency: 'usd', paymentIntent: 'pi_1' });
});

const refund = plan([step('s1', 'stripe.createRefund', 'write', { chargeId: 'ch_1', amount: 12.5, currency: 'usd', reason: 'requested_by_customer' })]);

async function post(body: string, key: string) {
	return fetch(`${v.stripe.url}/v1/refunds`, {
		method: 'POST',
		headers: { authorization: `Bearer ${CANARY.stripe}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
		body,
	});
}

describe('Stripe stand-in follows Stripe idempotency', () => {
	it('same key and parameters replay the saved response; different parameters get idempotency_error', async () => {
		const a = await post('charge=ch_1&amount=100', 'k-1');
		const b = await post('charge=ch_1&amount=100', 'k-1');
		const c = await post('charge=ch_1&amount=200', 'k-1');
		expect(a.status).toBe(200);
		expect(b.headers.get('idempotent-replayed')).toBe('true');
		expect(((await b.json()) as { id: string }).id).toBe(((await a.json()) as { id: string }).id);
		expect(c.status).toBe(400);
		expect(((await c.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
		expect(v.stripe.writes).toHaveLength(1);
	});

	it('a request whose key is still executing gets 409 idempotency_key_in_use, and nothing is saved for it', async () => {
		v.stripe.holdWritesMs = 150;
		const [a, b] = await Promise.all([post('charge=ch_1&amount=100', 'k-2'), new Promise((r) => setTimeout(r, 30)).then(() => post('charge=ch_1&amount=100', 'k-2'))]);
		expect(a.status).toBe(200);
		expect(b.status).toBe(409);
		expect(((await b.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_in_use');
		const c = await post('charge=ch_1&amount=100', 'k-2');
		expect(c.headers.get('idempotent-replayed')).toBe('true');
		expect(v.stripe.writes).toHaveLength(1);
	});
});

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('Stripe under concurrent runs of one ticket', () => {
	it('two runs that do not share a lock: the second gets 409 in progress, retries, gets the replay and records it as already_done, never as its own', async () => {
		v.stripe.holdWritesMs = 200;
		const own = () => ({ ...fakeClock().options, sleep: realSleep, lock: inProcessKeyLock() });
		const [a, b] = await Promise.all([executePlan(input(refund, v), own()), executePlan(input(refund, v), own())]);
		const statuses = [a, b].map((r) => r.execution.steps[0].status);
		expect(statuses.sort()).toEqual(['already_done', 'succeeded']);
		const loser = [a, b].find((r) => r.execution.steps[0].status === 'already_done')!.execution.steps[0];
		expect(loser.attempts).toBe(2);
		expect(loser.responseSummary).toContain('replayed by Stripe');
		expect(v.stripe.refunds).toHaveLength(1);
		expect(v.stripe.writes).toHaveLength(1);
	});

	it('two runs sharing the process lock: the second waits, and its replay is already_done', async () => {
		v.stripe.holdWritesMs = 100;
		const [a, b] = await Promise.all([executePlan(input(refund, v), fakeClock().options), executePlan(input(refund, v), fakeClock().options)]);
		expect([a, b].map((r) => r.execution.steps[0].status).sort()).toEqual(['already_done', 'succeeded']);
		expect([a, b].map((r) => r.execution.steps[0].attempts)).toEqual([1, 1]);
		expect(v.stripe.writes).toHaveLength(1);
	});
});

describe('Stripe connector against its stand-in', () => {
	it('reads a charge and a payment intent', async () => {
		const p = plan([step('a', 'stripe.getCharge', 'read', { chargeId: 'ch_1' }), step('b', 'stripe.getPaymentIntent', 'read', { paymentIntentId: 'pi_1' })]);
		const { execution } = await executePlan(input(p, v), fakeClock().options);
		expect(execution.steps.map((s) => s.responseSummary)).toEqual(['charge ch_1: 50 USD, status succeeded', 'payment intent pi_1: 50 USD, status succeeded']);
	});

	it('refunds in minor units with our Idempotency-Key', async () => {
		const { execution } = await executePlan(input(refund, v), fakeClock().options);
		const s = execution.steps[0];
		expect(s.status).toBe('succeeded');
		expect(v.stripe.refunds).toHaveLength(1);
		expect(v.stripe.refunds[0]).toMatchObject({ amount: 1250, charge: 'ch_1', metadata: { sc_key: s.idempotencyKey } });
		expect(v.stripe.writes[0].key).toBe(s.idempotencyKey);
		expect(s.externalIds.refundId).toBe(v.stripe.refunds[0].id);
	});

	it('a re-run is replayed by Stripe and recorded as already done', async () => {
		await executePlan(input(refund, v), fakeClock().options);
		const again = await executePlan(input(refund, v), fakeClock().options);
		expect(again.execution.steps[0].status).toBe('already_done');
		expect(again.execution.steps[0].responseSummary).toContain('replayed by Stripe');
		expect(v.stripe.refunds).toHaveLength(1);
	});

	it('a lost answer is retried with the same key: one refund, recorded as succeeded', async () => {
		v.stripe.inject({ method: 'POST', path: '/v1/refunds', times: 1, kind: 'commit-then-reset' });
		const { execution } = await executePlan(input(refund, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(v.stripe.refunds).toHaveLength(1);
	});

	it('honours Retry-After on 429 and retries 500', async () => {
		v.stripe.inject({ method: 'POST', path: '/v1/refunds', times: 1, kind: 429, retryAfter: '3' });
		v.stripe.inject({ method: 'POST', path: '/v1/refunds', times: 1, kind: 500 });
		const clock = fakeClock();
		const { execution } = await executePlan(input(refund, v), clock.options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
		expect(clock.sleeps[0]).toBe(3000);
		expect(v.stripe.refunds).toHaveLength(1);
	});

	it('refuses to refund in a currency other than the payment', async () => {
		const eur = plan([step('s1', 'stripe.createRefund', 'write', { chargeId: 'ch_1', amount: 10, currency: 'eur' })]);
		const { execution } = await executePlan(input(eur, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(execution.steps[0].error).toContain('payment is in USD, plan says EUR');
		expect(v.stripe.refunds).toHaveLength(0);
	});

	it('404 for an unknown charge, 400 for an over-refund', async () => {
		const missing = await executePlan(input(plan([step('r', 'stripe.getCharge', 'read', { chargeId: 'ch_nope' })]), v), fakeClock().options);
		expect(missing.execution.steps[0].error).toContain("answered 404: invalid_request_error/resource_missing: No such charge: 'ch_nope'");
		v.stripe.charges.get('ch_1')!.amount_refunded = 4900;
		const over = await executePlan(input(refund, v), fakeClock().options);
		expect(over.execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(over.execution.steps[0].error).toContain('answered 400');
	});

	it('a lost answer followed by exhausted retries is recorded as possibly applied, never as failed-and-nothing-done', async () => {
		v.stripe.inject({ method: 'POST', path: '/v1/refunds', times: 1, kind: 'commit-then-reset' });
		v.stripe.inject({ method: 'POST', path: '/v1/refunds', times: 10, kind: 429, retryAfter: '0' });
		const { execution, escalation } = await executePlan(input(refund, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 5 });
		expect(execution.steps[0].error).toContain(UNKNOWN_OUTCOME_NOTE);
		expect(execution.outcome).toBe('partial');
		expect(escalation?.reason).toContain('Check in the target system whether step s1 was applied');
		v.stripe.clearFaults();
		const again = await executePlan(input(refund, v), fakeClock().options);
		expect(again.execution.steps[0].status).toBe('already_done');
		expect(v.stripe.refunds).toHaveLength(1);
	});
});
