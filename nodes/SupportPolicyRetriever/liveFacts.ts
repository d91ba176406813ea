import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { connectMcpServer } from '../../engine/execution/connectors/mcpSession';
import {
	CASE_FIELD_NAMES,
	lazyMcpSession,
	LOOKUP_FAILED_KIND,
	readOnlyMcpSession,
	unknownPlaceholders,
	type LiveFactSources,
} from '../../engine/retrieval';
import { usableCredential, zendeskCredentialFor } from '../shared/credentials';
import { jsonParameter, paramError } from '../shared/jsonParameter';
import { baseUrlFromCredential, checkBaseUrl, n8nHttpClient } from '../shared/vendorHttp';
import { anonymousClient, credentialClient } from './genericAuthClient';
import { HTTP_GENERIC_CREDENTIALS, HTTP_PREDEFINED_CREDENTIALS, MCP_HEADER_AUTH } from './liveFactDescription';
import { isV2 } from './versions';

export interface LiveFactSettings {
	sources: LiveFactSources;
	timeoutMs?: number;
	/** Set up problems that do not stop the workflow (a lookup switched on without a credential); traced per case. */
	notes: string[];
	/** Ends what the lookups opened (the MCP connection); call once the execution is done with them. */
	close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Fact names are keys playbooks write as facts.<name>: a plain identifier, and not the failure record's kind. */
const FACT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

function text(ctx: IExecuteFunctions, name: string, fallback = ''): string {
	return String(ctx.getNodeParameter(name, 0, fallback) ?? '').trim();
}

function readOverride(ctx: IExecuteFunctions, options: IDataObject, key: string, label: string): string | undefined {
	const raw = options[key];
	if (typeof raw !== 'string' || raw.trim() === '') return undefined;
	const checked = checkBaseUrl(label, raw);
	if (!checked.ok) throw paramError(ctx, 'Live Fact Options', checked.problem);
	return checked.url;
}

function readTimeout(ctx: IExecuteFunctions, options: IDataObject): number | undefined {
	if (options.timeoutMs === undefined) return undefined;
	const ms = Number(options.timeoutMs);
	if (!Number.isFinite(ms) || ms < 100) throw paramError(ctx, 'Live Fact Options', 'Request Timeout (Ms) must be at least 100');
	return ms;
}

/** An operator-typed URL of their own service: http(s), no user name, password or fragment. */
function readServiceUrl(ctx: IExecuteFunctions, name: string, displayName: string, allowQuery: boolean): string {
	const raw = text(ctx, name);
	if (!raw) throw paramError(ctx, displayName, 'is empty');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw paramError(ctx, displayName, 'is not a URL');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw paramError(ctx, displayName, 'must start with https:// or http://');
	if (url.username || url.password || url.hash || (!allowQuery && url.search)) {
		throw paramError(ctx, displayName, `must not contain a user name, password${allowQuery ? '' : ', query'} or fragment`);
	}
	return url.toString().replace(/\/+$/, '');
}

function readFactName(ctx: IExecuteFunctions, name: string, displayName: string): string {
	const kind = text(ctx, name);
	if (!FACT_NAME.test(kind) || kind === LOOKUP_FAILED_KIND) {
		throw paramError(ctx, displayName, `must be a name of letters, digits and _ starting with a letter (not "${LOOKUP_FAILED_KIND}")`);
	}
	return kind;
}

function checkPlaceholders(ctx: IExecuteFunctions, displayName: string, template: string): void {
	const unknown = unknownPlaceholders(template);
	if (unknown.length) throw paramError(ctx, displayName, `unknown placeholder {${unknown[0]}}; use ${CASE_FIELD_NAMES.map((n) => `{${n}}`).join(', ')}`);
}

/**
 * The credential's data when it is selected and exists; otherwise notes why the lookup is left out
 * (an imported template names credentials the operator may not have created yet).
 */
async function credentialFor(ctx: IExecuteFunctions, type: string, label: string, notes: string[]): Promise<IDataObject | undefined> {
	const credential = await usableCredential(ctx, type, label);
	if (credential.ok) return credential.data;
	notes.push(`${label} lookups are switched on but ${credential.problem}`);
	return undefined;
}

async function wireShopifyAndStripe(ctx: IExecuteFunctions, options: IDataObject, sources: LiveFactSources, notes: string[]): Promise<void> {
	if (ctx.getNodeParameter('useShopify', 0, false) as boolean) {
		const override = readOverride(ctx, options, 'shopifyBaseUrl', 'Shopify');
		const apiVersion = text(ctx, 'shopifyApiVersion');
		if (!/^\d{4}-\d{2}$/.test(apiVersion)) throw paramError(ctx, 'Shopify API Version', 'must look like 2025-01');
		const credential = await credentialFor(ctx, 'shopifyAccessTokenApi', 'Shopify', notes);
		if (credential) {
			// With an override the credential is only needed for signing, which n8n does: we read nothing from it.
			const base = override ? { ok: true as const, url: override } : baseUrlFromCredential('shopify', credential);
			if (!base.ok) throw new NodeOperationError(ctx.getNode(), `Shopify: ${base.problem}`, { description: 'Fix the credential, or set a Base URL Override under Live Fact Options.' });
			sources.shopify = { client: n8nHttpClient(ctx, 'shopifyAccessTokenApi', base.url), apiVersion };
		}
	}
	if (ctx.getNodeParameter('useStripe', 0, false) as boolean) {
		const override = readOverride(ctx, options, 'stripeBaseUrl', 'Stripe');
		if (await credentialFor(ctx, 'stripeApi', 'Stripe', notes)) {
			sources.stripe = { client: n8nHttpClient(ctx, 'stripeApi', override ?? 'https://api.stripe.com') };
		}
	}
}

async function wireZendesk(ctx: IExecuteFunctions, options: IDataObject, sources: LiveFactSources, notes: string[]): Promise<void> {
	if (!(ctx.getNodeParameter('useZendesk', 0, false) as boolean)) return;
	const override = readOverride(ctx, options, 'zendeskBaseUrl', 'Zendesk');
	const auth = ctx.getNodeParameter('zendeskAuthentication', 0, 'apiToken');
	// Version 1 signed with the API token credential for any value but OAuth2; version 2 names a wrong one.
	const type = zendeskCredentialFor(isV2(ctx) || auth === 'oAuth2' ? auth : 'apiToken')?.type;
	if (!type) throw paramError(ctx, 'Zendesk Authentication', `must be API Token or OAuth2, not ${JSON.stringify(auth)}`);
	const recentTickets = Number(ctx.getNodeParameter('zendeskRecentTickets', 0, 5));
	if (!Number.isInteger(recentTickets) || recentTickets < 0 || recentTickets > 20) throw paramError(ctx, 'Zendesk Recent Tickets', 'must be a whole number from 0 to 20');
	const credential = await credentialFor(ctx, type, 'Zendesk', notes);
	if (!credential) return;
	const base = override ? { ok: true as const, url: override } : baseUrlFromCredential('zendesk', credential);
	if (!base.ok) throw new NodeOperationError(ctx.getNode(), `Zendesk: ${base.problem}`, { description: 'Fix the credential, or set a Base URL Override under Live Fact Options.' });
	sources.zendeskCustomer = { client: n8nHttpClient(ctx, type, base.url), recentTickets };
}

async function wireHttp(ctx: IExecuteFunctions, sources: LiveFactSources, notes: string[]): Promise<void> {
	if (!(ctx.getNodeParameter('useHttp', 0, false) as boolean)) return;
	const baseUrl = readServiceUrl(ctx, 'httpBaseUrl', 'HTTP Base URL', false);
	const pathTemplate = text(ctx, 'httpPath');
	if (!pathTemplate.startsWith('/') || pathTemplate.includes('#')) throw paramError(ctx, 'HTTP Path', 'must start with / and contain no #');
	checkPlaceholders(ctx, 'HTTP Path', pathTemplate);
	const kind = readFactName(ctx, 'httpFactName', 'HTTP Fact Name');
	const auth = ctx.getNodeParameter('httpAuthentication', 0, 'none') as string;
	let type: string | undefined;
	if (auth === 'genericCredentialType') type = ctx.getNodeParameter('httpGenericAuthType', 0) as string;
	else if (auth === 'predefinedCredentialType') type = ctx.getNodeParameter('httpCredentialType', 0) as string;
	else if (auth !== 'none') throw paramError(ctx, 'HTTP Authentication', `unknown value ${JSON.stringify(auth)}`);
	const offered: readonly string[] = [...HTTP_GENERIC_CREDENTIALS, ...HTTP_PREDEFINED_CREDENTIALS].map((c) => c.value);
	if (type !== undefined && !offered.includes(type)) throw paramError(ctx, 'HTTP Authentication', `credential type ${JSON.stringify(type)} is not offered by this node`);
	const credential = type === undefined ? undefined : await credentialFor(ctx, type, 'HTTP', notes);
	if (type !== undefined && !credential) return;
	const client = type && credential ? credentialClient(ctx, type, baseUrl, credential) : anonymousClient(ctx, baseUrl);
	sources.httpLookup = { client, pathTemplate, kind };
}

/**
 * Version 1: "headerAuth" signs, anything else is none. Version 2: "httpHeaderAuth" or "none", and
 * any other value (e.g. version 1's, left over in a moved template) is an error naming the field.
 */
function readMcpAuthentication(ctx: IExecuteFunctions): 'header' | 'none' {
	const value = ctx.getNodeParameter('mcpAuthentication', 0, 'none');
	if (!isV2(ctx)) return value === MCP_HEADER_AUTH.v1 ? 'header' : 'none';
	if (value === MCP_HEADER_AUTH.v2) return 'header';
	if (value === 'none') return 'none';
	throw paramError(ctx, 'MCP Authentication', `must be None or Header Auth ("${MCP_HEADER_AUTH.v2}"), not ${JSON.stringify(value)}`);
}

async function wireMcp(ctx: IExecuteFunctions, sources: LiveFactSources, notes: string[], timeoutMs: number): Promise<(() => Promise<void>) | undefined> {
	if (!(ctx.getNodeParameter('useMcp', 0, false) as boolean)) return undefined;
	const url = readServiceUrl(ctx, 'mcpServerUrl', 'MCP Server URL', true);
	const tool = text(ctx, 'mcpTool');
	if (!tool) throw paramError(ctx, 'MCP Tool', 'is empty');
	const args = jsonParameter(ctx, 'mcpArguments', 'MCP Tool Arguments') ?? {};
	if (!args || typeof args !== 'object' || Array.isArray(args)) throw paramError(ctx, 'MCP Tool Arguments', 'must be a JSON object');
	checkPlaceholders(ctx, 'MCP Tool Arguments', JSON.stringify(args));
	const kind = readFactName(ctx, 'mcpFactName', 'MCP Fact Name');
	const headers: Record<string, string> = {};
	const secrets: string[] = [];
	if (readMcpAuthentication(ctx) === 'header') {
		const c = (await credentialFor(ctx, 'httpHeaderAuth', 'MCP', notes)) as { name?: string; value?: string } | undefined;
		if (!c) return undefined;
		const name = String(c.name ?? '').trim();
		if (!name) throw new NodeOperationError(ctx.getNode(), 'MCP lookup: the Header Auth credential has no header name');
		headers[name] = String(c.value ?? '');
		secrets.push(headers[name]);
	}
	// Connected on the first case that needs it, once per execution; see lazyMcpSession.
	const lazy = lazyMcpSession(async () => await connectMcpServer(url, { headers }), timeoutMs);
	sources.mcpLookup = { session: readOnlyMcpSession(lazy, tool), tool, argsTemplate: args as Record<string, unknown>, kind, secrets };
	return async () => await lazy.close();
}

/**
 * Wires the lookups that are switched on and have a credential set, once per execution. One
 * switched on without a credential is left out and noted in each case's trace: the case goes on
 * without the fact (its playbook asks the customer or escalates) instead of failing the workflow.
 * A lookup configured wrongly (bad URL, unknown placeholder) stops the workflow before any case runs.
 */
export async function readLiveFactSettings(ctx: IExecuteFunctions): Promise<LiveFactSettings> {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	const sources: LiveFactSources = {};
	const notes: string[] = [];
	const timeoutMs = readTimeout(ctx, options);
	await wireShopifyAndStripe(ctx, options, sources, notes);
	await wireZendesk(ctx, options, sources, notes);
	await wireHttp(ctx, sources, notes);
	const closeMcp = await wireMcp(ctx, sources, notes, timeoutMs ?? DEFAULT_TIMEOUT_MS);
	return { sources, timeoutMs, notes, close: async () => await closeMcp?.() };
}
