/**
 * The Support Escalation Packager's version 2 Zendesk fields against the Zendesk stand-in: the
 * credential choice named zendeskAuthentication, the Zendesk Group picked from the list (the
 * editor's listSearch, GET /api/v2/groups.json) or typed as an ID.
 */
import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';
import type { CaseFile } from '../../engine/contracts';
import { SupportEscalationPackager } from '../../nodes/SupportEscalationPackager/SupportEscalationPackager.node';
import { ZendeskStandIn } from '../stand-ins';
import { buildCase, NOW } from '../support/caseFiles';
import { credentialsShown } from '../support/credentialsShown';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { zendeskTestCredentials } from '../support/zendeskCredentials';
import { loopbackSigning, type SentRequest } from '../support/loopbackSigning';

const { TOKEN, OAUTH_TOKEN, API_AUTH, CREDENTIALS, SIGNING } = zendeskTestCredentials('packager-v2');
const TICKET = 3187;

let zendesk: ZendeskStandIn;
const sent: SentRequest[] = [];
const httpRequestWithAuthentication = loopbackSigning(() => zendesk.url, (type) => SIGNING[type], '{"error":"Couldn\'t authenticate you"}', sent);
const node = new SupportEscalationPackager();
const description = node.description;

function resolved(saved: INodeParameters): INodeParameters {
	const n = { typeVersion: 2, parameters: saved };
	return { ...NodeHelpers.getNodeParameters(description.properties, saved, true, false, n, description), ...saved };
}

const nodeWith = (credentials: string[]) => ({
	id: 'packager',
	name: 'Support Escalation Packager',
	type: 'n8n-nodes-support-coordination.supportEscalationPackager',
	typeVersion: 2,
	position: [0, 0] as [number, number],
	parameters: {},
	credentials: Object.fromEntries(credentials.map((c) => [c, { id: `cred-${c}`, name: c }])),
});
const credentialsOf = (credentials: string[]) => async (type: string) => {
	if (!credentials.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
	return CREDENTIALS[type];
};

async function packager(params: INodeParameters, credentials = ['zendeskApi']): Promise<INodeExecutionData[]> {
	const parameters = resolved({ writeNoteTo: 'zendesk', writeOptions: { zendeskBaseUrl: zendesk.url, timeoutMs: 2000, maxAttempts: 1 }, ...params });
	const items = [{ json: { support: buildCase({ urgency: 'high' }) as unknown as INodeExecutionData['json'] } }];
	const ctx = fakeExecuteContext({ parameters, items, nodeName: 'Support Escalation Packager', typeVersion: 2 });
	Object.assign(ctx, {
		getNode: () => nodeWith(credentials),
		getCredentials: credentialsOf(credentials),
		helpers: { httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => httpRequestWithAuthentication(type, o) },
	});
	const [out] = (await node.execute!.call(ctx as IExecuteFunctions)) as INodeExecutionData[][];
	return out;
}

/** The editor asking for the Zendesk Group list: n8n's load-options context, with the node's current parameters and credentials. */
async function listGroups(params: INodeParameters, filter?: string, credentials = ['zendeskApi']) {
	const parameters = resolved({ writeNoteTo: 'zendesk', writeOptions: { zendeskBaseUrl: zendesk.url }, ...params });
	const ctx = {
		getNode: () => nodeWith(credentials),
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getCredentials: credentialsOf(credentials),
		helpers: { httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => httpRequestWithAuthentication(type, o) },
	} as unknown as ILoadOptionsFunctions;
	return await node.methods!.listSearch!.searchZendeskGroups.call(ctx, filter);
}

const ticket = () => zendesk.tickets.get(TICKET)!;
const noteWrite = (out: INodeExecutionData[]) => (out[0].json.support as unknown as CaseFile).handoff!.evidence.find((e) => e.kind === 'note_write');

describe('Support Escalation Packager node, version 2: Zendesk', () => {
	beforeAll(async () => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] });
		zendesk = (await new ZendeskStandIn(API_AUTH).start()).acceptAuthorization(`Bearer ${OAUTH_TOKEN}`);
	});
	afterAll(async () => {
		jest.useRealTimers();
		await zendesk.close();
	});
	beforeEach(() => {
		zendesk.resetTo({ id: TICKET, priority: 'low', group_id: 360001 });
		zendesk.groups.clear();
		zendesk.requests.length = 0;
		sent.length = 0;
		zendesk.addGroup({ id: 360001, name: 'Support' });
		zendesk.addGroup({ id: 360002, name: 'Billing' });
		zendesk.addGroup({ id: 360003, name: 'Tier 2 Billing' });
		zendesk.addGroup({ id: 360004, name: 'Old Billing', deleted: true });
	});

	it('the credential follows Zendesk Authentication (zendeskAuthentication), as in the Executor and the Retriever', async () => {
		expect(credentialsShown(description, { writeNoteTo: 'zendesk' }, 2)).toEqual(['zendeskApi']);
		expect(credentialsShown(description, { writeNoteTo: 'zendesk', zendeskAuthentication: 'oAuth2' }, 2)).toEqual(['zendeskOAuth2Api']);
		// Version 1's parameter means nothing to a version 2 node.
		expect(credentialsShown(description, { writeNoteTo: 'zendesk', authentication: 'oAuth2' }, 2)).toEqual(['zendeskApi']);
		expect(credentialsShown(description, { writeNoteTo: 'zendesk', zendeskAuthentication: 'oAuth2' }, 1)).toEqual(['zendeskApi']);

		const out = await packager({ zendeskAuthentication: 'oAuth2', authentication: 'apiToken' }, ['zendeskOAuth2Api']);
		expect(noteWrite(out)!.label).toBe(`Zendesk ticket ${TICKET}: written`);
		expect(sent.length).toBeGreaterThan(0);
		expect(sent.every((s) => s.credentialType === 'zendeskOAuth2Api')).toBe(true);
		await expect(packager({ zendeskAuthentication: 'password' })).rejects.toThrow(/^Zendesk Authentication: must be API Token or OAuth2, not "password"/);
	});

	it('assigns the group picked from the list or typed as an ID; empty keeps the ticket\'s group', async () => {
		await packager({ zendeskGroup: { __rl: true, mode: 'list', value: '360002', cachedResultName: 'Billing' } });
		expect(ticket().group_id).toBe(360002);
		// A fresh ticket: the same hand-off is written once only.
		zendesk.resetTo({ id: TICKET, group_id: 360001 });
		await packager({ zendeskGroup: { __rl: true, mode: 'id', value: ' 360003 ' } });
		expect(ticket().group_id).toBe(360003);

		zendesk.resetTo({ id: TICKET, group_id: 360001 });
		const out = await packager({ zendeskGroup: { __rl: true, mode: 'list', value: '' } });
		expect(noteWrite(out)!.label).toBe(`Zendesk ticket ${TICKET}: written`);
		expect(ticket().group_id).toBe(360001);
	});

	it('stops before writing anything on a group that is not an ID', async () => {
		const error = await packager({ zendeskGroup: { __rl: true, mode: 'id', value: 'Billing' } }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/^Zendesk Group: must be the group's number/);
		expect(zendesk.writes).toHaveLength(0);
	});

	it('lists the account\'s groups for the Zendesk Group field, sorted by name, deleted ones left out, filtered as typed', async () => {
		const all = await listGroups({});
		expect(all).toEqual({
			results: [
				{ name: 'Billing', value: '360002' },
				{ name: 'Support', value: '360001' },
				{ name: 'Tier 2 Billing', value: '360003' },
			],
		});
		expect(sent.map((s) => [s.credentialType, s.url.replace(zendesk.url, '')])).toEqual([['zendeskApi', '/api/v2/groups.json?page=1&per_page=100']]);
		expect((await listGroups({}, 'bill')).results.map((r) => r.name)).toEqual(['Billing', 'Tier 2 Billing']);
		expect((await listGroups({}, '360001')).results.map((r) => r.name)).toEqual(['Support']);
		expect(zendesk.requests.every((r) => r.method === 'GET')).toBe(true);
	});

	it('reads every page of a large account', async () => {
		for (let n = 1; n <= 150; n++) zendesk.addGroup({ id: 370000 + n, name: `Team ${String(n).padStart(3, '0')}` });
		const { results } = await listGroups({}, 'team');
		expect(results).toHaveLength(150);
		expect(results[0]).toEqual({ name: 'Team 001', value: '370001' });
		expect(results.at(-1)).toEqual({ name: 'Team 150', value: '370150' });
		expect(zendesk.requests.map((r) => r.path)).toEqual(['/api/v2/groups.json', '/api/v2/groups.json']);
	});

	it('lists with the credential Zendesk Authentication picks, and says what is missing or refused', async () => {
		await listGroups({ zendeskAuthentication: 'oAuth2' }, undefined, ['zendeskOAuth2Api']);
		expect(sent.map((s) => s.credentialType)).toEqual(['zendeskOAuth2Api']);
		await expect(listGroups({}, undefined, [])).rejects.toThrow('Cannot list the Zendesk groups: no Zendesk API credential is selected');
		await expect(listGroups({ zendeskAuthentication: 'oAuth2' }, undefined, ['zendeskApi'])).rejects.toThrow('Cannot list the Zendesk groups: no Zendesk OAuth2 API credential is selected');
		// Without an override the credential's subdomain names the host; n8n signs for it, nothing else answers here.
		await expect(listGroups({ writeOptions: {} })).rejects.toThrow("Cannot list the Zendesk groups: GET /api/v2/groups.json answered 401: Couldn't authenticate you");
		expect(sent.at(-1)!.url).toBe('https://acme.zendesk.com/api/v2/groups.json?page=1&per_page=100');
		zendesk.inject({ method: 'GET', path: '/api/v2/groups.json', times: 1, kind: 503 });
		const error = await listGroups({}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('Cannot list the Zendesk groups: GET /api/v2/groups.json answered 503: ServiceUnavailable (Server error)');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});
});
