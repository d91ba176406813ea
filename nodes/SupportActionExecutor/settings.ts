import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { RolloutMode, ToolScopes } from '../../engine/contracts';
import { type HttpEndpoint, type IntentScope, type ModeSetting, type RetryPolicy } from '../../engine/execution';

import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { paramError, schemaParameter } from '../shared/jsonParameter';
import { readRetryOptions } from '../shared/retryOptions';
import { checkBaseUrl } from '../shared/vendorHttp';
import { CONNECTOR_CREDENTIALS, HTTP_AUTH_TYPES, MCP_AUTH_TYPE, ZENDESK_CREDENTIAL_TYPES, type ConnectorName, type HttpAuth, type McpAuth, type ZendeskAuth } from './description';
import { readEndpointList, readEndpointsJson } from './endpoints';
import { MCP_TOOLS_BY_NAME, MCP_TOOLS_FROM_LIST } from './formFields';
import { readScopeOverrides } from './scopeOverrides';

export interface ExecutorSettings {
	mode: ModeSetting;
	scopes: Record<string, IntentScope>;
	/** Version 2: the scope comes with the intent (support.intent.settings.scope, the Support Intent Router's entry). */
	useIntentSettings?: boolean;
	/** Version 2: Tool Scope Overrides (JSON), for the intents it names. */
	scopeOverrides?: Record<string, IntentScope>;
	retry: Partial<RetryPolicy>;
	connectors: ConnectorSettings;
}

/** Version 2 replaces the JSON fields with forms; version 1 reads exactly what it always read. */
function isV2(ctx: IExecuteFunctions): boolean {
	return (ctx.getNode().typeVersion ?? 1) >= 2;
}

function readScopes(ctx: IExecuteFunctions): Record<string, IntentScope> {
	return schemaParameter(ctx, 'toolScopes', 'Tool Scopes', ToolScopes, DEFAULT_INTENT_SCOPES);
}

function readMode(ctx: IExecuteFunctions): ModeSetting {
	const mode = ctx.getNodeParameter('rolloutMode', 0, 'fromIntent') as ModeSetting;
	if (mode !== 'fromIntent' && !RolloutMode.safeParse(mode).success) throw paramError(ctx, 'Rollout Mode', `must be From Intent, Shadow, Suggest or Auto, not ${JSON.stringify(mode)}`);
	return mode;
}

export interface HttpSettings {
	baseUrl: string;
	auth: HttpAuth;
	endpoints: HttpEndpoint[];
}

export interface McpSettings {
	url: string;
	serverName: string;
	auth: McpAuth;
	readTools: string[];
	idempotencyKeyArg?: string;
}

/** Which connectors the node wires, and how (read once per execution; connectors.ts wires them). */
export interface ConnectorSettings {
	use: Record<ConnectorName, boolean>;
	baseUrlOverride: Partial<Record<ConnectorName, string>>;
	shopifyApiVersion: string;
	zendeskAuth: ZendeskAuth;
	http?: HttpSettings;
	mcp?: McpSettings;
}

function choice<T extends string>(ctx: IExecuteFunctions, name: string, displayName: string, allowed: readonly T[], fallback: T): T {
	const value = ctx.getNodeParameter(name, 0, fallback) as T;
	if (!allowed.includes(value)) throw paramError(ctx, displayName, `must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
	return value;
}

function readHttpSettings(ctx: IExecuteFunctions): HttpSettings {
	const raw = String(ctx.getNodeParameter('httpBaseUrl', 0, '') ?? '').trim();
	if (raw === '') throw paramError(ctx, 'HTTP API Base URL', 'is required when Use HTTP API is on');
	const base = checkBaseUrl('HTTP API', raw, 'Base URL');
	if (!base.ok) throw paramError(ctx, 'HTTP API Base URL', base.problem);
	const auth = choice<HttpAuth>(ctx, 'httpAuthentication', 'HTTP API Authentication', ['none', ...HTTP_AUTH_TYPES], 'none');
	const endpoints = isV2(ctx) ? readEndpointList(ctx) : readEndpointsJson(ctx);
	return { baseUrl: base.url, auth, endpoints };
}

const toolNames = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : String(value ?? '').split(',')).map((t) => t.trim()).filter(Boolean);

/** Version 1: names typed in. Version 2: picked from the server's list, or typed in when it cannot be loaded. */
function readMcpReadTools(ctx: IExecuteFunctions): string[] {
	const from = isV2(ctx) ? choice(ctx, 'mcpReadToolsFrom', 'MCP Read-Only Tools From', [MCP_TOOLS_FROM_LIST, MCP_TOOLS_BY_NAME], MCP_TOOLS_FROM_LIST) : MCP_TOOLS_BY_NAME;
	return from === MCP_TOOLS_FROM_LIST ? toolNames(ctx.getNodeParameter('mcpReadToolList', 0, [])) : toolNames(ctx.getNodeParameter('mcpReadTools', 0, ''));
}

function readMcpSettings(ctx: IExecuteFunctions): McpSettings {
	const raw = String(ctx.getNodeParameter('mcpServerUrl', 0, '') ?? '').trim();
	if (raw === '') throw paramError(ctx, 'MCP Server URL', 'is required when Use MCP Server is on');
	const url = checkBaseUrl('MCP', raw, 'Server URL');
	if (!url.ok) throw paramError(ctx, 'MCP Server URL', url.problem);
	const serverName = String(ctx.getNodeParameter('mcpServerName', 0, '') ?? '').trim();
	if (!/^[A-Za-z0-9_-]{1,40}$/.test(serverName)) throw paramError(ctx, 'MCP Server Name', 'must be 1 to 40 letters, digits, _ or - (it becomes the <server> in mcp.<server>.<tool>)');
	const auth = choice<McpAuth>(ctx, 'mcpAuthentication', 'MCP Authentication', ['none', MCP_AUTH_TYPE], 'none');
	const readTools = readMcpReadTools(ctx);
	const keyArg = String(ctx.getNodeParameter('mcpIdempotencyKeyArgument', 0, '') ?? '').trim();
	if (keyArg !== '' && !/^[A-Za-z0-9_-]{1,64}$/.test(keyArg)) throw paramError(ctx, 'MCP Idempotency Key Argument', 'must be an argument name (letters, digits, _ or -)');
	return { url: url.url, serverName, auth, readTools, ...(keyArg ? { idempotencyKeyArg: keyArg } : {}) };
}

function readConnectorSettings(ctx: IExecuteFunctions, options: IDataObject): ConnectorSettings {
	const use = {} as Record<ConnectorName, boolean>;
	const baseUrlOverride: Partial<Record<ConnectorName, string>> = {};
	for (const name of Object.keys(CONNECTOR_CREDENTIALS) as ConnectorName[]) {
		const { toggle, label } = CONNECTOR_CREDENTIALS[name];
		use[name] = ctx.getNodeParameter(toggle, 0, false) as boolean;
		const override = options[`${name}BaseUrl`];
		if (typeof override === 'string' && override.trim() !== '') {
			const checked = checkBaseUrl(label, override);
			if (!checked.ok) throw paramError(ctx, 'Options', checked.problem);
			baseUrlOverride[name] = checked.url;
		}
	}
	const shopifyApiVersion = use.shopify ? String(ctx.getNodeParameter('shopifyApiVersion', 0, '')).trim() : '';
	if (use.shopify && !/^\d{4}-\d{2}$/.test(shopifyApiVersion)) throw paramError(ctx, 'Shopify API Version', 'must look like 2025-01');
	const zendeskAuth = use.zendesk ? choice<ZendeskAuth>(ctx, 'zendeskAuthentication', 'Zendesk Authentication', ZENDESK_CREDENTIAL_TYPES.map((z) => z.auth), 'apiToken') : 'apiToken';
	const http = (ctx.getNodeParameter('useHttp', 0, false) as boolean) ? readHttpSettings(ctx) : undefined;
	const mcp = (ctx.getNodeParameter('useMcp', 0, false) as boolean) ? readMcpSettings(ctx) : undefined;
	return { use, baseUrlOverride, shopifyApiVersion, zendeskAuth, ...(http ? { http } : {}), ...(mcp ? { mcp } : {}) };
}

/** Reads and checks the parameters once per execution: a typo in a scope fails before any ticket is touched. */
export function readExecutorSettings(ctx: IExecuteFunctions): ExecutorSettings {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	if (!isV2(ctx)) {
		return { mode: readMode(ctx), scopes: readScopes(ctx), retry: readRetryOptions(ctx, options, 'Options', 'Max Attempts per Step'), connectors: readConnectorSettings(ctx, options) };
	}
	const mode = readMode(ctx);
	const retry = readRetryOptions(ctx, options, 'Options', 'Max Attempts per Step');
	const connectors = readConnectorSettings(ctx, options);
	// Checked against the connectors switched on here: an override may name only tools this node can run.
	const scopeOverrides = readScopeOverrides(ctx, { http: connectors.http !== undefined, mcpServer: connectors.mcp?.serverName });
	return { mode, scopes: DEFAULT_INTENT_SCOPES, useIntentSettings: true, ...(scopeOverrides ? { scopeOverrides } : {}), retry, connectors };
}
