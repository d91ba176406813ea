import type { IHttpRequestOptions, INodeType } from 'n8n-workflow';
import { createFetchHttpClient } from '../../engine/execution';

export interface SentRequest {
	credentialType: string;
	url: string;
	ignoreHttpStatusErrors: IHttpRequestOptions['ignoreHttpStatusErrors'];
}

/**
 * n8n's httpRequestWithAuthentication, reduced to what our nodes rely on: requests to the stand-in
 * (`standInUrl()`) go out signed with `signing(credentialType)`; any other host answers 401 with
 * `refusedBody`, without a request. Every call is recorded in `sent`.
 */
export function loopbackSigning(standInUrl: () => string, signing: (credentialType: string) => Record<string, string>, refusedBody: string, sent: SentRequest[]) {
	return async (credentialType: string, options: IHttpRequestOptions) => {
		sent.push({ credentialType, url: options.url, ignoreHttpStatusErrors: options.ignoreHttpStatusErrors });
		if (!options.url.startsWith(standInUrl())) return { statusCode: 401, headers: {}, body: refusedBody };
		const client = createFetchHttpClient({ baseUrl: '', authHeaders: signing(credentialType) });
		const res = await client.request({ method: options.method as 'GET', url: options.url, headers: options.headers as Record<string, string>, body: options.body as string | undefined, timeoutMs: options.timeout ?? 1000 });
		return { statusCode: res.status, headers: res.headers, body: res.body };
	};
}

/** A node's parameters at their defaults, as n8n fills in the ones a workflow leaves out. */
export function parameterDefaults(node: INodeType): Record<string, unknown> {
	return Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
}
