import type { Ticket } from '../contracts';
import { resolveHttpTool } from './connectors/genericHttp';
import { resolveMcpTool } from './connectors/mcp';
import { resolveShopifyTool } from './connectors/shopify';
import { resolveStripeTool } from './connectors/stripe';
import { resolveZendeskTool } from './connectors/zendesk';
import type { Connectors, ResolvedTool } from './types';

export type Resolution = { ok: true; tool: ResolvedTool } | { ok: false; problem: string };

/** Binds a plan step's tool name and arguments to a connector, or says why it cannot. */
export function resolveTool(name: string, args: Record<string, unknown>, ticket: Ticket, connectors: Connectors): Resolution {
	const vendor = name.split('.')[0];
	const missing = (what: string): Resolution => ({ ok: false, problem: `${name}: the ${what} connector is not configured on this node` });
	let tool: ResolvedTool | undefined;
	switch (vendor) {
		case 'zendesk':
			if (!connectors.zendesk) return missing('Zendesk');
			tool = resolveZendeskTool(name, args, ticket, connectors.zendesk.client);
			break;
		case 'shopify':
			if (!connectors.shopify) return missing('Shopify');
			tool = resolveShopifyTool(name, args, connectors.shopify.client, connectors.shopify.apiVersion);
			break;
		case 'stripe':
			if (!connectors.stripe) return missing('Stripe');
			tool = resolveStripeTool(name, args, connectors.stripe.client);
			break;
		case 'http':
			if (name !== 'http.request') break;
			if (!connectors.http) return missing('HTTP');
			tool = resolveHttpTool(args, connectors.http.client, connectors.http.endpoints);
			break;
		case 'mcp':
			if (!connectors.mcp) return missing('MCP');
			tool = resolveMcpTool(name, args, connectors.mcp);
			break;
	}
	return tool ? { ok: true, tool } : { ok: false, problem: `${name} is not a known tool` };
}
