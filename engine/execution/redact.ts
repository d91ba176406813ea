/** Field names whose values never appear in a recorded request, whatever system they go to. */
const SECRET_FIELD = /(authori[sz]ation|token|secret|password|passwd|api[_-]?key|cookie|card|cvc|cvv|iban|account[_-]?number)/i;
const MAX_STRING = 200;

/** A copy of a request body fit for the case file: secrets masked, long texts clipped. */
export function redactBody(value: unknown, depth = 0): unknown {
	if (depth > 6) return '[…]';
	if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
	if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactBody(v, depth + 1));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			out[k] = SECRET_FIELD.test(k) ? '[redacted]' : redactBody(v, depth + 1);
		}
		return out;
	}
	return value;
}
