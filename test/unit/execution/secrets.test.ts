import { createFetchHttpClient, executePlan } from '../../../engine/execution';
import { fakeClock, input, plan, CANARY, startVendors, step, ZENDESK_AUTH, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());

const everything = plan([
	step('a', 'zendesk.getTicket', 'read', {}),
	step('b', 'stripe.getCharge', 'read', { chargeId: 'ch_1' }),
	step('c', 'shopify.refundOrder', 'write', { orderId: '5001', amount: 10, currency: 'USD' }),
	step('d', 'stripe.createRefund', 'write', { chargeId: 'ch_1', amount: 10, currency: 'usd' }),
	step('e', 'zendesk.addInternalNote', 'write', { body: 'done' }),
]);

function assertNoSecrets(result: unknown): void {
	const text = JSON.stringify(result);
	for (const secret of [...Object.values(CANARY), ZENDESK_AUTH, ZENDESK_AUTH.slice(6)]) expect(text).not.toContain(secret);
}

describe('no credential ever appears in what the executor returns', () => {
	beforeEach(() => {
		v.zendesk.tickets.clear();
		v.zendesk.addTicket({ id: 4242 });
		v.shopify.orders.clear();
		v.shopify.addOrder({ id: 5001, total_price: '60.00' });
		v.stripe.reset();
		v.stripe.addCharge({ id: 'ch_1', amount: 5000, currency: 'usd' });
	});

	it.each(['shadow', 'suggest', 'auto'] as const)('%s mode, success path', async (mode) => {
		const result = await executePlan(input(everything, v, { mode }), fakeClock().options);
		expect(result.execution.steps.length).toBe(5);
		assertNoSecrets(result);
	});

	it('failures: 401s, 5xx and timeouts', async () => {
		v.stripe.inject({ path: '/v1/*', times: 20, kind: 'timeout' });
		v.shopify.inject({ path: '*', times: 20, kind: 500 });
		const result = await executePlan(input(everything, v), fakeClock().options);
		expect(result.execution.outcome).not.toBe('completed');
		assertNoSecrets(result);
		v.stripe.clearFaults();
		v.shopify.clearFaults();
		const wrong = {
			zendesk: { client: createFetchHttpClient({ baseUrl: v.zendesk.url, authHeaders: { authorization: `Basic ${CANARY.zendesk}x` } }) },
			shopify: { client: createFetchHttpClient({ baseUrl: v.shopify.url, authHeaders: { 'x-shopify-access-token': `${CANARY.shopify}x` } }) },
			stripe: { client: createFetchHttpClient({ baseUrl: v.stripe.url, authHeaders: { authorization: `Bearer ${CANARY.stripe}x` } }) },
		};
		const denied = await executePlan(input(everything, { connectors: wrong }), fakeClock().options);
		expect(denied.execution.steps[0].error).toContain('401');
		assertNoSecrets(denied);
	});
});
