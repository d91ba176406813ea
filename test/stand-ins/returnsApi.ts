/**
 * Loopback stand-in for an operator's own REST API (a returns service), the kind the Support Action
 * Executor's generic HTTP connector is for. Everything lives under `/api`; requests need
 * `Authorization: Bearer <token>`. `POST /api/returns` honours an `Idempotency-Key` header the way
 * Stripe documents it (same key: the saved answer again, nothing new written).
 */
import type { IncomingMessage } from 'node:http';
import { jsonParse, StandIn, type StandInRequest, type StandInResponse } from './base';

export interface ReturnRecord {
	id: string;
	orderId: string;
	reason: string;
}

export class ReturnsApiStandIn extends StandIn {
	readonly orders = new Map<string, { id: string; status: string }>();
	readonly returns: ReturnRecord[] = [];
	private saved = new Map<string, StandInResponse>();

	constructor(private readonly token: string) {
		super();
	}

	/** Forgets orders, returns, saved answers, the request and write logs, and faults. */
	reset(): void {
		this.orders.clear();
		this.returns.length = 0;
		this.saved.clear();
		this.writes.length = 0;
		this.requests.length = 0;
		this.clearFaults();
	}

	protected authorized(headers: IncomingMessage['headers']): boolean {
		return headers.authorization === `Bearer ${this.token}`;
	}
	protected unauthorized(): StandInResponse {
		return { status: 401, body: { message: 'invalid token' } };
	}
	protected rateLimited(retryAfter = '1'): StandInResponse {
		return { status: 429, headers: { 'retry-after': retryAfter }, body: { message: 'too many requests' } };
	}
	protected serverError(status: number): StandInResponse {
		return { status, body: { message: status === 503 ? 'service unavailable' : 'internal error' } };
	}

	protected handle(req: StandInRequest): StandInResponse {
		const order = /^\/api\/orders\/([^/]+)$/.exec(req.path);
		if (order && req.method === 'GET') {
			const found = this.orders.get(decodeURIComponent(order[1]));
			return found ? { status: 200, body: found } : { status: 404, body: { message: 'order not found' } };
		}
		if (req.path === '/api/returns' && req.method === 'POST') {
			const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
			const prior = key ? this.saved.get(key) : undefined;
			if (prior) return { ...prior, headers: { ...prior.headers, 'idempotent-replayed': 'true' } };
			const body = jsonParse(req.body);
			if (typeof body.orderId !== 'string' || !this.orders.has(body.orderId)) return { status: 422, body: { message: 'orderId must name a known order' } };
			const record: ReturnRecord = { id: `ret_${this.nextId()}`, orderId: body.orderId, reason: typeof body.reason === 'string' ? body.reason : '' };
			this.returns.push(record);
			this.logWrite({ method: 'POST', path: req.path, key, objectId: record.id });
			const out: StandInResponse = { status: 201, body: record };
			if (key) this.saved.set(key, out);
			return out;
		}
		return { status: 404, body: { message: 'no such route' } };
	}
}
