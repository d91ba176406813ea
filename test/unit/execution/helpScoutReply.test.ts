import { createFetchHttpClient, idempotencyKey, ledgerMarker, replyKey, sendReply, type Connectors } from '../../../engine/execution';
import type { Ticket } from '../../../engine/contracts';
import { HelpScoutStandIn } from '../../stand-ins';
import { ticket as zendeskTicket } from './fixtures';

const TOKEN = ['hs', 'canary', '0005'].join('-');
const CONVERSATION = 3301;
const CUSTOMER_THREAD = 9001;
const MESSAGE_AT = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

let hs: HelpScoutStandIn;
let connectors: Connectors;
beforeAll(async () => {
	hs = await new HelpScoutStandIn(TOKEN).start();
	connectors = { helpScout: { client: createFetchHttpClient({ baseUrl: hs.url, authHeaders: { authorization: `Bearer ${TOKEN}` } }) } };
});
afterAll(async () => hs.close());
beforeEach(() => {
	hs.conversations.clear();
	hs.writes.length = 0;
	hs.clearFaults();
	hs.addConversation({ id: CONVERSATION, tags: ['shipping'], threads: [{ id: CUSTOMER_THREAD, type: 'customer', text: '<p>Where is my order?</p>', customer: { id: 412990070 }, createdAt: MESSAGE_AT }] });
});

function ticket(extra: Partial<Ticket> = {}): Ticket {
	return {
		...zendeskTicket(String(CONVERSATION)),
		source: 'helpscout',
		message: 'Where is my order?',
		customer: { id: '412990070', email: 'tom@example.com' },
		receivedAt: MESSAGE_AT,
		sourceRefs: { conversationId: String(CONVERSATION), threadId: String(CUSTOMER_THREAD) },
		...extra,
	};
}

const fast = { retry: { timeoutMs: 2000, baseDelayMs: 20, settleMs: 20 } };
const reply = (extra: Partial<Parameters<typeof sendReply>[0]> = {}) =>
	sendReply({ ticket: ticket(), body: 'It ships today.', visibility: 'public', mode: 'auto', connectors, ...extra }, fast);
const conversation = () => hs.conversations.get(CONVERSATION)!;
const ours = (type: 'reply' | 'note') => conversation().threads.filter((t) => t.type === type);
const threadPosts = () => hs.writes.filter((w) => w.method === 'POST');

describe('Send Reply to Help Scout: one thread per customer message', () => {
	it('posts the reply thread to the customer, then adds the marker tag keeping the tags the conversation had', async () => {
		const r = await reply();
		expect(r.step).toMatchObject({ status: 'succeeded', tool: 'helpscout.reply', attempts: 1 });
		expect(r.step.externalIds).toMatchObject({ conversationId: String(CONVERSATION), threadId: String(ours('reply')[0].id) });
		expect(ours('reply')).toEqual([expect.objectContaining({ text: '<p>It ships today.</p>', customer: { id: 412990070 } })]);
		expect(conversation().tags).toEqual(['shipping', ledgerMarker(replyKey(ticket(), 'public'))]);
		expect(hs.writes.map((w) => [w.method, w.path])).toEqual([
			['POST', `/v2/conversations/${CONVERSATION}/reply`],
			['PUT', `/v2/conversations/${CONVERSATION}/tags`],
		]);
	});

	it('a re-delivery of the same message (reworded by a model) finds the marker and posts nothing: already_done', async () => {
		await reply();
		const again = await reply({ body: 'Worded differently this time.' });
		expect(again.step.status).toBe('already_done');
		expect(again.step.responseSummary).toContain('already carries sc_');
		expect(threadPosts()).toHaveLength(1);
	});

	it('five deliveries at once: one thread, recorded as sent by exactly one of them', async () => {
		const runs = await Promise.all(Array.from({ length: 5 }, () => reply()));
		expect(runs.map((r) => r.step.status).sort()).toEqual(['already_done', 'already_done', 'already_done', 'already_done', 'succeeded']);
		expect(ours('reply')).toHaveLength(1);
		expect(threadPosts()).toHaveLength(1);
	});

	it('crash between thread and tag: the reply thread posted after the customer message is found, nothing is posted again, and it is not taken as this run\'s', async () => {
		// What a run that died after POST .../reply leaves behind: the thread, no marker tag.
		conversation().threads.push({ id: 9100, type: 'reply', text: '<p>It ships today.</p>', customer: { id: 412990070 }, draft: false, createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
		const r = await reply();
		expect(r.step.status).toBe('already_done');
		expect(r.step.responseSummary).toContain('reply thread 9100 was posted after the customer\'s message');
		expect(r.step.externalIds).toMatchObject({ threadId: '9100' });
		expect(hs.writes).toHaveLength(0);
	});

	it('a failed tag write does not fail the reply, and the next delivery still finds the thread', async () => {
		hs.inject({ method: 'PUT', path: `/v2/conversations/${CONVERSATION}/tags`, times: 50, kind: 503 });
		const first = await reply();
		expect(first.step.status).toBe('succeeded');
		expect(first.step.responseSummary).toMatch(/marker tag not written: PUT \/v2\/conversations\/3301\/tags answered 503/);
		expect(conversation().tags).toEqual(['shipping']);
		const again = await reply();
		expect(again.step.status).toBe('already_done');
		expect(threadPosts()).toHaveLength(1);
	});

	it('an answer lost after Help Scout created the thread: the retry finds it and records it as this run\'s; one thread', async () => {
		hs.inject({ method: 'POST', path: `/v2/conversations/${CONVERSATION}/reply`, times: 1, kind: 'commit-then-reset' });
		const r = await reply();
		expect(r.step).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(threadPosts()).toHaveLength(1);
	});

	it('an earlier reply (to an earlier message) does not answer a new customer message', async () => {
		await reply();
		const laterAt = new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		conversation().threads.push({ id: 9200, type: 'customer', text: '<p>Thanks! And the invoice?</p>', customer: { id: 412990070 }, draft: false, createdAt: laterAt });
		const next = await reply({ ticket: ticket({ message: 'Thanks! And the invoice?', receivedAt: laterAt, sourceRefs: { threadId: '9200' } }), body: 'Attached.' });
		expect(next.step.status).toBe('succeeded');
		expect(ours('reply').map((t) => t.text)).toEqual(['<p>It ships today.</p>', '<p>Attached.</p>']);
	});

	it('the suggestion note carries its marker; a crashed run\'s note is found by it, an agent\'s note is not taken for ours', async () => {
		const note = (extra: Partial<Parameters<typeof sendReply>[0]> = {}) => reply({ visibility: 'note', mode: 'suggest', body: '<p>Suggested reply</p>', html: true, ...extra });
		conversation().threads.push({ id: 9300, type: 'note', text: '<p>Looking into it. Leon</p>', draft: false, createdAt: MESSAGE_AT });
		const first = await note();
		expect(first.step).toMatchObject({ status: 'succeeded', tool: 'helpscout.addNote' });
		const marker = ledgerMarker(replyKey(ticket(), 'note'));
		expect(ours('note').map((t) => t.text)).toEqual(['<p>Looking into it. Leon</p>', `<p>Suggested reply</p><p><small>support-coordination ${marker}</small></p>`]);

		conversation().tags = ['shipping']; // the tag lost: the note's own marker still says done
		const again = await note();
		expect(again.step.status).toBe('already_done');
		expect(again.step.responseSummary).toContain(`carries ${marker}`);
		expect(ours('note')).toHaveLength(2);
	});

	it('the public reply and the suggestion note of one message are separate writes', async () => {
		await reply();
		expect((await reply({ visibility: 'note', mode: 'suggest', body: 'draft' })).step.status).toBe('succeeded');
		expect(conversation().threads.map((t) => t.type)).toEqual(['customer', 'reply', 'note']);
	});

	it('refuses, posting nothing: a public reply not in auto mode, a ticket from another helpdesk, a Help Scout ticket without the connector', async () => {
		const suggest = await reply({ mode: 'suggest' });
		expect(suggest.step.status).toBe('refused');
		expect(suggest.escalation).toMatchObject({ code: 'execution', field: 'support.execution.mode' });
		const freshdesk = await reply({ ticket: ticket({ source: 'freshdesk' }) });
		expect(freshdesk.escalation).toMatchObject({ field: 'support.ticket.source' });
		const unwired = await reply({ connectors: {} });
		expect(unwired.escalation).toMatchObject({ field: 'Use Help Scout' });
		expect(unwired.escalation!.reason).toContain('the Help Scout connector is not configured');
		expect(hs.writes).toHaveLength(0);
	});

	it('a Help Scout that keeps failing escalates; nothing posted', async () => {
		hs.inject({ method: 'GET', path: `/v2/conversations/${CONVERSATION}`, times: 50, kind: 503 });
		const r = await sendReply({ ticket: ticket(), body: 'Hi', visibility: 'public', mode: 'auto', connectors }, { retry: { timeoutMs: 2000, baseDelayMs: 1, maxAttempts: 2 } });
		expect(r.step.status).toBe('failed');
		expect(r.escalation?.reason).toContain('helpscout.reply failed');
		expect(hs.writes).toHaveLength(0);
	});

	it('keeps the Zendesk key for Zendesk tickets (ledgers already written keep matching)', () => {
		const zd = zendeskTicket();
		expect(replyKey(zd, 'public')).toBe(idempotencyKey(zd.id, 'reply:public', 'zendesk.publicReply', { message: zd.message }));
		expect(replyKey({ ...zd, source: 'helpscout' }, 'public')).toBe(idempotencyKey(zd.id, 'reply:public', 'helpscout.reply', { message: zd.message }));
	});
});
