import { connectMcpServer, type McpSession } from '../../engine/execution';

/**
 * An MCP session that connects on its first tool call, not when the node starts: a plan without MCP
 * steps never touches the server, and an unreachable server fails only the steps that need it
 * (recorded, retried as the step's idempotency allows, escalated) instead of the whole workflow.
 * A failed connect is forgotten, so the next attempt connects afresh.
 */
export function lazyMcpSession(url: string, headers: Record<string, string> | undefined, connect = connectMcpServer): McpSession & { readonly opened: boolean } {
	let pending: Promise<McpSession> | undefined;
	let opened = false;
	const session = async (): Promise<McpSession> => {
		pending ??= connect(url, { headers }).then(
			(s) => {
				opened = true;
				return s;
			},
			(error: unknown) => {
				pending = undefined;
				throw error;
			},
		);
		return await pending;
	};
	return {
		get opened() {
			return opened;
		},
		async listTools() {
			return await (await session()).listTools();
		},
		async callTool(name, args, timeoutMs) {
			return await (await session()).callTool(name, args, timeoutMs);
		},
		async close() {
			const current = pending;
			pending = undefined;
			if (!current) return;
			// Closing is best effort: the execution's record is already complete.
			await current.then(async (s) => await s.close()).catch(() => undefined);
		},
	};
}
