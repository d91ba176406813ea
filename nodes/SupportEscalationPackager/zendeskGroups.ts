import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';
import { jsonBody } from '../../engine/execution/http';
import { TransportError, type HttpClient } from '../../engine/execution';
import { usableCredential } from '../shared/credentials';
import { ZENDESK_AUTH_PARAMETER } from './description';
import { targetBaseUrl, targetClient, zendeskTargetCredential } from './noteTarget';

export interface ZendeskGroup {
	id: string;
	name: string;
}

/** Zendesk answers at most 100 groups a page; ten pages cover any account the editor's list makes sense for. */
const PER_PAGE = 100;
const MAX_PAGES = 10;
const TIMEOUT_MS = 15_000;

function errorText(body: Record<string, unknown>): string {
	const { error, description } = body;
	if (typeof error === 'string') return typeof description === 'string' && description ? `${error} (${description})` : error;
	return typeof description === 'string' ? description : '';
}

export type GroupList = { ok: true; groups: ZendeskGroup[] } | { ok: false; problem: string };

/**
 * The account's groups (GET /api/v2/groups.json, page by page until next_page is empty), deleted
 * ones left out. Any answer but 2xx is a problem naming the status and Zendesk's own reason.
 */
export async function listZendeskGroups(client: HttpClient): Promise<GroupList> {
	const groups: ZendeskGroup[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const url = `/api/v2/groups.json?page=${page}&per_page=${PER_PAGE}`;
		let res;
		try {
			res = await client.request({ method: 'GET', url, timeoutMs: TIMEOUT_MS });
		} catch (error) {
			return { ok: false, problem: `GET /api/v2/groups.json failed: ${error instanceof TransportError ? error.message : 'transport error'}` };
		}
		const body = jsonBody(res);
		if (res.status < 200 || res.status >= 300) {
			const detail = errorText(body);
			return { ok: false, problem: `GET /api/v2/groups.json answered ${res.status}${detail ? `: ${detail}` : ''}` };
		}
		for (const g of Array.isArray(body.groups) ? (body.groups as Array<Record<string, unknown>>) : []) {
			if (g.deleted === true || (typeof g.id !== 'number' && typeof g.id !== 'string')) continue;
			groups.push({ id: String(g.id), name: typeof g.name === 'string' && g.name ? g.name : `Group ${String(g.id)}` });
		}
		if (!body.next_page) break;
	}
	return { ok: true, groups };
}

/** Groups whose name (or ID) contains the filter, case-insensitively, sorted by name. */
export function matchingGroups(groups: ZendeskGroup[], filter?: string): ZendeskGroup[] {
	const needle = (filter ?? '').trim().toLowerCase();
	return groups.filter((g) => !needle || g.name.toLowerCase().includes(needle) || g.id.includes(needle)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The Zendesk Group list in the editor (version 2): the groups of the account the selected Zendesk
 * credential signs in to, through the same client, credential and Base URL Override as the note.
 */
export async function searchZendeskGroups(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const auth = this.getNodeParameter(ZENDESK_AUTH_PARAMETER.v2, 'apiToken');
	const c = zendeskTargetCredential(auth);
	if (!c) throw new NodeOperationError(this.getNode(), `Zendesk Authentication must be API Token or OAuth2, not ${JSON.stringify(auth)}`);
	const credential = await usableCredential(this, c.type, c.credentialLabel);
	if (!credential.ok) throw new NodeOperationError(this.getNode(), `Cannot list the Zendesk groups: ${credential.problem}`);
	const options = (this.getNodeParameter('writeOptions', {}) ?? {}) as IDataObject;
	const { checked, fix } = targetBaseUrl(c, options, credential.data);
	if (!checked.ok) throw new NodeOperationError(this.getNode(), checked.problem, { description: fix });
	const list = await listZendeskGroups(targetClient(this, c, checked.url));
	if (!list.ok) throw new NodeOperationError(this.getNode(), `Cannot list the Zendesk groups: ${list.problem}`, { description: 'Check the Zendesk credential, or enter the group by ID.' });
	return { results: matchingGroups(list.groups, filter).map((g) => ({ name: g.name, value: g.id })) };
}
