import type { HttpClient } from '../http';
import { StepError } from '../stepError';
import type { LedgerState, ResolvedTool, ToolContext } from '../types';
import { num, pathId, str } from './args';
import { decimalString } from './money';
import { ticketNoteTag } from '../idempotency';
import { send, type ErrorText } from './send';

/**
 * Shopify Admin REST (`/admin/api/{version}/orders/...`). REST has no idempotency header, so:
 * a refund carries our marker in its `note` and we list the order's refunds before creating one;
 * a cancel is checked against the order's `cancelled_at` before it is sent. (GraphQL `refundCreate`
 * accepts an `@idempotent(key:)` directive from 2026-01; moving to it would let the server enforce this.)
 */

export const DEFAULT_SHOPIFY_API_VERSION = '2025-01';

const errorText: ErrorText = (body) => {
	const errors = body.errors ?? body.error;
	if (typeof errors === 'string') return errors;
	if (errors && typeof errors === 'object') {
		return Object.entries(errors as Record<string, unknown>)
			.map(([field, msgs]) => `${field} ${Array.isArray(msgs) ? msgs.join(', ') : String(msgs)}`)
			.join('; ');
	}
	return undefined;
};

const json = { 'content-type': 'application/json' };

export function resolveShopifyTool(
	name: string,
	args: Record<string, unknown>,
	client: HttpClient,
	apiVersion = DEFAULT_SHOPIFY_API_VERSION,
): ResolvedTool | undefined {
	const orderId = pathId(str(args, 'orderId'));
	const idProblem = orderId === undefined ? 'needs args.orderId (the numeric Shopify order id)' : undefined;
	const base = `/admin/api/${apiVersion}/orders/${orderId ?? '{id}'}`;

	const getOrder = async (timeoutMs: number) => {
		const { json: body } = await send(client, { method: 'GET', url: `${base}.json`, timeoutMs }, errorText);
		return (body.order ?? {}) as Record<string, unknown>;
	};

	if (name === 'shopify.getOrder') {
		return {
			name,
			access: 'read',
			idempotency: 'natural',
			argProblem: idProblem,
			preview: () => ({ method: 'GET', path: `${base}.json` }),
			async perform(ctx) {
				const order = await getOrder(ctx.timeoutMs);
				return {
					summary: `order ${String(order.name ?? orderId)}: ${String(order.financial_status ?? '?')}, total ${String(order.total_price ?? '?')} ${String(order.currency ?? '')}${order.cancelled_at ? ', cancelled' : ''}`,
					externalIds: { orderId: orderId as string },
				};
			},
		};
	}

	if (name === 'shopify.refundOrder') {
		const amount = num(args, 'amount');
		const currency = str(args, 'currency')?.toUpperCase();
		const reason = str(args, 'reason') ?? 'Refund';
		const notify = args.notify === true;
		const problem =
			idProblem ??
			(amount === undefined || amount <= 0 ? 'needs a positive args.amount (major units, e.g. 12.50)' : undefined) ??
			(currency === undefined ? 'needs args.currency (e.g. USD)' : undefined);
		const refundBody = (ctx: ToolContext, transactions: unknown[]) => ({
			refund: { currency, notify, note: `${reason} [${ctx.marker}] ${ticketNoteTag(ctx.ticket.id)}`, transactions },
		});
		return {
			name,
			access: 'write',
			idempotency: 'ledger',
			money: amount !== undefined && currency !== undefined ? { amount, currency } : null,
			argProblem: problem,
			preview: (ctx) => ({
				method: 'POST',
				path: `${base}/refunds.json`,
				body: refundBody(ctx, [{ kind: 'refund', amount: decimalString(amount ?? 0) }]),
			}),
			async checkLedger(ctx: ToolContext): Promise<LedgerState> {
				const { json: body } = await send(client, { method: 'GET', url: `${base}/refunds.json`, timeoutMs: ctx.timeoutMs }, errorText);
				const refunds = Array.isArray(body.refunds) ? (body.refunds as Array<Record<string, unknown>>) : [];
				const mine = refunds.find((r) => typeof r.note === 'string' && r.note.includes(`[${ctx.marker}]`));
				if (mine) {
					return { done: true, summary: `refund ${String(mine.id)} on order ${orderId} already exists`, externalIds: { orderId: orderId as string, refundId: String(mine.id) } };
				}
				return { done: false };
			},
			async perform(ctx) {
				// calculate has no side effects: it tells us which payment transaction to refund against
				const { json: calc } = await send(
					client,
					{
						method: 'POST',
						url: `${base}/refunds/calculate.json`,
						headers: json,
						body: JSON.stringify({ refund: { currency, shipping: { amount: '0.00' }, refund_line_items: [] } }),
						timeoutMs: ctx.timeoutMs,
					},
					errorText,
				);
				const suggested = ((calc.refund as { transactions?: Array<Record<string, unknown>> } | undefined)?.transactions ?? [])[0];
				if (!suggested || suggested.parent_id === undefined) {
					throw new StepError('client', `POST ${base}/refunds/calculate.json found no payment to refund`);
				}
				const transactions = [{ parent_id: suggested.parent_id, amount: decimalString(amount as number), kind: 'refund', gateway: suggested.gateway }];
				const { json: created } = await send(
					client,
					{ method: 'POST', url: `${base}/refunds.json`, headers: json, body: JSON.stringify(refundBody(ctx, transactions)), timeoutMs: ctx.timeoutMs },
					errorText,
				);
				const refund = (created.refund ?? {}) as Record<string, unknown>;
				return {
					summary: `refunded ${decimalString(amount as number)} ${currency} on order ${orderId} (refund ${String(refund.id)})`,
					externalIds: { orderId: orderId as string, refundId: String(refund.id) },
				};
			},
		};
	}

	if (name === 'shopify.cancelOrder') {
		const body = { reason: str(args, 'reason') ?? 'customer', email: args.notify === true };
		return {
			name,
			access: 'write',
			idempotency: 'ledger',
			argProblem: idProblem,
			preview: () => ({ method: 'POST', path: `${base}/cancel.json`, body }),
			async checkLedger(ctx) {
				const order = await getOrder(ctx.timeoutMs);
				if (order.cancelled_at) {
					return { done: true, summary: `order ${orderId} already cancelled at ${String(order.cancelled_at)}`, externalIds: { orderId: orderId as string } };
				}
				return { done: false };
			},
			async perform(ctx) {
				const failure = await send(client, { method: 'POST', url: `${base}/cancel.json`, headers: json, body: JSON.stringify(body), timeoutMs: ctx.timeoutMs }, errorText).then(
					() => undefined,
					(error: unknown) => (error instanceof StepError ? error : new StepError('tool', `POST ${base}/cancel.json failed`)),
				);
				// Shopify refuses to cancel twice (422): if an earlier attempt of ours landed late, that is success.
				if (failure && (failure.status !== 422 || !(await getOrder(ctx.timeoutMs)).cancelled_at)) {
					throw new StepError(failure.kind, failure.message, { status: failure.status, retryAfterMs: failure.retryAfterMs });
				}
				return { summary: `order ${orderId} cancelled`, externalIds: { orderId: orderId as string } };
			},
		};
	}
	return undefined;
}
