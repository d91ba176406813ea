import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { previewOnlyClient, type Connectors } from '../../engine/execution';
import { usableCredential } from '../shared/credentials';
import { baseUrlFromCredential, n8nHttpClient, type N8nHttpClientOptions } from '../shared/vendorHttp';
import { CONNECTOR_CREDENTIALS, MCP_AUTH_TYPE, ZENDESK_OAUTH2_TYPE, zendeskCredentialType, type ConnectorName, type ZendeskAuth } from './description';
import { lazyMcpSession } from './mcpConnector';
import type { HttpSettings, McpSettings } from './settings';

// Shared with the Support Policy Retriever's live facts; re-exported for this node's callers.
export { baseUrlFromCredential, checkBaseUrl, n8nHttpClient, type Checked } from '../shared/vendorHttp';

export interface ConnectorSettings {
	use: Record<ConnectorName, boolean>;
	baseUrlOverride: Partial<Record<ConnectorName, string>>;
	shopifyApiVersion: string;
	zendeskAuth: ZendeskAuth;
	http?: HttpSettings;
	mcp?: McpSettings;
}

/** Names of the wired connectors, for the trace: zendesk, shopify, stripe, http, mcp. */
export type WiredName = ConnectorName | 'http' | 'mcp';

export interface Wiring {
	connectors: Connectors;
	wired: WiredName[];
	/**
	 * Vendor connectors switched on but without a credential yet, answering every call with 403:
	 * shadow mode records what it would do without sending anything, so an operator can run the
	 * templates in shadow before they have any API key. Used for shadow-mode items only.
	 */
	previewOnly: Connectors;
	/** Why a switched-on vendor connector is not wired (no credential, or one that does not exist), for the trace. */
	unusable: string[];
	/** Ends the MCP session, if one was opened. */
	close(): Promise<void>;
}

/** The credential type a vendor connector signs with; Zendesk's depends on its Authentication choice. */
export function credentialTypeOf(name: ConnectorName, s: Pick<ConnectorSettings, 'zendeskAuth'>): string {
	return name === 'zendesk' ? zendeskCredentialType(s.zendeskAuth) : CONNECTOR_CREDENTIALS[name].type;
}

/**
 * Signing n8n does not do itself: Basic and Query Auth credentials have no `authenticate` block in
 * n8n, so their fields are handed to n8n's request options here (never to the engine or an item).
 */
function extraSigning(type: string, credential: IDataObject): N8nHttpClientOptions['extra'] {
	if (type === 'httpBasicAuth') return { auth: { username: String(credential.user ?? ''), password: String(credential.password ?? '') } };
	if (type === 'httpQueryAuth') return { qs: { [String(credential.name ?? '')]: String(credential.value ?? '') } };
	return undefined;
}

/**
 * Wires the connectors that are switched on and have a credential set. One switched on without a
 * credential stays unwired: its steps are refused with "connector is not configured" and escalate,
 * rather than failing the whole workflow.
 */
export async function buildConnectors(ctx: IExecuteFunctions, s: ConnectorSettings): Promise<Wiring> {
	const connectors: Connectors = {};
	const wired: WiredName[] = [];
	const previewOnly: Connectors = {};
	const unusable: string[] = [];
	const configured = ctx.getNode().credentials ?? {};
	for (const name of Object.keys(CONNECTOR_CREDENTIALS) as ConnectorName[]) {
		const type = credentialTypeOf(name, s);
		if (!s.use[name]) continue;
		const credential = await usableCredential(ctx, type, CONNECTOR_CREDENTIALS[name].label);
		if (!credential.ok) {
			// Unwired: in auto/suggest its steps are refused as "not configured" and escalate.
			const client = previewOnlyClient(`${CONNECTOR_CREDENTIALS[name].label}: ${credential.problem}; nothing sent`);
			if (name === 'shopify') previewOnly.shopify = { client, apiVersion: s.shopifyApiVersion };
			else previewOnly[name] = { client };
			unusable.push(credential.problem);
			continue;
		}
		const override = s.baseUrlOverride[name];
		// With an override the credential is only needed for signing, which n8n does: we read nothing from it.
		const baseUrl = override ? { ok: true as const, url: override } : baseUrlFromCredential(name, credential.data);
		if (!baseUrl.ok) {
			throw new NodeOperationError(ctx.getNode(), `${CONNECTOR_CREDENTIALS[name].label}: ${baseUrl.problem}`, { description: 'Fix the credential, or set a Base URL Override under Options.' });
		}
		const client = n8nHttpClient(ctx, type, baseUrl.url, { oauth2: type === ZENDESK_OAUTH2_TYPE });
		if (name === 'shopify') connectors.shopify = { client, apiVersion: s.shopifyApiVersion };
		else connectors[name] = { client };
		wired.push(name);
	}
	if (s.http && (s.http.auth === 'none' || configured[s.http.auth])) {
		const type = s.http.auth === 'none' ? undefined : s.http.auth;
		const extra = type === 'httpBasicAuth' || type === 'httpQueryAuth' ? extraSigning(type, await ctx.getCredentials(type)) : undefined;
		connectors.http = { client: n8nHttpClient(ctx, type, s.http.baseUrl, { extra }), endpoints: s.http.endpoints };
		wired.push('http');
	}
	let close = async () => {};
	if (s.mcp && (s.mcp.auth === 'none' || configured[MCP_AUTH_TYPE])) {
		let headers: Record<string, string> | undefined;
		if (s.mcp.auth === MCP_AUTH_TYPE) {
			const credential = await ctx.getCredentials(MCP_AUTH_TYPE);
			const headerName = String(credential.name ?? '').trim();
			if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(headerName)) {
				throw new NodeOperationError(ctx.getNode(), 'MCP Authentication: the Header Auth credential\'s Name is not a valid header name', { description: 'Set the header name (e.g. Authorization) in the credential.' });
			}
			headers = { [headerName]: String(credential.value ?? '') };
		}
		const session = lazyMcpSession(s.mcp.url, headers);
		connectors.mcp = { [s.mcp.serverName]: { session, readTools: s.mcp.readTools, idempotencyKeyArg: s.mcp.idempotencyKeyArg } };
		wired.push('mcp');
		close = async () => await session.close();
	}
	return { connectors, wired, previewOnly, unusable, close };
}
