import type { HttpClient } from '../http';
import type { HttpEndpoint, ResolvedTool } from '../types';
import { send, type ErrorText } from './send';

/**
 * `http.request`: calls one endpoint the operator configured, by name. A plan can fill path
 * parameters, query and body, but never choose a URL, a method or headers.
 */

const errorText: ErrorText = (body) => {
	for (const k of ['message', 'error', 'errors', 'detail']) if (typeof body[k] === 'string') return body[k] as string;
	return undefined;
};

function fillPath(template: string, params: Record<string, unknown>): { path?: string; missing?: string } {
	let missing: string | undefined;
	const path = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
		const v = params[name];
		// encodeURIComponent leaves '.' alone: a value of '..' would climb out of the configured path.
		if ((typeof v !== 'string' && typeof v !== 'number') || /^\.{1,2}$/.test(String(v)) || String(v) === '') {
			missing = name;
			return '';
		}
		return encodeURIComponent(String(v));
	});
	return missing ? { missing } : { path };
}

function queryString(query: unknown): string {
	if (!query || typeof query !== 'object') return '';
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
		if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') q.set(k, String(v));
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}

export function resolveHttpTool(args: Record<string, unknown>, client: HttpClient, endpoints: HttpEndpoint[]): ResolvedTool {
	const endpoint = endpoints.find((e) => e.name === args.endpoint);
	const params = (args.params && typeof args.params === 'object' ? args.params : {}) as Record<string, unknown>;
	const filled = endpoint ? fillPath(endpoint.path, params) : {};
	const access = endpoint?.access ?? (endpoint?.method === 'GET' ? 'read' : 'write');
	const path = `${filled.path ?? endpoint?.path ?? '?'}${queryString(args.query)}`;
	const hasBody = args.body !== undefined && endpoint?.method !== 'GET';
	const problem = !endpoint
		? `args.endpoint ${JSON.stringify(args.endpoint)} is not a configured endpoint (${endpoints.map((e) => e.name).join(', ') || 'none configured'})`
		: filled.missing
			? `needs args.params.${filled.missing} (a non-empty value other than . or ..) for ${endpoint.path}`
			: undefined;
	return {
		name: 'http.request',
		access,
		idempotency: access === 'read' ? 'natural' : endpoint?.idempotencyHeader ? 'key' : 'none',
		argProblem: problem,
		preview: () => ({ method: endpoint?.method ?? '?', path, body: hasBody ? args.body : undefined }),
		async perform(ctx) {
			const ep = endpoint as HttpEndpoint;
			const headers: Record<string, string> = hasBody ? { 'content-type': 'application/json' } : {};
			if (access === 'write' && ep.idempotencyHeader) headers[ep.idempotencyHeader.toLowerCase()] = ctx.key;
			const { json, res } = await send(
				client,
				{ method: ep.method, url: path, headers, body: hasBody ? JSON.stringify(args.body) : undefined, timeoutMs: ctx.timeoutMs },
				errorText,
			);
			const id = json.id ?? (json.data as { id?: unknown } | undefined)?.id;
			const externalIds: Record<string, string> = typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {};
			// Stripe's convention, which other keyed APIs copy: the answer is one saved by an earlier run.
			const replayed = res.headers['idempotent-replayed'] === 'true';
			return { summary: `${ep.name}: ${ep.method} ${path.split('?')[0]} answered ${res.status}`, externalIds, replayed };
		},
	};
}
