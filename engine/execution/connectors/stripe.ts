import type { HttpClient } from '../http';
import { StepError } from '../stepError';
import type { ResolvedTool } from '../types';
import { num, pathId, str } from './args';
import { fromMinorUnits, toMinorUnits } from './money';
import { send, type ErrorText } from './send';

/**
 * Stripe API v1 (form-encoded). Refunds carry our key as `Idempotency-Key`: Stripe saves the first
 * response for a key and replays it (header `Idempotent-Replayed: true`) to any retry with the same
 * parameters, so a re-run cannot refund twice. Refunds cannot be undone: no compensation.
 *
 * While the first request with a key is still executing, Stripe answers any other with 409
 * `idempotency_key_in_use`: that is "in progress, ask again", never a failure; the answer a later
 * retry gets is then a replay of the other request's result, which runStep records as already_done.
 */

const errorText: ErrorText = (body) => {
	const e = body.error as { type?: unknown; code?: unknown; message?: unknown } | undefined;
	if (!e) return undefined;
	return [e.type, e.code].filter((x) => typeof x === 'string').join('/') + (typeof e.message === 'string' ? `: ${e.message}` : '');
};

function form(fields: Record<string, string | number | undefined>): string {
	return Object.entries(fields)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
		.join('&');
}

const inProgress = (status: number, body: Record<string, unknown>) =>
	status === 409 && (body.error as { code?: unknown } | undefined)?.code === 'idempotency_key_in_use' ? ('in_progress' as const) : undefined;

const STRIPE_REASONS = new Set(['duplicate', 'fraudulent', 'requested_by_customer']);

export function resolveStripeTool(name: string, args: Record<string, unknown>, client: HttpClient): ResolvedTool | undefined {
	if (name === 'stripe.getCharge' || name === 'stripe.getPaymentIntent') {
		const isCharge = name === 'stripe.getCharge';
		const id = pathId(str(args, isCharge ? 'chargeId' : 'paymentIntentId'));
		const path = `/v1/${isCharge ? 'charges' : 'payment_intents'}/${id ?? '{id}'}`;
		return {
			name,
			access: 'read',
			idempotency: 'natural',
			argProblem: id === undefined ? `needs args.${isCharge ? 'chargeId' : 'paymentIntentId'}` : undefined,
			preview: () => ({ method: 'GET', path }),
			async perform(ctx) {
				const { json } = await send(client, { method: 'GET', url: path, timeoutMs: ctx.timeoutMs }, errorText);
				const currency = String(json.currency ?? '');
				const amount = typeof json.amount === 'number' ? fromMinorUnits(json.amount, currency) : '?';
				return {
					summary: `${isCharge ? 'charge' : 'payment intent'} ${id}: ${amount} ${currency.toUpperCase()}, status ${String(json.status ?? '?')}${json.refunded ? ', refunded' : ''}`,
					externalIds: { [isCharge ? 'chargeId' : 'paymentIntentId']: id as string },
				};
			},
		};
	}

	if (name === 'stripe.createRefund') {
		const chargeId = pathId(str(args, 'chargeId'));
		const paymentIntentId = pathId(str(args, 'paymentIntentId'));
		const amount = num(args, 'amount');
		const currency = str(args, 'currency')?.toLowerCase();
		const reason = str(args, 'reason');
		const problem =
			(chargeId === undefined) === (paymentIntentId === undefined)
				? 'needs exactly one of args.chargeId or args.paymentIntentId'
				: amount === undefined || amount <= 0
					? 'needs a positive args.amount (major units, e.g. 12.50)'
					: currency === undefined
						? 'needs args.currency (e.g. usd)'
						: reason !== undefined && !STRIPE_REASONS.has(reason)
							? 'args.reason must be duplicate, fraudulent or requested_by_customer'
							: undefined;
		const body = (key: string) =>
			form({
				charge: chargeId,
				payment_intent: paymentIntentId,
				amount: amount !== undefined && currency ? toMinorUnits(amount, currency) : undefined,
				reason,
				'metadata[sc_key]': key,
			});
		// Checked once per step: after an ambiguous attempt the retry goes straight to the keyed POST.
		let currencyChecked = false;
		return {
			name,
			access: 'write',
			idempotency: 'key',
			money: amount !== undefined && currency !== undefined ? { amount, currency } : null,
			argProblem: problem,
			preview: (ctx) => ({
				method: 'POST',
				path: '/v1/refunds',
				body: Object.fromEntries(new URLSearchParams(body(ctx.key))),
			}),
			async probe(ctx) {
				const filter = chargeId ? `charge=${chargeId}` : `payment_intent=${paymentIntentId}`;
				const { json } = await send(client, { method: 'GET', url: `/v1/refunds?${filter}&limit=100`, timeoutMs: ctx.timeoutMs }, errorText);
				const data = Array.isArray(json.data) ? (json.data as Array<{ id?: unknown; metadata?: Record<string, unknown> }>) : [];
				const mine = data.find((r) => r.metadata?.sc_key === ctx.key);
				return mine
					? { done: true, summary: `refund ${String(mine.id)} already exists (metadata sc_key)`, externalIds: { refundId: String(mine.id) } }
					: { done: false };
			},
			async perform(ctx) {
				// The planner's currency must be the payment's: caps are checked against what the plan says.
				if (!currencyChecked) {
					const source = chargeId ? `/v1/charges/${chargeId}` : `/v1/payment_intents/${paymentIntentId}`;
					const { json: paid } = await send(client, { method: 'GET', url: source, timeoutMs: ctx.timeoutMs }, errorText);
					if (typeof paid.currency === 'string' && paid.currency.toLowerCase() !== currency) {
						throw new StepError('client', `GET ${source}: payment is in ${paid.currency.toUpperCase()}, plan says ${String(currency).toUpperCase()}`);
					}
					currencyChecked = true;
				}
				const { json, res } = await send(
					client,
					{
						method: 'POST',
						url: '/v1/refunds',
						headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': ctx.key },
						body: body(ctx.key),
						timeoutMs: ctx.timeoutMs,
					},
					errorText,
					inProgress,
				);
				const replayed = res.headers['idempotent-replayed'] === 'true';
				return {
					summary: `refund ${String(json.id)} of ${amount} ${String(currency).toUpperCase()}: ${String(json.status ?? '?')}${replayed ? ' (replayed by Stripe)' : ''}`,
					externalIds: { refundId: String(json.id), ...(chargeId ? { chargeId } : { paymentIntentId: paymentIntentId as string }) },
					replayed,
				};
			},
		};
	}
	return undefined;
}
