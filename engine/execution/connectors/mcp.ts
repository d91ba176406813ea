import { StepError } from '../stepError';
import type { McpServerConfig, ResolvedTool } from '../types';

/**
 * `mcp.<server>.<tool>`: calls a tool on a configured MCP server. MCP has no idempotency standard:
 * a write is retried only when the operator told us which argument the server honours as a key.
 */

function clip(text: string, max = 300): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Maps what the SDK threw. Its Streamable HTTP errors carry the HTTP status as `code` (JSON-RPC codes
 * are negative, so the two never clash); other MCP errors and fetch failures count as transport.
 */
function toStepError(error: unknown, what: string): StepError {
	if (error instanceof StepError) return error;
	const code = (error as { code?: unknown })?.code;
	if (typeof code === 'number' && code >= 400 && code <= 599) {
		const message = `${what}: the server answered HTTP ${code}`;
		if (code === 429) return new StepError('rate_limited', message, { status: 429, retryAfterMs: (error as { retryAfterMs?: number }).retryAfterMs });
		if (code >= 500) return new StepError('server', message, { status: code });
		return new StepError('client', message, { status: code });
	}
	// JSON-RPC -32602 (invalid params) and -32601 (method not found) will not get better by retrying
	if (code === -32602 || code === -32601) return new StepError('client', `${what}: rejected by the server (${String(code)})`);
	const message = (error as { message?: unknown })?.message;
	const timeout = code === -32001 || (typeof message === 'string' && /timed? ?out/i.test(message));
	return new StepError(timeout ? 'timeout' : 'transport', `${what}: ${timeout ? 'timed out' : 'transport error'}`);
}

export function resolveMcpTool(fullName: string, args: Record<string, unknown>, servers: Record<string, McpServerConfig>): ResolvedTool | undefined {
	const match = /^mcp\.([^.]+)\.(.+)$/.exec(fullName);
	if (!match) return undefined;
	const [, serverName, toolName] = match;
	const server = servers[serverName];
	if (!server) return undefined;
	const access = server.readTools?.includes(toolName) ? 'read' : 'write';
	const keyArg = access === 'write' ? server.idempotencyKeyArg : undefined;
	const what = `MCP ${serverName}/${toolName}`;
	return {
		name: fullName,
		access,
		idempotency: access === 'read' ? 'natural' : keyArg ? 'key' : 'none',
		preview: (ctx) => ({ method: 'tools/call', path: `mcp://${serverName}/${toolName}`, body: keyArg ? { ...args, [keyArg]: ctx.key } : args }),
		async perform(ctx) {
			let res: Awaited<ReturnType<McpServerConfig['session']['callTool']>>;
			try {
				res = await server.session.callTool(toolName, keyArg ? { ...args, [keyArg]: ctx.key } : args, ctx.timeoutMs);
			} catch (error) {
				throw toStepError(error, what);
			}
			if (res.isError) throw new StepError('tool', `${what} reported an error: ${clip(res.text)}`);
			const externalIds: Record<string, string> = {};
			for (const [k, v] of Object.entries(res.structured ?? {})) {
				if (/id$/i.test(k) && (typeof v === 'string' || typeof v === 'number')) externalIds[k] = String(v);
			}
			return { summary: `${what}: ${clip(res.text || 'ok', 200)}`, externalIds, replayed: res.structured?.replayed === true };
		},
	};
}
