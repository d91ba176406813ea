import type { Ticket } from '../contracts';
// The file, not the execution index: that would load every connector into retrieval users.
import type { McpSession } from '../execution/connectors/mcpSession';
import { caseFields, fillArguments } from './caseFields';
import { emptyLookup, WriteRefusedError, type SourceLookup } from './liveFactTypes';

/**
 * One operator-named tool on an MCP server (Streamable HTTP, official SDK client), called with
 * arguments filled from the case. MCP has no read/write verbs: the operator names the one tool
 * that may be called, and the session refuses every other tool, whatever the plan or server says.
 */
export interface McpFactSource {
	session: McpSession;
	tool: string;
	/** Arguments with placeholders, e.g. { "email": "{email}" }. */
	argsTemplate: Record<string, unknown>;
	kind: string;
	/** Values that must never appear in a recorded error (the auth header's value). */
	secrets?: string[];
}

/** The session as the lookup may use it: listing tools, and calling the one tool named. Nothing else is sent. */
export function readOnlyMcpSession(session: McpSession, allowedTool: string): McpSession {
	return {
		listTools: async () => await session.listTools(),
		async callTool(name, args, timeoutMs) {
			if (name !== allowedTool) throw new WriteRefusedError(`MCP tool ${JSON.stringify(name)} (only ${JSON.stringify(allowedTool)} may be called)`);
			return await session.callTool(name, args, timeoutMs);
		},
		close: async () => await session.close(),
	};
}

/** SDK and transport errors as a short class, never their text: it can quote headers or the server's URL with a token. */
function describeMcpError(error: unknown): string {
	if (error instanceof WriteRefusedError) return error.message;
	const code = (error as { code?: unknown })?.code;
	const message = String((error as { message?: unknown })?.message ?? '');
	const name = String((error as { name?: unknown })?.name ?? '');
	// The SDK's Streamable HTTP errors carry the HTTP status as `code` (JSON-RPC codes are negative).
	if (typeof code === 'number' && code >= 400 && code <= 599) return `the server answered ${code}`;
	if (code === -32602) return 'the server rejected the arguments (-32602)';
	if (code === -32601) return 'the server does not know the tool (-32601)';
	if (code === -32001 || name === 'TimeoutError' || /timed? ?out/i.test(message)) return 'timed out';
	const status = /HTTP (\d{3})/.exec(message)?.[1];
	if (status) return `the server answered ${status}`;
	const net = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)\b/.exec(`${message} ${String((error as { cause?: { code?: unknown } })?.cause?.code ?? '')}`)?.[1];
	if (net) return `could not connect (${net})`;
	return 'transport error';
}

function scrub(text: string, secrets: string[] = []): string {
	let out = text;
	for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
	return out;
}

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

export async function lookupMcpFact(ticket: Ticket, source: McpFactSource, timeoutMs: number, now: () => Date): Promise<SourceLookup> {
	const out = emptyLookup();
	const lookup = `mcp ${source.tool}`;
	const args = fillArguments(source.argsTemplate, caseFields(ticket));
	if (!args.ok) {
		out.notes.push(`${lookup}: skipped, the case has no ${args.missing}`);
		return out;
	}
	const fail = (error: string) => out.failures.push({ source: 'mcp', lookup, error: scrub(error, source.secrets), at: now().toISOString() });
	try {
		const res = await readOnlyMcpSession(source.session, source.tool).callTool(source.tool, args.value as Record<string, unknown>, timeoutMs);
		if (res.isError) fail(`the tool reported an error: ${clip(res.text || 'no details')}`);
		else out.facts.push({ kind: source.kind, source: 'mcp', fetchedAt: now().toISOString(), data: res.structured ?? { text: clip(res.text, 20_000) } });
	} catch (error) {
		fail(describeMcpError(error));
	}
	return out;
}
