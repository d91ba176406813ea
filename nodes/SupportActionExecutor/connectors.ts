import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { connectMcpServer, DEFAULT_RETRY_POLICY, lazyMcpSession, previewOnlyClient, type Connectors } from '../../engine/execution';
import { usableCredential } from '../shared/credentials';
import { signingFor } from '../shared/httpSigning';
import { baseUrlFromCredential, n8nHttpClient } from '../shared/vendorHttp';
import { CONNECTOR_CREDENTIALS, MCP_AUTH_TYPE, OAUTH2_CREDENTIAL_TYPES, zendeskCredentialType, type ConnectorName } from './description';
import type { ConnectorSettings } from './settings';


/** Names of the wired connectors, for the trace: zendesk, helpScout, shopify, stripe, http, mcp. */
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

/**
 * The MCP Header Auth credential as the one header sent with every request to the server (when
 * running and when listing its tools in the editor). The value is handed to the transport only.
 */
export function mcpHeaders(node: INode, credential: ICredentialDataDecryptedObject): Record<string, string> {
	const headerName = String(credential.name ?? '').trim();
	if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(headerName)) {
		throw new NodeOperationError(node, 'MCP Authentication: the Header Auth credential\'s Name is not a valid header name', { description: 'Set the header name (e.g. Authorization) in the credential.' });
	}
	return { [headerName]: String(credential.value ?? '') };
}

/** The credential type a vendor connector signs with; Zendesk's depends on its Authentication choice. */
export function credentialTypeOf(name: ConnectorName, s: Pick<ConnectorSettings, 'zendeskAuth'>): string {
	return name === 'zendesk' ? zendeskCredentialType(s.zendeskAuth) : CONNECTOR_CREDENTIALS[name].type;
}

/**
 * Wires the connectors that are switched on and have a credential set. One switched on without a
 * credential stays unwired: its steps are refused with "connector is not configured" and escalate,
 * rather than failing the whole workflow. `connectTimeoutMs`: how long connecting to the MCP server
 * may take (the node's request timeout).
 */
export async function buildConnectors(ctx: IExecuteFunctions, s: ConnectorSettings, connectTimeoutMs: number = DEFAULT_RETRY_POLICY.timeoutMs): Promise<Wiring> {
	const connectors: Connectors = {};
	const wired: WiredName[] = [];
	const previewOnly: Connectors = {};
	const unusable: string[] = [];
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
		const client = n8nHttpClient(ctx, type, baseUrl.url, { oauth2: OAUTH2_CREDENTIAL_TYPES.has(type) });
		if (name === 'shopify') connectors.shopify = { client, apiVersion: s.shopifyApiVersion };
		else connectors[name] = { client };
		wired.push(name);
	}
	if (s.http) {
		const type = s.http.auth === 'none' ? undefined : s.http.auth;
		// The same rule as the vendor connectors: a credential that is not selected or does not exist
		// leaves the connector unwired (its steps escalate as not configured), with a trace entry.
		const credential = type ? await usableCredential(ctx, type, 'HTTP') : undefined;
		if (credential && !credential.ok) unusable.push(credential.problem);
		else {
			const sign = type && credential?.ok ? signingFor(ctx, type, credential.data, 'HTTP API') : undefined;
			connectors.http = { client: n8nHttpClient(ctx, sign ? undefined : type, s.http.baseUrl, { sign }), endpoints: s.http.endpoints };
			wired.push('http');
		}
	}
	let close = async () => {};
	const mcpCredential = s.mcp?.auth === MCP_AUTH_TYPE ? await usableCredential(ctx, MCP_AUTH_TYPE, 'MCP Header Auth') : undefined;
	if (mcpCredential && !mcpCredential.ok) unusable.push(mcpCredential.problem);
	else if (s.mcp) {
		const headers = mcpCredential?.ok ? mcpHeaders(ctx.getNode(), mcpCredential.data) : undefined;
		const url = s.mcp.url;
		const session = lazyMcpSession(async () => await connectMcpServer(url, { headers }), connectTimeoutMs);
		connectors.mcp = { [s.mcp.serverName]: { session, readTools: s.mcp.readTools, idempotencyKeyArg: s.mcp.idempotencyKeyArg } };
		wired.push('mcp');
		close = async () => await session.close();
	}
	return { connectors, wired, previewOnly, unusable, close };
}
