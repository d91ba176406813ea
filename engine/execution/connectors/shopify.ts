import type { HttpClient } from '../http';
import { StepError } from '../stepError';
import type { LedgerState, ResolvedTool, ToolContext } from '../types';
import { num, pathId, str } from './args';
import { decimalString } from './money';
import { ticketNoteTag } from '../idempotency';
import { send, type ErrorText } from './send';

/**
 * Shopify Admin: reads through REST (`/admin/api/{version}/orders/...`), writes through the GraphQL
 * Admin API, where `refundCreate` takes our idempotency key as `@idempotent(key:)` (2026-01 on):
 * Shopify itself then creates one refund per key, whoever sends it, and answers a request whose key
 * is still executing with IDEMPOTENCY_CONCURRENT_REQUEST. The refund also carries our marker in its
 * `note`, and the order's refunds are listed before one is created (the ledger), so a re-run finds
 * it after Shopify's key retention too. `orderCancel` has no idempotency directive; an order cannot
 * be cancelled twice, and its `cancelled_at` is the ledger. The executor holds a lock per key around
 * ledger read and write, so two runs of one ticket never both send, nor both record the write.
 */

export const DEFAULT_SHOPIFY_API_VERSION = '2025-01';

/** The first Admin API version whose refundCreate takes `@idempotent`. Writes use at least this one. */
export const SHOPIFY_IDEMPOTENT_API_VERSION = '2026-01';

/** Version strings are YYYY-MM (or "unstable", the newest), so the later one is the larger string. */
function graphqlVersion(configured: string): string {
	if (configured === 'unstable') return configured;
	return configured > SHOPIFY_IDEMPOTENT_API_VERSION ? configured : SHOPIFY_IDEMPOTENT_API_VERSION;
}

const REFUND_MUTATION = `mutation SupportRefund($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id note createdAt totalRefundedSet { presentmentMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;

const CANCEL_MUTATION = `mutation SupportCancel($orderId: ID!, $reason: OrderCancelReason!, $notify: Boolean) {
  orderCancel(orderId: $orderId, reason: $reason, refund: false, restock: true, notifyCustomer: $notify) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

const JOB_QUERY = 'query SupportJob($id: ID!) { job(id: $id) { id done } }';

const CANCEL_REASONS = new Set(['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'STAFF', 'OTHER']);

type Gql = Record<string, unknown>;

/**
 * One GraphQL call. Shopify answers 200 with `errors` for query-level failures: THROTTLED is a rate
 * limit, IDEMPOTENCY_CONCURRENT_REQUEST means a request with our key is still executing (another
 * run's or our own timed-out one), anything else is a client error. Field-level `userErrors` are
 * returned to the caller.
 */
async function graphql(client: HttpClient, url: string, query: string, variables: Record<string, unknown>, timeoutMs: number): Promise<Gql> {
	const what = `POST ${url} (${/(?:mutation|query) (\w+)/.exec(query)?.[1] ?? 'graphql'})`;
	const { json: body } = await send(client, { method: 'POST', url, headers: json, body: JSON.stringify({ query, variables }), timeoutMs }, errorText);
	const errors = Array.isArray(body.errors) ? (body.errors as Array<{ message?: unknown; extensions?: { code?: unknown } }>) : [];
	if (errors.length > 0) {
		const codes = errors.map((e) => String(e.extensions?.code ?? ''));
		const text = `${what} answered: ${errors.map((e) => String(e.message ?? e.extensions?.code ?? 'error')).join('; ')}`;
		if (codes.includes('THROTTLED')) throw new StepError('rate_limited', text, { status: 200 });
		if (codes.includes('IDEMPOTENCY_CONCURRENT_REQUEST')) throw new StepError('in_progress', text, { status: 200 });
		throw new StepError('client', text, { status: 200 });
	}
	return (body.data ?? {}) as Gql;
}

function userErrorText(errors: unknown): string | undefined {
	if (!Array.isArray(errors) || errors.length === 0) return undefined;
	return (errors as Array<{ field?: unknown; message?: unknown }>).map((e) => `${Array.isArray(e.field) ? `${e.field.join('.')} ` : ''}${String(e.message ?? 'error')}`).join('; ');
}

/** The numeric id at the end of a Shopify GID (gid://shopify/Refund/123 -> 123). */
const tailId = (gid: unknown): string => String(gid ?? '').split('/').pop() ?? '';

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
	const gqlUrl = `/admin/api/${graphqlVersion(apiVersion)}/graphql.json`;
	const orderGid = `gid://shopify/Order/${orderId ?? '{id}'}`;

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
		const refundInput = (ctx: ToolContext, transactions: unknown[]) => ({
			orderId: orderGid,
			currency,
			notify,
			note: `${reason} [${ctx.marker}] ${ticketNoteTag(ctx.ticket.id)}`,
			transactions,
		});
		return {
			name,
			access: 'write',
			// Shopify's @idempotent key, with the note marker as the ledger for after its retention
			idempotency: 'key',
			money: amount !== undefined && currency !== undefined ? { amount, currency } : null,
			argProblem: problem,
			preview: (ctx) => ({
				method: 'POST',
				path: `${gqlUrl} refundCreate @idempotent`,
				body: { input: refundInput(ctx, [{ kind: 'REFUND', amount: decimalString(amount ?? 0) }]) },
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
				const transactions = [
					{ orderId: orderGid, parentId: `gid://shopify/OrderTransaction/${String(suggested.parent_id)}`, amount: decimalString(amount as number), kind: 'REFUND', gateway: suggested.gateway },
				];
				const data = await graphql(client, gqlUrl, REFUND_MUTATION, { input: refundInput(ctx, transactions), key: ctx.key }, ctx.timeoutMs);
				const payload = (data.refundCreate ?? {}) as { refund?: Record<string, unknown> | null; userErrors?: unknown };
				const problemText = userErrorText(payload.userErrors);
				if (problemText || !payload.refund) throw new StepError('client', `POST ${gqlUrl} (refundCreate) refused: ${problemText ?? 'no refund returned'}`);
				const refundId = tailId(payload.refund.id);
				return {
					summary: `refunded ${decimalString(amount as number)} ${currency} on order ${orderId} (refund ${refundId})`,
					externalIds: { orderId: orderId as string, refundId },
				};
			},
		};
	}

	if (name === 'shopify.cancelOrder') {
		const reasonArg = (str(args, 'reason') ?? 'customer').toUpperCase();
		const variables = { orderId: orderGid, reason: CANCEL_REASONS.has(reasonArg) ? reasonArg : 'OTHER', notify: args.notify === true };
		return {
			name,
			access: 'write',
			idempotency: 'ledger',
			argProblem: idProblem,
			preview: () => ({ method: 'POST', path: `${gqlUrl} orderCancel`, body: variables }),
			async checkLedger(ctx) {
				const order = await getOrder(ctx.timeoutMs);
				if (order.cancelled_at) {
					return { done: true, summary: `order ${orderId} already cancelled at ${String(order.cancelled_at)}`, externalIds: { orderId: orderId as string } };
				}
				return { done: false };
			},
			async perform(ctx) {
				const data = await graphql(client, gqlUrl, CANCEL_MUTATION, variables, ctx.timeoutMs);
				const payload = (data.orderCancel ?? {}) as { job?: { id?: unknown; done?: unknown } | null; orderCancelUserErrors?: unknown };
				const problemText = userErrorText(payload.orderCancelUserErrors);
				if (problemText) {
					// Shopify refuses to cancel twice: if the order is cancelled now, the retry's ledger read
					// finds it and runStep decides whose cancel it was (ours only after an ambiguous attempt).
					if ((await getOrder(ctx.timeoutMs)).cancelled_at) throw new StepError('conflict', `POST ${gqlUrl} (orderCancel): ${problemText}`);
					throw new StepError('client', `POST ${gqlUrl} (orderCancel) refused: ${problemText}`);
				}
				// The cancel runs as a job: wait for it, so the next run's ledger read (under the same lock) sees it.
				let job = payload.job ?? undefined;
				for (let i = 0; job?.id && job.done !== true && i < 20; i++) {
					await new Promise((resolve) => setTimeout(resolve, 250));
					job = ((await graphql(client, gqlUrl, JOB_QUERY, { id: job.id }, ctx.timeoutMs)).job ?? undefined) as typeof job;
				}
				const jobNote = job?.done === true || !job ? '' : ` (Shopify job ${tailId(job.id)} still running)`;
				return { summary: `order ${orderId} cancelled${jobNote}`, externalIds: { orderId: orderId as string } };
			},
		};
	}
	return undefined;
}
