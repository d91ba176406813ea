import { sendReply } from '../../../engine/execution';
import { inProcessKeyLock } from '../../../engine/execution/keyLock';
import { startVendors, ticket, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	v.zendesk.resetTo({ id: 4242 });
});

const fast = { retry: { timeoutMs: 2000, baseDelayMs: 20 } };
const reply = (extra: Partial<Parameters<typeof sendReply>[0]> = {}) =>
	sendReply({ ticket: ticket(), body: 'Your refund is on its way.', visibility: 'public', mode: 'auto', connectors: v.connectors, ...extra }, fast);

describe('Send Reply: one reply per customer message', () => {
	it('five deliveries of one message at once: one public comment, recorded as sent by exactly one of them', async () => {
		const runs = await Promise.all(Array.from({ length: 5 }, () => reply()));
		expect(runs.map((r) => r.step.status).sort()).toEqual(['already_done', 'already_done', 'already_done', 'already_done', 'succeeded']);
		const t = v.zendesk.tickets.get(4242)!;
		expect(t.comments.filter((c) => c.public)).toHaveLength(1);
		expect(t.comments[0].html_body).toBe('<p>Your refund is on its way.</p>');
		expect(v.zendesk.writes).toHaveLength(1);
	});

	it('the key follows the customer message, not the reply text: a reworded reply to the same message is not posted again; a new message gets its reply', async () => {
		await reply();
		expect((await reply({ body: 'Worded differently by a model' })).step.status).toBe('already_done');
		const next = await reply({ ticket: { ...ticket(), message: 'Thanks! And when will it arrive?' }, body: 'Within 5 days.' });
		expect(next.step.status).toBe('succeeded');
		expect(v.zendesk.tickets.get(4242)!.comments.map((c) => c.body)).toEqual(['Your refund is on its way.', 'Within 5 days.']);
	});

	it('the public reply and the suggestion note of one message are separate writes', async () => {
		await reply();
		expect((await reply({ visibility: 'note', body: '<p>draft</p>', html: true, mode: 'suggest' })).step.status).toBe('succeeded');
		expect(v.zendesk.tickets.get(4242)!.comments.map((c) => c.public)).toEqual([true, false]);
	});

	it('without a shared lock (two processes), Zendesk safe_update still stops a second reply when the first landed in a later second than the read', async () => {
		const t0 = Date.now();
		v.zendesk.now = () => t0 - 5000;
		v.zendesk.tickets.clear();
		v.zendesk.addTicket({ id: 4242 });
		v.zendesk.now = () => Date.now();
		const runs = await Promise.all([0, 1].map(() => sendReply({ ticket: ticket(), body: 'Hi', visibility: 'public', mode: 'auto', connectors: v.connectors }, { ...fast, lock: inProcessKeyLock() })));
		expect(runs.map((r) => r.step.status).sort()).toEqual(['already_done', 'succeeded']);
		expect(v.zendesk.tickets.get(4242)!.comments).toHaveLength(1);
	});

	it('a public reply for a plan that did not run in auto is refused and escalates, naming the field', async () => {
		const r = await reply({ mode: 'suggest' });
		expect(r.step.status).toBe('refused');
		expect(r.escalation).toMatchObject({ code: 'execution', field: 'support.execution.mode' });
		expect(v.zendesk.writes).toHaveLength(0);
	});

	it('a Zendesk that keeps failing escalates; nothing posted', async () => {
		v.zendesk.inject({ method: 'GET', path: '/api/v2/tickets/4242.json', times: 50, kind: 503 });
		const r = await sendReply({ ticket: ticket(), body: 'Hi', visibility: 'public', mode: 'auto', connectors: v.connectors }, { retry: { timeoutMs: 2000, baseDelayMs: 1, maxAttempts: 2 } });
		expect(r.step.status).toBe('failed');
		expect(r.escalation?.reason).toContain('zendesk.publicReply failed');
		expect(v.zendesk.writes).toHaveLength(0);
	});
});
