import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';
import { ToolScope } from '../../engine/contracts';
import type { IntentScope } from '../../engine/execution';
import { TOOL_CATALOGUE } from '../../engine/planning';
import { paramError, schemaParameter } from '../shared/jsonParameter';

const FIELD = 'Tool Scope Overrides (JSON)';

/** The configured connectors whose tools a scope may name besides the catalogue's. */
export interface ConfiguredTools {
	/** Use HTTP API is on: http.request. */
	http: boolean;
	/** Use MCP Server is on: mcp.<this name>.<tool>. */
	mcpServer?: string;
}

/** The shared scope schema, strict: a misspelt key (writeTool) is an error, not a scope without writes. */
const StrictToolScopes = z.record(z.string(), z.strictObject(ToolScope.shape));

const MCP_TOOL_NAME = /^[A-Za-z0-9_.-]+$/;

/** Whether a scope entry (a tool name, or a prefix ending in *) names at least one tool this node can run. */
function namesRunnableTool(entry: string, c: ConfiguredTools): boolean {
	const tools = [...Object.keys(TOOL_CATALOGUE), ...(c.http ? ['http.request'] : [])];
	const mcpPrefix = c.mcpServer === undefined ? undefined : `mcp.${c.mcpServer}.`;
	if (entry.endsWith('*')) {
		const prefix = entry.slice(0, -1);
		return tools.some((t) => t.startsWith(prefix)) || (mcpPrefix !== undefined && (mcpPrefix.startsWith(prefix) || prefix.startsWith(mcpPrefix)));
	}
	return tools.includes(entry) || (mcpPrefix !== undefined && entry.startsWith(mcpPrefix) && MCP_TOOL_NAME.test(entry.slice(mcpPrefix.length)));
}

/** Why nothing matches, in the terms of the node's own switches. */
function whyUnknown(entry: string, c: ConfiguredTools): string {
	if (entry.startsWith('http.')) return c.http ? 'the HTTP API connector has one tool, http.request' : 'Use HTTP API is off on this node';
	if (entry.startsWith('mcp.')) return c.mcpServer === undefined ? 'Use MCP Server is off on this node' : `the MCP server here is named "${c.mcpServer}" (mcp.${c.mcpServer}.<tool>)`;
	return 'it is not in the tool catalogue (zendesk.*, shopify.*, stripe.* tools)';
}

/**
 * Version 2's advanced per-intent scopes, empty by default. Each tool name must be one this node
 * can run (a catalogue tool, or http.request / mcp.<server>.<tool> of a connector switched on
 * here): a typo would otherwise silently allow nothing, so it stops the workflow naming the intent
 * and the tool.
 */
export function readScopeOverrides(ctx: IExecuteFunctions, configured: ConfiguredTools): Record<string, IntentScope> | undefined {
	const overrides = schemaParameter<Record<string, IntentScope> | undefined>(ctx, 'options.toolScopeOverrides', FIELD, StrictToolScopes, undefined);
	if (overrides === undefined) return undefined;
	for (const [intent, scope] of Object.entries(overrides)) {
		for (const list of ['allowedTools', 'writeTools'] as const) {
			for (const entry of scope[list] ?? []) {
				if (!namesRunnableTool(entry, configured)) {
					throw paramError(ctx, FIELD, `intent "${intent}", ${list}: "${entry}" is not a tool this node can run (${whyUnknown(entry, configured)})`);
				}
			}
		}
	}
	return overrides;
}
