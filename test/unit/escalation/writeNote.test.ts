import type { CaseFile } from '../../../engine/contracts';
import { buildHandoff, NOT_FROM_ZENDESK, noteWriteEvidence, noteWriteOutcome, writeNoteToZendesk, type ZendeskNoteSettings } from '../../../engine/escalation';
import { createFetchHttpClient, type HttpClient } from '../../../engine/execution';
import { ZendeskStandIn } from '../../stand-ins';
import { buildCase } from '../../support/caseFiles';

const TOKEN = ['zd', 'note', 'canary', '0009'].join('-');
const AUTH = `Basic ${Buffer.from(`agent@example.com/token:${TOKEN}`).toString('base64')}`;
const TICKET = 3187;
const PUT_PATH = `/api/v2/tickets/${TICKET}.json`;
const SETTINGS: ZendeskNoteSettings = { tags: ['support-escalated', 'intent-return_refund'], priority: 'fromHandoff', groupId: '360001' };

let zendesk: ZendeskStandIn;
let client: HttpClient;

function fakeClock() {
	let now = Date.parse('2026-03-10T12:00:00Z');
	const sleeps: number[] = [];
	return { sleeps, clock: { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), random: () => 0.5 } };
}

/** An escalated case (the router could not place it) with its hand-off, as the Packager builds it. */
function escalated(over: Parameters<typeof buildCase>[0] = {}): CaseFile {
	const cf = buildCase({ urgency: 'high', ...over });
	return { ...cf, escalation: { reason: 'Customer asked for a manager', layer: 'intentRouter', code: 'low_confidence', at: '2026-03-10T12:00:00.000Z' } };
}

beforeAll(async () => {
	zendesk = await new ZendeskStandIn(AUTH).start();
	client = createFetchHttpClient({ baseUrl: zendesk.url, authHeaders: { authorization: AUTH } });
});
afterAll(async () => zendesk.close());
beforeEach(() => {
	zendesk.clearFaults();
	zendesk.writes.length = 0;
	zendesk.requests.length = 0;
	zendesk.tickets.clear();
	zendesk.addTicket({ id: TICKET, tags: ['vip'], priority: 'low' });
});

describe('writeNoteToZendesk', () => {
	it('adds the HTML note as a private comment, then the tags, priority and group, each with its ledger tag', async () => {
		const cf = escalated();
		const handoff = buildHandoff(cf);
		const r = await writeNoteToZendesk(cf, handoff, client, SETTINGS, { clock: fakeClock().clock });
		expect(r).toMatchObject({ target: 'zendesk', status: 'written', ticketId: String(TICKET), attempts: 2 });
		expect(r.marker).toMatch(/^sc_[0-9a-f]{16}$/);
		const t = zendesk.tickets.get(TICKET)!;
		expect(t.comments).toHaveLength(1);
		expect(t.comments[0]).toMatchObject({ public: false, html_body: handoff.note.html });
		expect(r.commentId).toBe(String(t.comments[0].id));
		expect(t.tags).toEqual(expect.arrayContaining(['vip', 'support-escalated', 'intent-return_refund', r.marker]));
		expect(t.tags.filter((x) => x.startsWith('sc_'))).toHaveLength(2);
		expect(t.priority).toBe(handoff.priority);
		expect(handoff.priority).toBe('high');
		expect(t.group_id).toBe(360001);
		expect(zendesk.writes).toHaveLength(2);
		expect(r.detail).toBe(`internal note added to ticket ${TICKET} (comment ${r.commentId}); tags support-escalated, intent-return_refund, priority high, group 360001 set.`);
		expect(noteWriteOutcome(r)).toBe(`zendesk:written:comment=${r.commentId}`);
		expect(noteWriteEvidence(r)).toEqual({ kind: 'note_write', label: `Zendesk ticket ${TICKET}: written`, detail: r.detail });
	});

	it('a re-run (re-delivered webhook, n8n retry) finds its ledger tags and writes nothing, although the note text differs', async () => {
		const cf = escalated();
		await writeNoteToZendesk(cf, buildHandoff(cf), client, SETTINGS, { clock: fakeClock().clock });
		// The second run renders a different note (other timings, a later trace): the key does not depend on it.
		const again = { ...cf, trace: [{ layer: 'intentRouter' as const, node: 'Router', startedAt: '2026-03-10T12:05:00.000Z', durationMs: 3, outcome: 'human', contractErrors: [] }] };
		const h2 = buildHandoff(again);
		expect(h2.note.html).not.toBe(buildHandoff(cf).note.html);
		const r = await writeNoteToZendesk(again, h2, client, SETTINGS, { clock: fakeClock().clock });
		expect(r).toMatchObject({ status: 'already_written', attempts: 2 });
		expect(r.detail).toMatch(/already on ticket 3187 from an earlier run/);
		expect(zendesk.writes).toHaveLength(2);
		expect(zendesk.tickets.get(TICKET)!.comments).toHaveLength(1);
	});

	it('a new customer message on the same ticket gets its own note', async () => {
		const first = escalated();
		await writeNoteToZendesk(first, buildHandoff(first), client, SETTINGS, { clock: fakeClock().clock });
		const second = escalated({ message: 'Still no answer about my return of order #1001. Please call me.' });
		const r = await writeNoteToZendesk(second, buildHandoff(second), client, SETTINGS, { clock: fakeClock().clock });
		expect(r.status).toBe('written');
		expect(zendesk.tickets.get(TICKET)!.comments).toHaveLength(2);
	});

	it('retries 429 after Retry-After and 5xx with backoff, re-reading the ledger each time', async () => {
		zendesk.inject({ method: 'PUT', path: PUT_PATH, times: 1, kind: 429, retryAfter: '7' });
		zendesk.inject({ method: 'PUT', path: PUT_PATH, times: 1, kind: 503 });
		const { clock, sleeps } = fakeClock();
		const cf = escalated();
		const r = await writeNoteToZendesk(cf, buildHandoff(cf), client, SETTINGS, { clock });
		expect(r.status).toBe('written');
		expect(r.attempts).toBe(4);
		expect(sleeps[0]).toBe(7000);
		expect(sleeps).toHaveLength(2);
		expect(zendesk.tickets.get(TICKET)!.comments).toHaveLength(1);
	});

	it('an answer lost after Zendesk applied the note is found by the ledger, not repeated', async () => {
		zendesk.inject({ method: 'PUT', path: PUT_PATH, times: 1, kind: 'commit-then-reset' });
		const cf = escalated();
		const r = await writeNoteToZendesk(cf, buildHandoff(cf), client, SETTINGS, { clock: fakeClock().clock, retry: { timeoutMs: 500 } });
		expect(r.status).toBe('written');
		expect(zendesk.tickets.get(TICKET)!.comments).toHaveLength(1);
	});

	it('gives up after the attempts allowed and says why, without the credential', async () => {
		zendesk.inject({ method: 'PUT', path: PUT_PATH, times: 10, kind: 500 });
		const cf = escalated();
		const r = await writeNoteToZendesk(cf, buildHandoff(cf), client, SETTINGS, { clock: fakeClock().clock, retry: { maxAttempts: 2 } });
		expect(r).toMatchObject({ status: 'failed', attempts: 2 });
		expect(r.commentId).toBeUndefined();
		expect(r.detail).toMatch(/^not written: PUT \/api\/v2\/tickets\/3187\.json answered 500: InternalError \(Server error\) \(gave up after 2 attempts\)/);
		expect(JSON.stringify(r)).not.toContain(TOKEN);
		expect(JSON.stringify(r)).not.toContain(zendesk.url);
		expect(zendesk.tickets.get(TICKET)!.comments).toHaveLength(0);
	});

	it('reports a note without its fields as partial', async () => {
		let puts = 0;
		zendesk.faultPolicy = (req) => (req.method === 'PUT' && ++puts > 1 ? { kind: 500 } : undefined);
		const cf = escalated();
		const r = await writeNoteToZendesk(cf, buildHandoff(cf), client, SETTINGS, { clock: fakeClock().clock, retry: { maxAttempts: 1 } });
		expect(r.status).toBe('partial');
		expect(r.commentId).toBeDefined();
		expect(r.detail).toMatch(/^internal note added to ticket 3187 \(comment \d+\), but setting tags .* failed: PUT .* answered 500/);
	});

	it('with nothing to set besides the note, sends one update; a fixed priority overrides the hand-off', async () => {
		const cf = escalated();
		await writeNoteToZendesk(cf, buildHandoff(cf), client, { tags: [], priority: 'keep' }, { clock: fakeClock().clock });
		expect(zendesk.writes).toHaveLength(1);
		expect(zendesk.tickets.get(TICKET)!.priority).toBe('low');
		const other = escalated({ message: 'Second question about order #1001: who pays the return shipping?' });
		await writeNoteToZendesk(other, buildHandoff(other), client, { tags: [], priority: 'urgent' }, { clock: fakeClock().clock });
		expect(zendesk.tickets.get(TICKET)!.priority).toBe('urgent');
	});

	it('leaves tickets of other helpdesks alone and says so', async () => {
		const cf = escalated();
		const freshdesk = { ...cf, ticket: { ...cf.ticket!, source: 'freshdesk' as const } };
		const r = await writeNoteToZendesk(freshdesk, buildHandoff(freshdesk), client, SETTINGS);
		expect(r).toEqual({ target: 'zendesk', status: 'not_written', attempts: 0, detail: NOT_FROM_ZENDESK });
		expect(NOT_FROM_ZENDESK).toBe('not written: ticket is not from Zendesk');
		const noTicket: CaseFile = { ...cf, ticket: undefined };
		expect((await writeNoteToZendesk(noTicket, buildHandoff(noTicket), client, SETTINGS)).detail).toBe('not written: the case file has no ticket');
		expect(zendesk.requests).toHaveLength(0);
	});
});
