import type { LiveFact, Ticket } from '../contracts';
import { DEFAULT_SHOPIFY_API_VERSION, jsonBodyOf, type Connectors } from './connectorAccess';

const CHARGE_REF = /\b(ch_[A-Za-z0-9]{4,64})\b/;
const TIMEOUT_MS = 10_000;

export interface FactLookup {
	facts: LiveFact[];
	/** Lookups that failed (not found, transport error): recorded in the trace, never fatal. */
	problems: string[];
}

/**
 * Read-only lookups of the live facts the playbooks read (`facts.order`, `facts.charge`). Only the
 * first order reference counts: playbooks act on one order, and a second reference a customer
 * slips in must not silently replace the first (buildScope keeps the latest fact of a kind).
 */
export async function lookupLiveFacts(ticket: Ticket, connectors: Connectors, now: () => Date): Promise<FactLookup> {
	const facts: LiveFact[] = [];
	const problems: string[] = [];
	const orderRef = ticket.orderRefs.find((r) => /^\d{1,15}$/.test(r));
	if (orderRef && connectors.shopify) {
		const version = connectors.shopify.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION;
		const found = await getJson(connectors.shopify.client, `/admin/api/${version}/orders/${orderRef}.json`);
		const order = found.ok ? found.json.order : undefined;
		if (order && typeof order === 'object') facts.push({ kind: 'order', source: 'shopify', fetchedAt: now().toISOString(), data: order as Record<string, unknown> });
		else problems.push(`order ${orderRef}: ${found.ok ? 'no order in the answer' : found.problem}`);
	}
	const chargeRef = CHARGE_REF.exec(`${ticket.subject} ${ticket.message}`)?.[1];
	if (chargeRef && connectors.stripe) {
		const found = await getJson(connectors.stripe.client, `/v1/charges/${chargeRef}`);
		if (found.ok && found.json.id) facts.push({ kind: 'charge', source: 'stripe', fetchedAt: now().toISOString(), data: found.json });
		else problems.push(`charge ${chargeRef}: ${found.ok ? 'no charge in the answer' : found.problem}`);
	}
	return { facts, problems };
}

async function getJson(
	client: { request: NonNullable<Connectors['stripe']>['client']['request'] },
	url: string,
): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; problem: string }> {
	try {
		const res = await client.request({ method: 'GET', url, timeoutMs: TIMEOUT_MS });
		if (res.status < 200 || res.status >= 300) return { ok: false, problem: `GET ${url.split('?')[0]} answered ${res.status}` };
		return { ok: true, json: jsonBodyOf(res) };
	} catch (error) {
		return { ok: false, problem: `GET ${url.split('?')[0]} failed: ${error instanceof Error ? error.message : String(error)}` };
	}
}
