import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { HttpClient } from '../../engine/execution';
import { WriteRefusedError } from '../../engine/retrieval';
import { signingFor } from '../shared/httpSigning';
import { n8nHttpClient } from '../shared/vendorHttp';

/**
 * HTTP clients for the generic HTTP lookup: the shared n8n client (paths kept under the base URL,
 * credentials applied below the engine: nodes/shared/httpSigning.ts), GET only. The engine wraps
 * every lookup client read-only too; this one never sends anything else either.
 */
function getOnly(client: HttpClient): HttpClient {
	return {
		async request(req) {
			if (req.method !== 'GET') throw new WriteRefusedError(req.method);
			return await client.request(req);
		},
	};
}

/**
 * The client for one credential type, given the credential's data the caller already read (see
 * usableCredential); a credential this node cannot apply stops the workflow, naming the problem.
 */
export function credentialClient(ctx: IExecuteFunctions, type: string, baseUrl: string, credential: IDataObject): HttpClient {
	const sign = signingFor(ctx, type, credential, 'HTTP lookup');
	// Bearer Auth and the service credentials declare `authenticate` (or OAuth2): n8n signs them.
	return getOnly(n8nHttpClient(ctx, sign ? undefined : type, baseUrl, { sign }));
}

/** No authentication at all: still through n8n's request helper (proxy settings, timeouts). */
export function anonymousClient(ctx: IExecuteFunctions, baseUrl: string): HttpClient {
	return getOnly(n8nHttpClient(ctx, undefined, baseUrl));
}
