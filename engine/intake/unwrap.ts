import { isRecord, type Json } from './fields';

/**
 * n8n's Webhook node emits `{ headers, params, query, body }` with the vendor JSON in `body`;
 * the helpdesk trigger nodes emit the vendor JSON itself. We accept both, and remember which, so
 * error messages can point at `body.<field>`.
 */
export interface Unwrapped {
	body: unknown;
	headers: Record<string, string>;
	wrapped: boolean;
}

export function isWebhookItem(payload: Json): boolean {
	return 'body' in payload && isRecord(payload.headers);
}

export function unwrapPayload(payload: Json): Unwrapped {
	if (!isWebhookItem(payload)) return { body: payload, headers: {}, wrapped: false };
	const headers: Record<string, string> = {};
	for (const [key, value] of Object.entries(payload.headers as Json)) {
		if (typeof value === 'string') headers[key.toLowerCase()] = value;
	}
	let body = payload.body;
	// A vendor posting JSON with a text/plain content type reaches n8n as a string.
	if (typeof body === 'string' && /^\s*[[{]/.test(body)) {
		try {
			body = JSON.parse(body) as unknown;
		} catch {
			// Left as a string: the caller reports that the body is not an object.
		}
	}
	return { body, headers, wrapped: true };
}
