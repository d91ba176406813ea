import { ContractError, MappedOrderFields, contractErrorFromZod, type LiveFact } from '../contracts';
import { amount, blank, isoDate, orderItems, text } from './coerce';

/** The form's field names, in the order the node draws them: one source of truth for node and engine. */
export const ORDER_FIELD_NAMES = [
	'orderName',
	'orderId',
	'status',
	'financialStatus',
	'fulfillmentStatus',
	'trackingNumber',
	'trackingCompany',
	'trackingUrl',
	'createdAt',
	'deliveredAt',
	'cancelledAt',
	'total',
	'currency',
	'customerEmail',
	'customerName',
	'items',
	'paymentId',
] as const satisfies ReadonlyArray<keyof MappedOrderFields>;
export type OrderFieldName = (typeof ORDER_FIELD_NAMES)[number];
export type RawOrderFields = Partial<Record<OrderFieldName, unknown>>;

/** A record the lookup returned empty-handed (n8n's "Always Output Data" gives one such item). */
export function isEmptyRecord(raw: RawOrderFields): boolean {
	return blank(raw.orderName) && blank(raw.orderId);
}

const NOT_SHIPPED = new Set(['', 'null', 'unfulfilled', 'unshipped', 'not shipped', 'not_shipped', 'pending', 'open', 'processing', 'on-hold', 'restocked']);
const PARTIAL = new Set(['partial', 'partially_fulfilled', 'partially shipped']);

/** Shopify's spelling, which the playbooks read: null until shipped, 'partial', or 'fulfilled'. */
function fulfillmentStatus(f: MappedOrderFields): string | null {
	const given = f.fulfillmentStatus?.toLowerCase();
	if (given !== undefined) {
		if (NOT_SHIPPED.has(given)) return null;
		return PARTIAL.has(given) ? 'partial' : 'fulfilled';
	}
	return f.trackingNumber || f.deliveredAt ? 'fulfilled' : null;
}

/**
 * Validates an operator's mapping against the contract and returns the fact in the shape of a
 * Shopify REST order (`name`, `financial_status`, `fulfillment_status`, `fulfillments[0].tracking_number`,
 * `cancelled_at`, `total_price`, `customer.email`, `line_items`...), plus the derived fields the
 * playbooks read (`total`, `delivered_at`, `customer_email`). A mapping that breaks the contract
 * raises a ContractError naming the form field.
 */
export function mappedOrderFact(raw: RawOrderFields, source: string, fetchedAt: Date): LiveFact {
	const candidate = {
		orderName: text(raw.orderName) ?? text(raw.orderId) ?? '',
		orderId: text(raw.orderId),
		status: text(raw.status),
		financialStatus: text(raw.financialStatus),
		fulfillmentStatus: text(raw.fulfillmentStatus),
		trackingNumber: text(raw.trackingNumber),
		trackingCompany: text(raw.trackingCompany),
		trackingUrl: text(raw.trackingUrl),
		createdAt: isoDate(raw.createdAt),
		deliveredAt: isoDate(raw.deliveredAt),
		cancelledAt: isoDate(raw.cancelledAt),
		total: amount(raw.total),
		currency: text(raw.currency),
		customerEmail: text(raw.customerEmail),
		customerName: text(raw.customerName),
		items: orderItems(raw.items),
		paymentId: text(raw.paymentId),
	};
	const parsed = MappedOrderFields.safeParse(candidate);
	if (!parsed.success) {
		throw contractErrorFromZod(parsed.error, candidate, {
			base: 'order',
			layer: 'caseFacts',
			hint: 'Check how this field is mapped in the node\'s Order Fields (the expression reads the node before it).',
		});
	}
	const f = parsed.data;
	const name = /^\d+$/.test(f.orderName) ? `#${f.orderName}` : f.orderName;
	const status = f.status?.toLowerCase();
	const fulfilment = fulfillmentStatus(f);
	// A source that says "cancelled" without a date still means cancelled: the playbooks test the date.
	const cancelledAt = f.cancelledAt ?? (status === 'cancelled' || status === 'canceled' ? fetchedAt.toISOString() : null);
	const shipped = fulfilment !== null && (f.trackingNumber || f.deliveredAt);
	const data: Record<string, unknown> = {
		id: f.orderId ?? name.replace(/^#/, ''),
		name,
		...(status ? { status } : {}),
		...(f.financialStatus ? { financial_status: f.financialStatus.toLowerCase() } : {}),
		fulfillment_status: fulfilment,
		fulfillments: shipped
			? [
					{
						status: 'success',
						shipment_status: f.deliveredAt ? 'delivered' : 'in_transit',
						...(f.trackingNumber ? { tracking_number: f.trackingNumber } : {}),
						...(f.trackingCompany ? { tracking_company: f.trackingCompany } : {}),
						...(f.trackingUrl ? { tracking_url: f.trackingUrl } : {}),
						...(f.deliveredAt ? { delivered_at: f.deliveredAt } : {}),
					},
				]
			: [],
		...(f.createdAt ? { created_at: f.createdAt } : {}),
		...(f.deliveredAt ? { delivered_at: f.deliveredAt } : {}),
		cancelled_at: cancelledAt,
		...(f.total !== undefined ? { total: f.total, total_price: f.total.toFixed(2) } : {}),
		...(f.currency ? { currency: f.currency.toUpperCase() } : {}),
		...(f.customerEmail ? { customer_email: f.customerEmail, email: f.customerEmail } : {}),
		...(f.customerEmail || f.customerName ? { customer: { ...(f.customerEmail ? { email: f.customerEmail } : {}), ...(f.customerName ? { name: f.customerName } : {}) } } : {}),
		line_items: f.items.map((i) => ({ title: i.title, quantity: i.quantity })),
		...(f.paymentId ? { payment_id: f.paymentId } : {}),
		refunds: [],
	};
	return { kind: 'order', source, fetchedAt: fetchedAt.toISOString(), data };
}

/** A Shopify REST order as n8n's Shopify node returns it: stored as it is (it already is our shape). */
export function shopifyOrderFact(order: Record<string, unknown>, source: string, fetchedAt: Date): LiveFact {
	if (blank(order.name) && blank(order.id)) {
		throw new ContractError({ field: 'order.name', problem: 'is missing: the input item is not a Shopify order', layer: 'caseFacts', writer: 'caseFacts' });
	}
	return { kind: 'order', source, fetchedAt: fetchedAt.toISOString(), data: order };
}
