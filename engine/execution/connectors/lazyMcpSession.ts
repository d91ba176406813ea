import type { McpSession } from './mcpSession';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out`), { name: 'TimeoutError' })), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * An MCP session that connects on first use, once per execution, and only if something needs it:
 * a plan without MCP steps (or a case that never reaches a live-fact lookup) never touches the
 * server, and an unreachable server fails only what needs it, within `connectTimeoutMs`. A failed
 * connect is retried by the next use (the server may be back); close() closes what opened, also a
 * connection that completes after its connect timed out. One implementation for the Action
 * Executor's MCP connector and the Policy Retriever's MCP live facts.
 */
export function lazyMcpSession(connect: () => Promise<McpSession>, connectTimeoutMs: number): McpSession {
	let pending: Promise<McpSession> | undefined;
	const opened: Array<Promise<McpSession>> = [];
	const session = async () => {
		if (!pending) {
			const attempt = connect();
			opened.push(attempt);
			pending = withTimeout(attempt, connectTimeoutMs, 'connecting to the MCP server');
			pending.catch(() => (pending = undefined));
		}
		return await pending;
	};
	return {
		listTools: async () => await (await session()).listTools(),
		callTool: async (name, args, timeoutMs) => await (await session()).callTool(name, args, timeoutMs),
		async close() {
			const all = opened.splice(0);
			pending = undefined;
			await Promise.all(all.map(async (p) => await p.then(async (s) => await s.close()).catch(() => undefined)));
		},
	};
}
