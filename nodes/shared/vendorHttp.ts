import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { toTransportError, TransportError, type HttpClient } from '../../engine/execution';
import type { Sign } from './httpSigning';

/**
 * The n8n side of vendor HTTP, shared by the nodes that call Zendesk, Help Scout, Shopify, Stripe or an
 * operator's own API (the Support Action Executor for its plan steps, the Support Policy Retriever
 * for its live facts).
 */

export type VendorName = 'zendesk' | 'shopify' | 'stripe' | 'helpScout';

/** One label of a host name: a credential field must not be able to smuggle in a path or another host. */
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function lowerCaseHeaders(headers: IDataObject | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {})) {
		if (v === undefined || v === null) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

export interface N8nHttpClientOptions {
	/**
	 * An OAuth2 credential type (e.g. zendeskOAuth2Api): a 401 is let through as an error so n8n
	 * refreshes the token and repeats the request once, as its own nodes do.
	 */
	oauth2?: boolean;
	/** Signing n8n does not do from a credential type (Basic, Query, Custom Auth: nodes/shared/httpSigning.ts); the request then goes unsigned to n8n. */
	sign?: Sign;
}

/** The HTTP status inside whatever n8n threw (NodeApiError.httpCode, an axios response), if any. */
function statusOf(error: unknown): number | undefined {
	let cur: unknown = error;
	for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
		const { httpCode, response, cause } = cur as { httpCode?: unknown; response?: { status?: unknown }; cause?: unknown };
		if (typeof httpCode === 'string' && /^\d{3}$/.test(httpCode)) return Number(httpCode);
		if (typeof response?.status === 'number') return response.status;
		cur = cause;
	}
	return undefined;
}

/** Keeps a plan's path under the base URL even if something upstream let a dot segment through. */
function underBase(base: string, path: string): string {
	const target = new URL(`${base}${path}`).href;
	if (target !== base && !target.startsWith(`${base}/`) && !target.startsWith(`${base}?`)) {
		throw new TransportError('other', 'refused: the request path leaves the configured base URL');
	}
	return target;
}

/**
 * The engine's HttpClient on top of n8n: n8n adds the credential's auth to each request, so the
 * engine never sees a secret. Every status resolves (the engine decides what is retryable);
 * anything thrown means no response arrived and becomes a TransportError without the request in it.
 * Without a credential type the request is sent unsigned. Also used by the editor's list searches
 * (ILoadOptionsFunctions), e.g. the Packager's Zendesk groups.
 */
export function n8nHttpClient(ctx: IExecuteFunctions | ILoadOptionsFunctions, credentialType: string | undefined, baseUrl: string, opts: N8nHttpClientOptions = {}): HttpClient {
	const base = baseUrl.replace(/\/+$/, '');
	return {
		async request(req) {
			const url = underBase(base, req.url);
			const options: IHttpRequestOptions = {
				method: req.method,
				url,
				headers: req.headers ?? {},
				...(req.body === undefined ? {} : { body: req.body }),
				returnFullResponse: true,
				// OAuth2: 401 must throw for n8n to refresh the token; every other status resolves.
				ignoreHttpStatusErrors: opts.oauth2 ? { ignore: true, except: [401] } : true,
				timeout: req.timeoutMs,
				json: false,
			};
			opts.sign?.(options);
			let res: IN8nHttpFullResponse;
			try {
				res = (credentialType
					? await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)
					: await ctx.helpers.httpRequest(options)) as IN8nHttpFullResponse;
			} catch (error) {
				if (opts.oauth2 && statusOf(error) === 401) {
					return { status: 401, headers: {}, body: { error: 'the OAuth2 token was refused even after a refresh: reconnect the credential' } };
				}
				throw toTransportError(error);
			}
			return { status: res.statusCode, headers: lowerCaseHeaders(res.headers), body: res.body };
		},
	};
}

export type Checked = { ok: true; url: string } | { ok: false; problem: string };

/** An operator-typed base URL: http(s) only, no credentials or query in it. `field` names it in problems. */
export function checkBaseUrl(label: string, raw: string, field = 'Base URL Override'): Checked {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		return { ok: false, problem: `${label} ${field} is not a URL` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: `${label} ${field} must start with https:// or http://` };
	if (url.username || url.password || url.search || url.hash) {
		return { ok: false, problem: `${label} ${field} must not contain a user name, password, query or fragment` };
	}
	return { ok: true, url: url.toString().replace(/\/+$/, '') };
}

/** The vendor's base URL from the non-secret credential fields; only the host part is read. */
export function baseUrlFromCredential(vendor: VendorName, credential: IDataObject): Checked {
	const host = (field: string, label: string): Checked => {
		const raw = String(credential[field] ?? '').trim();
		// Users paste "acme.zendesk.com" or "acme.myshopify.com" as often as "acme".
		const first = raw.replace(/^https?:\/\//i, '').split('.')[0];
		if (!HOST_LABEL.test(first)) return { ok: false, problem: `the ${label} credential's ${field} is not a valid subdomain` };
		return { ok: true, url: first.toLowerCase() };
	};
	let sub: Checked;
	switch (vendor) {
		case 'zendesk':
			sub = host('subdomain', 'Zendesk');
			return sub.ok ? { ok: true, url: `https://${sub.url}.zendesk.com` } : sub;
		case 'shopify':
			sub = host('shopSubdomain', 'Shopify');
			return sub.ok ? { ok: true, url: `https://${sub.url}.myshopify.com` } : sub;
		case 'stripe':
			return { ok: true, url: 'https://api.stripe.com' };
		case 'helpScout':
			return { ok: true, url: 'https://api.helpscout.net' };
	}
}
