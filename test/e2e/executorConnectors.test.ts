/**
 * The Support Action Executor's generic HTTP and MCP connectors in a real n8n 2.41.1, with the
 * package installed as Community Nodes installs it. A small workflow built here: Webhook (the case
 * file as JSON, as it leaves the Support Critic) -> Set -> Support Action Executor, with the HTTP
 * connector pointed at a loopback REST stand-in (Bearer Auth credential) and the MCP connector at
 * a real MCP SDK server (Header Auth credential). An approved plan's http and mcp steps run once in
 * auto mode and are recorded in `support.execution`; the same case delivered again writes nothing.
 */
import type { CaseFile, Plan, PlanStep, Review } from '../../engine/contracts';
import { McpStandIn, ReturnsApiStandIn, ZendeskStandIn } from '../stand-ins';
import { NOW, SCENARIOS } from '../support/caseFiles';
import { nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const API_TOKEN = ['api', 'e2e', 'canary', '9001'].join('-');
const MCP_TOKEN = ['mcp', 'e2e', 'canary', '9002'].join('-');
const ZD_OAUTH_TOKEN = ['zd', 'oauth', 'e2e', '9003'].join('-');
const EXECUTOR = 'Support Action Executor';
const PATH = 'executor-connectors';
const ZD_PATH = 'executor-zendesk-oauth';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function workflow(apiUrl: string, mcpUrl: string): WorkflowJson {
	const scopes = {
		return_refund: {
			allowedTools: ['http.request', 'mcp.store.*'],
			writeTools: ['http.request', 'mcp.store.issue_store_credit'],
			amountCaps: [{ currency: 'USD', max: 50 }],
			maxWritesPerTicket: 4,
		},
	};
	const endpoints = [
		{ name: 'getOrder', method: 'GET', path: '/orders/{id}' },
		{ name: 'createReturn', method: 'POST', path: '/returns', idempotencyHeader: 'Idempotency-Key' },
	];
	return {
		id: 'e2eExecConnect01',
		name: 'E2E: executor HTTP and MCP connectors',
		nodes: [
			{
				id: '7c1e0b7e-2f52-4d8e-9a61-1b0c7c9a0101',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '7c1e0b7e-2f52-4d8e-9a61-1b0c7c9a01aa',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: '7c1e0b7e-2f52-4d8e-9a61-1b0c7c9a0102',
				name: 'Case file',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'manual',
					assignments: { assignments: [{ id: 'c1', name: 'support', type: 'object', value: '={{ $json.body.support }}' }] },
					includeOtherFields: false,
					options: {},
				},
			},
			{
				id: '7c1e0b7e-2f52-4d8e-9a61-1b0c7c9a0103',
				name: EXECUTOR,
				type: 'n8n-nodes-support-coordination.supportActionExecutor',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					rolloutMode: 'fromIntent',
					toolScopes: JSON.stringify(scopes),
					useHttp: true,
					httpBaseUrl: `${apiUrl}/api`,
					httpAuthentication: 'httpBearerAuth',
					httpEndpoints: JSON.stringify(endpoints),
					useMcp: true,
					mcpServerUrl: mcpUrl,
					mcpServerName: 'store',
					mcpAuthentication: 'httpHeaderAuth',
					mcpReadTools: 'lookup_order',
					mcpIdempotencyKeyArgument: 'idempotency_key',
					options: { timeoutMs: 5000 },
				},
				credentials: {
					httpBearerAuth: { id: 'execApiBearer', name: 'Returns API (bearer)' },
					httpHeaderAuth: { id: 'execMcpHeader', name: 'Store MCP (header)' },
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Case file', type: 'main', index: 0 }]] },
			'Case file': { main: [[{ node: EXECUTOR, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	} as WorkflowJson;
}

/** Webhook -> Set -> executor with Zendesk signed by a Zendesk OAuth2 credential (n8n signs, base URL overridden to the stand-in). */
function zendeskOAuthWorkflow(zendeskUrl: string): WorkflowJson {
	const wf = workflow('http://127.0.0.1:9', 'http://127.0.0.1:9/mcp') as WorkflowJson & { id: string };
	const nodes = (wf.nodes as Json[]).map((n) => {
		const copy = JSON.parse(JSON.stringify(n)) as Json;
		copy.id = copy.id.replace(/01(0[1-3])$/, '02$1');
		if (copy.type === 'n8n-nodes-base.webhook') {
			copy.parameters.path = ZD_PATH;
			copy.webhookId = copy.webhookId.replace(/01aa$/, '02aa');
		}
		if (copy.name === EXECUTOR) {
			copy.parameters = {
				rolloutMode: 'fromIntent',
				toolScopes: JSON.stringify({ return_refund: { allowedTools: ['zendesk.*'], writeTools: ['zendesk.addInternalNote'], maxWritesPerTicket: 2 } }),
				useZendesk: true,
				zendeskAuthentication: 'oAuth2',
				options: { zendeskBaseUrl: zendeskUrl, timeoutMs: 5000 },
			};
			copy.credentials = { zendeskOAuth2Api: { id: 'execZendeskOAuth', name: 'Zendesk (OAuth2)' } };
		}
		return copy;
	});
	return { ...wf, id: 'e2eExecZdOAuth01', name: 'E2E: executor Zendesk OAuth2', nodes: nodes as WorkflowJson['nodes'] };
}

function step(id: string, tool: string, access: 'read' | 'write', args: Record<string, unknown>): PlanStep {
	return { id, tool, access, args, why: `e2e step ${id}`, citations: [] };
}

/** A return_refund case in auto mode whose plan the Critic approved (by default two http and two mcp steps). */
const CONNECTOR_STEPS = [
	step('order', 'http.request', 'read', { endpoint: 'getOrder', params: { id: 'A-7' } }),
	step('return', 'http.request', 'write', { endpoint: 'createReturn', body: { orderId: 'A-7', reason: 'too small' } }),
	step('lookup', 'mcp.store.lookup_order', 'read', { order_id: 'A-7' }),
	step('credit', 'mcp.store.issue_store_credit', 'write', { customer_email: 'sam@example.com', amount: 12, currency: 'USD' }),
];

function approvedCase(steps = CONNECTOR_STEPS, planId = 'plan_e2e_connectors'): CaseFile {
	const base = SCENARIOS.return_refund();
	const plan: Plan = {
		id: planId,
		specialist: 'refunds',
		intent: 'return_refund',
		engine: 'playbook',
		steps,
		draftReply: { body: 'We opened your return and added store credit.', citations: [] },
		assumptions: [],
		createdAt: NOW.toISOString(),
		revision: 0,
	};
	const review: Review = { stage: 'plan', verdict: 'approve', planId: plan.id, reviewedAt: NOW.toISOString(), checks: [], revisionCount: 0, history: [] };
	return { ...base, intent: { ...base.intent!, rolloutMode: 'auto' }, plan, review };
}

describe('Support Action Executor: HTTP and MCP connectors in real n8n', () => {
	let n8n: N8nInstance;
	let api: ReturnsApiStandIn;
	let mcp: McpStandIn;
	let zendesk: ZendeskStandIn;

	const executorRuns = async (count: number): Promise<Execution[]> => {
		const found: Execution[] = [];
		await n8n.waitForExecution((e) => {
			if (e.workflowId === n8n.workflowIds['E2E: executor HTTP and MCP connectors'] && e.data.resultData.runData[EXECUTOR] && !found.some((f) => f.id === e.id)) found.push(e);
			return found.length >= count;
		}, 60_000);
		return found.sort((a, b) => Number(a.id) - Number(b.id));
	};

	beforeAll(async () => {
		api = await new ReturnsApiStandIn(API_TOKEN).start();
		api.orders.set('A-7', { id: 'A-7', status: 'delivered' });
		mcp = await new McpStandIn(MCP_TOKEN).start();
		mcp.orders.set('A-7', { status: 'delivered', total: 40, currency: 'USD' });
		zendesk = await new ZendeskStandIn(`Bearer ${ZD_OAUTH_TOKEN}`).start();
		zendesk.addTicket({ id: 7101 });
		const credentials: CredentialSpec[] = [
			{
				id: 'execZendeskOAuth',
				name: 'Zendesk (OAuth2)',
				type: 'zendeskOAuth2Api',
				// A connected OAuth2 credential as n8n stores it after the consent screen.
				data: { subdomain: 'acme', clientId: 'client-id', clientSecret: 'client-secret', grantType: 'authorizationCode', oauthTokenData: { access_token: ZD_OAUTH_TOKEN, token_type: 'Bearer' } },
			},
			{ id: 'execApiBearer', name: 'Returns API (bearer)', type: 'httpBearerAuth', data: { token: API_TOKEN } },
			{ id: 'execMcpHeader', name: 'Store MCP (header)', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${MCP_TOKEN}` } },
		];
		n8n = await startN8n({ workflows: [workflow(api.url, mcp.url), zendeskOAuthWorkflow(zendesk.url)], credentials, importVia: 'cli' });
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([api?.close(), mcp?.close(), zendesk?.close()]);
	});

	it('runs the approved plan\'s http and mcp steps once, records them, and a re-delivery writes nothing', async () => {
		const body = { support: approvedCase() };
		const first = await n8n.webhook(PATH, body);
		expect(first.status).toBe(200);
		const [run1] = await executorRuns(1);
		expect(run1.status).toBe('success');
		const [done1, escalated1] = nodeOutputs(run1, EXECUTOR);
		expect(escalated1).toHaveLength(0);
		const execution = (done1[0].json.support as Json).execution;
		expect(execution).toMatchObject({ planId: 'plan_e2e_connectors', mode: 'auto', outcome: 'completed', dryRun: false });
		expect(execution.steps.map((s: Json) => `${s.stepId}:${s.status}:${s.attempts}`)).toEqual(['order:succeeded:1', 'return:succeeded:1', 'lookup:succeeded:1', 'credit:succeeded:1']);
		expect(execution.steps[0].responseSummary).toBe('getOrder: GET /orders/A-7 answered 200');
		expect(execution.steps[2].responseSummary).toBe('MCP store/lookup_order: order A-7: delivered, 40 USD');
		expect(api.returns).toHaveLength(1);
		expect(mcp.writes).toHaveLength(1);
		// The writes reached the APIs with the step's own idempotency key.
		expect(api.writes[0].key).toBe(execution.steps[1].idempotencyKey);
		expect(mcp.writes[0].key).toBe(execution.steps[3].idempotencyKey);
		expect((done1[0].json.support as Json).trace.at(-1)).toMatchObject({ layer: 'toolExecutor', engine: 'http+mcp', outcome: 'auto:completed' });

		const again = await n8n.webhook(PATH, body);
		expect(again.status).toBe(200);
		const [, run2] = await executorRuns(2);
		const [done2] = nodeOutputs(run2, EXECUTOR);
		const rerun = (done2[0].json.support as Json).execution;
		expect(rerun.steps.map((s: Json) => `${s.stepId}:${s.status}`)).toEqual(['order:succeeded', 'return:already_done', 'lookup:succeeded', 'credit:already_done']);
		expect(api.returns).toHaveLength(1);
		expect(mcp.writes).toHaveLength(1);

		// n8n stores the whole run: no credential value may be in it.
		const stored = JSON.stringify([run1, run2]);
		expect(stored).not.toContain(API_TOKEN);
		expect(stored).not.toContain(MCP_TOKEN);
	});

	it('Zendesk signs with a Zendesk OAuth2 credential through n8n\'s own OAuth2 request helper', async () => {
		const note = step('note', 'zendesk.addInternalNote', 'write', { ticketId: '7101', body: 'Return opened, store credit added.' });
		const res = await n8n.webhook(ZD_PATH, { support: approvedCase([note], 'plan_e2e_zendesk_oauth') });
		expect(res.status).toBe(200);
		const run = await n8n.waitForExecution((e) => e.workflowId === n8n.workflowIds['E2E: executor Zendesk OAuth2'], 60_000);
		const [done, escalated] = nodeOutputs(run, EXECUTOR);
		expect(escalated).toHaveLength(0);
		const execution = (done[0].json.support as Json).execution;
		expect(execution).toMatchObject({ outcome: 'completed' });
		expect(execution.steps[0]).toMatchObject({ stepId: 'note', status: 'succeeded', externalIds: { ticketId: '7101' } });
		expect(zendesk.tickets.get(7101)!.comments.map((c) => c.public)).toEqual([false]);
		expect(JSON.stringify(run)).not.toContain(ZD_OAUTH_TOKEN);
	});
});
