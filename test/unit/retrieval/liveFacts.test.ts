import { LiveFact, TicketSection, type Ticket } from '../../../engine/contracts';
import { createFetchHttpClient, type HttpClient } from '../../../engine/execution';
import { lookupLiveFacts, readOnlyClient, WriteRefusedError, type LiveFactSources } from '../../../engine/retrieval';
import { ShopifyStandIn, StripeStandIn } from '../../stand-ins';
import { NOW } from '../../support/caseFiles';

const SHOP_TOKEN = ['shpat', 'livefacts0001'].join('_');
const STRIPE_KEY = ['sk', 'test', 'livefacts0002'].join('_');

let shopify: ShopifyStandIn;
let stripe: StripeStandIn;
let sources: LiveFactSources;

function ticket(o: Partial<Ticket> = {}): Ticket {
	return TicketSection.parse({ id: 't-1', source: 'custom', message: 'Where is my order?', customer: { email: 'sam@example.com' }, receivedAt: NOW.toISOString(), ...o });
}

const lookup = async (t: Ticket, s: LiveFactSources = sources) => await lookupLiveFacts(t, s, { now: () => NOW, timeoutMs: 2000 });

beforeAll(async () => {
	shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
	stripe = await new StripeStandIn(STRIPE_KEY).start();
	sources = {
		shopify: { client: createFetchHttpClient({ baseUrl: shopify.url, authHeaders: { 'x-shopify-access-token': SHOP_TOKEN } }), apiVersion: '2025-01' },
		stripe: { client: createFetchHttpClient({ baseUrl: stripe.url, authHeaders: { authorization: `Bearer ${STRIPE_KEY}` } }) },
	};
});
afterAll(async () => {
	await Promise.all([shopify.close(), stripe.close()]);
});
beforeEach(() => {
	shopify.orders.clear();
	shopify.requests.length = 0;
	shopify.writes.length = 0;
	shopify.clearFaults();
	stripe.reset();
	// A small order name and a large order id, as a real shop has them.
	shopify.addOrder({ id: 5823957483821, name: '#1001', total_price: '49.90', email: 'sam@example.com' });
	shopify.addOrder({ id: 5823957483822, name: '#1002', total_price: '12.00', cancelled_at: '2026-03-01T00:00:00.000Z' });
});
afterEach(() => {
	// Whatever happened in a test, a lookup never changed anything at a vendor.
	expect(shopify.writes).toEqual([]);
	expect(stripe.writes).toEqual([]);
	expect(shopify.requests.every((r) => r.method === 'GET')).toBe(true);
	expect(stripe.requests.every((r) => r.method === 'GET')).toBe(true);
});

describe('lookupLiveFacts', () => {
	it('finds an order by the name the customer quotes, as a LiveFact in Shopify REST shape', async () => {
		const out = await lookup(ticket({ orderRefs: ['1001'] }));
		expect(out.problems).toEqual([]);
		expect(out.facts).toHaveLength(1);
		const fact = LiveFact.parse(out.facts[0]);
		expect(fact).toMatchObject({ kind: 'order', source: 'shopify', fetchedAt: NOW.toISOString(), data: { id: 5823957483821, name: '#1001', total_price: '49.90', email: 'sam@example.com' } });
		expect(shopify.requests.map((r) => r.path)).toEqual(['/admin/api/2025-01/orders.json']);
	});

	it('accepts "#1001" and finds a cancelled order too (status=any)', async () => {
		expect((await lookup(ticket({ orderRefs: ['#1001'] }))).facts[0].data.id).toBe(5823957483821);
		expect((await lookup(ticket({ orderRefs: ['1002'] }))).facts[0].data).toMatchObject({ id: 5823957483822, cancelled_at: '2026-03-01T00:00:00.000Z' });
	});

	it('falls back to the order id when no order has that name', async () => {
		const out = await lookup(ticket({ orderRefs: ['5823957483822'] }));
		expect(out.problems).toEqual([]);
		expect(out.facts[0].data).toMatchObject({ id: 5823957483822, name: '#1002' });
		expect(shopify.requests.map((r) => r.path)).toEqual(['/admin/api/2025-01/orders.json', '/admin/api/2025-01/orders/5823957483822.json']);
	});

	it('takes the first usable order reference only', async () => {
		const out = await lookup(ticket({ orderRefs: ['not a ref!', '1002', '1001'] }));
		expect(out.facts.map((f) => f.data.name)).toEqual(['#1002']);
	});

	it('records an unknown order as a problem, without a fact', async () => {
		const out = await lookup(ticket({ orderRefs: ['9999'] }));
		expect(out.facts).toEqual([]);
		expect(out.problems).toEqual(['order 9999: no order with that name or id']);
		// ...and as a failure with its source, which the node records in context as a lookupFailed fact.
		expect(out.failures).toEqual([{ source: 'shopify', lookup: 'order 9999', error: 'no order with that name or id', at: NOW.toISOString() }]);
	});

	it('records 429 and 5xx answers and transport errors instead of throwing', async () => {
		shopify.inject({ path: '/admin/api/2025-01/orders.json', times: 1, kind: 429 });
		const limited = await lookup(ticket({ orderRefs: ['1001'] }));
		expect(limited.facts).toEqual([]);
		expect(limited.problems).toEqual(['order 1001: GET /admin/api/2025-01/orders.json answered 429']);

		shopify.inject({ path: '/admin/api/2025-01/orders.json', times: 1, kind: 503 });
		expect((await lookup(ticket({ orderRefs: ['1001'] }))).problems).toEqual(['order 1001: GET /admin/api/2025-01/orders.json answered 503']);

		const down: HttpClient = { request: async () => Promise.reject(new Error('connection refused')) };
		const out = await lookup(ticket({ orderRefs: ['1001'] }), { shopify: { client: down } });
		expect(out.problems).toEqual(['order 1001: GET /admin/api/2025-01/orders.json failed: connection refused']);
	});

	it('looks up a Stripe charge the message quotes, and a payment intent\'s charge', async () => {
		stripe.addCharge({ id: 'ch_3PabcDEF123', amount: 4990, currency: 'eur', paymentIntent: 'pi_3PabcDEF999' });
		const byCharge = await lookup(ticket({ message: 'I was charged twice, see ch_3PabcDEF123 on my statement' }));
		expect(byCharge.problems).toEqual([]);
		expect(byCharge.facts).toEqual([{ kind: 'charge', source: 'stripe', fetchedAt: NOW.toISOString(), data: expect.objectContaining({ id: 'ch_3PabcDEF123', amount: 4990 }) }]);
		const byIntent = await lookup(ticket({ message: 'Payment pi_3PabcDEF999 went through twice' }));
		expect(byIntent.facts[0]).toMatchObject({ kind: 'charge', data: { id: 'ch_3PabcDEF123' } });
		const missing = await lookup(ticket({ message: 'What about ch_3PnotThere00?' }));
		expect(missing.facts).toEqual([]);
		expect(missing.problems).toEqual(['charge ch_3PnotThere00: not found (404)']);
	});

	it('reads only from the sources it is given, and nothing when the ticket names nothing', async () => {
		expect(await lookup(ticket({ orderRefs: ['1001'] }), {})).toEqual({ facts: [], failures: [], problems: [] });
		expect(await lookup(ticket())).toEqual({ facts: [], failures: [], problems: [] });
		expect(shopify.requests).toEqual([]);
	});

	it('refuses anything but GET before it reaches the vendor', async () => {
		const client = readOnlyClient(sources.shopify!.client);
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
			await expect(client.request({ method, url: '/admin/api/2025-01/orders/5823957483821/cancel.json', body: '{}', timeoutMs: 1000 })).rejects.toBeInstanceOf(WriteRefusedError);
		}
		expect(shopify.requests).toEqual([]);
		expect(shopify.orders.get(5823957483821)!.cancelled_at).toBeNull();
	});
});
