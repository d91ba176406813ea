import { NodeOperationError, type ICredentialDataDecryptedObject, type ILoadOptionsFunctions, type INodePropertyOptions } from 'n8n-workflow';
import { connectMcpServer, DEFAULT_RETRY_POLICY, lazyMcpSession } from '../../engine/execution';
import { checkBaseUrl } from '../shared/vendorHttp';
import { mcpHeaders } from './connectors';
import { MCP_AUTH_TYPE } from './description';

const FALLBACK = 'Check MCP Server URL and MCP Authentication, or set MCP Read-Only Tools From to "By Name" and type the tool names.';

function cannotList(ctx: ILoadOptionsFunctions, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Could not list the MCP server's tools: ${problem}`, { description: FALLBACK });
}

const NETWORK_CAUSES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	ETIMEDOUT: 'connection timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/**
 * Why listing failed, from the error's status or code only: the server's own error text (which a
 * server could fill with the request's Authorization header) and the SDK's message never reach the
 * editor, so the credential cannot leak through them.
 */
function reason(error: unknown, timeoutMs: number): string {
	const e = (error ?? {}) as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
	if (typeof e.code === 'number' && e.code >= 400 && e.code <= 599) {
		return e.code === 401 || e.code === 403 ? `the server refused the credentials (HTTP ${e.code})` : `the server answered HTTP ${e.code}`;
	}
	if (e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
	// In words: n8n replaces a whole error message that names a code such as ECONNREFUSED with its own.
	const cause = NETWORK_CAUSES[String(e.cause?.code)];
	if (cause) return `the server cannot be reached (${cause})`;
	return 'no MCP answer over Streamable HTTP at this URL';
}

function timeoutOf(ctx: ILoadOptionsFunctions): number {
	const options = ctx.getCurrentNodeParameter('options') as { timeoutMs?: unknown } | undefined;
	const ms = Number(options?.timeoutMs);
	return Number.isFinite(ms) && ms >= 100 ? ms : DEFAULT_RETRY_POLICY.timeoutMs;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
	});
	return await Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * MCP Read-Only Tools (version 2): the tools the server lists, connecting as the node does when it
 * runs (same URL check, same Header Auth credential, same SDK client), within the node's request
 * timeout. An error says what to fix and offers typing the names instead.
 */
export async function listMcpTools(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const raw = String(this.getCurrentNodeParameter('mcpServerUrl') ?? '').trim();
	if (raw === '') throw cannotList(this, 'MCP Server URL is empty');
	if (raw.startsWith('=')) throw cannotList(this, 'MCP Server URL is an expression, which is resolved only when the workflow runs');
	const url = checkBaseUrl('MCP', raw, 'Server URL');
	if (!url.ok) throw cannotList(this, url.problem);
	let headers: Record<string, string> | undefined;
	if (this.getCurrentNodeParameter('mcpAuthentication') === MCP_AUTH_TYPE) {
		let credential: ICredentialDataDecryptedObject;
		try {
			credential = await this.getCredentials(MCP_AUTH_TYPE);
		} catch {
			throw cannotList(this, 'no usable Header Auth credential is selected under MCP Authentication');
		}
		headers = mcpHeaders(this.getNode(), credential);
	}
	const timeoutMs = timeoutOf(this);
	const session = lazyMcpSession(async () => await connectMcpServer(url.url, { headers }), timeoutMs);
	try {
		const tools = await withTimeout(session.listTools(), timeoutMs);
		return tools
			.map((t) => ({ name: t.name, value: t.name, ...(t.description ? { description: t.description } : {}) }))
			.sort((a, b) => a.name.localeCompare(b.name));
	} catch (error) {
		throw cannotList(this, reason(error, timeoutMs));
	} finally {
		// Not awaited: a server that accepted the connection and never answered would hold the editor's request.
		void session.close();
	}
}
