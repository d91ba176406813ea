/**
 * Shared machinery of the loopback vendor stand-ins (test code only): a node:http server on
 * 127.0.0.1:0, a fault-injection API, and a log of the writes the "vendor" really applied, which
 * tests and the fault bench count to prove no write happened twice.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';

/**
 * - 429/500/503: answered before the request is processed (rate limiter, load balancer)
 * - timeout: never answered; the client's timeout fires. Not processed.
 * - reset: the connection is dropped before processing
 * - commit-then-reset / commit-then-timeout: processed (the write happens), then the answer is lost:
 *   the ambiguous case idempotency exists for
 */
export type FaultKind = 429 | 500 | 502 | 503 | 'timeout' | 'reset' | 'commit-then-reset' | 'commit-then-timeout';

export interface FaultRule {
	method?: string;
	/** Exact path, a prefix ending in `*`, or a RegExp. */
	path: string | RegExp;
	times: number;
	kind: FaultKind;
	/** Sent with 429 (e.g. '2', '2.0' or an HTTP date). */
	retryAfter?: string;
}

export interface StandInRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface StandInResponse {
	status: number;
	headers?: Record<string, string>;
	body?: unknown;
}

export interface WriteLogEntry {
	method: string;
	path: string;
	/** Our idempotency key or ledger marker as the vendor saw it, if any. */
	key?: string;
	/** The object the write created or changed. */
	objectId: string;
}

export interface FaultStats {
	injected: number;
	byKind: Record<string, number>;
}

function pathMatches(rule: FaultRule, path: string): boolean {
	if (rule.path instanceof RegExp) return rule.path.test(path);
	if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1));
	return rule.path === path;
}

export abstract class StandIn {
	readonly writes: WriteLogEntry[] = [];
	readonly requests: Array<{ method: string; path: string }> = [];
	readonly faultStats: FaultStats = { injected: 0, byKind: {} };
	/** Consulted after the explicit rules; the bench uses it for random faults. */
	faultPolicy?: (req: { method: string; path: string }) => { kind: FaultKind; retryAfter?: string } | undefined;
	private rules: FaultRule[] = [];
	private server?: Server;
	private idCounter = 1000;
	url = '';

	protected abstract authorized(headers: IncomingMessage['headers']): boolean;
	protected abstract unauthorized(): StandInResponse;
	protected abstract rateLimited(retryAfter?: string): StandInResponse;
	protected abstract serverError(status: number): StandInResponse;
	/** May be async: a stand-in that holds a request in flight (e.g. Stripe's idempotency_key_in_use) awaits here. */
	protected abstract handle(req: StandInRequest): StandInResponse | Promise<StandInResponse>;

	/** The next `times` requests matching method and path fail with `kind`. */
	inject(rule: FaultRule): void {
		this.rules.push({ ...rule });
	}

	clearFaults(): void {
		this.rules = [];
		this.faultPolicy = undefined;
	}

	protected nextId(): number {
		return ++this.idCounter;
	}

	protected logWrite(entry: WriteLogEntry): void {
		this.writes.push(entry);
	}

	private takeFault(method: string, path: string): { kind: FaultKind; retryAfter?: string } | undefined {
		const rule = this.rules.find((r) => r.times > 0 && (!r.method || r.method === method) && pathMatches(r, path));
		if (rule) {
			rule.times--;
			return rule;
		}
		return this.faultPolicy?.({ method, path });
	}

	private reply(res: ServerResponse, out: StandInResponse): void {
		const body = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
		res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8', ...(out.headers ?? {}) });
		res.end(body);
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://stand-in');
		const method = req.method ?? 'GET';
		this.requests.push({ method, path: url.pathname });
		const fault = this.takeFault(method, url.pathname);
		if (fault) {
			this.faultStats.injected++;
			this.faultStats.byKind[String(fault.kind)] = (this.faultStats.byKind[String(fault.kind)] ?? 0) + 1;
		}
		if (fault?.kind === 'timeout') return; // held until the client gives up and closes the socket
		if (fault?.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 429) return this.reply(res, this.rateLimited(fault.retryAfter));
		if (typeof fault?.kind === 'number') return this.reply(res, this.serverError(fault.kind));
		let out: StandInResponse;
		if (!this.authorized(req.headers)) out = this.unauthorized();
		else {
			try {
				out = await this.handle({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			} catch {
				out = this.serverError(500);
			}
		}
		if (fault?.kind === 'commit-then-reset') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'commit-then-timeout') return;
		this.reply(res, out);
	}

	async start(): Promise<this> {
		({ server: this.server, url: this.url } = await listenOnLoopback(async (req, res) => await this.onRequest(req, res)));
		return this;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		const server = this.server;
		this.server = undefined;
		await closeServer(server);
	}
}

export function jsonParse(text: string): Record<string, unknown> {
	try {
		const v: unknown = JSON.parse(text);
		return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}
