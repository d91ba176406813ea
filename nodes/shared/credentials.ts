import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

export type UsableCredential = { ok: true; data: ICredentialDataDecryptedObject } | { ok: false; problem: string };

/** What usableCredential needs: an execution, or the editor loading a parameter's list (listSearch). */
export interface CredentialReader {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/**
 * A credential the node can really use. Two ways it cannot, both common right after importing a
 * template: none is selected, or the one selected does not exist in this n8n (templates name
 * credentials the operator has not created yet). n8n's getCredentials throws in both cases with a
 * message that does not say which node option to fix; callers turn `problem` into a skipped
 * lookup or an unwired connector instead of failing every ticket. Nothing secret is in `problem`.
 */
export async function usableCredential(ctx: CredentialReader, type: string, label: string): Promise<UsableCredential> {
	const selected = ctx.getNode().credentials?.[type];
	if (!selected) return { ok: false, problem: `no ${label} credential is selected` };
	try {
		return { ok: true, data: await ctx.getCredentials(type) };
	} catch {
		return { ok: false, problem: `the ${label} credential "${selected.name}" cannot be used: it does not exist in this n8n (create it under Credentials and select it)` };
	}
}

/**
 * Zendesk signs with either of n8n's own Zendesk credentials, chosen as in n8n's Zendesk node with
 * the values 'apiToken' and 'oAuth2' (the parameter is "Zendesk Authentication", zendeskAuthentication,
 * in every node from the Packager's version 2 on). Type names and labels, not secrets.
 */
export const ZENDESK_CREDENTIALS = [
	{ auth: 'apiToken', type: 'zendeskApi', label: 'Zendesk API', oauth2: false },
	{ auth: 'oAuth2', type: 'zendeskOAuth2Api', label: 'Zendesk OAuth2 API', oauth2: true },
] as const;
export type ZendeskCredential = (typeof ZENDESK_CREDENTIALS)[number];
export const ZENDESK_AUTH_VALUES: readonly string[] = ZENDESK_CREDENTIALS.map((c) => c.auth);

/** The options of a Zendesk Authentication parameter, in the order of ZENDESK_CREDENTIALS. */
export const ZENDESK_AUTH_OPTIONS = [
	{ name: 'API Token', value: 'apiToken', description: 'A Zendesk API credential (subdomain, agent email, API token)' },
	{ name: 'OAuth2', value: 'oAuth2', description: 'A Zendesk OAuth2 API credential (subdomain, OAuth client); n8n refreshes the token' },
];

/** The credential a Zendesk Authentication value selects; undefined for a value that selects none. */
export function zendeskCredentialFor(auth: unknown): ZendeskCredential | undefined {
	return ZENDESK_CREDENTIALS.find((c) => c.auth === auth);
}
