import { createHash } from 'node:crypto';

/** JSON with sorted keys, so the same content always hashes the same whatever the key order. */
export function canonicalJson(value: unknown): string {
	if (value === undefined) return 'null';
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A plan id that a re-run of the same ticket reproduces (so retries and replays line up) and that
 * changes whenever the ticket or anything the plan would do or say changes.
 */
export function planId(ticket: { id: string; message: string }, content: unknown): string {
	const hash = createHash('sha256')
		.update(canonicalJson({ ticket: { id: ticket.id, message: ticket.message }, content }))
		.digest('hex');
	return `plan_${hash.slice(0, 20)}`;
}
