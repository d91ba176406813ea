// The SDK publishes these subpaths through its package exports map, which the lint resolver does not read.
// eslint-disable-next-line import-x/no-unresolved
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
// eslint-disable-next-line import-x/no-unresolved
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseRetryAfter } from '../stepError';

/** What the executor needs of an MCP server; the SDK-backed one is below, tests may pass their own. */
export interface McpSession {
	listTools(): Promise<Array<{ name: string; description?: string }>>;
	callTool(
		name: string,
		args: Record<string, unknown>,
		timeoutMs: number,
	): Promise<{ isError: boolean; text: string; structured?: Record<string, unknown> }>;
	close(): Promise<void>;
}

export interface McpConnectOptions {
	/** e.g. { authorization: 'Bearer ...' }: handed to the transport, never recorded. */
	headers?: Record<string, string>;
	/** A fetch that signs requests (inside n8n) instead of static headers. */
	fetch?: typeof fetch;
	clientName?: string;
}

/** Connects to an MCP server over Streamable HTTP with the official SDK client. */
export async function connectMcpServer(url: string, options: McpConnectOptions = {}): Promise<McpSession> {
	// The SDK's HTTP errors keep the status but drop the headers: note Retry-After of the last 429 here.
	let retryAfter: string | undefined;
	const baseFetch = options.fetch ?? fetch;
	const noting: typeof fetch = async (input, init) => {
		const res = await baseFetch(input, init);
		if (res.status === 429) retryAfter = res.headers.get('retry-after') ?? undefined;
		return res;
	};
	const withRetryAfter = (error: unknown): unknown => {
		if (error && typeof error === 'object' && (error as { code?: unknown }).code === 429) {
			Object.assign(error, { retryAfterMs: parseRetryAfter(retryAfter, Date.now()) });
		}
		return error;
	};
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: options.headers ? { headers: options.headers } : undefined,
		fetch: noting,
	});
	const client = new Client({ name: options.clientName ?? 'n8n-nodes-support-coordination', version: '0.1.0' });
	await client.connect(transport).catch((error: unknown) => {
		throw withRetryAfter(error);
	});
	return {
		async listTools() {
			const res = await client.listTools();
			return res.tools.map((t) => ({ name: t.name, description: t.description }));
		},
		async callTool(name, args, timeoutMs) {
			const res = await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs }).catch((error: unknown) => {
				throw withRetryAfter(error);
			});
			const content = Array.isArray(res.content) ? (res.content as Array<{ type?: string; text?: string }>) : [];
			const text = content
				.filter((c) => c.type === 'text' && typeof c.text === 'string')
				.map((c) => c.text as string)
				.join('\n');
			return {
				isError: res.isError === true,
				text,
				structured: (res.structuredContent as Record<string, unknown> | undefined) ?? undefined,
			};
		},
		async close() {
			await client.close();
		},
	};
}
