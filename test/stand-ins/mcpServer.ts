/**
 * A real MCP server (official SDK, Streamable HTTP, stateless) on loopback, with a store's tools:
 * `lookup_order` (read) and `issue_store_credit` (write, honours an optional `idempotency_key`).
 * Requires `Authorization: Bearer <token>`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// The SDK publishes these subpaths through its package exports map, which the lint resolver does not read.
// eslint-disable-next-line import-x/no-unresolved
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
// eslint-disable-next-line import-x/no-unresolved
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod/v4';
import type { WriteLogEntry } from './base';

export class McpStandIn {
	readonly writes: WriteLogEntry[] = [];
	readonly credits = new Map<string, { creditId: string; email: string; amount: number; currency: string }>();
	readonly orders = new Map<string, { status: string; total: number; currency: string }>();
	/** The next N tool calls to this tool fail with an MCP error result. */
	failNext: Record<string, number> = {};
	private server?: Server;
	private counter = 0;
	url = '';

	constructor(private readonly token: string) {}

	private build(): McpServer {
		const mcp = new McpServer({ name: 'store-stand-in', version: '1.0.0' });
		mcp.registerTool(
			'lookup_order',
			{ description: 'Look up an order by id', inputSchema: { order_id: z.string() }, annotations: { readOnlyHint: true } },
			async ({ order_id }) => {
				const order = this.orders.get(order_id);
				if (!order) return { isError: true, content: [{ type: 'text', text: `order ${order_id} not found` }] };
				return { content: [{ type: 'text', text: `order ${order_id}: ${order.status}, ${order.total} ${order.currency}` }], structuredContent: { orderId: order_id, ...order } };
			},
		);
		mcp.registerTool(
			'issue_store_credit',
			{
				description: 'Issue store credit to a customer',
				inputSchema: { customer_email: z.string(), amount: z.number().positive(), currency: z.string(), idempotency_key: z.string().optional() },
			},
			async ({ customer_email, amount, currency, idempotency_key }) => {
				if ((this.failNext.issue_store_credit ?? 0) > 0) {
					this.failNext.issue_store_credit--;
					return { isError: true, content: [{ type: 'text', text: 'credit service unavailable' }] };
				}
				const prior = idempotency_key ? this.credits.get(idempotency_key) : undefined;
				if (prior) return { content: [{ type: 'text', text: `credit ${prior.creditId} (replayed)` }], structuredContent: { creditId: prior.creditId, replayed: true } };
				const credit = { creditId: `cr_${++this.counter}`, email: customer_email, amount, currency };
				this.credits.set(idempotency_key ?? credit.creditId, credit);
				this.writes.push({ method: 'tools/call', path: 'issue_store_credit', key: idempotency_key, objectId: credit.creditId });
				return { content: [{ type: 'text', text: `credit ${credit.creditId} of ${amount} ${currency} issued` }], structuredContent: { creditId: credit.creditId, replayed: false } };
			},
		);
		return mcp;
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.headers.authorization !== `Bearer ${this.token}`) {
			res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
			return;
		}
		// Stateless: a fresh server and transport per request, as the SDK documents for this mode.
		const mcp = this.build();
		const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
		res.on('close', () => {
			void transport.close();
			void mcp.close();
		});
		await mcp.connect(transport);
		await transport.handleRequest(req, res);
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			this.onRequest(req, res).catch(() => res.destroy());
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/mcp`;
		return this;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		const server = this.server;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
