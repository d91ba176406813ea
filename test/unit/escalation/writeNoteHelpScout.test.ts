import type { CaseFile } from '../../../engine/contracts';
import { buildHandoff, NOT_FROM_HELPSCOUT, noteIdempotencyKey, noteWriteEvidence, noteWriteOutcome, writeNoteToHelpScout, type HelpScoutNoteSettings } from '../../../engine/escalation';
import { createFetchHttpClient, ledgerMarker, previewOnlyClient, replyKey, sendReply, type HttpClient } from '../../../engine/execution';
import { HelpScoutStandIn } from '../../stand-ins';
import { buildCase } from '../../support/caseFiles';

const TOKEN = ['hs', 'note', 'canary', '0011'].join('-');
const CONVERSATION = 3301;
const TAGS_PATH = `/v2/conversations/${CONVERSATION}/tags`;
const fast = { retry: { timeoutMs: 2000, baseDelayMs: 20, settleMs: 20 } };

let hs: HelpScoutStandIn;
let client: HttpClient;

/** An escalated Help Scout conversation (the router could not place it), as the Packager sees it. */
function escalated(over: Parameters<typeof buildCase>[0] = {}): CaseFile {
	const cf = buildCase({ urgency: 'high', ...over });
	return {
		...cf,
		ticket: { ...cf.ticket!, id: String(CONVERSATION), source: 'helpscout', customer: { id: '412990070', email: 'tom@example.com' }, sourceRefs: { conversationId: String(CONVERSATION) } },
		escalation: { reason: 'Customer asked for a manager', layer: 'intentRouter', code: 'low_confidence', at: '2026-03-10T12:00:00.000Z' },
	};
}

const settings = (cf: CaseFile): HelpScoutNoteSettings => ({ tags: buildHandoff(cf).tags });
const write = async (cf: CaseFile, c: HttpClient = client) => {
	const handoff = buildHandoff(cf);
	return await writeNoteToHelpScout(cf, handoff, c, settings(cf), fast);
};
const conversation = () => hs.conversations.get(CONVERSATION)!;
const notes = () => conversation().threads.filter((t) => t.type === 'note');
const notePosts = () => hs.writes.filter((w) => w.method === 'POST');

beforeAll(async () => {
	hs = await new HelpScoutStandIn(TOKEN).start();
	client = createFetchHttpClient({ baseUrl: hs.url, authHeaders: { authorization: `Bearer ${TOKEN}` } });
});
afterAll(async () => hs.close());
beforeEach(() => {
	hs.conversations.clear();
	hs.writes.length = 0;
	hs.requests.length = 0;
	hs.clearFaults();
	hs.addConversation({ id: CONVERSATION, tags: ['vip'], threads: [{ id: 9001, type: 'customer', text: '<p>I want a manager.</p>', customer: { id: 412990070 } }] });
});

describe('writeNoteToHelpScout', () => {
	it('posts the HTML note with its marker line, then the hand-off tags and the marker tag in one write, keeping the conversation\'s tags', async () => {
		const cf = escalated();
		const handoff = buildHandoff(cf);
		const r = await write(cf);
		const marker = ledgerMarker(noteIdempotencyKey(cf.ticket!, handoff, 'helpscout'));
		expect(r).toMatchObject({ target: 'helpscout', status: 'written', ticketId: String(CONVERSATION), marker, attempts: 2 });
		expect(notes()).toEqual([expect.objectContaining({ text: `${handoff.note.html}<p><small>support-coordination ${marker}</small></p>` })]);
		expect(r.threadId).toBe(String(notes()[0].id));
		expect(conversation().tags).toEqual(['vip', ...handoff.tags, marker]);
		expect(handoff.tags).toEqual(expect.arrayContaining(['support-escalated', 'escalated-intentrouter']));
		expect(hs.writes.map((w) => [w.method, w.path])).toEqual([
			['POST', `/v2/conversations/${CONVERSATION}/notes`],
			['PUT', TAGS_PATH],
		]);
		expect(r.detail).toBe(`note added to conversation ${CONVERSATION} (thread ${r.threadId}); tags ${handoff.tags.join(', ')} added with it.`);
		expect(noteWriteOutcome(r)).toBe(`helpscout:written:thread=${r.threadId}`);
		expect(noteWriteEvidence(r)).toEqual({ kind: 'note_write', label: `Help Scout conversation ${CONVERSATION}: written`, detail: r.detail });
	});

	it('a re-delivery (a re-rendered note) finds the marker and writes nothing: already_written', async () => {
		const cf = escalated();
		await write(cf);
		const again = { ...cf, trace: [{ layer: 'intentRouter' as const, node: 'Router', startedAt: '2026-03-10T12:05:00.000Z', durationMs: 3, outcome: 'human', contractErrors: [] }] };
		expect(buildHandoff(again).note.html).not.toBe(buildHandoff(cf).note.html);
		const r = await write(again);
		expect(r).toMatchObject({ status: 'already_written', attempts: 2 });
		expect(r.detail).toMatch(/^note already on conversation 3301 from an earlier run \(sc_[0-9a-f]{16}\); nothing sent again; tags .* already there\.$/);
		expect(noteWriteOutcome(r)).toBe('helpscout:already_written');
		expect(notes()).toHaveLength(1);
		expect(hs.writes).toHaveLength(2);
	});

	it('two deliveries at once: one note, written by exactly one of them', async () => {
		const cf = escalated();
		const runs = await Promise.all([write(cf), write(cf)]);
		expect(runs.map((r) => r.status).sort()).toEqual(['already_written', 'written']);
		expect(notes()).toHaveLength(1);
		expect(notePosts()).toHaveLength(1);
		expect(conversation().tags.filter((t) => t.startsWith('sc_'))).toHaveLength(1);
	});

	it('tags failing after the note: partial, not a second note; the next delivery finds the note by its marker line and adds only the tags', async () => {
		hs.inject({ method: 'PUT', path: TAGS_PATH, times: 50, kind: 503 });
		const cf = escalated();
		const r = await write(cf);
		expect(r.status).toBe('partial');
		expect(r.threadId).toBe(String(notes()[0].id));
		expect(r.detail).toMatch(/^note added to conversation 3301 \(thread \d+\), but adding tags .* failed: PUT \/v2\/conversations\/3301\/tags answered 503/);
		expect(conversation().tags).toEqual(['vip']);
		expect(notes()).toHaveLength(1);

		hs.clearFaults();
		const again = await write(cf);
		expect(again.status).toBe('written');
		expect(again.detail).toMatch(/^note already on conversation 3301 from an earlier run .*; tags .* added\.$/);
		expect(notes()).toHaveLength(1);
		expect(notePosts()).toHaveLength(1);
		expect(conversation().tags).toEqual(['vip', ...buildHandoff(cf).tags, again.marker]);
	});

	it('is a different write from Send Reply\'s suggestion note on the same message: both notes are posted, once each', async () => {
		const cf = escalated();
		const suggestion = await sendReply({ ticket: cf.ticket!, body: '<p>Suggested reply</p>', html: true, visibility: 'note', mode: 'suggest', connectors: { helpScout: { client } } }, fast);
		expect(suggestion.step.status).toBe('succeeded');
		const handoff = buildHandoff(cf);
		expect(noteIdempotencyKey(cf.ticket!, handoff, 'helpscout')).not.toBe(replyKey(cf.ticket!, 'note'));
		expect((await write(cf)).status).toBe('written');
		expect((await write(cf)).status).toBe('already_written');
		expect(notes()).toHaveLength(2);
	});

	it('a new customer message gets its own hand-off note', async () => {
		await write(escalated());
		const r = await write(escalated({ message: 'Still no answer. Please call me.' }));
		expect(r.status).toBe('written');
		expect(notes()).toHaveLength(2);
	});

	it('leaves tickets of other helpdesks alone and says so; sends nothing', async () => {
		const cf = escalated();
		for (const source of ['zendesk', 'freshdesk'] as const) {
			const other = { ...cf, ticket: { ...cf.ticket!, source } };
			expect(await write(other)).toEqual({ target: 'helpscout', status: 'not_written', attempts: 0, detail: NOT_FROM_HELPSCOUT });
		}
		expect(NOT_FROM_HELPSCOUT).toBe('not written: ticket is not from Help Scout');
		const noTicket: CaseFile = { ...cf, ticket: undefined };
		expect((await write(noTicket)).detail).toBe('not written: the case file has no ticket');
		expect(noteWriteEvidence(await write({ ...cf, ticket: { ...cf.ticket!, source: 'zendesk' } }))).toEqual({ kind: 'note_write', label: 'Help Scout: not written', detail: NOT_FROM_HELPSCOUT });
		expect(hs.requests).toHaveLength(0);
	});

	it('without a usable credential (preview-only client) the note is failed with the reason, and nothing is sent', async () => {
		const r = await writeNoteToHelpScout(escalated(), buildHandoff(escalated()), previewOnlyClient('Write Note To is Help Scout, but no Help Scout OAuth2 API credential is selected'), { tags: [] }, { ...fast, retry: { ...fast.retry, maxAttempts: 1 } });
		expect(r).toMatchObject({ target: 'helpscout', status: 'failed', attempts: 1 });
		expect(r.detail).toMatch(/^not written: GET \/v2\/conversations\/3301 answered 403: Write Note To is Help Scout, but no Help Scout OAuth2 API credential is selected/);
		expect(hs.requests).toHaveLength(0);
	});

	it('a note that keeps failing is failed, without the credential', async () => {
		hs.inject({ method: 'POST', path: `/v2/conversations/${CONVERSATION}/notes`, times: 10, kind: 500 });
		const cf = escalated();
		const r = await writeNoteToHelpScout(cf, buildHandoff(cf), client, settings(cf), { retry: { ...fast.retry, maxAttempts: 2 } });
		expect(r).toMatchObject({ status: 'failed', attempts: 2 });
		expect(r.detail).toMatch(/^not written: POST \/v2\/conversations\/3301\/notes answered 500: Internal server error \(gave up after 2 attempts\)/);
		expect(r.threadId).toBeUndefined();
		expect(JSON.stringify(r)).not.toContain(TOKEN);
		expect(JSON.stringify(r)).not.toContain(hs.url);
		expect(notes()).toHaveLength(0);
	});
});
