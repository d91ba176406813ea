import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal arguments always hash equally. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') {
		// undefined and functions have no JSON form; treat them as null rather than dropping silently
		return JSON.stringify(value ?? null) ?? 'null';
	}
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The key of one write: derived only from the ticket, the plan step and the step's arguments, never
 * from text a model produced, so every re-run of the same plan (n8n retry, re-delivered webhook,
 * another worker) computes the same key.
 */
export function idempotencyKey(ticketId: string, stepId: string, tool: string, args: Record<string, unknown>): string {
	return createHash('sha256')
		.update(canonicalJson(['support-coordination/v1', ticketId, stepId, tool, args]))
		.digest('hex');
}

/** The short marker written into systems without an idempotency header (Zendesk tag, Shopify note). */
export function ledgerMarker(key: string): string {
	// 64 bits: collisions within one ticket's or order's history are not a practical concern
	return `sc_${key.slice(0, 16)}`;
}

/**
 * Written next to the ledger marker (Shopify refund note) so that a later run of the same ticket can
 * tell "refunded by us for this ticket" (e.g. n8n died after the vendor refunded, and the execution
 * is retried) from "refunded by someone else" (a person decides). See the planner's enrichment.
 */
export function ticketNoteTag(ticketId: string): string {
	return `[ticket:${ticketId}]`;
}
