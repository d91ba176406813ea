import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Handoff } from '../../engine/contracts';
import { tagSafe, type HelpScoutNoteSettings, type ZendeskNoteSettings } from '../../engine/escalation';
import { previewOnlyClient, type HttpClient, type RetryPolicy } from '../../engine/execution';
import { usableCredential } from '../shared/credentials';
import { paramError } from '../shared/jsonParameter';
import { readRetryOptions } from '../shared/retryOptions';
import { baseUrlFromCredential, checkBaseUrl, n8nHttpClient } from '../shared/vendorHttp';
import { HELPSCOUT_CREDENTIAL_TYPE, ZENDESK_CREDENTIAL_BY_AUTH } from './description';

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
function credentialOf(ctx: IExecuteFunctions, to: NoteTarget['to']) {
	if (to === 'helpScout') {
		return { type: HELPSCOUT_CREDENTIAL_TYPE, label: 'Help Scout', credentialLabel: 'Help Scout OAuth2 API', override: 'helpScoutBaseUrl', vendor: 'helpScout' as const, oauth2: true };
	}
	const auth = ctx.getNodeParameter('authentication', 0, 'apiToken') as string;
	const type = ZENDESK_CREDENTIAL_BY_AUTH[auth];
	if (!type) throw paramError(ctx, 'Authentication', `must be API Token or OAuth2, not ${JSON.stringify(auth)}`);
	return { type, label: 'Zendesk', credentialLabel: auth === 'oAuth2' ? 'Zendesk OAuth2 API' : 'Zendesk API', override: 'zendeskBaseUrl', vendor: 'zendesk' as const, oauth2: auth === 'oAuth2' };
}

/**
 * The helpdesk client, signed by n8n with the credential of the target (Zendesk: the one the
 * Authentication parameter picks; Help Scout: n8n's Help Scout OAuth2). Read once per execution,
 * before any item: a bad override stops the node before it has written anything; a credential that
 * is not selected or does not exist only leaves each note unwritten.
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
	const raw = options[c.override];
	const override = typeof raw === 'string' ? raw.trim() : '';
	// With an override the credential is only needed for signing, which n8n does: nothing is read from it.
	const baseUrl = override ? checkBaseUrl(c.label, override) : baseUrlFromCredential(c.vendor, credential.data);
	if (!baseUrl.ok) {
		const fix = override ? `Fix the ${c.label} Base URL Override under Write Options.` : `Fix the credential, or set a ${c.label} Base URL Override under Write Options.`;
		throw new NodeOperationError(ctx.getNode(), baseUrl.problem, { description: fix });
	}
	return { to, client: n8nHttpClient(ctx, c.type, baseUrl.url, { oauth2: c.oauth2 }), retry: readRetryOptions(ctx, options, 'Write Options', 'Max Attempts'), failOnWriteError };
}

/** Per item (expressions may differ per ticket): the tags, priority and group to set. */
export function readZendeskSettings(ctx: IExecuteFunctions, i: number, handoff: Handoff): ZendeskNoteSettings {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const own = text('zendeskTags').split(',').map((t) => tagSafe(t)).filter(Boolean);
	const addCaseTags = ctx.getNodeParameter('addCaseTags', i, true) !== false;
	const priority = text('zendeskPriority') || 'fromHandoff';
	if (!PRIORITIES.includes(priority)) throw paramError(ctx, 'Ticket Priority', `must be one of ${PRIORITIES.join(', ')}, not ${JSON.stringify(priority)}`, i);
	const groupId = text('zendeskGroupId');
	if (groupId && !/^\d{1,20}$/.test(groupId)) throw paramError(ctx, 'Group ID', `must be the group's number (e.g. 360001234567), not ${JSON.stringify(groupId)}`, i);
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
