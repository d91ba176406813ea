import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Handoff } from '../../engine/contracts';
import { tagSafe, type ZendeskNoteSettings } from '../../engine/escalation';
import { previewOnlyClient, type HttpClient, type RetryPolicy } from '../../engine/execution';
import { usableCredential } from '../shared/credentials';
import { paramError } from '../shared/jsonParameter';
import { baseUrlFromCredential, checkBaseUrl, n8nHttpClient } from '../shared/vendorHttp';
import { ZENDESK_CREDENTIAL_BY_AUTH } from './description';

export type WriteNoteTo = 'none' | 'zendesk';

/** Per execution: where the note goes and how to reach it. */
export interface NoteTarget {
	to: 'zendesk';
	client: HttpClient;
	retry: Partial<RetryPolicy>;
	failOnWriteError: boolean;
}

const PRIORITIES = ['fromHandoff', 'keep', 'low', 'normal', 'high', 'urgent'];

function readRetry(ctx: IExecuteFunctions, options: IDataObject): Partial<RetryPolicy> {
	const retry: Partial<RetryPolicy> = {};
	if (options.maxAttempts !== undefined) {
		const n = Number(options.maxAttempts);
		if (!Number.isInteger(n) || n < 1) throw paramError(ctx, 'Write Options', 'Max Attempts must be a whole number, 1 or more');
		retry.maxAttempts = n;
	}
	if (options.timeoutMs !== undefined) {
		const ms = Number(options.timeoutMs);
		if (!Number.isFinite(ms) || ms < 100) throw paramError(ctx, 'Write Options', 'Request Timeout (Ms) must be at least 100');
		retry.timeoutMs = ms;
	}
	return retry;
}

/**
 * The Zendesk client, signed by n8n with the credential the Authentication parameter picks. Read
 * once per execution, before any item: a bad override stops the node before it has written
 * anything; a credential that is not selected or does not exist only leaves each note unwritten.
 */
export async function readNoteTarget(ctx: IExecuteFunctions): Promise<NoteTarget | undefined> {
	const to = ctx.getNodeParameter('writeNoteTo', 0, 'none') as WriteNoteTo;
	if (to === 'none') return undefined;
	if (to !== 'zendesk') throw paramError(ctx, 'Write Note To', `must be None or Zendesk, not ${JSON.stringify(to)}`);
	const auth = ctx.getNodeParameter('authentication', 0, 'apiToken') as string;
	const type = ZENDESK_CREDENTIAL_BY_AUTH[auth];
	if (!type) throw paramError(ctx, 'Authentication', `must be API Token or OAuth2, not ${JSON.stringify(auth)}`);
	const options = (ctx.getNodeParameter('writeOptions', 0, {}) ?? {}) as IDataObject;
	const credential = await usableCredential(ctx, type, auth === 'oAuth2' ? 'Zendesk OAuth2 API' : 'Zendesk API');
	if (!credential.ok) {
		// The hand-off matters more than the note: every item is still packaged and goes on, and
		// each one records why its note was not written (e.g. a template whose Zendesk credential
		// has not been created yet). Nothing is sent anywhere.
		return { to, client: previewOnlyClient(`Write Note To is Zendesk, but ${credential.problem}`), retry: { maxAttempts: 1 }, failOnWriteError: options.failOnWriteError === true };
	}
	const override = typeof options.zendeskBaseUrl === 'string' ? options.zendeskBaseUrl.trim() : '';
	// With an override the credential is only needed for signing, which n8n does: nothing is read from it.
	const baseUrl = override ? checkBaseUrl('Zendesk', override) : baseUrlFromCredential('zendesk', credential.data);
	if (!baseUrl.ok) {
		throw new NodeOperationError(ctx.getNode(), baseUrl.problem, { description: override ? 'Fix the Zendesk Base URL Override under Write Options.' : 'Fix the credential, or set a Zendesk Base URL Override under Write Options.' });
	}
	return { to, client: n8nHttpClient(ctx, type, baseUrl.url), retry: readRetry(ctx, options), failOnWriteError: options.failOnWriteError === true };
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
