import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { toTransportError, type HttpClient } from '../../engine/execution';

/**
 * The n8n side of vendor HTTP, shared by the nodes that call Zendesk, Shopify or Stripe (the
 * Support Action Executor for its plan steps, the Support Policy Retriever for its live facts).
 */

export type VendorName = 'zendesk' | 'shopify' | 'stripe';

/** One label of a host name: a credential field must not be able to smuggle in a path or another host. */
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function lowerCaseHeaders(headers: IDataObject | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {})) {
		if (v === undefined || v === null) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

/**
 * The engine's HttpClient on top of n8n: n8n adds the credential's auth to each request, so the
 * engine never sees a secret. Every status resolves (the engine decides what is retryable);
 * anything thrown means no response arrived and becomes a TransportError without the request in it.
 */
export function n8nHttpClient(ctx: IExecuteFunctions, credentialType: string, baseUrl: string): HttpClient {
	const base = baseUrl.replace(/\/+$/, '');
	return {
		async request(req) {
			let res: IN8nHttpFullResponse;
			try {
				res = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
					method: req.method,
					url: `${base}${req.url}`,
					headers: req.headers ?? {},
					body: req.body,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: req.timeoutMs,
					json: false,
				})) as IN8nHttpFullResponse;
			} catch (error) {
				throw toTransportError(error);
			}
			return { status: res.statusCode, headers: lowerCaseHeaders(res.headers), body: res.body };
		},
	};
}

export type Checked = { ok: true; url: string } | { ok: false; problem: string };

/** An operator-typed base URL: http(s) only, no credentials or query in it. */
export function checkBaseUrl(label: string, raw: string): Checked {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		return { ok: false, problem: `${label} Base URL Override is not a URL` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: `${label} Base URL Override must start with https:// or http://` };
	if (url.username || url.password || url.search || url.hash) {
		return { ok: false, problem: `${label} Base URL Override must not contain a user name, password, query or fragment` };
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
	}
}
