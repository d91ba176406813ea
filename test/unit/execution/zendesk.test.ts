import { executePlan } from '../../../engine/execution';
import { fakeClock, input, plan, startVendors, step, ZENDESK_AUTH, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	v.zendesk.resetTo({ id: 4242, tags: ['vip'] });
});

const note = plan([step('s1', 'zendesk.addInternalNote', 'write', { body: 'Refund approved.\n\nSee policy 4.2' })]);

describe('Zendesk connector against its stand-in', () => {
	it('adds an internal note carrying the ledger tag in the same update', async () => {
		const { execution } = await executePlan(input(note, v), fakeClock().options);
		expect(execution.outcome).toBe('completed');
		const [s] = execution.steps;
		expect(s.status).toBe('succeeded');
		expect(s.externalIds).toMatchObject({ ticketId: '4242' });
		expect(s.externalIds.commentId).toBeDefined();
		const t = v.zendesk.tickets.get(4242)!;
		expect(t.comments).toHaveLength(1);
		expect(t.comments[0]).toMatchObject({ public: false, html_body: '<p>Refund approved.</p><p>See policy 4.2</p>' });
		expect(t.tags).toContain(`sc_${s.idempotencyKey!.slice(0, 16)}`);
		expect(t.tags).toContain('vip');
	});

	it('reads a ticket', async () => {
		const { execution } = await executePlan(input(plan([step('r', 'zendesk.getTicket', 'read', {})]), v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', responseSummary: 'ticket 4242: status open, priority normal, 1 tags' });
	});

	it('a re-run of the same plan finds its tag and does not write again', async () => {
		const first = await executePlan(input(note, v), fakeClock().options);
		const second = await executePlan(input(note, v), fakeClock().options);
		expect(first.execution.steps[0].status).toBe('succeeded');
		expect(second.execution.steps[0].status).toBe('already_done');
		expect(second.execution.outcome).toBe('completed');
		expect(v.zendesk.writes).toHaveLength(1);
		expect(v.zendesk.tickets.get(4242)!.comments).toHaveLength(1);
	});

	it('a write whose answer was lost is found by the ledger re-check, not repeated', async () => {
		v.zendesk.inject({ method: 'PUT', path: '/api/v2/tickets/4242.json', times: 1, kind: 'commit-then-reset' });
		const { execution } = await executePlan(input(note, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(v.zendesk.writes).toHaveLength(1);
	});

	it('honours Retry-After on 429', async () => {
		v.zendesk.inject({ method: 'PUT', path: '/api/v2/tickets/4242.json', times: 1, kind: 429, retryAfter: '7' });
		const clock = fakeClock();
		const { execution } = await executePlan(input(note, v), clock.options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
		expect(clock.sleeps).toEqual([7000]);
		expect(v.zendesk.writes).toHaveLength(1);
	});

	it('retries 5xx and timeouts with backoff, then succeeds', async () => {
		v.zendesk.inject({ method: 'PUT', path: '/api/v2/tickets/4242.json', times: 1, kind: 503 });
		v.zendesk.inject({ method: 'PUT', path: '/api/v2/tickets/4242.json', times: 1, kind: 'timeout' });
		const clock = fakeClock();
		const { execution } = await executePlan(input(note, v), clock.options);
		expect(execution.steps[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
		// full jitter with random() = 0.5: half of 500 ms; after the timeout the write may still be in
		// flight, so the ledger re-check waits at least settleMs (2 s)
		expect(clock.sleeps).toEqual([250, 2000]);
		expect(v.zendesk.writes).toHaveLength(1);
	});

	it('gives up after the attempt limit and records the failure', async () => {
		v.zendesk.inject({ path: '/api/v2/tickets/4242.json', times: 50, kind: 500 });
		const { execution, escalation } = await executePlan(input(note, v), fakeClock().options);
		expect(execution.outcome).toBe('failed');
		expect(execution.steps[0].status).toBe('failed');
		expect(execution.steps[0].attempts).toBe(5);
		expect(execution.steps[0].error).toMatch(/answered 500.*gave up after 5 attempts/);
		expect(escalation?.code).toBe('execution');
		expect(v.zendesk.writes).toHaveLength(0);
	});

	it('422 validation errors are not retried', async () => {
		const bad = plan([step('s1', 'zendesk.updateTicket', 'write', { priority: 'whenever' })]);
		const { execution } = await executePlan(input(bad, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(execution.steps[0].error).toContain('answered 422: RecordInvalid (Record validation errors)');
	});

	it('404 for a ticket that does not exist', async () => {
		const missing = plan([step('s1', 'zendesk.addInternalNote', 'write', { ticketId: '999', body: 'x' })]);
		const { execution } = await executePlan(input(missing, v), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(execution.steps[0].error).toContain('GET /api/v2/tickets/999.json answered 404: RecordNotFound');
	});

	it('401 when the credentials are wrong, without retrying', async () => {
		const { createFetchHttpClient } = await import('../../../engine/execution');
		const connectors = { zendesk: { client: createFetchHttpClient({ baseUrl: v.zendesk.url, authHeaders: { authorization: 'Basic d3Jvbmc=' } }) } };
		const { execution } = await executePlan(input(note, { connectors }), fakeClock().options);
		expect(execution.steps[0]).toMatchObject({ status: 'failed', attempts: 1 });
		expect(execution.steps[0].error).toContain("answered 401: Couldn't authenticate you");
	});

	it('an update landing after our ledger read (a late attempt of an earlier run) makes ours 409 (safe_update): one write, recorded as already done, not as ours', async () => {
		const { createFetchHttpClient } = await import('../../../engine/execution');
		const real = createFetchHttpClient({ baseUrl: v.zendesk.url, authHeaders: { authorization: ZENDESK_AUTH } });
		let injected = false;
		const client = {
			async request(req: Parameters<typeof real.request>[0]) {
				if (req.method === 'PUT' && !injected) {
					injected = true;
					// lands in a later second than our read (Zendesk's updated_at has one-second resolution)
					const later = Date.now() + 1500;
					v.zendesk.now = () => later;
					// the delayed twin: same update, based on nothing (no safe_update), lands first
					const twin = JSON.parse(req.body as string) as { ticket: Record<string, unknown> };
					delete twin.ticket.safe_update;
					delete twin.ticket.updated_stamp;
					await real.request({ ...req, body: JSON.stringify(twin) });
				}
				return real.request(req);
			},
		};
		const { execution } = await executePlan(input(note, { connectors: { zendesk: { client } } }), fakeClock().options);
		v.zendesk.now = () => Date.now();
		expect(execution.steps[0]).toMatchObject({ status: 'already_done', attempts: 2 });
		expect(v.zendesk.writes).toHaveLength(1);
		expect(v.zendesk.tickets.get(4242)!.comments).toHaveLength(1);
	});

	it('safe_update cannot tell two updates within one second apart (as in Zendesk): an update based on a stale read of the same second is applied', async () => {
		const t = v.zendesk.tickets.get(4242)!;
		const put = (body: Record<string, unknown>) =>
			fetch(`${v.zendesk.url}/api/v2/tickets/4242.json`, { method: 'PUT', headers: { authorization: ZENDESK_AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ ticket: body }) });
		const fixed = Date.parse('2026-01-10T10:00:00.200Z');
		v.zendesk.now = () => fixed;
		const stale = (await (await put({ additional_tags: ['a'] })).json()) as { ticket: { updated_at: string } };
		expect((await put({ additional_tags: ['b'], safe_update: true, updated_stamp: stale.ticket.updated_at })).status).toBe(200);
		v.zendesk.now = () => fixed + 1000;
		expect((await put({ additional_tags: ['c'] })).status).toBe(200);
		expect((await put({ additional_tags: ['d'], safe_update: true, updated_stamp: stale.ticket.updated_at })).status).toBe(409);
		v.zendesk.now = () => Date.now();
		expect(t.tags).toEqual(['vip', 'a', 'b', 'c']);
	});

	it('two runs of one ticket at once (same second): the key lock makes one note, and the second run records it as already_done', async () => {
		const [a, b] = await Promise.all([executePlan(input(note, v), fakeClock().options), executePlan(input(note, v), fakeClock().options)]);
		expect([a, b].map((r) => r.execution.steps[0].status).sort()).toEqual(['already_done', 'succeeded']);
		expect(v.zendesk.tickets.get(4242)!.comments).toHaveLength(1);
		expect(v.zendesk.writes).toHaveLength(1);
	});
});
