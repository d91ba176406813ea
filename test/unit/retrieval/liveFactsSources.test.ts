import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveFact, TicketSection, type Ticket } from '../../../engine/contracts';
import { createFetchHttpClient, type HttpClient } from '../../../engine/execution';
import { connectMcpServer, type McpSession } from '../../../engine/execution/connectors/mcpSession';
import {
	failureFact,
	lazyMcpSession,
	lookupLiveFacts,
	readOnlyMcpSession,
	recordedFacts,
	WriteRefusedError,
	type LiveFactSources,
} from '../../../engine/retrieval';
import { McpStandIn, ZendeskStandIn } from '../../stand-ins';
import { CustomerApiStandIn } from '../../stand-ins/customerApi';
import { NOW } from '../../support/caseFiles';

const ZD_AUTH = `Basic ${Buffer.from(['agent@example.com/token', 'zdlivefacts0001'].join(':')).toString('base64')}`;
const CRM_KEY = ['crm', 'key', 'livefacts0002'].join('_');
const MCP_TOKEN = ['mcp', 'livefacts0003'].join('_');

let zendesk: ZendeskStandIn;
let crm: CustomerApiStandIn;
let mcp: McpStandIn;
let zendeskClient: HttpClient;
let crmClient: HttpClient;

function ticket(o: Partial<Ticket> = {}): Ticket {
	return TicketSection.parse({ id: '501', source: 'zendesk', message: 'Where is my order?', customer: { id: '9001', email: 'sam@example.com' }, receivedAt: NOW.toISOString(), ...o });
}
const lookup = async (t: Ticket, s: LiveFactSources) => await lookupLiveFacts(t, s, { now: () => NOW, timeoutMs: 2000 });

/** A loopback server that answers every request with one status: an MCP server behind a failing proxy. */
async function statusServer(status: number): Promise<{ url: string; server: Server }> {
	const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end('unavailable'));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` };
}

beforeAll(async () => {
	zendesk = await new ZendeskStandIn(ZD_AUTH).start();
	crm = await new CustomerApiStandIn('x-api-key', CRM_KEY).start();
	mcp = await new McpStandIn(MCP_TOKEN).start();
	zendeskClient = createFetchHttpClient({ baseUrl: zendesk.url, authHeaders: { authorization: ZD_AUTH } });
	crmClient = createFetchHttpClient({ baseUrl: crm.url, authHeaders: { 'x-api-key': CRM_KEY } });
});
afterAll(async () => {
	await Promise.all([zendesk.close(), crm.close(), mcp.close()]);
});
beforeEach(() => {
	zendesk.users.clear();
	zendesk.tickets.clear();
	zendesk.requests.length = 0;
	zendesk.clearFaults();
	crm.customers.clear();
	crm.requests.length = 0;
	crm.clearFaults();
	mcp.orders.clear();
	zendesk.addUser({ id: 9001, name: 'Sam Lee', email: 'sam@example.com', notes: 'VIP, agent-only remark', details: 'internal', tags: ['vip'] });
	zendesk.addUser({ id: 9002, name: 'Samantha Other', email: 'samantha@example.org' });
	zendesk.addTicket({ id: 501, requester_id: 9001, subject: 'Where is my order?', created_at: '2026-03-01T10:00:00Z' });
	zendesk.addTicket({ id: 480, requester_id: 9001, subject: 'Broken lamp', status: 'solved', created_at: '2026-02-01T10:00:00Z' });
	zendesk.addTicket({ id: 470, requester_id: 9001, subject: 'Invoice copy', status: 'closed', created_at: '2026-01-15T10:00:00Z' });
	zendesk.addTicket({ id: 300, requester_id: 9002, subject: 'Someone else', created_at: '2026-02-20T10:00:00Z' });
	crm.addCustomer('sam@example.com', { id: 'c-77', tier: 'gold', lifetimeValue: 1234.5 });
	mcp.orders.set('1001', { status: 'shipped', total: 49.9, currency: 'EUR' });
});
afterEach(() => {
	// Whatever happened in a test, a lookup never wrote anything anywhere.
	expect(zendesk.writes).toEqual([]);
	expect(crm.writes).toEqual([]);
	expect(mcp.writes).toEqual([]);
	expect([...zendesk.requests, ...crm.requests].every((r) => r.method === 'GET')).toBe(true);
});

describe('Zendesk requester lookup', () => {
	const source = (recentTickets = 5): LiveFactSources => ({ zendeskCustomer: { client: zendeskClient, recentTickets } });

	it('finds a Zendesk ticket\'s requester by id and lists their other tickets, newest first', async () => {
		const out = await lookup(ticket(), source());
		expect(out.failures).toEqual([]);
		expect(out.facts.map((f) => LiveFact.parse(f))).toEqual([
			{ kind: 'customer', source: 'zendesk', fetchedAt: NOW.toISOString(), data: expect.objectContaining({ id: 9001, name: 'Sam Lee', email: 'sam@example.com', tags: ['vip'] }) },
			{ kind: 'recentTickets', source: 'zendesk', fetchedAt: NOW.toISOString(), data: { userId: 9001, tickets: [expect.objectContaining({ id: 480, subject: 'Broken lamp', status: 'solved' }), expect.objectContaining({ id: 470 })] } },
		]);
		// Agents' internal remarks stay in Zendesk.
		expect(out.facts[0].data).not.toHaveProperty('notes');
		expect(out.facts[0].data).not.toHaveProperty('details');
		expect(zendesk.requests.map((r) => r.path)).toEqual(['/api/v2/users/9001.json', '/api/v2/users/9001/tickets/requested.json']);
	});

	it('finds the requester of a ticket from another helpdesk by exact email only', async () => {
		const out = await lookup(ticket({ source: 'custom', id: 't-1', customer: { id: 'hs-55', email: 'SAM@example.com' } }), source(0));
		expect(out.failures).toEqual([]);
		expect(out.facts).toEqual([expect.objectContaining({ kind: 'customer', data: expect.objectContaining({ id: 9001 }) })]);
		expect(zendesk.requests.map((r) => r.path)).toEqual(['/api/v2/users/search.json']);
		// "sam" also matches "Samantha Other" by name in a search; only the exact address counts.
		const loose = await lookup(ticket({ source: 'custom', customer: { email: 'sam' } }), source(0));
		expect(loose.facts).toEqual([]);
		expect(loose.failures).toEqual([{ source: 'zendesk', lookup: 'zendesk user by email', error: 'no user with that email', at: NOW.toISOString() }]);
	});

	it('falls back to the email when the requester id is gone, and records a requester that cannot be found', async () => {
		const merged = await lookup(ticket({ customer: { id: '4242', email: 'sam@example.com' } }), source(0));
		expect(merged.failures).toEqual([]);
		expect(merged.facts[0].data.id).toBe(9001);
		const unknown = await lookup(ticket({ customer: { id: '4242', email: 'nobody@example.com' } }), source(0));
		expect(unknown.facts).toEqual([]);
		expect(unknown.problems).toEqual(['zendesk user 4242: not found (404)', 'zendesk user by email: no user with that email']);
	});

	it('skips quietly when the ticket names nobody', async () => {
		const out = await lookup(ticket({ source: 'custom', customer: {} }), source());
		expect(out).toEqual({ facts: [], failures: [], problems: ['zendesk: the ticket names no requester id or email to look up'] });
		expect(zendesk.requests).toEqual([]);
	});

	it('records 4xx and 5xx answers with the source, keeping the customer when only the ticket list fails', async () => {
		zendesk.inject({ path: '/api/v2/users/9001.json', times: 1, kind: 503 });
		const down = await lookup(ticket(), source());
		expect(down.facts).toEqual([]);
		expect(recordedFacts(down)).toEqual([
			{ kind: 'lookupFailed', source: 'zendesk', fetchedAt: NOW.toISOString(), data: { lookup: 'zendesk user 9001', error: 'GET /api/v2/users/9001.json answered 503' } },
		]);

		zendesk.inject({ path: '/api/v2/users/9001/tickets/requested.json', times: 1, kind: 429 });
		const partial = await lookup(ticket(), source());
		expect(partial.facts.map((f) => f.kind)).toEqual(['customer']);
		expect(partial.problems).toEqual(['zendesk recent tickets of user 9001: GET /api/v2/users/9001/tickets/requested.json answered 429']);

		const wrongToken = createFetchHttpClient({ baseUrl: zendesk.url, authHeaders: { authorization: 'Basic d3Jvbmc=' } });
		const denied = await lookup(ticket(), { zendeskCustomer: { client: wrongToken } });
		expect(denied.problems).toEqual(['zendesk user 9001: GET /api/v2/users/9001.json answered 401']);
		expect(JSON.stringify(denied)).not.toContain('d3Jvbmc=');
	});
});

describe('generic HTTP lookup', () => {
	const source = (pathTemplate = '/api/customers/{email}', client = crmClient): LiveFactSources => ({ httpLookup: { client, pathTemplate, kind: 'crm' } });

	it('GETs the filled, URL-encoded path and records the answer under the operator\'s fact name', async () => {
		crm.addCustomer('a/b+c@example.com', { id: 'c-99' });
		const out = await lookup(ticket({ customer: { email: 'a/b+c@example.com' } }), source('/api/customers/{{email}}'));
		expect(out.failures).toEqual([]);
		expect(out.facts).toEqual([{ kind: 'crm', source: 'http', fetchedAt: NOW.toISOString(), data: { email: 'a/b+c@example.com', id: 'c-99' } }]);
		// The slash in the address stays inside its segment.
		expect(crm.requests).toEqual([{ method: 'GET', path: '/api/customers/a%2Fb%2Bc%40example.com' }]);
	});

	it('keeps a list answer under items, and takes placeholders in the query too', async () => {
		const out = await lookup(ticket(), source('/api/customers?email={email}'));
		expect(out.facts[0].data).toEqual({ items: [{ email: 'sam@example.com', id: 'c-77', tier: 'gold', lifetimeValue: 1234.5 }] });
	});

	it('records not found, 4xx, 5xx and non-JSON answers without the address or the key', async () => {
		const missing = await lookup(ticket({ customer: { email: 'nobody@example.com' } }), source());
		expect(missing.failures).toEqual([{ source: 'http', lookup: 'http crm', error: 'not found (404)', at: NOW.toISOString() }]);

		crm.inject({ path: '/api/customers/sam%40example.com', times: 1, kind: 500 });
		expect((await lookup(ticket(), source())).problems).toEqual(['http crm: GET /api/customers/sam%40example.com answered 500']);

		const wrongKey = createFetchHttpClient({ baseUrl: crm.url, authHeaders: { 'x-api-key': 'not-the-key' } });
		const denied = await lookup(ticket(), source('/api/customers/{email}', wrongKey));
		expect(denied.problems).toEqual(['http crm: GET /api/customers/sam%40example.com answered 401']);

		const html = await lookup(ticket(), source('/api/html'));
		expect(html.problems).toEqual(['http crm: GET /api/html answered 200 but not with JSON']);
		expect(JSON.stringify([missing, denied, html])).not.toContain(CRM_KEY);
	});

	it('skips a lookup the case has no value for, and refuses a value that would climb out of the path', async () => {
		const skipped = await lookup(ticket({ customer: {} }), source());
		expect(skipped).toEqual({ facts: [], failures: [], problems: ['http crm: skipped, the case has no email'] });
		const climbing = await lookup(ticket({ orderRefs: ['..'] }), source('/api/orders/{orderRef}'));
		expect(climbing.failures.map((f) => f.error)).toEqual(['the value ".." cannot be used in a URL']);
		expect(crm.requests).toEqual([]);
	});

	it('sends GET only: a client that would write is never reached', async () => {
		const seen: string[] = [];
		const spy: HttpClient = { request: async (req) => (seen.push(req.method), await crmClient.request(req)) };
		await lookup(ticket(), source('/api/customers/{email}', spy));
		expect(seen).toEqual(['GET']);
	});
});

describe('MCP lookup', () => {
	let session: McpSession;
	beforeAll(async () => {
		session = await connectMcpServer(mcp.url, { headers: { authorization: `Bearer ${MCP_TOKEN}` } });
	});
	afterAll(async () => {
		await session.close();
	});
	const source = (s: McpSession = session, args: Record<string, unknown> = { order_id: '{orderRef}' }): LiveFactSources => ({
		mcpLookup: { session: readOnlyMcpSession(s, 'lookup_order'), tool: 'lookup_order', argsTemplate: args, kind: 'storeOrder', secrets: [MCP_TOKEN] },
	});

	it('calls the named tool with arguments from the case and records its structured answer', async () => {
		const out = await lookup(ticket({ orderRefs: ['#1001'] }), source());
		expect(out.failures).toEqual([]);
		expect(out.facts).toEqual([{ kind: 'storeOrder', source: 'mcp', fetchedAt: NOW.toISOString(), data: { orderId: '1001', status: 'shipped', total: 49.9, currency: 'EUR' } }]);
	});

	it('records a tool error (not found) and a skipped call', async () => {
		const missing = await lookup(ticket({ orderRefs: ['2002'] }), source());
		expect(missing.failures).toEqual([{ source: 'mcp', lookup: 'mcp lookup_order', error: 'the tool reported an error: order 2002 not found', at: NOW.toISOString() }]);
		expect((await lookup(ticket(), source())).problems).toEqual(['mcp lookup_order: skipped, the case has no orderRef']);
	});

	it('records a refused connection (401) and a failing server (503) without the token', async () => {
		const wrong = lazyMcpSession(async () => await connectMcpServer(mcp.url, { headers: { authorization: 'Bearer wrong-token' } }), 2000);
		const denied = await lookup(ticket({ orderRefs: ['1001'] }), source(wrong));
		expect(denied.problems).toEqual(['mcp lookup_order: the server answered 401']);
		await wrong.close();

		const broken = await statusServer(503);
		try {
			const failing = lazyMcpSession(async () => await connectMcpServer(broken.url, { headers: { authorization: `Bearer ${MCP_TOKEN}` } }), 2000);
			const out = await lookup(ticket({ orderRefs: ['1001'] }), source(failing));
			expect(out.problems).toEqual(['mcp lookup_order: the server answered 503']);
			expect(JSON.stringify(out)).not.toContain(MCP_TOKEN);
			await failing.close();
		} finally {
			broken.server.closeAllConnections();
			await new Promise<void>((resolve) => broken.server.close(() => resolve()));
		}
	});

	it('refuses every tool but the named one before anything is sent', async () => {
		const guarded = readOnlyMcpSession(session, 'lookup_order');
		await expect(guarded.callTool('issue_store_credit', { customer_email: 'sam@example.com', amount: 5, currency: 'EUR' }, 2000)).rejects.toBeInstanceOf(WriteRefusedError);
		expect(mcp.writes).toEqual([]);
		// A source wired for another tool than its session allows fails as a refused lookup, recorded.
		const mismatched: LiveFactSources = { mcpLookup: { session: guarded, tool: 'issue_store_credit', argsTemplate: { customer_email: '{email}', amount: 5, currency: 'EUR' }, kind: 'x' } };
		const out = await lookup(ticket(), mismatched);
		expect(out.problems).toEqual(['mcp issue_store_credit: live fact lookups are read-only; MCP tool "issue_store_credit" (only "lookup_order" may be called) refused']);
		expect(mcp.writes).toEqual([]);
	});

	it('connects once for many cases, and close() ends the connection', async () => {
		let connects = 0;
		let closes = 0;
		const lazy = lazyMcpSession(async () => {
			connects++;
			const s = await connectMcpServer(mcp.url, { headers: { authorization: `Bearer ${MCP_TOKEN}` } });
			return { ...s, close: async () => (closes++, await s.close()) };
		}, 2000);
		expect(connects).toBe(0);
		for (let i = 0; i < 3; i++) expect((await lookup(ticket({ orderRefs: ['1001'] }), source(lazy))).facts).toHaveLength(1);
		expect(connects).toBe(1);
		await lazy.close();
		expect(closes).toBe(1);
	});
});

describe('all sources together', () => {
	it('records facts in a fixed source order and each failure as a lookupFailed fact', async () => {
		const session = lazyMcpSession(async () => await connectMcpServer(mcp.url, { headers: { authorization: `Bearer ${MCP_TOKEN}` } }), 2000);
		try {
			const out = await lookup(ticket({ orderRefs: ['1001'], customer: { id: '9001', email: 'nobody@example.com' } }), {
				zendeskCustomer: { client: zendeskClient },
				httpLookup: { client: crmClient, pathTemplate: '/api/customers/{email}', kind: 'crm' },
				mcpLookup: { session: readOnlyMcpSession(session, 'lookup_order'), tool: 'lookup_order', argsTemplate: { order_id: '{orderRef}' }, kind: 'storeOrder' },
			});
			expect(out.facts.map((f) => `${f.source}:${f.kind}`)).toEqual(['zendesk:customer', 'mcp:storeOrder']);
			expect(recordedFacts(out).map((f) => `${f.source}:${f.kind}`)).toEqual(['zendesk:customer', 'mcp:storeOrder', 'http:lookupFailed']);
			expect(recordedFacts(out).every((f) => LiveFact.safeParse(f).success)).toBe(true);
			expect(failureFact(out.failures[0]).data).toEqual({ lookup: 'http crm', error: 'not found (404)' });
		} finally {
			await session.close();
		}
	});
});
