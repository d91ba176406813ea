/**
 * Loopback stand-in for the Shopify Admin REST API (2025-01): orders (by id, and the list filtered
 * by `name`; like Shopify, the list holds open orders unless `status=any`), refunds (+ calculate) and
 * cancel, with Shopify's error shapes (401 "[API] Invalid API key or access token", 404
 * {"errors":"Not Found"}, 422 {"errors":{...}}, 429 with Retry-After "2.0"). REST has no
 * idempotency key: a repeated refund POST creates a second refund.
 *
 * And the GraphQL Admin API writes (POST /admin/api/{2026-01 or later}/graphql.json): `refundCreate`
 * with Shopify's `@idempotent(key:)` semantics (one refund per key; the saved result returned to a
 * retry with the same variables, without any replay marker; IDEMPOTENCY_KEY_PARAMETER_MISMATCH for
 * other variables; IDEMPOTENCY_CONCURRENT_REQUEST while a request with the key is still executing,
 * which `holdWritesMs` makes observable), `orderCancel` (a job, done at once) and `job`.
 */
import type { IncomingMessage } from 'node:http';
import { jsonParse, StandIn, type StandInRequest, type StandInResponse, type WriteLogEntry } from './base';

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

type Gql = { status: number; body: Record<string, unknown> };

const gqlError = (message: string, code: string): Gql => ({ status: 200, body: { errors: [{ message, extensions: { code } }] } });

export class ShopifyStandIn extends StandIn {
	readonly orders = new Map<number, ShopifyOrder>();
	/** @idempotent keys: the variables first sent with each, and its saved result (undefined while executing). */
	private readonly idempotent = new Map<string, { fingerprint: string; result?: Gql }>();
	/** How long a GraphQL write stays executing before it is applied (0: at once). */
	holdWritesMs = 0;

	constructor(
		private readonly accessToken: string,
		readonly apiVersion = '2025-01',
	) {
		super();
	}

	/** Forgets every order, saved @idempotent result, write, request and fault (a fresh shop). */
	reset(): void {
		this.orders.clear();
		this.idempotent.clear();
		this.holdWritesMs = 0;
		this.writes.length = 0;
		this.requests.length = 0;
		this.clearFaults();
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

	/** The writes that refunded or cancelled one order, whichever API (REST or GraphQL) carried them. */
	writesForOrder(orderId: number): WriteLogEntry[] {
		const refunds = new Set((this.orders.get(orderId)?.refunds ?? []).map((r) => String(r.id)));
		return this.writes.filter((w) => refunds.has(w.objectId) || w.key === `cancel:${orderId}`);
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

	/** Shopify's refund rules, shared by REST and GraphQL: transactions against the sale, at most what is refundable. */
	private createRefund(order: ShopifyOrder, note: string | undefined, txs: Array<{ parent_id?: number; amount?: string }>, path: string): ShopifyRefund | { errors: Record<string, string[]> } {
		const sale = order.transactions[0];
		const refundable = Math.round((parseFloat(order.total_price) - this.refundedTotal(order)) * 100) / 100;
		if (txs.length === 0) return { errors: { transactions: ['is required'] } };
		const total = txs.reduce((s, t) => s + parseFloat(String(t.amount)), 0);
		if (txs.some((t) => t.parent_id !== sale.id)) return { errors: { parent_id: ['is invalid'] } };
		if (!(total > 0) || total > refundable + 1e-9) return { errors: { base: [`Refund amount must be less than or equal to ${refundable.toFixed(2)}`] } };
		const created: ShopifyRefund = {
			id: this.nextId(),
			order_id: order.id,
			note: note ?? null,
			created_at: new Date().toISOString(),
			transactions: txs.map((t) => ({ id: this.nextId(), kind: 'refund', status: 'success', amount: parseFloat(String(t.amount)).toFixed(2), parent_id: sale.id, gateway: sale.gateway, currency: order.currency })),
		};
		order.refunds.push(created);
		order.financial_status = this.refundedTotal(order) >= parseFloat(order.total_price) ? 'refunded' : 'partially_refunded';
		const marker = /\[(sc_[0-9a-f]+)\]/.exec(created.note ?? '')?.[1];
		this.logWrite({ method: 'POST', path, key: marker, objectId: String(created.id) });
		return created;
	}

	private orderOf(gid: unknown): ShopifyOrder | undefined {
		const m = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(String(gid ?? ''));
		return m ? this.orders.get(Number(m[1])) : undefined;
	}

	private graphqlRefund(input: Record<string, unknown>, path: string): Gql {
		const order = this.orderOf(input.orderId);
		if (!order) return { status: 200, body: { data: { refundCreate: { refund: null, userErrors: [{ field: ['orderId'], message: 'Order does not exist' }] } } } };
		const txs = ((input.transactions as Array<Record<string, unknown>> | undefined) ?? []).map((t) => ({
			parent_id: Number(/(\d+)$/.exec(String(t.parentId ?? ''))?.[1]),
			amount: String(t.amount),
		}));
		const made = this.createRefund(order, typeof input.note === 'string' ? input.note : undefined, txs, path);
		if ('errors' in made) {
			const userErrors = Object.entries(made.errors).map(([field, msgs]) => ({ field: [field], message: msgs.join(', ') }));
			return { status: 200, body: { data: { refundCreate: { refund: null, userErrors } } } };
		}
		const amount = made.transactions.reduce((s, t) => s + parseFloat(t.amount), 0).toFixed(2);
		const refund = { id: `gid://shopify/Refund/${made.id}`, note: made.note, createdAt: made.created_at, totalRefundedSet: { presentmentMoney: { amount, currencyCode: order.currency } } };
		return { status: 200, body: { data: { refundCreate: { refund, userErrors: [] } } } };
	}

	private graphqlCancel(vars: Record<string, unknown>, path: string): Gql {
		const order = this.orderOf(vars.orderId);
		const refuse = (message: string, code: string) => ({ status: 200, body: { data: { orderCancel: { job: null, orderCancelUserErrors: [{ field: ['orderId'], message, code }] } } } });
		if (!order) return refuse('Order does not exist', 'NOT_FOUND');
		if (order.cancelled_at) return refuse('Order has already been cancelled', 'INVALID');
		order.cancelled_at = new Date().toISOString();
		order.cancel_reason = String(vars.reason ?? 'OTHER').toLowerCase();
		this.logWrite({ method: 'POST', path, key: `cancel:${order.id}`, objectId: String(order.id) });
		return { status: 200, body: { data: { orderCancel: { job: { id: `gid://shopify/Job/${this.nextId()}`, done: true }, orderCancelUserErrors: [] } } } };
	}

	/** The GraphQL writes the executor sends, recognised by their root field (not a GraphQL engine). */
	private async graphql(req: StandInRequest): Promise<Gql> {
		const { query, variables } = jsonParse(req.body) as { query?: string; variables?: Record<string, unknown> };
		const vars = variables ?? {};
		if (typeof query !== 'string') return gqlError('Parse error: no query', 'BAD_REQUEST');
		if (/\bjob\s*\(/.test(query) && !/\bmutation\b/.test(query)) return { status: 200, body: { data: { job: { id: vars.id, done: true } } } };
		if (/\borderCancel\s*\(/.test(query)) return this.graphqlCancel(vars, req.path);
		if (!/\brefundCreate\s*\(/.test(query)) return gqlError('Field is not supported by this stand-in', 'undefinedField');
		const input = (vars.input ?? {}) as Record<string, unknown>;
		const keyArg = /@idempotent\s*\(\s*key:\s*(?:\$(\w+)|"([^"]*)")\s*\)/.exec(query);
		const key = keyArg ? (keyArg[1] ? String(vars[keyArg[1]] ?? '') : keyArg[2]) : undefined;
		if (!key) return this.graphqlRefund(input, req.path);
		const fingerprint = JSON.stringify(input);
		const prior = this.idempotent.get(key);
		if (prior && prior.fingerprint !== fingerprint) return gqlError('The same idempotency key cannot be used with different operation parameters.', 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
		if (prior && !prior.result) return gqlError('This request is currently in progress, please try again.', 'IDEMPOTENCY_CONCURRENT_REQUEST');
		if (prior?.result) return prior.result;
		const entry: { fingerprint: string; result?: Gql } = { fingerprint };
		this.idempotent.set(key, entry);
		if (this.holdWritesMs > 0) await new Promise((resolve) => setTimeout(resolve, this.holdWritesMs));
		entry.result = this.graphqlRefund(input, req.path);
		return entry.result;
	}

	protected async handle(raw: StandInRequest): Promise<StandInResponse> {
		// n8n's Shopify node asks for /admin/api/2024-07//orders/1.json; Shopify's servers treat repeated
		// slashes as one (the node works against the real API), so the stand-in does too.
		const req = { ...raw, path: raw.path.replace(/\/{2,}/g, '/') };
		if (req.method === 'POST' && /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.test(req.path)) return await this.graphql(req);
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
		// REST refunds.json and cancel.json stay for integrations on the REST API; the executor writes through GraphQL.

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
				const made = this.createRefund(order, refund.note, refund.transactions ?? [], req.path);
				if ('errors' in made) return { status: 422, body: { errors: made.errors } };
				return { status: 201, body: { refund: made } };
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
