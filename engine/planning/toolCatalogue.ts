/**
 * The tools a plan may name, as the Support Action Executor knows them. Arguments are plain JSON;
 * money is always `amount` in major units (49.90) with an ISO `currency`: the executor converts to
 * a vendor's minor units (Stripe cents) so a plan never mixes the two.
 */
export type Access = 'read' | 'write';

export interface ToolSpec {
	name: string;
	access: Access;
	required: string[];
	/** The argument holding a money amount the Critic caps. */
	amountArg?: string;
	/** Writes that only touch this ticket in the helpdesk: not a customer-facing business action. */
	helpdeskOnly?: boolean;
	description: string;
}

const spec = (s: ToolSpec): [string, ToolSpec] => [s.name, s];

export const TOOL_CATALOGUE: Readonly<Record<string, ToolSpec>> = Object.fromEntries([
	spec({ name: 'zendesk.getTicket', access: 'read', required: ['ticketId'], description: 'Read the ticket and its comments.' }),
	spec({ name: 'zendesk.addInternalNote', access: 'write', required: ['ticketId', 'body'], helpdeskOnly: true, description: 'Add a private note for agents.' }),
	spec({ name: 'zendesk.publicReply', access: 'write', required: ['ticketId', 'body'], helpdeskOnly: true, description: 'Reply to the customer on the ticket.' }),
	spec({ name: 'zendesk.updateTicket', access: 'write', required: ['ticketId'], helpdeskOnly: true, description: 'Set tags, priority, group or status.' }),
	spec({ name: 'shopify.getOrder', access: 'read', required: ['orderId'], description: 'Look up an order by id or name (#1001).' }),
	spec({ name: 'shopify.refundOrder', access: 'write', required: ['orderId', 'amount', 'currency'], amountArg: 'amount', description: 'Refund an order, fully or partly.' }),
	spec({ name: 'shopify.cancelOrder', access: 'write', required: ['orderId'], description: 'Cancel an unfulfilled order.' }),
	spec({ name: 'stripe.getCharge', access: 'read', required: ['chargeId'], description: 'Look up a charge or payment.' }),
	spec({ name: 'stripe.createRefund', access: 'write', required: ['chargeId', 'amount', 'currency'], amountArg: 'amount', description: 'Refund a charge, fully or partly.' }),
	spec({ name: 'http.request', access: 'read', required: ['method', 'url'], description: 'Generic HTTP call; any method but GET/HEAD is a write.' }),
]);

/**
 * What a tool does with these arguments. MCP tools are unknown to us: the operator's scope entry
 * says whether one reads or writes, and without one we assume the worst (write).
 */
export function toolAccess(tool: string, args: Record<string, unknown> = {}): Access | undefined {
	if (tool === 'http.request') {
		const method = String(args.method ?? 'GET').toUpperCase();
		return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
	}
	if (/^mcp\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$/.test(tool)) return 'write';
	return TOOL_CATALOGUE[tool]?.access;
}

export function isKnownTool(tool: string): boolean {
	return tool in TOOL_CATALOGUE || /^mcp\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$/.test(tool);
}

/**
 * An intent's tool scope as the operator writes it: entries like `shopify.getOrder`,
 * `shopify.refundOrder`, `http.request:read`, `mcp.crm.*:read`. Without `:read`/`:write` the
 * catalogue's access applies (unknown/MCP tools: write).
 */
export type ToolScope = string[];

export interface ScopeDecision {
	allowed: boolean;
	reason?: string;
}

function matchTool(pattern: string, tool: string): boolean {
	if (pattern.endsWith('.*')) return tool.startsWith(pattern.slice(0, -1));
	return pattern === tool;
}

export function checkScope(scope: ToolScope, tool: string, access: Access): ScopeDecision {
	if (!isKnownTool(tool)) return { allowed: false, reason: `"${tool}" is not a known tool` };
	const entries = scope.map((e) => {
		const [pattern, acc] = e.split(':');
		return { pattern: pattern.trim(), access: (acc?.trim() as Access | undefined) ?? undefined };
	});
	const matches = entries.filter((e) => matchTool(e.pattern, tool));
	if (!matches.length) return { allowed: false, reason: `"${tool}" is not in this intent's tool scope` };
	const granted = matches.some((m) => {
		const acc = m.access ?? toolAccess(tool) ?? 'write';
		return acc === 'write' || acc === access;
	});
	if (!granted) return { allowed: false, reason: `"${tool}" may only read in this intent's scope, but the step writes` };
	return { allowed: true };
}
