import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Handoff } from '../../engine/contracts';
import { tagSafe, type HelpScoutNoteSettings, type ZendeskNoteSettings } from '../../engine/escalation';
import { previewOnlyClient, type HttpClient, type RetryPolicy } from '../../engine/execution';
import { usableCredential, zendeskCredentialFor } from '../shared/credentials';
import { paramError } from '../shared/jsonParameter';
import { readRetryOptions } from '../shared/retryOptions';
import { baseUrlFromCredential, checkBaseUrl, n8nHttpClient, type Checked } from '../shared/vendorHttp';
import { HELPSCOUT_CREDENTIAL_TYPE, ZENDESK_AUTH_PARAMETER } from './description';

export type WriteNoteTo = 'none' | 'zendesk' | 'helpScout';

/** Per execution: where the note goes and how to reach it. */
export interface NoteTarget {
	to: Exclude<WriteNoteTo, 'none'>;
	client: HttpClient;
	retry: Partial<RetryPolicy>;
	failOnWriteError: boolean;
}

const PRIORITIES = ['fromHandoff', 'keep', 'low', 'normal', 'high', 'urgent'];

/** What differs between the targets: the credential, its label, the override option and the base URL. */
export interface TargetCredential {
	type: string;
	label: string;
	credentialLabel: string;
	override: 'helpScoutBaseUrl' | 'zendeskBaseUrl';
	vendor: 'helpScout' | 'zendesk';
	oauth2: boolean;
}

/** The Zendesk credential the node's authentication choice selects (its parameter name depends on the version). */
export function zendeskTargetCredential(auth: unknown): TargetCredential | undefined {
	const c = zendeskCredentialFor(auth);
	return c && { type: c.type, label: 'Zendesk', credentialLabel: c.label, override: 'zendeskBaseUrl', vendor: 'zendesk', oauth2: c.oauth2 };
}

function credentialOf(ctx: IExecuteFunctions, to: NoteTarget['to']): TargetCredential {
	if (to === 'helpScout') {
		return { type: HELPSCOUT_CREDENTIAL_TYPE, label: 'Help Scout', credentialLabel: 'Help Scout OAuth2 API', override: 'helpScoutBaseUrl', vendor: 'helpScout', oauth2: true };
	}
	const v2 = ctx.getNode().typeVersion >= 2;
	const auth = ctx.getNodeParameter(v2 ? ZENDESK_AUTH_PARAMETER.v2 : ZENDESK_AUTH_PARAMETER.v1, 0, 'apiToken') as string;
	const credential = zendeskTargetCredential(auth);
	if (!credential) throw paramError(ctx, v2 ? 'Zendesk Authentication' : 'Authentication', `must be API Token or OAuth2, not ${JSON.stringify(auth)}`);
	return credential;
}

/**
 * Where the requests go: the Base URL Override under Write Options, or the vendor's own host from
 * the credential. With an override the credential is only needed for signing, which n8n does.
 */
export function targetBaseUrl(c: TargetCredential, options: IDataObject, credentialData: IDataObject): { checked: Checked; fix: string } {
	const raw = options[c.override];
	const override = typeof raw === 'string' ? raw.trim() : '';
	const checked = override ? checkBaseUrl(c.label, override) : baseUrlFromCredential(c.vendor, credentialData);
	const fix = override ? `Fix the ${c.label} Base URL Override under Write Options.` : `Fix the credential, or set a ${c.label} Base URL Override under Write Options.`;
	return { checked, fix };
}

/** The client for a target, signed by n8n with its credential (an execution, or the editor's group list). */
export function targetClient(ctx: IExecuteFunctions | ILoadOptionsFunctions, c: TargetCredential, baseUrl: string): HttpClient {
	return n8nHttpClient(ctx, c.type, baseUrl, { oauth2: c.oauth2 });
}

/**
 * The helpdesk client, signed by n8n with the credential of the target (Zendesk: the one the
 * Zendesk Authentication parameter picks; Help Scout: n8n's Help Scout OAuth2). Read once per
 * execution, before any item: a bad override stops the node before it has written anything; a
 * credential that is not selected or does not exist only leaves each note unwritten.
 */
export async function readNoteTarget(ctx: IExecuteFunctions): Promise<NoteTarget | undefined> {
	const to = ctx.getNodeParameter('writeNoteTo', 0, 'none') as WriteNoteTo;
	if (to === 'none') return undefined;
	if (to !== 'zendesk' && to !== 'helpScout') throw paramError(ctx, 'Write Note To', `must be None, Help Scout or Zendesk, not ${JSON.stringify(to)}`);
	const c = credentialOf(ctx, to);
	const options = (ctx.getNodeParameter('writeOptions', 0, {}) ?? {}) as IDataObject;
	const failOnWriteError = options.failOnWriteError === true;
	const credential = await usableCredential(ctx, c.type, c.credentialLabel);
	if (!credential.ok) {
		// The hand-off matters more than the note: every item is still packaged and goes on, and
		// each one records why its note was not written (e.g. a template whose helpdesk credential
		// has not been created yet). Nothing is sent anywhere.
		return { to, client: previewOnlyClient(`Write Note To is ${c.label}, but ${credential.problem}`), retry: { maxAttempts: 1 }, failOnWriteError };
	}
	const { checked: baseUrl, fix } = targetBaseUrl(c, options, credential.data);
	if (!baseUrl.ok) throw new NodeOperationError(ctx.getNode(), baseUrl.problem, { description: fix });
	return { to, client: targetClient(ctx, c, baseUrl.url), retry: readRetryOptions(ctx, options, 'Write Options', 'Max Attempts'), failOnWriteError };
}

/** A resource locator's value (the group ID, whichever mode picked it); an expression may give the ID itself. */
function locatorValue(raw: unknown): string {
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Per item (expressions may differ per ticket): the tags, priority and group to set. */
export function readZendeskSettings(ctx: IExecuteFunctions, i: number, handoff: Handoff): ZendeskNoteSettings {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const own = text('zendeskTags').split(',').map((t) => tagSafe(t)).filter(Boolean);
	const addCaseTags = ctx.getNodeParameter('addCaseTags', i, true) !== false;
	const priority = text('zendeskPriority') || 'fromHandoff';
	if (!PRIORITIES.includes(priority)) throw paramError(ctx, 'Ticket Priority', `must be one of ${PRIORITIES.join(', ')}, not ${JSON.stringify(priority)}`, i);
	const v2 = ctx.getNode().typeVersion >= 2;
	const groupId = v2 ? locatorValue(ctx.getNodeParameter('zendeskGroup', i, '')) : text('zendeskGroupId');
	if (groupId && !/^\d{1,20}$/.test(groupId)) throw paramError(ctx, v2 ? 'Zendesk Group' : 'Group ID', `must be the group's number (e.g. 360001234567), not ${JSON.stringify(groupId)}`, i);
	return {
		tags: [...new Set([...own, ...(addCaseTags ? handoff.tags : [])])],
		priority: priority as ZendeskNoteSettings['priority'],
		...(groupId ? { groupId } : {}),
	};
}

/** Help Scout: the hand-off's tags (the derived ones and Extra Tags), added to the conversation's own. */
export function readHelpScoutSettings(handoff: Handoff): HelpScoutNoteSettings {
	return { tags: handoff.tags.map((t) => tagSafe(t)).filter(Boolean) };
}
