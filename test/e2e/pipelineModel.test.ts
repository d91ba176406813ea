/**
 * The shipped webhook pipeline template (workflows/support-pipeline-webhook.json) in a real n8n
 * 2.41.1 with a chat model behind every model engine: n8n's own OpenAI Chat Model node feeds the
 * Model input of the Intent Router (engine Model), the Specialist Planner (engine Model) and both
 * Critics (their optional judge); its credential points at the loopback OpenAI-compatible stand-in,
 * which answers each layer with a scripted, valid structured answer. Vendors are the loopback
 * Zendesk, Shopify and Stripe stand-ins, as in pipeline.test.ts. Everything else is as shipped,
 * except the intents' rollout mode (auto) and the webhook path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../stand-ins';
import { OpenAiCompatibleStandIn, type ChatRequestView, type ScriptedReply } from '../stand-ins/openaiCompatible';
import { readLayerPrompt, supportLayerOf, supportLayersResponder, type LayerPrompt } from '../stand-ins/openai/supportLayers';
import { loadTemplate, loadWorkflow, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const WEBHOOK_HEADER_VALUE = ['e2e', 'pipeline', 'model', 'header'].join('-');
const ZD_TOKEN = ['zd', 'pipeline', 'model', '01'].join('-');
const SHOP_TOKEN = ['shpat', 'pipelinemodel02'].join('_');
const STRIPE_KEY = ['sk', 'test', 'pipelinemodel03'].join('_');
const OPENAI_KEY = ['sk', 'e2e', 'pipeline', 'model'].join('-');
const ZD_EMAIL = 'agent@example.com';
const WEBHOOK_PATH = 'support-pipeline-model';

const ROUTER = 'Support Intent Router';
const PLANNER = 'Support Specialist Planner';
const CRITIC_PLAN = 'Support Critic (plan)';
const CRITIC_REPLY = 'Support Critic (reply)';
const EXECUTOR = 'Support Action Executor';
const RETRIEVER = 'Support Policy Retriever';
const PACKAGER = 'Support Escalation Packager';
const CHAT_MODEL = 'OpenAI Chat Model';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** The template in auto mode with every model engine on, all fed by one OpenAI Chat Model node. */
function pipelineWithModels(urls: { zendesk: string; shopify: string; stripe: string }): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as WorkflowJson & { id?: string; connections: Record<string, unknown> };
	wf.name = `${wf.name} [models]`;
	wf.id = 'SupPipelineModel';
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = WEBHOOK_PATH;
			n.webhookId = `${n.webhookId.slice(0, -6)}model0`;
		}
		if (n.name === ROUTER) {
			n.parameters.engine = 'model';
			for (const i of n.parameters.intents.intent) i.rolloutMode = 'auto';
		}
		if (n.name === PLANNER) n.parameters.engine = 'model';
		// Critic version 2 draws the Model input, and asks the judge, only when the operator chooses it.
		if (n.name === CRITIC_PLAN || n.name === CRITIC_REPLY) n.parameters.judge = 'rulesAndModel';
		if (n.name === EXECUTOR) n.parameters.options = { zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
		if (n.name === RETRIEVER) n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: urls.shopify };
	}
	wf.nodes.push({
		id: '5b0e7c2a-9d41-4f3e-8a6b-2c1d0e9f7a01',
		name: CHAT_MODEL,
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.3,
		position: [900, 620],
		parameters: {
			model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
			// n8n's own retries off: every call in the scripts below is answered once, in order.
			options: { maxRetries: 0, timeout: 20000 },
		},
		credentials: { openAiApi: { id: 'e2eOpenAiCred', name: 'Stand-in OpenAI' } },
	});
	wf.connections[CHAT_MODEL] = {
		ai_languageModel: [[ROUTER, PLANNER, CRITIC_PLAN, CRITIC_REPLY].map((node) => ({ node, type: 'ai_languageModel', index: 0 }))],
	};
	return wf;
}

function zendeskBody(id: number, subject: string, message: string, email: string) {
	return { 'ticket.id': String(id), 'ticket.title': subject, 'ticket.description': message, 'ticket.via': 'Mail', 'ticket.requester.name': 'Sam Carter', 'ticket.requester.email': email };
}

const POLICY_IDS = ['returns', 'refunds', 'shipping-domestic', 'delivery-problems', 'account', 'damaged-defective'];
function policyDocuments() {
	const dir = path.join(__dirname, '../fixtures/policies');
	const all = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as Json[];
	return all.filter((d) => POLICY_IDS.includes(d.documentId)).map((d) => ({ ...d, content: fs.readFileSync(path.join(dir, d.file), 'utf8') }));
}

// ---- What the stand-in answers, per layer -----------------------------------------------------------

const json = (value: unknown): ScriptedReply => ({ kind: 'json', value });

/** The router: refunds by keyword, everything else is not defined (to Human). */
function routerAnswer(request: ChatRequestView): ScriptedReply {
	const text = request.lastUser.toLowerCase();
	const refund = /refund|money back|return/.test(text);
	return json({ category: refund ? 'return_refund' : 'none', confidence: refund ? 0.93 : 0.4, urgency: 'normal', sentiment: 'neutral', reason: 'scripted' });
}

/** The passage a refund reply should cite: one of the refunds document, else the first shown. */
function refundPassage(prompt: LayerPrompt): string {
	const hit = prompt.passages.find((p) => /^Refunds v/i.test(p.line)) ?? prompt.passages.find((p) => /refund/i.test(p.line)) ?? prompt.passages[0];
	if (!hit) throw new Error('the planner was shown no policy passage');
	return hit.chunkId;
}

/** A plan as a careful model would make it: look the order up, refund what was paid, say so. */
function refundPlan(prompt: LayerPrompt) {
	const order = prompt.facts.order;
	if (!order) throw new Error(`the planner was shown no order fact: ${JSON.stringify(prompt)}`);
	const cite = refundPassage(prompt);
	const amount = Number(order.total ?? order.total_price);
	return {
		steps: [
			{ tool: 'shopify.getOrder', access: 'read', args: { orderId: order.id }, why: 'Check the order before refunding it', citations: [] },
			{ tool: 'shopify.refundOrder', access: 'write', args: { orderId: order.id, amount, currency: order.currency, reason: 'Customer return' }, why: 'The customer returns the order and asks for a refund', citations: [cite] },
		],
		reply: { body: `Hello Sam, we have refunded ${amount.toFixed(2)} ${String(order.currency)} for order ${String(order.name)} to your original payment method.`, citations: [cite] },
		assumptions: ['The customer sends the item back.'],
	};
}

/** The same plan, but refunding through Stripe: a tool outside the return_refund scope. */
function outOfScopePlan(prompt: LayerPrompt) {
	const plan = refundPlan(prompt);
	const refund = plan.steps[1];
	return { ...plan, steps: [plan.steps[0], { ...refund, tool: 'stripe.createRefund', args: { amount: refund.args.amount, currency: refund.args.currency } }] };
}

type PlannerScript = 'refund' | 'out-of-scope';
type JudgeScript = 'clean' | 'revise-once' | 'escalate';

describe('support pipeline template with the chat model behind every model engine (real n8n, stand-ins)', () => {
	let n8n: N8nInstance;
	let zendesk: ZendeskStandIn;
	let shopify: ShopifyStandIn;
	let stripe: StripeStandIn;
	const model = new OpenAiCompatibleStandIn({ apiKey: OPENAI_KEY });

	/** What each test scripts; the judge's finding cites a passage it was actually shown. */
	let plannerScript: PlannerScript = 'refund';
	let judgeScript: JudgeScript = 'clean';
	let planJudgeCalls = 0;
	const findingPassages: string[] = [];

	model.responder = supportLayersResponder({
		router: routerAnswer,
		planner: (request) => {
			const prompt = readLayerPrompt(request);
			return json(plannerScript === 'out-of-scope' ? outOfScopePlan(prompt) : refundPlan(prompt));
		},
		'judge:plan': (request) => {
			const prompt = readLayerPrompt(request);
			planJudgeCalls++;
			const flag = judgeScript === 'escalate' || (judgeScript === 'revise-once' && planJudgeCalls === 1);
			if (!flag) return json({ findings: [] });
			const passage = refundPassage(prompt);
			findingPassages.push(passage);
			return json({
				findings: [
					judgeScript === 'escalate'
						? { problem: 'The customer says the item was used for a month; the policy refunds unused items only', severity: 'escalate', passages: [passage], quote: 'unused' }
						: { problem: 'The reply does not say when the refund shows up, which the policy states', severity: 'revise', passages: [passage] },
				],
			});
		},
		'judge:reply': () => json({ findings: [] }),
	});

	const send = async (body: unknown) => await n8n.webhook(WEBHOOK_PATH, body, { headers: { 'X-Support-Token': WEBHOOK_HEADER_VALUE } });
	const runFor = async (ticketId: string): Promise<Execution> =>
		await n8n.waitForExecution((e) => {
			const router = e.data.resultData.runData[ROUTER];
			const items = (router?.[0].data?.main ?? []).flat().filter(Boolean) as Json[];
			return items.some((it) => it.json.support?.ticket?.id === ticketId);
		}, 30_000);
	const order = (o: Json) => shopify.addOrder(o as Parameters<ShopifyStandIn['addOrder']>[0]);
	const layersAsked = () => model.chatRequests.map(supportLayerOf);
	const planVerdicts = (run: Execution) =>
		run.data.resultData.runData[CRITIC_PLAN].map((_, i) => ['approve', 'revise', 'escalate'][nodeOutputs(run, CRITIC_PLAN, i).findIndex((o) => o.length > 0)]);
	const writesFor = (orderId: number) => shopify.writesForOrder(orderId).length;

	beforeAll(async () => {
		await model.start();
		zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`).start();
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		stripe = await new StripeStandIn(STRIPE_KEY).start();
		const credentials: CredentialSpec[] = [
			{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: WEBHOOK_HEADER_VALUE } },
			{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } },
			{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
			{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: STRIPE_KEY } },
			{ id: 'e2eOpenAiCred', name: 'Stand-in OpenAI', type: 'openAiApi', data: { apiKey: OPENAI_KEY, url: model.baseURL, header: false } },
		];
		n8n = await startN8n({
			workflows: [loadWorkflow('pipeline-ingest.json'), pipelineWithModels({ zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url })],
			credentials,
		});
		const ingested = await n8n.webhook('pipeline-ingest', { documents: policyDocuments() });
		expect(ingested.status).toBe(200);
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([zendesk?.close(), shopify?.close(), stripe?.close(), model.close()]);
	});
	beforeEach(() => {
		model.reset();
		plannerScript = 'refund';
		judgeScript = 'clean';
		planJudgeCalls = 0;
		findingPassages.length = 0;
	});

	it('auto: the model routes, plans and judges a refund, which is written once at Shopify', async () => {
		order({ id: 5101, total_price: '25.00', email: 'sam@example.com', delivered_at: daysAgo(4) });
		zendesk.addTicket({ id: 7101 });
		const res = await send(zendeskBody(7101, 'Refund for order #5101', 'Hello, please refund order #5101. It arrived fine but is too small, I want my money back.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7101', route: 'handled', intent: 'return_refund', rolloutMode: 'auto', verdicts: ['plan:approve', 'reply:approve'], execution: { outcome: 'completed', dryRun: false } });
		const run = await runFor('7101');
		const [done] = nodeOutputs(run, CRITIC_REPLY)[0];
		const support = done.json.support as Json;

		// Router: the model decided; planner: the model's plan; both Critics: rules plus the judge.
		expect(support.intent).toMatchObject({ engine: 'model', decidedBy: 'model', category: 'return_refund' });
		expect(support.plan.engine).toBe('model');
		expect(support.plan.steps.map((s: Json) => s.tool)).toEqual(['shopify.getOrder', 'shopify.refundOrder']);
		const critics = support.trace.filter((t: Json) => t.layer === 'critic');
		expect(critics.map((t: Json) => [t.engine, t.outcome])).toEqual([
			['rules+judge', 'plan:approve'],
			['rules+judge', 'reply:approve'],
		]);
		expect(support.review.checks).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'judge', passed: true })]));
		expect(layersAsked()).toEqual(['router', 'planner', 'judge:plan', 'judge:reply']);

		// What the judge was shown: the passages the plan cites, by id.
		const cited = support.plan.steps[1].citations as string[];
		expect(cited).toHaveLength(1);
		const judgeRequest = model.chatRequests.find((r) => supportLayerOf(r) === 'judge:plan')!;
		expect(readLayerPrompt(judgeRequest).passages.map((p) => p.chunkId)).toEqual(expect.arrayContaining(cited));

		expect(shopify.orders.get(5101)!.refunds).toHaveLength(1);
		expect(shopify.orders.get(5101)!.refunds[0].transactions[0].amount).toBe('25.00');
		expect(shopify.writesForOrder(5101)).toHaveLength(1);
		expect(stripe.writes).toHaveLength(0);
		expect(model.requests.every((r) => r.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);
		expect(JSON.stringify(run.data)).not.toContain(OPENAI_KEY);
	});

	it('a planner model that twice proposes a tool outside the intent scope escalates with the reason; nothing is written', async () => {
		plannerScript = 'out-of-scope';
		order({ id: 5102, total_price: '30.00', email: 'sam@example.com', delivered_at: daysAgo(2) });
		zendesk.addTicket({ id: 7102 });
		const stripeBefore = stripe.writes.length;
		const res = await send(zendeskBody(7102, 'Refund for order #5102', 'Hi, order #5102 does not fit. Please refund my money, I will send it back.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7102', route: 'escalated', fromLayer: 'specialistPlanner', execution: null });
		const reason = (res.body as Json).reason as string;
		expect(reason).toContain("The model's plan was rejected twice");
		expect(reason).toContain(`"stripe.createRefund" is not in this intent's tool scope`);

		const planners = model.chatRequests.filter((r) => supportLayerOf(r) === 'planner');
		expect(planners).toHaveLength(2);
		expect(readLayerPrompt(planners[1]).rejectedBecause).toContain('stripe.createRefund');
		// Never reviewed, never executed.
		expect(layersAsked()).toEqual(['router', 'planner', 'planner']);
		const run = await runFor('7102');
		expect(run.data.resultData.runData[CRITIC_PLAN]).toBeUndefined();
		expect(run.data.resultData.runData[EXECUTOR]).toBeUndefined();
		const [packaged] = nodeOutputs(run, PACKAGER)[0];
		expect((packaged.json.support as Json).handoff.note.markdown).toContain('stripe.createRefund');
		expect(writesFor(5102)).toBe(0);
		expect(stripe.writes.length).toBe(stripeBefore);
		expect(shopify.orders.get(5102)!.refunds).toHaveLength(0);
	});

	it('the judge finding a revisable problem sends the plan back once, citing the passage; the revised plan runs once', async () => {
		judgeScript = 'revise-once';
		order({ id: 5103, total_price: '40.00', email: 'sam@example.com', delivered_at: daysAgo(3) });
		zendesk.addTicket({ id: 7103 });
		const res = await send(zendeskBody(7103, 'Refund for order #5103', 'Hello, order #5103 arrived and I want to return it. Please refund my money.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7103', route: 'handled', verdicts: ['plan:revise', 'plan:approve', 'reply:approve'], execution: { outcome: 'completed' } });
		const run = await runFor('7103');
		expect(planVerdicts(run)).toEqual(['revise', 'approve']);
		const [revised] = nodeOutputs(run, CRITIC_PLAN, 0)[1];
		const finding = (revised.json.support as Json).review.checks.find((c: Json) => c.id === 'judge.1');
		expect(findingPassages).toHaveLength(1);
		expect(finding).toMatchObject({ passed: false, onFail: 'revise' });
		expect(finding.reason).toContain(`(passages: ${findingPassages[0]})`);
		// The planner's second request carries the judge's finding, with the passage id.
		const planners = model.chatRequests.filter((r) => supportLayerOf(r) === 'planner');
		expect(planners).toHaveLength(2);
		expect(readLayerPrompt(planners[1]).reviewerFindings).toContain(findingPassages[0]);
		expect(layersAsked()).toEqual(['router', 'planner', 'judge:plan', 'planner', 'judge:plan', 'judge:reply']);
		expect(shopify.orders.get(5103)!.refunds).toHaveLength(1);
		expect(shopify.writesForOrder(5103)).toHaveLength(1);
	});

	it('the judge finding a problem that needs a person escalates before anything is written, with the cited passage', async () => {
		judgeScript = 'escalate';
		order({ id: 5104, total_price: '35.00', email: 'sam@example.com', delivered_at: daysAgo(2) });
		zendesk.addTicket({ id: 7104 });
		const res = await send(zendeskBody(7104, 'Refund for order #5104', 'Hello, I used the jacket from order #5104 for a month. Please refund my money, I will return it.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7104', route: 'escalated', fromLayer: 'critic', verdicts: ['plan:escalate'], execution: null });
		expect(findingPassages).toHaveLength(1);
		const reason = (res.body as Json).reason as string;
		expect(reason).toMatch(/^Critic \(plan\) escalated: judge\.1: /);
		expect(reason).toContain('refunds unused items only');
		expect(reason).toContain(`(passages: ${findingPassages[0]})`);
		expect(layersAsked()).toEqual(['router', 'planner', 'judge:plan']);
		const run = await runFor('7104');
		expect(run.data.resultData.runData[EXECUTOR]).toBeUndefined();
		expect(writesFor(5104)).toBe(0);
		expect(shopify.orders.get(5104)!.refunds).toHaveLength(0);
	});
});
