/**
 * Loopback stand-in for the Shopify Admin REST API (2025-01): orders (by id, and the list filtered
 * by `name`; like Shopify, the list holds open orders unless `status=any`), refunds (+ calculate) and
 * cancel, with Shopify's error shapes (401 "[API] Invalid API key or access token", 404
 * {"errors":"Not Found"}, 422 {"errors":{...}}, 429 with Retry-After "2.0"). REST has no
 * idempotency key: a repeated refund POST creates a second refund.
 */
import type { IncomingMessage } from 'node:http';
import { jsonParse, StandIn, type StandInRequest, type StandInResponse } from './base';

export interface ShopifyRefund {
	id: number;
	order_id: number;
	note: string | null;
	created_at: string;
	transactions: Array<{ id: number; kind: 'refund'; status: 'success'; amount: string; parent_id: number; gateway: string; currency: string }>;
}

export interface ShopifyOrder {
	id: number;
	name: string;
	email: string;
	currency: string;
	total_price: string;
	financial_status: string;
	cancelled_at: string | null;
	cancel_reason: string | null;
	transactions: Array<{ id: number; kind: 'sale'; amount: string; gateway: string }>;
	refunds: ShopifyRefund[];
}

export class ShopifyStandIn extends StandIn {
	readonly orders = new Map<number, ShopifyOrder>();

	constructor(
		private readonly accessToken: string,
		readonly apiVersion = '2025-01',
	) {
		super();
	}

	addOrder(o: Partial<ShopifyOrder> & { id: number; total_price: string }): ShopifyOrder {
		const order: ShopifyOrder = {
			name: `#${o.id}`,
			email: 'customer@example.com',
			currency: 'USD',
			financial_status: 'paid',
			cancelled_at: null,
			cancel_reason: null,
			transactions: [{ id: o.id * 10 + 1, kind: 'sale', amount: o.total_price, gateway: 'shopify_payments' }],
			refunds: [],
			...o,
		};
		this.orders.set(order.id, order);
		return order;
	}

	refundedTotal(order: ShopifyOrder): number {
		return order.refunds.reduce((sum, r) => sum + r.transactions.reduce((s, t) => s + parseFloat(t.amount), 0), 0);
	}

	protected authorized(headers: IncomingMessage['headers']): boolean {
		return headers['x-shopify-access-token'] === this.accessToken;
	}
	protected unauthorized(): StandInResponse {
		return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
	}
	protected rateLimited(retryAfter = '2.0'): StandInResponse {
		return { status: 429, headers: { 'retry-after': retryAfter }, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } };
	}
	protected serverError(status: number): StandInResponse {
		return { status, body: { errors: status === 503 ? 'Service Unavailable' : 'Internal Server Error' } };
	}

	private orderView(o: ShopifyOrder) {
		const rest: Partial<ShopifyOrder> = { ...o };
		delete rest.transactions;
		return rest;
	}

	/**
	 * GET orders.json: Shopify's default `status` is `open` (not cancelled); `name` matches the order
	 * name with or without its "#" (customers write "1001", the name is "#1001").
	 */
	private listOrders(query: URLSearchParams): StandInResponse {
		const status = query.get('status') ?? 'open';
		const wanted = query.get('name')?.trim().replace(/^#/, '').toLowerCase();
		const orders = [...this.orders.values()].filter((o) => {
			if (status === 'open' && o.cancelled_at) return false;
			if (status === 'cancelled' && !o.cancelled_at) return false;
			return wanted === undefined || o.name.replace(/^#/, '').toLowerCase() === wanted;
		});
		return { status: 200, body: { orders: orders.map((o) => this.orderView(o)) } };
	}

	protected handle(req: StandInRequest): StandInResponse {
		if (req.method === 'GET' && req.path === `/admin/api/${this.apiVersion}/orders.json`) return this.listOrders(req.query);
		const prefix = `/admin/api/${this.apiVersion}/orders/`;
		if (!req.path.startsWith(prefix)) return { status: 404, body: { errors: 'Not Found' } };
		const m = /^(\d+)(\.json|\/refunds\.json|\/refunds\/calculate\.json|\/cancel\.json)$/.exec(req.path.slice(prefix.length));
		if (!m) return { status: 404, body: { errors: 'Not Found' } };
		const order = this.orders.get(Number(m[1]));
		if (!order) return { status: 404, body: { errors: 'Not Found' } };
		const route = `${req.method} ${m[2]}`;
		const refundable = Math.round((parseFloat(order.total_price) - this.refundedTotal(order)) * 100) / 100;
		const sale = order.transactions[0];

		switch (route) {
			case 'GET .json':
				return { status: 200, body: { order: this.orderView(order) } };
			case 'GET /refunds.json':
				return { status: 200, body: { refunds: order.refunds } };
			case 'POST /refunds/calculate.json':
				return {
					status: 200,
					body: {
						refund: {
							shipping: { amount: '0.00', tax: '0.00', maximum_refundable: '0.00' },
							refund_line_items: [],
							transactions: [
								{ order_id: order.id, kind: 'suggested_refund', gateway: sale.gateway, parent_id: sale.id, amount: '0.00', currency: order.currency, maximum_refundable: refundable.toFixed(2) },
							],
						},
					},
				};
			case 'POST /refunds.json': {
				const refund = (jsonParse(req.body).refund ?? {}) as { note?: string; transactions?: Array<{ parent_id?: number; amount?: string }> };
				const txs = refund.transactions ?? [];
				if (txs.length === 0) return { status: 422, body: { errors: { transactions: ['is required'] } } };
				const total = txs.reduce((s, t) => s + parseFloat(String(t.amount)), 0);
				if (txs.some((t) => t.parent_id !== sale.id)) return { status: 422, body: { errors: { parent_id: ['is invalid'] } } };
				if (!(total > 0) || total > refundable + 1e-9) {
					return { status: 422, body: { errors: { base: [`Refund amount must be less than or equal to ${refundable.toFixed(2)}`] } } };
				}
				const created: ShopifyRefund = {
					id: this.nextId(),
					order_id: order.id,
					note: refund.note ?? null,
					created_at: new Date().toISOString(),
					transactions: txs.map((t) => ({ id: this.nextId(), kind: 'refund', status: 'success', amount: parseFloat(String(t.amount)).toFixed(2), parent_id: sale.id, gateway: sale.gateway, currency: order.currency })),
				};
				order.refunds.push(created);
				order.financial_status = this.refundedTotal(order) >= parseFloat(order.total_price) ? 'refunded' : 'partially_refunded';
				const marker = /\[(sc_[0-9a-f]+)\]/.exec(created.note ?? '')?.[1];
				this.logWrite({ method: 'POST', path: req.path, key: marker, objectId: String(created.id) });
				return { status: 201, body: { refund: created } };
			}
			case 'POST /cancel.json': {
				if (order.cancelled_at) return { status: 422, body: { errors: { base: ['Order has already been cancelled'] } } };
				const body = jsonParse(req.body);
				order.cancelled_at = new Date().toISOString();
				order.cancel_reason = typeof body.reason === 'string' ? body.reason : 'other';
				this.logWrite({ method: 'POST', path: req.path, key: `cancel:${order.id}`, objectId: String(order.id) });
				return { status: 200, body: { order: this.orderView(order) } };
			}
			default:
				return { status: 406, body: { errors: 'Not Acceptable' } };
		}
	}
}
