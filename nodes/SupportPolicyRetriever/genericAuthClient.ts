import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions, type IN8nHttpFullResponse } from 'n8n-workflow';
import { toTransportError, type HttpClient } from '../../engine/execution';
import { WriteRefusedError } from '../../engine/retrieval';
import { lowerCaseHeaders, n8nHttpClient } from '../shared/vendorHttp';

/**
 * HTTP clients for the generic HTTP lookup. Credentials are applied below the engine, which only
 * ever sees paths and statuses, so no recorded error can quote them. n8n signs requests for credential types that declare
 * how (`authenticate`: Bearer Auth, the service credentials); Basic, Query and Custom Auth declare
 * nothing (n8n's HTTP Request node applies them itself), so this node applies them the same way.
 */

type Sign = (options: IHttpRequestOptions) => void;

/** Like vendorHttp's n8nHttpClient, but unauthenticated at n8n's level and signed here; GET only. */
function selfSignedClient(ctx: IExecuteFunctions, baseUrl: string, sign: Sign): HttpClient {
	const base = baseUrl.replace(/\/+$/, '');
	return {
		async request(req) {
			// The engine wraps every lookup client read-only too; this client is never handed anything else.
			if (req.method !== 'GET') throw new WriteRefusedError(req.method);
			const options: IHttpRequestOptions = {
				method: 'GET',
				url: `${base}${req.url}`,
				headers: { ...(req.headers ?? {}) },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: req.timeoutMs,
				json: false,
			};
			sign(options);
			let res: IN8nHttpFullResponse;
			try {
				res = (await ctx.helpers.httpRequest(options)) as IN8nHttpFullResponse;
			} catch (error) {
				throw toTransportError(error);
			}
			return { status: res.statusCode, headers: lowerCaseHeaders(res.headers), body: res.body };
		},
	};
}

function stringRecord(value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined && v !== null) out[k] = String(v);
	}
	return out;
}

/**
 * The client for one credential type, given the credential's data the caller already read (see
 * usableCredential); a credential this node cannot apply stops the workflow, naming the problem.
 */
export function credentialClient(ctx: IExecuteFunctions, type: string, baseUrl: string, credential: IDataObject): HttpClient {
	if (type === 'httpBasicAuth') {
		const c = credential as { user?: string; password?: string };
		const auth = { username: String(c.user ?? ''), password: String(c.password ?? '') };
		return selfSignedClient(ctx, baseUrl, (o) => (o.auth = auth));
	}
	if (type === 'httpQueryAuth') {
		const c = credential as { name?: string; value?: string };
		const name = String(c.name ?? '').trim();
		if (!name) throw new NodeOperationError(ctx.getNode(), 'HTTP lookup: the Query Auth credential has no parameter name');
		const value = String(c.value ?? '');
		return selfSignedClient(ctx, baseUrl, (o) => (o.qs = { ...(o.qs ?? {}), [name]: value }));
	}
	if (type === 'httpCustomAuth') {
		const c = credential as { json?: string };
		let parsed: { headers?: unknown; qs?: unknown };
		try {
			parsed = JSON.parse(String(c.json ?? '{}')) as { headers?: unknown; qs?: unknown };
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'HTTP lookup: the Custom Auth credential is not valid JSON');
		}
		const headers = stringRecord(parsed.headers);
		const qs = stringRecord(parsed.qs);
		// A body has no place in a GET: only headers and query parameters are applied.
		const sign: Sign = (o) => {
			o.headers = { ...(o.headers ?? {}), ...headers };
			if (Object.keys(qs).length) o.qs = { ...(o.qs ?? {}), ...qs };
		};
		return selfSignedClient(ctx, baseUrl, sign);
	}
	// Bearer Auth and the service credentials declare `authenticate` (or OAuth2): n8n signs them.
	return n8nHttpClient(ctx, type, baseUrl);
}

/** No authentication at all: still through n8n's request helper (proxy settings, timeouts). */
export function anonymousClient(ctx: IExecuteFunctions, baseUrl: string): HttpClient {
	return selfSignedClient(ctx, baseUrl, () => undefined);
}
