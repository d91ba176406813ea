/**
 * The Support Policy Retriever's live facts in a real n8n 2.41.1: Webhook -> Support Intent Router ->
 * Support Policy Retriever (embedded store, built-in embeddings) with the Zendesk, HTTP and MCP
 * lookups pointed at loopback stand-ins (Zendesk users API, a customer API behind Bearer Auth, a real
 * MCP server behind Header Auth). The facts must land in `context` with their source and time, a
 * failed lookup must be recorded without failing the case, and nothing but reads may reach a stand-in.
 * A second webhook ingests a policy through the same node type: its one output ("Done") is what n8n
 * runs, while Retrieve keeps Grounded / Ungrounded.
 */
import { randomUUID } from 'node:crypto';

import { McpStandIn, ZendeskStandIn } from '../stand-ins';
import { CustomerApiStandIn } from '../stand-ins/customerApi';
import { loadTemplate, nodeError, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const PKG = 'n8n-nodes-support-coordination';
const ROUTER = 'Support Intent Router';
const RETRIEVER = 'Support Policy Retriever';
const INGEST = 'Ingest policy';
const ZD_TOKEN = ['e2e', 'zendesk', 'token', '0001'].join('-');
const CRM_TOKEN = ['e2e', 'crm', 'token', '0002'].join('-');
const MCP_TOKEN = ['e2e', 'mcp', 'token', '0003'].join('-');
const ZD_AUTH = `Basic ${Buffer.from(`agent@example.com/token:${ZD_TOKEN}`).toString('base64')}`;

const CREDS = {
	zendesk: { id: 'e2eZendeskLive', name: 'Zendesk (stand-in)' },
	crm: { id: 'e2eCrmBearer', name: 'Customer API (stand-in)' },
	mcp: { id: 'e2eMcpHeader', name: 'MCP server (stand-in)' },
};

const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position,
	parameters,
	...extra,
});

/** The workflow an operator would build: the shipped router's intents, every route into one retriever. */
function liveFactsWorkflow(urls: { zendesk: string; crm: string; mcp: string }): WorkflowJson {
	const shippedRouter = loadTemplate('support-router-webhook.json').nodes.find((n) => n.name === ROUTER)!;
	const routes = (shippedRouter.parameters as { intents: { intent: unknown[] } }).intents.intent.length + 1;
	return {
		name: 'E2E retriever live facts',
		nodes: [
			node('Ticket webhook', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: 'retriever-live-facts', responseMode: 'onReceived', options: {} }, { webhookId: randomUUID() }),
			node(ROUTER, `${PKG}.supportIntentRouter`, 1, [240, 0], shippedRouter.parameters as Record<string, unknown>),
			node(
				RETRIEVER,
				`${PKG}.supportPolicyRetriever`,
				1,
				[480, 0],
				{
					operation: 'retrieve',
					store: 'embedded',
					storeName: 'livefacts',
					embeddings: 'builtin',
					useZendesk: true,
					zendeskAuthentication: 'apiToken',
					zendeskRecentTickets: 3,
					useHttp: true,
					httpBaseUrl: `${urls.crm}/api`,
					httpPath: '/customers/{{email}}',
					httpFactName: 'crm',
					httpAuthentication: 'genericCredentialType',
					httpGenericAuthType: 'httpBearerAuth',
					useMcp: true,
					mcpServerUrl: urls.mcp,
					mcpTool: 'lookup_order',
					mcpArguments: '{ "order_id": "{orderRef}" }',
					mcpFactName: 'storeOrder',
					mcpAuthentication: 'headerAuth',
					options: { zendeskBaseUrl: urls.zendesk, timeoutMs: 5000 },
				},
				{ credentials: { zendeskApi: CREDS.zendesk, httpBearerAuth: CREDS.crm, httpHeaderAuth: CREDS.mcp } },
			),
			node('Grounded', 'n8n-nodes-base.noOp', 1, [720, -100], {}),
			node('Ungrounded', 'n8n-nodes-base.noOp', 1, [720, 100], {}),
		],
		connections: {
			'Ticket webhook': { main: [[{ node: ROUTER, type: 'main', index: 0 }]] },
			[ROUTER]: { main: Array.from({ length: routes }, () => [{ node: RETRIEVER, type: 'main', index: 0 }]) },
			[RETRIEVER]: { main: [[{ node: 'Grounded', type: 'main', index: 0 }], [{ node: 'Ungrounded', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowJson;
}

/** Ingestion through the same node type, into the same embedded store: its output is "Done". */
function ingestWorkflow(): WorkflowJson {
	return {
		name: 'E2E retriever ingest',
		nodes: [
			node('Policy webhook', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: 'retriever-ingest', responseMode: 'onReceived', options: {} }, { webhookId: randomUUID() }),
			node(INGEST, `${PKG}.supportPolicyRetriever`, 1, [240, 0], {
				operation: 'ingest',
				store: 'embedded',
				storeName: 'livefacts',
				embeddings: 'builtin',
				documentId: '={{ $json.body.documentId }}',
				title: '={{ $json.body.title }}',
				version: '={{ $json.body.version }}',
				effectiveFrom: '={{ $json.body.effectiveFrom }}',
				format: 'markdown',
				content: '={{ $json.body.content }}',
				documentTags: '',
			}),
			node('Ingested', 'n8n-nodes-base.noOp', 1, [480, 0], {}),
		],
		connections: {
			'Policy webhook': { main: [[{ node: INGEST, type: 'main', index: 0 }]] },
			[INGEST]: { main: [[{ node: 'Ingested', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as unknown as WorkflowJson;
}

interface Fact {
	kind: string;
	source: string;
	fetchedAt: string;
	data: Record<string, unknown>;
}
type Support = { ticket: { id: string }; context?: { facts: Fact[] }; trace: Array<{ layer: string; outcome: string; contractErrors: string[] }> };

function retrieved(execution: Execution, ticketId: string): { output: number; support: Support } | undefined {
	const outputs = nodeOutputs(execution, RETRIEVER);
	for (let output = 0; output < outputs.length; output++) {
		const hit = outputs[output].find((i) => (i.json.support as Support | undefined)?.ticket?.id === ticketId);
		if (hit) return { output, support: hit.json.support as Support };
	}
	return undefined;
}

describe('Support Policy Retriever live facts (real n8n, loopback Zendesk, customer API and MCP server)', () => {
	const zendesk = new ZendeskStandIn(ZD_AUTH);
	const crm = new CustomerApiStandIn('authorization', `Bearer ${CRM_TOKEN}`);
	const mcp = new McpStandIn(MCP_TOKEN);
	let n8n: N8nInstance;

	/** A Zendesk Ticket API payload, as a Zendesk webhook or a "Get ticket" step sends it. */
	async function sendTicket(id: number, requesterId: number, email: string, description: string): Promise<{ output: number; support: Support; execution: Execution }> {
		const res = await n8n.webhook('retriever-live-facts', {
			ticket: { id, subject: 'Order question', description, requester_id: requesterId, requester: { email, name: 'Jane Doe' }, created_at: new Date().toISOString(), tags: [] },
		});
		expect(res.status).toBe(200);
		const execution = await n8n.waitForExecution((e) => (e.data.resultData.runData[RETRIEVER] ? retrieved(e, String(id)) !== undefined : false), 60_000);
		return { ...retrieved(execution, String(id))!, execution };
	}

	beforeAll(async () => {
		await Promise.all([zendesk.start(), crm.start(), mcp.start()]);
		zendesk.addUser({ id: 9001, name: 'Jane Doe', email: 'jane.doe@example.com', notes: 'agent-only remark', tags: ['vip'] });
		zendesk.addTicket({ id: 6990, requester_id: 9001, subject: 'Earlier: invoice copy', status: 'solved', created_at: '2026-01-05T10:00:00Z' });
		crm.addCustomer('jane.doe@example.com', { id: 'c-1', tier: 'gold' });
		mcp.orders.set('1001', { status: 'shipped', total: 49.9, currency: 'EUR' });
		const credentials: CredentialSpec[] = [
			{ ...CREDS.zendesk, type: 'zendeskApi', data: { subdomain: 'acme', email: 'agent@example.com', apiToken: ZD_TOKEN } },
			{ ...CREDS.crm, type: 'httpBearerAuth', data: { token: CRM_TOKEN } },
			{ ...CREDS.mcp, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${MCP_TOKEN}` } },
		];
		n8n = await startN8n({ workflows: [liveFactsWorkflow({ zendesk: zendesk.url, crm: crm.url, mcp: mcp.url }), ingestWorkflow()], credentials });
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([zendesk.close(), crm.close(), mcp.close()]);
	});
	afterEach(() => {
		// Whatever happened, the lookups only read.
		expect(zendesk.writes).toEqual([]);
		expect(crm.writes).toEqual([]);
		expect(mcp.writes).toEqual([]);
		expect([...zendesk.requests, ...crm.requests].every((r) => r.method === 'GET')).toBe(true);
	});

	it('ingests through the one "Done" output', async () => {
		const res = await n8n.webhook('retriever-ingest', {
			documentId: 'shipping',
			title: 'Shipping',
			version: '1',
			effectiveFrom: '2025-01-01T00:00:00.000Z',
			content: '# Shipping\n\n## Dispatch\n\nOrders ship within 2 business days. You receive a tracking number by email once your parcel has left our warehouse.\n',
		});
		expect(res.status).toBe(200);
		const execution = await n8n.waitForExecution((e) => e.workflowId === n8n.workflowIds['E2E retriever ingest'] && !!e.data.resultData.runData.Ingested, 60_000);
		expect(nodeError(execution, INGEST)).toBeUndefined();
		const outputs = nodeOutputs(execution, INGEST);
		expect(outputs).toHaveLength(1);
		expect(outputs[0][0].json).toMatchObject({ documentId: 'shipping', version: '1', store: 'embedded' });
	});

	it('records the Zendesk requester and tickets, the customer API record and the MCP tool answer in context', async () => {
		const before = Date.now();
		const { output, support, execution } = await sendTicket(7001, 9001, 'jane.doe@example.com', 'Hi, where is my order #1001? It has not arrived yet.');
		expect(nodeOutputs(execution, RETRIEVER)).toHaveLength(2);
		expect([0, 1]).toContain(output);
		const facts = support.context!.facts;
		expect(facts.map((f) => [f.source, f.kind])).toEqual([
			['zendesk', 'customer'],
			['zendesk', 'recentTickets'],
			['http', 'crm'],
			['mcp', 'storeOrder'],
		]);
		for (const f of facts) expect(Date.parse(f.fetchedAt)).toBeGreaterThanOrEqual(before - 1000);
		expect(facts[0].data).toMatchObject({ id: 9001, email: 'jane.doe@example.com', tags: ['vip'] });
		expect(facts[0].data).not.toHaveProperty('notes');
		expect(facts[1].data).toEqual({ userId: 9001, tickets: [expect.objectContaining({ id: 6990, status: 'solved' })] });
		expect(facts[2].data).toEqual({ email: 'jane.doe@example.com', id: 'c-1', tier: 'gold' });
		expect(facts[3].data).toEqual({ orderId: '1001', status: 'shipped', total: 49.9, currency: 'EUR' });
		const trace = support.trace.find((t) => t.layer === 'policyRetriever')!;
		expect(trace.outcome).toMatch(/\(facts: customer\+recentTickets\+crm\+storeOrder\)$/);
		expect(trace.contractErrors).toEqual([]);
		expect(JSON.stringify(execution.data)).not.toMatch(new RegExp([ZD_TOKEN, CRM_TOKEN, MCP_TOKEN].join('|')));
	});

	it('records failed lookups with their source and carries the case on', async () => {
		const { support, execution } = await sendTicket(7002, 9999, 'stranger@example.com', 'Where is my order #2002? Nothing arrived.');
		expect(nodeError(execution, RETRIEVER)).toBeUndefined();
		expect(support.context!.facts.map((f) => [f.kind, f.source, f.data])).toEqual([
			// The requester id is unknown, and so is the address it falls back to: both are recorded.
			['lookupFailed', 'zendesk', { lookup: 'zendesk user 9999', error: 'not found (404)' }],
			['lookupFailed', 'zendesk', { lookup: 'zendesk user by email', error: 'no user with that email' }],
			['lookupFailed', 'http', { lookup: 'http crm', error: 'not found (404)' }],
			['lookupFailed', 'mcp', { lookup: 'mcp lookup_order', error: 'the tool reported an error: order 2002 not found' }],
		]);
		expect(support.trace.find((t) => t.layer === 'policyRetriever')!.contractErrors).toHaveLength(4);
	});
});
