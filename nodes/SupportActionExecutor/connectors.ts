import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IN8nHttpFullResponse } from 'n8n-workflow';
import { toTransportError, type Connectors, type HttpClient } from '../../engine/execution';
import { CONNECTOR_CREDENTIALS, type ConnectorName } from './description';

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
export function baseUrlFromCredential(connector: ConnectorName, credential: IDataObject): Checked {
	const host = (field: string, label: string): Checked => {
		const raw = String(credential[field] ?? '').trim();
		// Users paste "acme.zendesk.com" or "acme.myshopify.com" as often as "acme".
		const first = raw.replace(/^https?:\/\//i, '').split('.')[0];
		if (!HOST_LABEL.test(first)) return { ok: false, problem: `the ${label} credential's ${field} is not a valid subdomain` };
		return { ok: true, url: first.toLowerCase() };
	};
	let sub: Checked;
	switch (connector) {
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

export interface ConnectorSettings {
	use: Record<ConnectorName, boolean>;
	baseUrlOverride: Partial<Record<ConnectorName, string>>;
	shopifyApiVersion: string;
}

/**
 * Wires the connectors that are switched on and have a credential set. One switched on without a
 * credential stays unwired: its steps are refused with "connector is not configured" and escalate,
 * rather than failing the whole workflow.
 */
export async function buildConnectors(ctx: IExecuteFunctions, s: ConnectorSettings): Promise<{ connectors: Connectors; wired: ConnectorName[] }> {
	const connectors: Connectors = {};
	const wired: ConnectorName[] = [];
	const configured = ctx.getNode().credentials ?? {};
	for (const name of Object.keys(CONNECTOR_CREDENTIALS) as ConnectorName[]) {
		const { type } = CONNECTOR_CREDENTIALS[name];
		// getCredentials throws for an optional credential that is not set: ask the node first.
		if (!s.use[name] || !configured[type]) continue;
		const override = s.baseUrlOverride[name];
		// With an override the credential is only needed for signing, which n8n does: we read nothing from it.
		const baseUrl = override ? { ok: true as const, url: override } : baseUrlFromCredential(name, await ctx.getCredentials(type));
		if (!baseUrl.ok) {
			throw new NodeOperationError(ctx.getNode(), `${CONNECTOR_CREDENTIALS[name].label}: ${baseUrl.problem}`, { description: 'Fix the credential, or set a Base URL Override under Options.' });
		}
		const client = n8nHttpClient(ctx, type, baseUrl.url);
		if (name === 'shopify') connectors.shopify = { client, apiVersion: s.shopifyApiVersion };
		else connectors[name] = { client };
		wired.push(name);
	}
	return { connectors, wired };
}
