/**
 * The sample shop `npm start` keeps inside n8n (a Data Table), so the pipeline template shows real
 * resolutions with no API key. Dates are relative to `now` and re-written on every start, so an order
 * "delivered 5 days ago" is still inside the 30-day return window next month. The outcome bench
 * (bench/outcomes.ts) and the e2e tests use the same data, and the Shopify stand-in mirrors it where
 * auto-mode writes happen.
 */

export const SAMPLE_TABLE = 'Support sample orders';

/** Data Table columns (name, n8n column type), in the order the seeding workflow creates them. */
export const SAMPLE_COLUMNS: Array<{ name: string; type: 'string' | 'number' | 'date' }> = [
	{ name: 'order_number', type: 'string' },
	{ name: 'order_id', type: 'string' },
	{ name: 'status', type: 'string' },
	{ name: 'payment_status', type: 'string' },
	{ name: 'fulfillment_status', type: 'string' },
	{ name: 'tracking_number', type: 'string' },
	{ name: 'carrier', type: 'string' },
	{ name: 'ordered_at', type: 'string' },
	{ name: 'delivered_at', type: 'string' },
	{ name: 'cancelled_at', type: 'string' },
	{ name: 'total', type: 'number' },
	{ name: 'currency', type: 'string' },
	{ name: 'customer_email', type: 'string' },
	{ name: 'customer_name', type: 'string' },
	{ name: 'items', type: 'string' },
	{ name: 'payment_id', type: 'string' },
];

export interface SampleCustomer {
	name: string;
	email: string;
}

export const CUSTOMERS = {
	jane: { name: 'Jane Doe', email: 'jane@example.com' },
	tom: { name: 'Tom Becker', email: 'tom.becker@example.com' },
	ana: { name: 'Ana García', email: 'ana.garcia@example.com' },
	lukas: { name: 'Lukas Meyer', email: 'lukas.meyer@example.de' },
	marie: { name: 'Marie Dubois', email: 'marie.dubois@example.fr' },
	priya: { name: 'Priya Shah', email: 'priya.shah@example.com' },
	sam: { name: 'Sam Lee', email: 'sam.lee@example.com' },
	olivia: { name: 'Olivia Brown', email: 'olivia.brown@example.com' },
} satisfies Record<string, SampleCustomer>;
export type CustomerKey = keyof typeof CUSTOMERS;

/** What state an order is in; the bench's expectations are derived from it. */
export type OrderState = 'unshipped' | 'in_transit' | 'delivered' | 'cancelled' | 'refunded';

export interface SampleOrder {
	number: string;
	customer: CustomerKey;
	state: OrderState;
	/** Days before now: ordered, and (for delivered and refunded orders) delivered. */
	orderedDaysAgo: number;
	deliveredDaysAgo?: number;
	total: number;
	currency: 'EUR' | 'USD' | 'GBP';
	items: string;
}

/** Thirty orders: every state, return and damage windows on both sides of their edges, refunds over the cap. */
export const SAMPLE_ORDERS: SampleOrder[] = [
	{ number: '5501', customer: 'tom', state: 'unshipped', orderedDaysAgo: 1, total: 39.9, currency: 'EUR', items: '1x Espresso cups (set of 2)' },
	{ number: '5502', customer: 'tom', state: 'in_transit', orderedDaysAgo: 4, total: 24.5, currency: 'EUR', items: '1x Linen napkins' },
	{ number: '5503', customer: 'tom', state: 'delivered', orderedDaysAgo: 9, deliveredDaysAgo: 5, total: 59, currency: 'EUR', items: '1x Table lamp' },
	{ number: '5504', customer: 'ana', state: 'delivered', orderedDaysAgo: 50, deliveredDaysAgo: 45, total: 79, currency: 'EUR', items: '1x Wool blanket' },
	{ number: '5505', customer: 'ana', state: 'cancelled', orderedDaysAgo: 6, total: 19.9, currency: 'EUR', items: '2x Tea towel' },
	{ number: '5506', customer: 'ana', state: 'refunded', orderedDaysAgo: 20, deliveredDaysAgo: 15, total: 45, currency: 'EUR', items: '1x Ceramic vase' },
	{ number: '5507', customer: 'lukas', state: 'delivered', orderedDaysAgo: 12, deliveredDaysAgo: 8, total: 64.9, currency: 'EUR', items: '1x Desk organiser' },
	{ number: '5508', customer: 'lukas', state: 'unshipped', orderedDaysAgo: 1, total: 29.9, currency: 'EUR', items: '3x Notebook A5' },
	{ number: '5509', customer: 'marie', state: 'in_transit', orderedDaysAgo: 3, total: 34, currency: 'EUR', items: '1x Scented candle' },
	{ number: '5510', customer: 'marie', state: 'delivered', orderedDaysAgo: 25, deliveredDaysAgo: 20, total: 89, currency: 'EUR', items: '1x Cast-iron pan' },
	{ number: '5511', customer: 'priya', state: 'delivered', orderedDaysAgo: 6, deliveredDaysAgo: 2, total: 149, currency: 'EUR', items: '1x Coffee grinder' },
	{ number: '5512', customer: 'priya', state: 'unshipped', orderedDaysAgo: 2, total: 18, currency: 'EUR', items: '1x Oven mitt' },
	{ number: '5513', customer: 'sam', state: 'in_transit', orderedDaysAgo: 5, total: 49, currency: 'USD', items: '1x Water bottle' },
	{ number: '5514', customer: 'sam', state: 'delivered', orderedDaysAgo: 33, deliveredDaysAgo: 28, total: 42, currency: 'USD', items: '1x Yoga mat' },
	{ number: '5515', customer: 'sam', state: 'delivered', orderedDaysAgo: 38, deliveredDaysAgo: 33, total: 55, currency: 'USD', items: '1x Running cap' },
	{ number: '5516', customer: 'olivia', state: 'cancelled', orderedDaysAgo: 9, total: 27, currency: 'GBP', items: '1x Picture frame' },
	{ number: '5517', customer: 'olivia', state: 'delivered', orderedDaysAgo: 15, deliveredDaysAgo: 10, total: 36, currency: 'GBP', items: '1x Glass teapot' },
	{ number: '5518', customer: 'olivia', state: 'delivered', orderedDaysAgo: 22, deliveredDaysAgo: 18, total: 58, currency: 'GBP', items: '2x Porcelain bowl' },
	{ number: '5519', customer: 'jane', state: 'delivered', orderedDaysAgo: 7, deliveredDaysAgo: 3, total: 49.9, currency: 'EUR', items: '1x Running shoes' },
	{ number: '5520', customer: 'jane', state: 'unshipped', orderedDaysAgo: 1, total: 22, currency: 'EUR', items: '1x Sports socks (3 pairs)' },
	{ number: '5521', customer: 'lukas', state: 'refunded', orderedDaysAgo: 30, deliveredDaysAgo: 25, total: 33, currency: 'EUR', items: '1x Bread knife' },
	{ number: '5522', customer: 'marie', state: 'unshipped', orderedDaysAgo: 2, total: 72, currency: 'EUR', items: '1x Salad bowl' },
	{ number: '5523', customer: 'priya', state: 'in_transit', orderedDaysAgo: 6, total: 26, currency: 'EUR', items: '1x Herb planter' },
	{ number: '5524', customer: 'sam', state: 'cancelled', orderedDaysAgo: 4, total: 15, currency: 'USD', items: '1x Phone stand' },
	{ number: '5525', customer: 'tom', state: 'delivered', orderedDaysAgo: 70, deliveredDaysAgo: 65, total: 95, currency: 'EUR', items: '1x Rain jacket' },
	{ number: '5526', customer: 'olivia', state: 'unshipped', orderedDaysAgo: 1, total: 31, currency: 'GBP', items: '1x Cushion cover' },
	{ number: '5527', customer: 'ana', state: 'in_transit', orderedDaysAgo: 3, total: 68, currency: 'EUR', items: '1x Bath towels (set)' },
	{ number: '5528', customer: 'lukas', state: 'delivered', orderedDaysAgo: 5, deliveredDaysAgo: 1, total: 120, currency: 'EUR', items: '1x Headphones' },
	{ number: '5529', customer: 'marie', state: 'delivered', orderedDaysAgo: 8, deliveredDaysAgo: 4, total: 26.5, currency: 'EUR', items: '1x Olive oil gift set' },
	{ number: '5531', customer: 'jane', state: 'in_transit', orderedDaysAgo: 6, total: 119, currency: 'EUR', items: '1x Leather shoes' },
];

/** Order numbers no sample order has (the bench's "not found" tickets). */
export const MISSING_ORDER_NUMBERS = ['5530', '5599', '4417'];

const DAY = 86_400_000;
const iso = (now: Date, daysAgo: number | undefined) => (daysAgo === undefined ? null : new Date(now.getTime() - daysAgo * DAY).toISOString());

/** The order id the sample shop (and the Shopify stand-in mirroring it) gives an order number. */
export const sampleOrderId = (number: string) => `90000${number}`;
export const sampleTracking = (number: string) => `DHL-00${number}77`;

/** One Data Table row per sample order, with dates relative to `now`. */
export function sampleRows(now: Date = new Date()): Array<Record<string, string | number | null>> {
	return SAMPLE_ORDERS.map((o) => {
		const shipped = o.state === 'in_transit' || o.state === 'delivered' || o.state === 'refunded';
		const customer = CUSTOMERS[o.customer];
		return {
			order_number: o.number,
			order_id: sampleOrderId(o.number),
			status: o.state === 'cancelled' ? 'cancelled' : o.state === 'delivered' || o.state === 'refunded' ? 'closed' : 'open',
			payment_status: o.state === 'refunded' ? 'refunded' : o.state === 'cancelled' ? 'voided' : 'paid',
			fulfillment_status: shipped ? 'fulfilled' : 'unfulfilled',
			tracking_number: shipped ? sampleTracking(o.number) : null,
			carrier: shipped ? 'DHL' : null,
			ordered_at: iso(now, o.orderedDaysAgo),
			delivered_at: o.state === 'delivered' || o.state === 'refunded' ? iso(now, o.deliveredDaysAgo) : null,
			cancelled_at: o.state === 'cancelled' ? iso(now, Math.max(0, o.orderedDaysAgo - 1)) : null,
			total: o.total,
			currency: o.currency,
			customer_email: customer.email,
			customer_name: customer.name,
			items: o.items,
			payment_id: `pi_sample${o.number}`,
		};
	});
}
