/**
 * Loopback stand-in for the Stripe API v1: charges, payment intents and refunds (form-encoded),
 * with Stripe's documented idempotency: the first response for an `Idempotency-Key` is saved once
 * the endpoint begins executing (successes and business errors alike) and replayed, with
 * `Idempotent-Replayed: true`, to retries with the same parameters; the same key with different
 * parameters gets 400 `idempotency_error`; requests failing parameter validation save nothing;
 * while the first request with a key is still executing, another with that key gets 409
 * `idempotency_key_in_use` (`holdWritesMs` keeps a refund executing that long, so races show).
 */
import type { IncomingMessage } from 'node:http';
import { StandIn, type StandInRequest, type StandInResponse } from './base';

export interface StripeCharge {
	id: string;
	object: 'charge';
	amount: number;
	amount_refunded: number;
	currency: string;
	refunded: boolean;
	status: 'succeeded';
	payment_intent: string | null;
}

export interface StripeRefund {
	id: string;
	object: 'refund';
	amount: number;
	charge: string;
	currency: string;
	payment_intent: string | null;
	reason: string | null;
	status: 'succeeded';
	metadata: Record<string, string>;
}

function err(status: number, type: string, message: string, extra: Record<string, string> = {}): StandInResponse {
	return { status, body: { error: { type, message, ...extra } } };
}

export class StripeStandIn extends StandIn {
	readonly charges = new Map<string, StripeCharge>();
	readonly paymentIntents = new Map<string, { id: string; object: 'payment_intent'; amount: number; currency: string; status: string; latest_charge: string }>();
	readonly refunds: StripeRefund[] = [];
	private saved = new Map<string, { fingerprint: string; response: StandInResponse }>();
	private executing = new Set<string>();
	/** How long a refund stays executing before it is applied (0: at once). */
	holdWritesMs = 0;

	constructor(private readonly secretKey: string) {
		super();
	}

	/** Forgets every object, saved idempotent response, write and fault. */
	reset(): void {
		this.charges.clear();
		this.paymentIntents.clear();
		this.refunds.length = 0;
		this.saved.clear();
		this.executing.clear();
		this.holdWritesMs = 0;
		this.writes.length = 0;
		this.requests.length = 0;
		this.clearFaults();
	}

	addCharge(c: { id: string; amount: number; currency: string; paymentIntent?: string }): StripeCharge {
		const charge: StripeCharge = { id: c.id, object: 'charge', amount: c.amount, amount_refunded: 0, currency: c.currency, refunded: false, status: 'succeeded', payment_intent: c.paymentIntent ?? null };
		this.charges.set(charge.id, charge);
		if (c.paymentIntent) {
			this.paymentIntents.set(c.paymentIntent, { id: c.paymentIntent, object: 'payment_intent', amount: c.amount, currency: c.currency, status: 'succeeded', latest_charge: c.id });
		}
		return charge;
	}

	protected authorized(headers: IncomingMessage['headers']): boolean {
		return headers.authorization === `Bearer ${this.secretKey}`;
	}
	protected unauthorized(): StandInResponse {
		return err(401, 'invalid_request_error', 'Invalid API Key provided');
	}
	protected rateLimited(retryAfter?: string): StandInResponse {
		return { ...err(429, 'invalid_request_error', 'Too many requests hit the API too quickly.', { code: 'rate_limit' }), headers: retryAfter ? { 'retry-after': retryAfter } : {} };
	}
	protected serverError(status: number): StandInResponse {
		return err(status, 'api_error', 'Something went wrong on our end.');
	}

	protected async handle(req: StandInRequest): Promise<StandInResponse> {
		let m = /^\/v1\/(charges|payment_intents)\/([^/]+)$/.exec(req.path);
		if (m && req.method === 'GET') {
			const obj = m[1] === 'charges' ? this.charges.get(m[2]) : this.paymentIntents.get(m[2]);
			if (!obj) return err(404, 'invalid_request_error', `No such ${m[1] === 'charges' ? 'charge' : 'payment_intent'}: '${m[2]}'`, { code: 'resource_missing', param: 'id' });
			return { status: 200, body: obj };
		}
		if (req.path === '/v1/refunds' && req.method === 'GET') {
			const charge = req.query.get('charge');
			const pi = req.query.get('payment_intent');
			const data = this.refunds.filter((r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi)).reverse();
			const limit = Number(req.query.get('limit') ?? 10);
			return { status: 200, body: { object: 'list', url: '/v1/refunds', has_more: data.length > limit, data: data.slice(0, limit) } };
		}
		m = /^\/v1\/refunds$/.exec(req.path);
		if (!m || req.method !== 'POST') return err(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${req.path}).`);

		const params = new URLSearchParams(req.body);
		const key = req.headers['idempotency-key'];
		const fingerprint = `${req.method} ${req.path} ${[...params.entries()].sort().map(([k, v]) => `${k}=${v}`).join('&')}`;
		if (typeof key === 'string') {
			const prior = this.saved.get(key);
			if (prior && prior.fingerprint !== fingerprint) {
				return err(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
			}
			if (prior) return { ...prior.response, headers: { ...(prior.response.headers ?? {}), 'idempotent-replayed': 'true' } };
			if (this.executing.has(key)) {
				return err(409, 'invalid_request_error', 'There is currently another in-progress request using this Stripe-Account and Idempotency-Key. Try again later.', { code: 'idempotency_key_in_use' });
			}
		}

		// Parameter validation: nothing is saved for these.
		const chargeId = params.get('charge') ?? (params.get('payment_intent') ? this.paymentIntents.get(params.get('payment_intent') as string)?.latest_charge : undefined);
		if (!params.get('charge') && !params.get('payment_intent')) return err(400, 'invalid_request_error', 'One of `charge` or `payment_intent` is required.', { param: 'charge' });
		const amountText = params.get('amount');
		if (amountText !== null && !/^\d+$/.test(amountText)) return err(400, 'invalid_request_error', 'Invalid integer: ' + amountText, { param: 'amount' });
		const reason = params.get('reason');
		if (reason && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) return err(400, 'invalid_request_error', 'Invalid reason', { param: 'reason' });

		// Execution begins: the result is saved under the key, whatever it is.
		if (typeof key === 'string') this.executing.add(key);
		if (this.holdWritesMs > 0) await new Promise((resolve) => setTimeout(resolve, this.holdWritesMs));
		const response = this.createRefund(chargeId, amountText, reason, params);
		if (typeof key === 'string') {
			this.saved.set(key, { fingerprint, response });
			this.executing.delete(key);
		}
		if (response.status === 200) {
			const refund = response.body as StripeRefund;
			this.logWrite({ method: 'POST', path: req.path, key: typeof key === 'string' ? key : undefined, objectId: refund.id });
		}
		return response;
	}

	private createRefund(chargeId: string | undefined, amountText: string | null, reason: string | null, params: URLSearchParams): StandInResponse {
		const charge = chargeId ? this.charges.get(chargeId) : undefined;
		if (!charge) return err(400, 'invalid_request_error', `No such charge: '${chargeId ?? params.get('payment_intent')}'`, { code: 'resource_missing', param: 'charge' });
		const remaining = charge.amount - charge.amount_refunded;
		const amount = amountText === null ? remaining : parseInt(amountText, 10);
		if (remaining <= 0) return err(400, 'invalid_request_error', `Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
		if (amount > remaining) return err(400, 'invalid_request_error', `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, { param: 'amount' });
		const metadata: Record<string, string> = {};
		for (const [k, v] of params.entries()) {
			const mm = /^metadata\[(.+)\]$/.exec(k);
			if (mm) metadata[mm[1]] = v;
		}
		const refund: StripeRefund = { id: `re_${this.nextId()}`, object: 'refund', amount, charge: charge.id, currency: charge.currency, payment_intent: charge.payment_intent, reason, status: 'succeeded', metadata };
		charge.amount_refunded += amount;
		charge.refunded = charge.amount_refunded >= charge.amount;
		this.refunds.push(refund);
		return { status: 200, body: refund };
	}
}
