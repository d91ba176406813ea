import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { HttpClient } from '../../engine/execution';
import { readOnlyClient } from '../../engine/retrieval';
import { signingFor } from '../shared/httpSigning';
import { n8nHttpClient } from '../shared/vendorHttp';

// HTTP clients for the generic HTTP lookup: the shared n8n client (paths kept under the base URL,
// credentials applied below the engine: nodes/shared/httpSigning.ts), read-only from the start
// (the engine's readOnlyClient; the lookup wraps every source client the same way again).

/**
 * The client for one credential type, given the credential's data the caller already read (see
 * usableCredential); a credential this node cannot apply stops the workflow, naming the problem.
 */
export function credentialClient(ctx: IExecuteFunctions, type: string, baseUrl: string, credential: IDataObject): HttpClient {
	const sign = signingFor(ctx, type, credential, 'HTTP lookup');
	// Bearer Auth and the service credentials declare `authenticate` (or OAuth2): n8n signs them.
	return readOnlyClient(n8nHttpClient(ctx, sign ? undefined : type, baseUrl, { sign }));
}

/** No authentication at all: still through n8n's request helper (proxy settings, timeouts). */
export function anonymousClient(ctx: IExecuteFunctions, baseUrl: string): HttpClient {
	return readOnlyClient(n8nHttpClient(ctx, undefined, baseUrl));
}
