import type { Ticket } from '../contracts';
import { resolveHttpTool } from './connectors/genericHttp';
import { resolveMcpTool } from './connectors/mcp';
import { resolveShopifyTool } from './connectors/shopify';
import { resolveStripeTool } from './connectors/stripe';
import { resolveZendeskTool } from './connectors/zendesk';
import type { Access, Connectors, IdempotencyMechanism, ResolvedTool } from './types';

export interface ToolInfo {
	name: string;
	connector: 'zendesk' | 'shopify' | 'stripe' | 'http' | 'mcp';
	access: Access | 'configured';
	idempotency: IdempotencyMechanism | 'configured';
	args: string;
	compensation: string;
}

/** The fixed tools, for node parameter options, planners and documentation. */
export const TOOL_CATALOGUE: readonly ToolInfo[] = [
	{ name: 'zendesk.getTicket', connector: 'zendesk', access: 'read', idempotency: 'natural', args: 'ticketId?', compensation: 'none needed' },
	{ name: 'zendesk.addInternalNote', connector: 'zendesk', access: 'write', idempotency: 'ledger', args: 'ticketId?, body, html?', compensation: 'none (notes stay in the audit log)' },
	{ name: 'zendesk.publicReply', connector: 'zendesk', access: 'write', idempotency: 'ledger', args: 'ticketId?, body, html?', compensation: 'none (a sent reply cannot be unsent)' },
	{ name: 'zendesk.updateTicket', connector: 'zendesk', access: 'write', idempotency: 'ledger', args: 'ticketId?, tags?, removeTags?, priority?, status?, type?, groupId?', compensation: 'restores the fields it changed and removes the tags it added' },
	{ name: 'shopify.getOrder', connector: 'shopify', access: 'read', idempotency: 'natural', args: 'orderId', compensation: 'none needed' },
	{ name: 'shopify.refundOrder', connector: 'shopify', access: 'write', idempotency: 'ledger', args: 'orderId, amount, currency, reason?, notify?', compensation: 'none (refunds are final)' },
	{ name: 'shopify.cancelOrder', connector: 'shopify', access: 'write', idempotency: 'ledger', args: 'orderId, reason?, notify?', compensation: 'none (a cancelled order cannot be reopened)' },
	{ name: 'stripe.getCharge', connector: 'stripe', access: 'read', idempotency: 'natural', args: 'chargeId', compensation: 'none needed' },
	{ name: 'stripe.getPaymentIntent', connector: 'stripe', access: 'read', idempotency: 'natural', args: 'paymentIntentId', compensation: 'none needed' },
	{ name: 'stripe.createRefund', connector: 'stripe', access: 'write', idempotency: 'key', args: 'chargeId | paymentIntentId, amount, currency, reason?', compensation: 'none (refunds are final)' },
	{ name: 'http.request', connector: 'http', access: 'configured', idempotency: 'configured', args: 'endpoint, params?, query?, body?', compensation: 'as declared in the plan' },
	{ name: 'mcp.<server>.<tool>', connector: 'mcp', access: 'configured', idempotency: 'configured', args: "the MCP tool's own arguments", compensation: 'as declared in the plan' },
];

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
