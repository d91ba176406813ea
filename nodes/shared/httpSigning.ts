import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IHttpRequestOptions } from 'n8n-workflow';

/**
 * Signing n8n does not do from the credential type: Basic, Query and Custom Auth declare no
 * `authenticate` (n8n's HTTP Request node applies them itself), so the nodes that call an operator's
 * own API (the Action Executor's HTTP connector, the Policy Retriever's HTTP lookup) apply them here,
 * below the engine, which only ever sees paths and statuses. Bearer Auth and the service credentials
 * are signed by n8n: `undefined` here.
 */
export type Sign = (options: IHttpRequestOptions) => void;

function stringRecord(value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined && v !== null) out[k] = String(v);
	}
	return out;
}

/** How to sign with `credential` of `type`; a credential that cannot be applied stops the node, naming `label` and the problem. */
export function signingFor(ctx: IExecuteFunctions, type: string, credential: IDataObject, label: string): Sign | undefined {
	if (type === 'httpBasicAuth') {
		const auth = { username: String(credential.user ?? ''), password: String(credential.password ?? '') };
		return (o) => (o.auth = auth);
	}
	if (type === 'httpQueryAuth') {
		const name = String(credential.name ?? '').trim();
		if (!name) throw new NodeOperationError(ctx.getNode(), `${label}: the Query Auth credential has no parameter name`);
		const value = String(credential.value ?? '');
		return (o) => (o.qs = { ...(o.qs ?? {}), [name]: value });
	}
	if (type === 'httpCustomAuth') {
		let parsed: { headers?: unknown; qs?: unknown };
		try {
			parsed = JSON.parse(String(credential.json ?? '{}')) as { headers?: unknown; qs?: unknown };
		} catch {
			throw new NodeOperationError(ctx.getNode(), `${label}: the Custom Auth credential is not valid JSON`);
		}
		const headers = stringRecord(parsed.headers);
		const qs = stringRecord(parsed.qs);
		// Headers and query parameters only: a body has no place in a GET, and a plan's body is its own.
		return (o) => {
			o.headers = { ...(o.headers ?? {}), ...headers };
			if (Object.keys(qs).length) o.qs = { ...(o.qs ?? {}), ...qs };
		};
	}
	return undefined;
}
