import type { LiveFact, Ticket } from '../contracts';
// The files, not the execution index: that would load the MCP client into every retrieval user.
import { DEFAULT_SHOPIFY_API_VERSION } from '../execution/connectors/shopify';
import type { HttpClient, HttpRequest, HttpResponse } from '../execution/http';
import { failureFact, WriteRefusedError, type LookupFailure, type SourceLookup } from './liveFactTypes';
import { getJson, isRecord, type Got } from './liveFactsGet';
import { lookupHttpFact, type HttpFactSource } from './liveFactsHttp';
import { lookupMcpFact, type McpFactSource } from './liveFactsMcp';
import { lookupZendeskCustomer, type ZendeskFactSource } from './liveFactsZendesk';

export { WriteRefusedError } from './liveFactTypes';

/**
 * Read-only lookups of the live facts the playbooks read: `facts.order` (a Shopify REST order),
 * `facts.charge` (a Stripe charge; a payment intent's latest charge when the customer quotes a
 * `pi_...`), `facts.customer` and `facts.recentTickets` (the Zendesk requester), and one fact each
 * from the operator's own HTTP API and MCP server. Used by the Policy Retriever node and the
 * in-process pipeline alike.
 */

/** The vendors a lookup may read from: the executor's connector shapes, so one wiring serves both. */
export interface LiveFactSources {
	shopify?: { client: HttpClient; apiVersion?: string };
	stripe?: { client: HttpClient };
	/*
	 * Named apart from the executor's `zendesk`/`http`/`mcp` connectors on purpose: the in-process
	 * pipeline hands its Connectors over as sources, and wiring a connector for writes must not
	 * switch a lookup on by itself.
	 */
	zendeskCustomer?: ZendeskFactSource;
	httpLookup?: HttpFactSource;
	mcpLookup?: McpFactSource;
}

export interface FactLookup {
	facts: LiveFact[];
	/** Every failed lookup (not found, 4xx, 5xx, transport error, refused), with its source: never fatal. */
	failures: LookupFailure[];
	/** One line per failure and per skipped lookup, for the trace. */
	problems: string[];
}

export interface LookupOptions {
	now?: () => Date;
	timeoutMs?: number;
}

const CHARGE_REF = /\b(ch_[A-Za-z0-9]{4,64})\b/;
const PAYMENT_INTENT_REF = /\b(pi_[A-Za-z0-9]{4,64})\b/;
/** An order name as shops configure them: digits, optionally with a short prefix ("ORD-1001"). */
const ORDER_NAME = /^[A-Za-z]{0,5}-?\d{1,15}$/;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Wraps a client so only GET gets through, whatever a future lookup asks for. */
export function readOnlyClient(client: HttpClient): HttpClient {
	return {
		async request(req: HttpRequest): Promise<HttpResponse> {
			if (req.method !== 'GET') throw new WriteRefusedError(req.method);
			return await client.request(req);
		},
	};
}

const bareName = (name: unknown) => String(name ?? '').trim().replace(/^#/, '').toLowerCase();

/**
 * Customers quote the order name ("#1001"), which Shopify only finds through the order list's
 * `name` filter (with `status=any`, or cancelled and closed orders are left out). A bare number
 * that names no order may still be the order id an agent or helpdesk field gave, so that is tried
 * next. Only an exact name match counts: a near match would act on someone else's order.
 */
async function findShopifyOrder(source: NonNullable<LiveFactSources['shopify']>, ref: string, timeoutMs: number): Promise<Got> {
	const version = source.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION;
	const name = /^\d+$/.test(ref) ? `#${ref}` : ref;
	const listed = await getJson(source.client, `/admin/api/${version}/orders.json?name=${encodeURIComponent(name)}&status=any`, timeoutMs);
	if (!listed.ok) return listed;
	const orders = Array.isArray(listed.json.orders) ? listed.json.orders.filter(isRecord) : [];
	const exact = orders.find((o) => bareName(o.name) === bareName(ref));
	if (exact) return { ok: true, json: exact };
	if (!/^\d+$/.test(ref)) return { ok: false, problem: 'no order with that name' };
	const byId = await getJson(source.client, `/admin/api/${version}/orders/${ref}.json`, timeoutMs);
	if (!byId.ok) return byId.problem === 'not found (404)' ? { ok: false, problem: 'no order with that name or id' } : byId;
	return isRecord(byId.json.order) ? { ok: true, json: byId.json.order } : { ok: false, problem: 'no order in the answer' };
}

/** A charge, or for a payment intent the charge it settled with (what the refund playbooks read). */
async function findStripeCharge(client: HttpClient, text: string, timeoutMs: number): Promise<{ ref: string; got: Got } | undefined> {
	const chargeRef = CHARGE_REF.exec(text)?.[1];
	if (chargeRef) {
		const got = await getJson(client, `/v1/charges/${chargeRef}`, timeoutMs);
		return { ref: chargeRef, got: got.ok && !got.json.id ? { ok: false, problem: 'no charge in the answer' } : got };
	}
	const intentRef = PAYMENT_INTENT_REF.exec(text)?.[1];
	if (!intentRef) return undefined;
	const intent = await getJson(client, `/v1/payment_intents/${intentRef}`, timeoutMs);
	if (!intent.ok) return { ref: intentRef, got: intent };
	const latest = intent.json.latest_charge;
	if (isRecord(latest) && latest.id) return { ref: intentRef, got: { ok: true, json: latest } };
	if (typeof latest !== 'string' || latest === '') return { ref: intentRef, got: { ok: false, problem: 'the payment intent has no charge yet' } };
	const got = await getJson(client, `/v1/charges/${encodeURIComponent(latest)}`, timeoutMs);
	return { ref: intentRef, got: got.ok && !got.json.id ? { ok: false, problem: 'no charge in the answer' } : got };
}

async function shopifyLookup(ticket: Ticket, source: NonNullable<LiveFactSources['shopify']>, timeoutMs: number, now: () => Date): Promise<SourceLookup> {
	const out: SourceLookup = { facts: [], failures: [], notes: [] };
	const orderRef = ticket.orderRefs.map((r) => r.trim().replace(/^#/, '')).find((r) => ORDER_NAME.test(r));
	if (!orderRef) return out;
	const found = await findShopifyOrder({ ...source, client: readOnlyClient(source.client) }, orderRef, timeoutMs);
	if (found.ok) out.facts.push({ kind: 'order', source: 'shopify', fetchedAt: now().toISOString(), data: found.json });
	else out.failures.push({ source: 'shopify', lookup: `order ${orderRef}`, error: found.problem, at: now().toISOString() });
	return out;
}

async function stripeLookup(ticket: Ticket, source: NonNullable<LiveFactSources['stripe']>, timeoutMs: number, now: () => Date): Promise<SourceLookup> {
	const out: SourceLookup = { facts: [], failures: [], notes: [] };
	const found = await findStripeCharge(readOnlyClient(source.client), `${ticket.subject} ${ticket.message}`, timeoutMs);
	if (found?.got.ok) out.facts.push({ kind: 'charge', source: 'stripe', fetchedAt: now().toISOString(), data: found.got.json });
	else if (found && !found.got.ok) out.failures.push({ source: 'stripe', lookup: `charge ${found.ref}`, error: found.got.problem, at: now().toISOString() });
	return out;
}

/**
 * Looks up the facts a ticket points at, with whatever sources are wired, all at once (they are
 * independent reads); results keep a fixed order (Shopify, Stripe, Zendesk, HTTP, MCP). Only the
 * first usable order reference counts: playbooks act on one order, and a second reference a customer
 * slips in must not silently replace the first (buildScope keeps the latest fact of a kind).
 */
export async function lookupLiveFacts(ticket: Ticket, sources: LiveFactSources, options: LookupOptions = {}): Promise<FactLookup> {
	const now = options.now ?? (() => new Date());
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const none = async (): Promise<SourceLookup> => ({ facts: [], failures: [], notes: [] });
	const results = await Promise.all([
		sources.shopify ? shopifyLookup(ticket, sources.shopify, timeoutMs, now) : none(),
		sources.stripe ? stripeLookup(ticket, sources.stripe, timeoutMs, now) : none(),
		sources.zendeskCustomer ? lookupZendeskCustomer(ticket, { ...sources.zendeskCustomer, client: readOnlyClient(sources.zendeskCustomer.client) }, timeoutMs, now) : none(),
		sources.httpLookup ? lookupHttpFact(ticket, { ...sources.httpLookup, client: readOnlyClient(sources.httpLookup.client) }, timeoutMs, now) : none(),
		sources.mcpLookup ? lookupMcpFact(ticket, sources.mcpLookup, timeoutMs, now) : none(),
	]);
	const failures = results.flatMap((r) => r.failures);
	return {
		facts: results.flatMap((r) => r.facts),
		failures,
		problems: [...failures.map((f) => `${f.lookup}: ${f.error}`), ...results.flatMap((r) => r.notes)],
	};
}

/** What goes into `context.facts`: the facts found, then one `lookupFailed` record per failed lookup. */
export function recordedFacts(lookup: FactLookup): LiveFact[] {
	return [...lookup.facts, ...lookup.failures.map(failureFact)];
}
