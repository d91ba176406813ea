/**
 * A loopback HTTP proxy in front of another stand-in (e.g. the MCP server) that answers the next
 * requests with an injected status instead of forwarding them: 429 with Retry-After, 500, 503.
 * Everything else is passed through unchanged, headers and streamed bodies included.
 */
import type { Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';

export interface ProxyFault {
	status: 429 | 500 | 502 | 503 | 401 | 403;
	times: number;
	retryAfter?: string;
}

export class FaultProxy {
	/** Requests seen, forwarded or not (method and path). */
	readonly requests: Array<{ method: string; path: string; faulted: boolean }> = [];
	private faults: ProxyFault[] = [];
	private server?: Server;
	url = '';

	constructor(private readonly target: string) {}

	inject(fault: ProxyFault): void {
		this.faults.push({ ...fault });
	}

	clearFaults(): void {
		this.faults = [];
	}

	async start(): Promise<this> {
		const target = new URL(this.target);
		({ server: this.server, url: this.url } = await listenOnLoopback(async (req, res) => {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const fault = this.faults.find((f) => f.times > 0);
			this.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', faulted: fault !== undefined });
			if (fault) {
				fault.times--;
				res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
				res.end(JSON.stringify({ error: `injected ${fault.status}` }));
				return;
			}
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
			const upstream = await fetch(new URL(req.url ?? '/', target), {
				method: req.method,
				headers,
				body: chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
			});
			const out: Record<string, string> = {};
			upstream.headers.forEach((v, k) => {
				if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'content-encoding') out[k] = v;
			});
			res.writeHead(upstream.status, out);
			res.end(Buffer.from(await upstream.arrayBuffer()));
		}));
		// Same path as the target's (e.g. /mcp), on the proxy's port.
		this.url = `${this.url}${target.pathname === '/' ? '' : target.pathname}`;
		return this;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		const server = this.server;
		this.server = undefined;
		await closeServer(server);
	}
}
