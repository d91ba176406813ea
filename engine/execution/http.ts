/**
 * The one way the executor talks HTTP. Inside n8n it wraps `this.helpers.httpRequestWithAuthentication`
 * (n8n signs the request, so credentials never reach the engine); outside n8n `createFetchHttpClient`
 * wraps fetch. `url` is a path relative to the client's base URL: the client, not the connector,
 * knows which shop, subdomain or account it talks to.
 */
export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	headers?: Record<string, string>;
	/** Already serialised by the connector (JSON or form-encoded). */
	body?: string;
	timeoutMs: number;
}

export interface HttpResponse {
	status: number;
	/** Lower-case header names. */
	headers: Record<string, string>;
	/** Raw text, or an already parsed value when the wrapped client parses JSON itself. */
	body: unknown;
}

export interface HttpClient {
	/** Resolves for every HTTP status; rejects only with a TransportError. */
	request(req: HttpRequest): Promise<HttpResponse>;
}

export type TransportErrorKind = 'timeout' | 'reset' | 'connect' | 'other';

/**
 * No HTTP response arrived. For a write this is ambiguous (the server may have done it), which is
 * why the executor re-checks the idempotency ledger before any retry.
 */
export class TransportError extends Error {
	readonly kind: TransportErrorKind;

	constructor(kind: TransportErrorKind, message: string) {
		super(message);
		this.name = 'TransportError';
		this.kind = kind;
	}
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
	let cur: unknown = error;
	for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
		const code = (cur as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		cur = (cur as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Maps whatever a transport threw (fetch, axios inside n8n, node:http) to a TransportError. */
export function toTransportError(error: unknown): TransportError {
	if (error instanceof TransportError) return error;
	// Duck-typed, not instanceof: the error may come from another realm (jest's vm, n8n's sandbox).
	const rawName = error && typeof error === 'object' ? (error as { name?: unknown }).name : undefined;
	const name = typeof rawName === 'string' ? rawName : '';
	const code = errorCode(error);
	if (name === 'AbortError' || name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNABORTED_TIMEOUT') {
		return new TransportError('timeout', 'request timed out');
	}
	if (code && RESET_CODES.has(code)) return new TransportError('reset', `connection reset (${code})`);
	if (code && CONNECT_CODES.has(code)) return new TransportError('connect', `could not connect (${code})`);
	// The message of an unknown error may quote the request; keep only its class.
	return new TransportError('other', `transport error${code ? ` (${code})` : name ? ` (${name})` : ''}`);
}

export interface FetchClientOptions {
	/** e.g. https://acme.zendesk.com or http://127.0.0.1:4711 */
	baseUrl: string;
	/** Sent with every request, e.g. { authorization: 'Bearer ...' }; never returned or logged. */
	authHeaders?: Record<string, string>;
	fetch?: typeof fetch;
}

/** HttpClient for the command-line tools and benchmarks. */
export function createFetchHttpClient(options: FetchClientOptions): HttpClient {
	const base = options.baseUrl.replace(/\/+$/, '');
	const doFetch = options.fetch ?? fetch;
	return {
		async request(req) {
			const controller = new AbortController();
			const timer = setTimeout(() => controller.abort(), req.timeoutMs);
			try {
				const res = await doFetch(`${base}${req.url}`, {
					method: req.method,
					headers: { ...(req.headers ?? {}), ...(options.authHeaders ?? {}) },
					body: req.body,
					signal: controller.signal,
				});
				const text = await res.text();
				const headers: Record<string, string> = {};
				res.headers.forEach((value, key) => {
					headers[key.toLowerCase()] = value;
				});
				return { status: res.status, headers, body: text };
			} catch (error) {
				throw toTransportError(error);
			} finally {
				clearTimeout(timer);
			}
		},
	};
}

/** Parses a response body that may be text or an already parsed value. */
export function jsonBody(res: HttpResponse): Record<string, unknown> {
	if (res.body && typeof res.body === 'object') return res.body as Record<string, unknown>;
	if (typeof res.body !== 'string' || res.body === '') return {};
	try {
		const parsed: unknown = JSON.parse(res.body);
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}
