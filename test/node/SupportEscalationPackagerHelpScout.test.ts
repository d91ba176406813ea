import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { HandoffSection, type CaseFile } from '../../engine/contracts';
import { SupportEscalationPackager } from '../../nodes/SupportEscalationPackager/SupportEscalationPackager.node';
import { HelpScoutStandIn } from '../stand-ins';
import { buildCase, NOW } from '../support/caseFiles';
import { credentialsShown } from '../support/credentialsShown';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { loopbackSigning, parameterDefaults, type SentRequest } from '../support/loopbackSigning';

/** The secret of the fake credential; no output may ever contain one. */
const TOKEN = ['hs', 'packager', 'canary', '6101'].join('-');
const CREDENTIAL = { clientId: 'stand-in-app', clientSecret: 'stand-in-secret', oauthTokenData: { access_token: TOKEN } };
const CONVERSATION = 3301;
const TAGS_PATH = `/v2/conversations/${CONVERSATION}/tags`;

let hs: HelpScoutStandIn;
const sent: SentRequest[] = [];
const credentialsRead: string[] = [];
const httpRequestWithAuthentication = loopbackSigning(() => hs.url, () => ({ authorization: `Bearer ${TOKEN}` }), '{"message":"Unauthorized"}', sent);

interface RunOptions {
	params?: Record<string, unknown>;
	continueOnFail?: boolean;
	/** Credentials selected on the node; `missing`: selected, but not in this n8n. */
	credentials?: string[];
	missing?: boolean;
}

async function packager(items: INodeExecutionData[], opts: RunOptions = {}): Promise<INodeExecutionData[][]> {
	const node = new SupportEscalationPackager();
	const params = { ...parameterDefaults(node), writeNoteTo: 'helpScout', writeOptions: { helpScoutBaseUrl: hs.url, timeoutMs: 2000, maxAttempts: 2 }, ...opts.params };
	const ctx = fakeExecuteContext({ parameters: params, items, continueOnFail: opts.continueOnFail, nodeName: 'Support Escalation Packager' });
	const creds = opts.credentials ?? ['helpScoutOAuth2Api'];
	const nodeWithCreds = { ...ctx.getNode(), credentials: Object.fromEntries(creds.map((c) => [c, { id: `cred-${c}`, name: 'Help Scout (support)' }])) };
	Object.assign(ctx, {
		getNode: () => nodeWithCreds,
		getCredentials: async (type: string) => {
			credentialsRead.push(type);
			if (opts.missing || !creds.includes(type)) throw new Error(`Credential with ID "cred-${type}" does not exist for type "${type}".`);
			return CREDENTIAL;
		},
		helpers: { httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => httpRequestWithAuthentication(type, o) },
	});
	return (await node.execute!.call(ctx as IExecuteFunctions)) as INodeExecutionData[][];
}

/** An escalated Help Scout conversation: the router handed it to a person. */
function escalated(source: 'helpscout' | 'zendesk' = 'helpscout'): INodeExecutionData {
	const cf = buildCase({ urgency: 'high' });
	const support: CaseFile = {
		...cf,
		ticket: { ...cf.ticket!, id: String(CONVERSATION), source, customer: { id: '412990070', email: 'tom@example.com' } },
		escalation: { reason: 'Customer asked for a manager', layer: 'intentRouter', code: 'manual', at: NOW.toISOString() },
	};
	return { json: { support: support as unknown as INodeExecutionData['json'] } };
}
const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;
const noteWrite = (it: INodeExecutionData) => supportOf(it).handoff!.evidence.find((e) => e.kind === 'note_write');
const conversation = () => hs.conversations.get(CONVERSATION)!;
const notes = () => conversation().threads.filter((t) => t.type === 'note');

describe('Support Escalation Packager node: Write Note To Help Scout', () => {
	beforeAll(async () => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] });
		hs = await new HelpScoutStandIn(TOKEN).start();
	});
	afterAll(async () => {
		jest.useRealTimers();
		await hs.close();
	});
	beforeEach(() => {
		hs.clearFaults();
		hs.writes.length = 0;
		hs.requests.length = 0;
		hs.conversations.clear();
		hs.addConversation({ id: CONVERSATION, tags: ['vip'] });
		sent.length = 0;
		credentialsRead.length = 0;
	});

	it('declares n8n\'s Help Scout OAuth2 credential behind Write Note To: Help Scout only', () => {
		const d = new SupportEscalationPackager().description;
		expect(credentialsShown(d, { writeNoteTo: 'helpScout' })).toEqual(['helpScoutOAuth2Api']);
		expect(credentialsShown(d, { writeNoteTo: 'helpScout', authentication: 'oAuth2' })).toEqual(['helpScoutOAuth2Api']);
		expect(credentialsShown(d, { writeNoteTo: 'zendesk' })).toEqual(['zendeskApi']);
		expect(credentialsShown(d, {})).toEqual([]);
		const options = d.properties.find((p) => p.name === 'writeNoteTo')!.options!.map((o) => 'value' in o && o.value);
		expect(options).toEqual(['none', 'helpScout', 'zendesk']);
	});

	it('posts the hand-off as a note and adds the hand-off tags, signed by n8n with the Help Scout credential; records the thread', async () => {
		const [out] = await packager([escalated()]);
		const support = supportOf(out[0]);
		const handoff = HandoffSection.parse(support.handoff);
		expect(notes()).toHaveLength(1);
		expect(notes()[0].text.startsWith(handoff.note.html)).toBe(true);
		expect(conversation().tags).toEqual(['vip', ...handoff.tags, expect.stringMatching(/^sc_[0-9a-f]{16}$/)]);
		const thread = String(notes()[0].id);
		expect(noteWrite(out[0])).toEqual({ kind: 'note_write', label: `Help Scout conversation ${CONVERSATION}: written`, detail: expect.stringContaining(`(thread ${thread})`) });
		expect(support.trace.at(-1)!.outcome).toBe(`handoff:${handoff.priority};helpscout:written:thread=${thread}`);
		expect(sent.every((s) => s.credentialType === 'helpScoutOAuth2Api')).toBe(true);
		// OAuth2: a 401 goes back to n8n so it refreshes the token, as for Send Reply.
		expect(sent[0].ignoreHttpStatusErrors).toEqual({ ignore: true, except: [401] });
		expect(credentialsRead).toEqual(['helpScoutOAuth2Api']);
		expect(JSON.stringify(out)).not.toContain(TOKEN);
	});

	it('a re-delivered item adds no second note; two deliveries at once add one', async () => {
		const input = escalated();
		await packager([input]);
		const writes = hs.writes.length;
		const [again] = await packager([input]);
		expect(hs.writes).toHaveLength(writes);
		expect(noteWrite(again[0])).toMatchObject({ label: `Help Scout conversation ${CONVERSATION}: already written` });
		expect(supportOf(again[0]).trace.at(-1)!.outcome).toMatch(/;helpscout:already_written$/);

		hs.conversations.clear();
		hs.addConversation({ id: CONVERSATION, tags: ['vip'] });
		const both = await Promise.all([packager([input]), packager([input])]);
		expect(both.map(([out]) => noteWrite(out[0])!.label.split(': ')[1]).sort()).toEqual(['already written', 'written']);
		expect(notes()).toHaveLength(1);
	});

	it('without an override, requests go to https://api.helpscout.net', async () => {
		const [out] = await packager([escalated()], { params: { writeOptions: { maxAttempts: 1 } } });
		expect(sent[0].url).toBe(`https://api.helpscout.net/v2/conversations/${CONVERSATION}?embed=threads`);
		expect(noteWrite(out[0])).toMatchObject({ label: `Help Scout conversation ${CONVERSATION}: failed` });
	});

	it('a ticket from another helpdesk is packaged and left alone: "not written: ticket is not from Help Scout"', async () => {
		const [out] = await packager([escalated('zendesk')]);
		expect(out).toHaveLength(1);
		expect(noteWrite(out[0])).toEqual({ kind: 'note_write', label: 'Help Scout: not written', detail: 'not written: ticket is not from Help Scout' });
		expect(supportOf(out[0]).trace.at(-1)!.outcome).toMatch(/;helpscout:not_written$/);
		expect(sent).toHaveLength(0);
	});

	it('tags failing after the note: partial (one note); Fail on Write Error makes it an error', async () => {
		hs.inject({ method: 'PUT', path: TAGS_PATH, times: 50, kind: 503 });
		const [out] = await packager([escalated()]);
		expect(noteWrite(out[0])).toMatchObject({ label: `Help Scout conversation ${CONVERSATION}: partial`, detail: expect.stringMatching(/but adding tags .* failed: PUT \/v2\/conversations\/3301\/tags answered 503/) });
		expect(supportOf(out[0]).trace.at(-1)!.outcome).toMatch(/;helpscout:partial:thread=\d+$/);
		expect(notes()).toHaveLength(1);
		expect(JSON.stringify(out)).not.toContain(hs.url);

		const failing = { writeOptions: { helpScoutBaseUrl: hs.url, maxAttempts: 1, failOnWriteError: true } };
		await expect(packager([escalated()], { params: failing })).rejects.toThrow(/^Help Scout: note already on conversation 3301 .* but adding tags .* failed/);
		const [kept] = await packager([escalated()], { params: failing, continueOnFail: true });
		expect(kept[0].json.error).toMatch(/answered 503/);
		expect(notes()).toHaveLength(1);
	});

	it('no credential, or one that does not exist: the case is still packaged, the reason recorded, nothing sent', async () => {
		const cases: Array<[RunOptions, string]> = [
			[{ credentials: [] }, 'no Help Scout OAuth2 API credential is selected'],
			[{ missing: true }, 'the Help Scout OAuth2 API credential "Help Scout (support)" cannot be used: it does not exist in this n8n'],
		];
		for (const [opts, why] of cases) {
			const [out] = await packager([escalated()], opts);
			expect(out).toHaveLength(1);
			expect(noteWrite(out[0])).toMatchObject({ kind: 'note_write', label: `Help Scout conversation ${CONVERSATION}: failed` });
			expect(noteWrite(out[0])!.detail).toContain(why);
		}
		expect(sent).toHaveLength(0);
		expect(hs.requests).toHaveLength(0);
	});

	it('stops before writing anything on a bad override', async () => {
		await expect(packager([escalated()], { params: { writeOptions: { helpScoutBaseUrl: 'ftp://x' } } })).rejects.toThrow(/Help Scout Base URL Override must start with https:\/\/ or http:\/\//);
		expect(hs.writes).toHaveLength(0);
	});
});
