import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

export type UsableCredential = { ok: true; data: ICredentialDataDecryptedObject } | { ok: false; problem: string };

/**
 * A credential the node can really use. Two ways it cannot, both common right after importing a
 * template: none is selected, or the one selected does not exist in this n8n (templates name
 * credentials the operator has not created yet). n8n's getCredentials throws in both cases with a
 * message that does not say which node option to fix; callers turn `problem` into a skipped
 * lookup or an unwired connector instead of failing every ticket. Nothing secret is in `problem`.
 */
export async function usableCredential(ctx: IExecuteFunctions, type: string, label: string): Promise<UsableCredential> {
	const selected = ctx.getNode().credentials?.[type];
	if (!selected) return { ok: false, problem: `no ${label} credential is selected` };
	try {
		return { ok: true, data: await ctx.getCredentials(type) };
	} catch {
		return { ok: false, problem: `the ${label} credential "${selected.name}" cannot be used: it does not exist in this n8n (create it under Credentials and select it)` };
	}
}
