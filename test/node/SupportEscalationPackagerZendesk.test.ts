import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { HandoffSection, type CaseFile } from '../../engine/contracts';
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { DEFAULT_CRITIC_RULES } from '../../engine/verification';
import { SupportCritic } from '../../nodes/SupportCritic/SupportCritic.node';
import { SupportEscalationPackager } from '../../nodes/SupportEscalationPackager/SupportEscalationPackager.node';
import { SupportSpecialistPlanner } from '../../nodes/SupportSpecialistPlanner/SupportSpecialistPlanner.node';
import { ZendeskStandIn } from '../stand-ins';
import { buildCase, NOW } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { zendeskTestCredentials } from '../support/zendeskCredentials';
import { loopbackSigning, parameterDefaults, type SentRequest } from '../support/loopbackSigning';
import { credentialsShown } from '../support/credentialsShown';

const { TOKEN, OAUTH_TOKEN, API_AUTH, CREDENTIALS, SIGNING } = zendeskTestCredentials('packager-canary');
const TICKET = 3187;

let zendesk: ZendeskStandIn;
const sent: SentRequest[] = [];
const credentialsRead: string[] = [];
const httpRequestWithAuthentication = loopbackSigning(() => zendesk.url, (type) => SIGNING[type], '{"error":"Couldn\'t authenticate you"}', sent);
const defaults = parameterDefaults;

interface RunOptions {
	params?: Record<string, unknown>;
	continueOnFail?: boolean;
	credentials?: string[];
}

async function packager(items: INodeExecutionData[], opts: RunOptions = {}): Promise<INodeExecutionData[][]> {
	const node = new SupportEscalationPackager();
	const params = { ...defaults(node), writeNoteTo: 'zendesk', zendeskGroupId: '360001', writeOptions: { zendeskBaseUrl: zendesk.url, timeoutMs: 2000, maxAttempts: 2 }, ...opts.params };
	const ctx = fakeExecuteContext({ parameters: params, items, continueOnFail: opts.continueOnFail, nodeName: 'Support Escalation Packager' });
	const creds = opts.credentials ?? ['zendeskApi'];
	const nodeWithCreds = { ...ctx.getNode(), credentials: Object.fromEntries(creds.map((c) => [c, { id: `cred-${c}`, name: c }])) };
	Object.assign(ctx, {
		getNode: () => nodeWithCreds,
		getCredentials: async (type: string) => {
			credentialsRead.push(type);
			if (!creds.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
			return CREDENTIALS[type];
		},
		helpers: { httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => httpRequestWithAuthentication(type, o) },
	});
	return (await node.execute!.call(ctx as IExecuteFunctions)) as INodeExecutionData[][];
}

async function runNode(node: INodeType, name: string, items: INodeExecutionData[], params: Record<string, unknown> = {}) {
	const ctx = fakeExecuteContext({ parameters: { ...defaults(node), ...params }, items, nodeName: name });
	return (await node.execute!.call(Object.assign(ctx, { getInputConnectionData: async () => undefined }) as IExecuteFunctions)) as INodeExecutionData[][];
}

const item = (support: unknown): INodeExecutionData => ({ json: { support: support as INodeExecutionData['json'] } });
const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;
const noteWrite = (it: INodeExecutionData) => supportOf(it).handoff!.evidence.find((e) => e.kind === 'note_write');

/** The customer wants their 49.90 back; the Critic allows 30 at most: a person decides the amount. */
async function overCapCase(): Promise<INodeExecutionData> {
	const [planned] = await runNode(new SupportSpecialistPlanner(), 'Support Specialist Planner', [item(buildCase({ urgency: 'high' }))]);
	const rules = JSON.stringify({ ...DEFAULT_CRITIC_RULES, return_refund: { ...DEFAULT_CRITIC_RULES.return_refund, scope: { ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max: 30 }] } } });
	const reviewed = await runNode(new SupportCritic(), 'Support Critic', planned, { rules });
	expect(reviewed[2]).toHaveLength(1);
	return reviewed[2][0];
}
describe('Support Escalation Packager node: Write Note To Zendesk', () => {
	beforeAll(async () => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] });
		zendesk = (await new ZendeskStandIn(API_AUTH).start()).acceptAuthorization(`Bearer ${OAUTH_TOKEN}`);
	});
	afterAll(async () => {
		jest.useRealTimers();
		await zendesk.close();
	});
	beforeEach(() => {
		zendesk.clearFaults();
		zendesk.writes.length = 0;
		zendesk.tickets.clear();
		zendesk.addTicket({ id: TICKET, priority: 'low' });
		sent.length = 0;
		credentialsRead.length = 0;
	});

	it('declares both Zendesk credentials behind Write Note To and Authentication, and defaults to writing nothing', async () => {
		const d = new SupportEscalationPackager().description;
		// Help Scout's credential: test/node/SupportEscalationPackagerHelpScout.test.ts.
		expect(d.credentials!.map((c) => c.name)).toEqual(['zendeskApi', 'zendeskOAuth2Api', 'helpScoutOAuth2Api']);
		expect(credentialsShown(d, {})).toEqual([]);
		expect(credentialsShown(d, { authentication: 'oAuth2' })).toEqual([]);
		expect(credentialsShown(d, { writeNoteTo: 'zendesk' })).toEqual(['zendeskApi']);
		expect(credentialsShown(d, { writeNoteTo: 'zendesk', authentication: 'oAuth2' })).toEqual(['zendeskOAuth2Api']);
		expect(defaults(new SupportEscalationPackager())).toMatchObject({ writeNoteTo: 'none', authentication: 'apiToken', zendeskTags: 'support-escalated', addCaseTags: true, zendeskPriority: 'fromHandoff', zendeskGroupId: '' });
		const [out] = await packager([await overCapCase()], { params: { writeNoteTo: 'none' } });
		expect(noteWrite(out[0])).toBeUndefined();
		expect(sent).toHaveLength(0);
		expect(credentialsRead).toHaveLength(0);
	});

	it('writes the note as a private comment with tags, priority and group, and records the comment id; the suggested action names the amount asked for and the cap', async () => {
		const [out] = await packager([await overCapCase()], { params: { zendeskTags: 'support-escalated, Tier 2' } });
		const support = supportOf(out[0]);
		const handoff = HandoffSection.parse(support.handoff);
		expect(handoff.suggestedNextAction).toMatch(/^Decide the refund amount yourself: The customer asked for a refund of everything paid, 49\.90 EUR, over the cap of 30\.00 EUR/);
		const t = zendesk.tickets.get(TICKET)!;
		expect(t.comments).toHaveLength(1);
		expect(t.comments[0]).toMatchObject({ public: false, html_body: handoff.note.html });
		expect(t.comments[0].html_body).toContain('Decide the refund amount yourself');
		expect(t.tags).toEqual(expect.arrayContaining(['support-escalated', 'tier_2', 'escalated-critic', 'escalation-critic', 'intent-return_refund']));
		expect(t.priority).toBe(handoff.priority);
		expect(t.group_id).toBe(360001);
		expect(noteWrite(out[0])).toEqual({ kind: 'note_write', label: `Zendesk ticket ${TICKET}: written`, detail: expect.stringContaining(`(comment ${t.comments[0].id})`) });
		expect(support.trace.at(-1)!.outcome).toBe(`handoff:${handoff.priority};zendesk:written:comment=${t.comments[0].id}`);
		expect(sent.every((s) => s.credentialType === 'zendeskApi')).toBe(true);
		// Read once, only to check it exists; n8n signs each request, and nothing of it reaches the output.
		expect(credentialsRead).toEqual(['zendeskApi']);
		expect(JSON.stringify(out)).not.toContain(TOKEN);
	});

	it('a re-delivered item (same ticket, same message) does not add the note again', async () => {
		const input = await overCapCase();
		await packager([input]);
		const writes = zendesk.writes.length;
		const [again] = await packager([input]);
		expect(zendesk.writes).toHaveLength(writes);
		expect(zendesk.tickets.get(TICKET)!.comments).toHaveLength(1);
		expect(noteWrite(again[0])).toMatchObject({ label: `Zendesk ticket ${TICKET}: already written` });
		expect(supportOf(again[0]).trace.at(-1)!.outcome).toMatch(/;zendesk:already_written$/);
	});

	it('signs with the OAuth2 credential when Authentication is OAuth2', async () => {
		const [out] = await packager([await overCapCase()], { params: { authentication: 'oAuth2' }, credentials: ['zendeskOAuth2Api'] });
		expect(noteWrite(out[0])!.label).toMatch(/written$/);
		expect(sent.length).toBeGreaterThan(0);
		expect(sent.every((s) => s.credentialType === 'zendeskOAuth2Api')).toBe(true);
	});

	it('without an override, the base URL comes from the credential\'s subdomain', async () => {
		const [out] = await packager([await overCapCase()], { params: { writeOptions: { maxAttempts: 1 } } });
		expect(credentialsRead).toEqual(['zendeskApi']);
		expect(sent[0].url).toBe(`https://acme.zendesk.com/api/v2/tickets/${TICKET}.json`);
		expect(noteWrite(out[0])).toMatchObject({ label: `Zendesk ticket ${TICKET}: failed`, detail: expect.stringMatching(/^not written: GET \/api\/v2\/tickets\/3187\.json answered 401: Couldn't authenticate you/) });
	});

	it('a ticket from another helpdesk is packaged and left alone: "not written: ticket is not from Zendesk"', async () => {
		const freshdesk = buildCase({ urgency: 'high' });
		const cf = { ...freshdesk, ticket: { ...freshdesk.ticket!, source: 'freshdesk' as const }, escalation: { reason: 'Customer asked for a manager', layer: 'intentRouter' as const, code: 'manual', at: NOW.toISOString() } };
		const [out] = await packager([item(cf)]);
		expect(out).toHaveLength(1);
		expect(noteWrite(out[0])).toEqual({ kind: 'note_write', label: 'Zendesk: not written', detail: 'not written: ticket is not from Zendesk' });
		expect(supportOf(out[0]).trace.at(-1)!.outcome).toMatch(/;zendesk:not_written$/);
		expect(sent).toHaveLength(0);
	});

	it('a write that keeps failing is recorded in the item, without secrets; Fail on Write Error makes it an error', async () => {
		zendesk.inject({ method: 'PUT', path: `/api/v2/tickets/${TICKET}.json`, times: 20, kind: 500 });
		const [out] = await packager([await overCapCase()], { params: { writeOptions: { zendeskBaseUrl: zendesk.url, maxAttempts: 1 } } });
		expect(noteWrite(out[0])).toMatchObject({ label: `Zendesk ticket ${TICKET}: failed`, detail: expect.stringMatching(/^not written: PUT \/api\/v2\/tickets\/3187\.json answered 500/) });
		expect(supportOf(out[0]).trace.at(-1)!.outcome).toMatch(/;zendesk:failed$/);
		expect(JSON.stringify(out)).not.toContain(TOKEN);
		expect(JSON.stringify(out)).not.toContain(zendesk.url);

		const failing = { writeOptions: { zendeskBaseUrl: zendesk.url, maxAttempts: 1, failOnWriteError: true } };
		await expect(packager([await overCapCase()], { params: failing })).rejects.toThrow(/^Zendesk: not written: PUT \/api\/v2\/tickets\/3187\.json answered 500/);
		const [kept] = await packager([await overCapCase()], { params: failing, continueOnFail: true });
		expect(kept[0].json.error).toMatch(/answered 500/);
	});

	it('a missing credential still packages the case and records why the note was not written', async () => {
		const input = await overCapCase();
		const cases: Array<[Parameters<typeof packager>[1], string]> = [
			[{ credentials: [] }, 'no Zendesk API credential is selected'],
			[{ params: { authentication: 'oAuth2' } }, 'no Zendesk OAuth2 API credential is selected'],
		];
		for (const [opts, why] of cases) {
			const out = await packager([input], opts);
			expect(out[0]).toHaveLength(1);
			const write = noteWrite(out[0][0]);
			expect(write).toMatchObject({ kind: 'note_write', label: `Zendesk ticket ${TICKET}: failed` });
			expect(JSON.stringify(write)).toContain(why);
		}
		expect(zendesk.writes).toHaveLength(0);
	});

	it('stops before writing anything on a bad Group ID or a bad override', async () => {
		const input = await overCapCase();
		await expect(packager([input], { params: { zendeskGroupId: 'Billing' } })).rejects.toThrow(NodeOperationError);
		await expect(packager([input], { params: { zendeskGroupId: 'Billing' } })).rejects.toThrow(/Group ID: must be the group's number/);
		await expect(packager([input], { params: { writeOptions: { zendeskBaseUrl: 'ftp://x' } } })).rejects.toThrow(/must start with https:\/\/ or http:\/\//);
		expect(zendesk.writes).toHaveLength(0);
	});
});
