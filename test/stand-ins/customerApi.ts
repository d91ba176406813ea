/**
 * Loopback stand-in for an operator's own customer API (a CRM), the target of the retriever's
 * generic HTTP lookup: GET /api/customers/{email} and GET /api/customers?email=..., answering 404 for
 * unknown customers. It accepts any method and logs every non-GET as a write, so a test can prove
 * that none ever reached it. Auth: the header `expectedHeader` must equal `expectedValue`.
 */
import type { IncomingMessage } from 'node:http';
import { StandIn, type StandInRequest, type StandInResponse } from './base';

export class CustomerApiStandIn extends StandIn {
	readonly customers = new Map<string, Record<string, unknown>>();
	/** The query strings seen, for tests of query-string authentication. */
	readonly queries: URLSearchParams[] = [];

	constructor(
		private readonly expectedHeader: string,
		private readonly expectedValue: string,
	) {
		super();
	}

	addCustomer(email: string, data: Record<string, unknown>): void {
		this.customers.set(email.toLowerCase(), { email, ...data });
	}

	protected authorized(headers: IncomingMessage['headers']): boolean {
		return headers[this.expectedHeader.toLowerCase()] === this.expectedValue;
	}
	protected unauthorized(): StandInResponse {
		return { status: 401, body: { error: 'unauthorized' } };
	}
	protected rateLimited(retryAfter = '1'): StandInResponse {
		return { status: 429, headers: { 'retry-after': retryAfter }, body: { error: 'rate limited' } };
	}
	protected serverError(status: number): StandInResponse {
		return { status, body: { error: 'server error' } };
	}

	protected handle(req: StandInRequest): StandInResponse {
		this.queries.push(req.query);
		if (req.method !== 'GET') {
			this.logWrite({ method: req.method, path: req.path, objectId: req.path });
			return { status: 200, body: { ok: true } };
		}
		if (req.path === '/api/customers') {
			const email = (req.query.get('email') ?? '').toLowerCase();
			const found = this.customers.get(email);
			return { status: 200, body: found ? [found] : [] };
		}
		if (req.path === '/api/html') return { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' };
		const m = /^\/api\/customers\/([^/]+)$/.exec(req.path);
		if (!m) return { status: 404, body: { error: 'no such endpoint' } };
		const found = this.customers.get(decodeURIComponent(m[1]).toLowerCase());
		return found ? { status: 200, body: found } : { status: 404, body: { error: 'customer not found' } };
	}
}
