import type { ModelFailureKind } from './types';

/** Raised by our own per-attempt timer, so a timeout is recognised whatever the model object throws. */
export class ModelTimeoutError extends Error {
	constructor(readonly timeoutMs: number) {
		super(`the model did not answer within ${timeoutMs} ms`);
		this.name = 'ModelTimeoutError';
	}
}

export interface ClassifiedModelError {
	kind: Exclude<ModelFailureKind, 'malformed' | 'undefined_intent'>;
	message: string;
	status?: number;
	/** Whether another attempt can reasonably succeed (a 401 or a 400 will not). */
	retryable: boolean;
	/** What the provider asked for (Retry-After / retry-after-ms), if it said. */
	retryAfterMs?: number;
}

type Loose = Record<string, unknown>;

/**
 * Errors reach us in several wrappings: the OpenAI SDK's APIError (status, headers), LangChain's
 * wrapper (same object plus lc_error_code), and inside n8n a NodeApiError with `httpCode` as a
 * string and the original in `cause`. Walk the chain and take the first of each fact found.
 */
function chain(error: unknown): Loose[] {
	const out: Loose[] = [];
	let cur: unknown = error;
	for (let depth = 0; depth < 5 && cur && typeof cur === 'object' && !out.includes(cur as Loose); depth++) {
		out.push(cur as Loose);
		cur = (cur as Loose).cause;
	}
	return out;
}

function statusOf(e: Loose): number | undefined {
	for (const v of [e.status, e.statusCode, e.httpCode, (e.response as Loose | undefined)?.status]) {
		const n = typeof v === 'string' ? Number(v) : v;
		if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n < 600) return n;
	}
	return undefined;
}

function header(headers: unknown, name: string): string | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const h = headers as { get?: (n: string) => unknown } & Loose;
	if (typeof h.get === 'function') {
		const v = h.get(name);
		if (typeof v === 'string') return v;
	}
	for (const [key, value] of Object.entries(h)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : typeof value === 'string' ? value : undefined;
	}
	return undefined;
}

/** Retry-After in ms from `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
	const ms = header(headers, 'retry-after-ms');
	if (ms !== undefined && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Math.ceil(Number(ms));
	const ra = header(headers, 'retry-after');
	if (ra === undefined || ra.trim() === '') return undefined;
	if (Number.isFinite(Number(ra))) return Math.max(0, Math.ceil(Number(ra) * 1000));
	const date = Date.parse(ra);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function clip(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > 300 ? `${oneLine.slice(0, 300)}...` : oneLine;
}

export function classifyModelError(error: unknown): ClassifiedModelError {
	const links = chain(error);
	if (links.length === 0) return { kind: 'error', message: clip(String(error)), retryable: true };
	const first = links[0];
	const message = clip(typeof first.message === 'string' && first.message ? first.message : String(error));
	let status: number | undefined;
	let retryAfter: number | undefined;
	for (const link of links) {
		status ??= statusOf(link);
		retryAfter ??= retryAfterMs(link.headers) ?? retryAfterMs((link.response as Loose | undefined)?.headers);
	}
	const names = links.map((l) => String(l.name ?? '')).join(' ');
	const texts = links.map((l) => String(l.message ?? '')).join(' ');

	if (links.some((l) => l instanceof ModelTimeoutError) || /\bTimeoutError\b/.test(names) || /timed? ?out/i.test(texts)) {
		return { kind: 'timeout', message, status, retryable: true };
	}
	if (status === 429 || links.some((l) => l.lc_error_code === 'MODEL_RATE_LIMIT') || /rate limit|too many requests/i.test(texts)) {
		return { kind: 'rate_limited', message, status: status ?? 429, retryable: true, retryAfterMs: retryAfter };
	}
	const code = links.map((l) => String(l.code ?? '')).join(' ');
	const network = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR/.test(code) || /connection error|fetch failed|socket hang up/i.test(texts);
	const retryable = status === undefined ? true : status >= 500 || status === 408 || status === 409 || network;
	return { kind: 'error', message: status ? `HTTP ${status}: ${message}` : message, status, retryable, retryAfterMs: retryAfter };
}
