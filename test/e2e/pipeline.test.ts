/**
 * The shipped six-layer pipeline template (workflows/support-pipeline-webhook.json) in a real n8n
 * 2.41.1, with the package installed as Community Nodes installs it, against loopback stand-ins for
 * Zendesk, Shopify and Stripe. One n8n runs three copies of the template: as shipped (every intent
 * in shadow), and with the intents in suggest and in auto. Only the vendor base URLs (the Base URL
 * Override options of the executor and of the retriever's live facts) and, for the copies, the
 * rollout modes and webhook paths differ from the shipped file. A fourth copy (auto, webhook path
 * support-pipeline-auto-drift) has the return_refund intent's Refund Processing days out of step with the policy in force,
 * to show the Critic's bounded revise loop.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../stand-ins';
import { loadTemplate, loadWorkflow, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const WEBHOOK_HEADER_VALUE = ['e2e', 'pipeline', 'header'].join('-');
const ZD_TOKEN = ['zd', 'pipeline', '0001'].join('-');
const SHOP_TOKEN = ['shpat', 'pipeline0002'].join('_');
const STRIPE_KEY = ['sk', 'test', 'pipeline0003'].join('_');
const ZD_EMAIL = 'agent@example.com';

const ROUTER = 'Support Intent Router';
const PLANNER = 'Support Specialist Planner';
const CRITIC_PLAN = 'Support Critic (plan)';
const EXECUTOR = 'Support Action Executor';
const PACKAGER = 'Support Escalation Packager';
const RETRIEVER = 'Support Policy Retriever';

type Mode = 'shadow' | 'suggest' | 'auto' | 'auto-drift';

/**
 * The operator promised a refund time the policy does not give (refunds.v2: 5 business days): the
 * reply's "19 business days" is backed by no cited passage, a finding the planner can fix itself.
 */
/** Set where an operator sets it: the return_refund entry of the Intent Router (version 3). */
const DRIFTED_PROCESSING_DAYS = 19;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** A copy of the template: its own name, id and webhook path; vendor URLs pointed at the stand-ins. */
function pipelineCopy(mode: Mode, urls: { zendesk: string; shopify: string; stripe: string }): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as WorkflowJson & { id?: string };
	const rollout = mode === 'auto-drift' ? 'auto' : mode;
	if (mode !== 'shadow') {
		wf.name = `${wf.name} [${mode}]`;
		wf.id = `SupPipeline${mode.replace('-', '')}`.slice(0, 16).padEnd(16, '0');
	}
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = `support-pipeline${mode === 'shadow' ? '' : `-${mode}`}`;
			n.webhookId = `${n.webhookId.slice(0, -6)}${(mode === 'auto-drift' ? 'drift' : mode).slice(0, 6).padEnd(6, '0')}`;
		}
		if (n.name === ROUTER && mode !== 'shadow') for (const i of n.parameters.intents.intent) i.rolloutMode = rollout;
		if (n.name === ROUTER && mode === 'auto-drift') for (const i of n.parameters.intents.intent) if (i.name === 'return_refund') i.refundProcessingDays = DRIFTED_PROCESSING_DAYS;
		if (n.name === EXECUTOR) n.parameters.options = { zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
		if (n.name === RETRIEVER) n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: urls.shopify };
	}
	return wf;
}

function freshdesk(id: number, subject: string, message: string, email: string) {
	return { freshdesk_webhook: { ticket_id: id, ticket_subject: subject, ticket_description: message, ticket_contact_name: 'Sam Carter', ticket_contact_email: email } };
}

/**
 * A Zendesk-shaped body (what a Zendesk trigger's webhook sends): the shipped playbooks leave their
 * trace as a Zendesk internal note, which needs a Zendesk ticket; a Freshdesk ticket's plan is refused.
 */
function zendeskBody(id: number, subject: string, message: string, email: string) {
	return { 'ticket.id': String(id), 'ticket.title': subject, 'ticket.description': message, 'ticket.via': 'Mail', 'ticket.requester.name': 'Sam Carter', 'ticket.requester.email': email };
}

const POLICY_IDS = ['returns', 'refunds', 'shipping-domestic', 'delivery-problems', 'account', 'damaged-defective'];
function policyDocuments() {
	const dir = path.join(__dirname, '../fixtures/policies');
	const all = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as Json[];
	return all
		.filter((d) => POLICY_IDS.includes(d.documentId))
		.map((d) => ({ ...d, format: d.format, content: fs.readFileSync(path.join(dir, d.file), 'utf8') }));
}

describe('support pipeline template (real n8n, vendor stand-ins)', () => {
	let n8n: N8nInstance;
	let zendesk: ZendeskStandIn;
	let shopify: ShopifyStandIn;
	let stripe: StripeStandIn;

	const send = async (mode: Mode, body: unknown) =>
		await n8n.webhook(`support-pipeline${mode === 'shadow' ? '' : `-${mode}`}`, body, { headers: { 'X-Support-Token': WEBHOOK_HEADER_VALUE } });
	const runFor = async (ticketId: string, nth = 1): Promise<Execution> => {
		let seen = 0;
		const wanted = new Set<string>();
		return await n8n.waitForExecution((e) => {
			const router = e.data.resultData.runData[ROUTER];
			if (!router) return false;
			const items = (router[0].data?.main ?? []).flat().filter(Boolean) as Json[];
			if (!items.some((it) => it.json.support?.ticket?.id === ticketId)) return false;
			if (!wanted.has(e.id)) {
				wanted.add(e.id);
				seen++;
			}
			return seen >= nth;
		}, 30_000);
	};
	const order = (o: Json) => shopify.addOrder(o as Parameters<ShopifyStandIn['addOrder']>[0]);

	beforeAll(async () => {
		zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`).start();
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		stripe = await new StripeStandIn(STRIPE_KEY).start();
		const urls = { zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url };
		const credentials: CredentialSpec[] = [
			{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: WEBHOOK_HEADER_VALUE } },
			{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } },
			{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
			{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: STRIPE_KEY } },
		];
		n8n = await startN8n({
			workflows: [loadWorkflow('pipeline-ingest.json'), pipelineCopy('shadow', urls), pipelineCopy('suggest', urls), pipelineCopy('auto', urls), pipelineCopy('auto-drift', urls)],
			credentials,
		});
		const ingested = await n8n.webhook('pipeline-ingest', { documents: policyDocuments() });
		expect(ingested.status).toBe(200);
		expect((ingested.body as Json[]).length).toBe(policyDocuments().length);
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([zendesk?.close(), shopify?.close(), stripe?.close()]);
	});

	it('shadow (as shipped): a refund runs every layer as a dry run and writes nothing', async () => {
		order({ id: 5001, total_price: '40.00', email: 'sam@example.com', delivered_at: daysAgo(3) });
		zendesk.addTicket({ id: 7001 });
		const before = zendesk.writes.length + shopify.writes.length + stripe.writes.length;
		const res = await send('shadow', zendeskBody(7001, 'Refund for order #5001', 'Hello, my order #5001 arrived but it does not fit. I would like to return it and get my money back please.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7001', route: 'handled', intent: 'return_refund', rolloutMode: 'shadow', executionMode: 'shadow', execution: { outcome: 'dry_run', dryRun: true } });
		const run = await runFor('7001');
		const [done] = nodeOutputs(run, 'Support Critic (reply)')[0];
		const support = done.json.support as Json;
		expect(support.trace.map((t: Json) => t.layer)).toEqual(expect.arrayContaining(['intentRouter', 'policyRetriever', 'specialistPlanner', 'critic', 'toolExecutor']));
		// The order came from the retriever's Live Facts (Shopify, read only), looked up by its name.
		expect(support.context.facts).toEqual([expect.objectContaining({ kind: 'order', source: 'shopify', data: expect.objectContaining({ id: 5001, name: '#5001' }) })]);
		expect(support.plan.steps.map((s: Json) => s.tool)).toContain('shopify.refundOrder');
		expect(support.execution.steps.every((s: Json) => s.status !== 'succeeded')).toBe(true);
		expect(zendesk.writes.length + shopify.writes.length + stripe.writes.length).toBe(before);
		expect(shopify.orders.get(5001)!.refunds).toHaveLength(0);
	});

	it('suggest: the internal note reaches Zendesk, the refund is not sent', async () => {
		order({ id: 5002, total_price: '30.00', email: 'sam@example.com', delivered_at: daysAgo(2) });
		zendesk.addTicket({ id: 7002 });
		const res = await send('suggest', zendeskBody(7002, 'Refund for order #5002', 'Hi, order #5002 arrived and I do not like it. Please refund my money, I will send it back.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7002', intent: 'return_refund', rolloutMode: 'suggest' });
		await runFor('7002');
		const notes = zendesk.tickets.get(7002)!.comments.filter((c) => !c.public);
		expect(notes.length).toBeGreaterThanOrEqual(1);
		expect(shopify.orders.get(5002)!.refunds).toHaveLength(0);
		expect(shopify.writesForOrder(5002)).toHaveLength(0);
	});

	it('auto: an approved refund within the cap is sent once, and a re-delivered webhook writes nothing again', async () => {
		order({ id: 5003, total_price: '25.00', email: 'sam@example.com', delivered_at: daysAgo(4) });
		zendesk.addTicket({ id: 7003 });
		const body = zendeskBody(7003, 'Refund for order #5003', 'Hello, please refund order #5003. It arrived fine but is too small, I want my money back.', 'sam@example.com');
		const first = await send('auto', body);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ ticketId: '7003', route: 'handled', rolloutMode: 'auto', execution: { outcome: 'completed', dryRun: false } });
		await runFor('7003');
		expect(shopify.orders.get(5003)!.refunds).toHaveLength(1);
		expect(shopify.orders.get(5003)!.refunds[0].transactions[0].amount).toBe('25.00');
		const zdWrites = zendesk.writes.filter((w) => w.path.includes('/7003')).length;
		const notes = zendesk.tickets.get(7003)!.comments.length;
		expect(notes).toBeGreaterThanOrEqual(1);

		const again = await send('auto', body);
		expect(again.status).toBe(200);
		await runFor('7003', 2);
		expect(shopify.orders.get(5003)!.refunds).toHaveLength(1);
		expect(shopify.writesForOrder(5003)).toHaveLength(1);
		expect(zendesk.tickets.get(7003)!.comments).toHaveLength(notes);
		expect(zendesk.writes.filter((w) => w.path.includes('/7003')).length).toBe(zdWrites);
	});

	it('escalates a ticket the router cannot place, with the reason in the hand-off', async () => {
		const res = await send('shadow', freshdesk(7004, 'Question', 'Which tulip varieties flower best in a shady garden in April?', 'gardener@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7004', route: 'escalated', fromLayer: 'intentRouter' });
		expect((res.body as Json).reason).toMatch(/confidence|threshold/i);
		const run = await runFor('7004');
		const [item] = nodeOutputs(run, PACKAGER)[0];
		expect((item.json.support as Json).handoff.note.markdown).toMatch(/confidence|threshold/i);
	});

	it('escalates a refund on an order registered to someone else (identity not verified)', async () => {
		order({ id: 5006, total_price: '20.00', email: 'owner@example.com', delivered_at: daysAgo(1) });
		zendesk.addTicket({ id: 7006 });
		const res = await send('auto', zendeskBody(7006, 'Refund order #5006', 'Please refund order #5006 to me, I want my money back.', 'someone.else@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7006', route: 'escalated', fromLayer: 'specialistPlanner' });
		expect((res.body as Json).reason).toMatch(/identity not verified/);
		expect(shopify.orders.get(5006)!.refunds).toHaveLength(0);
	});

	/** The plan-stage Critic's verdict on each of its runs, in order. */
	const planVerdicts = (run: Execution) =>
		run.data.resultData.runData[CRITIC_PLAN].map((_, i) => ['approve', 'revise', 'escalate'][nodeOutputs(run, CRITIC_PLAN, i).findIndex((o) => o.length > 0)]);

	it('revise: a reply figure the policy does not back goes back to the planner (bounded by Max Revisions), then the revised plan runs', async () => {
		order({ id: 5005, total_price: '40.00', email: 'sam@example.com', delivered_at: daysAgo(2) });
		zendesk.addTicket({ id: 7005 });
		const res = await send('auto-drift', zendeskBody(7005, 'Refund for order #5005', 'Hello, order #5005 arrived and I want to return it. Please refund my money.', 'sam@example.com'));
		expect(res.status).toBe(200);
		const run = await runFor('7005');
		const verdicts = planVerdicts(run);
		// Max Revisions is 2 as shipped: at most two trips back to the planner, then approve or escalate.
		expect(verdicts.filter((v) => v === 'revise').length).toBeLessThanOrEqual(2);
		expect(run.data.resultData.runData[PLANNER].length).toBe(verdicts.filter((v) => v === 'revise').length + 1);
		expect(verdicts).toEqual(['revise', 'approve']);
		const [revised] = nodeOutputs(run, CRITIC_PLAN, 0)[1];
		const finding = (revised.json.support as Json).review.checks.find((c: Json) => !c.passed && c.onFail !== 'info');
		expect(finding).toMatchObject({ id: 'reply.claims_backed', onFail: 'revise' });
		expect(finding.reason).toContain('19 business days');
		expect(res.body).toMatchObject({ ticketId: '7005', route: 'handled', verdicts: ['plan:revise', 'plan:approve', 'reply:approve'], execution: { outcome: 'completed' } });
		expect((res.body as Json).draftReply).not.toMatch(/19 business days/);
		expect(shopify.refundedTotal(shopify.orders.get(5005)!)).toBe(40);
		process.stdout.write(`revise: plan verdicts ${verdicts.join(' -> ')}, response ${JSON.stringify(res.body).slice(0, 300)}\n`);
	});

	it('escalate: a customer asking for more than the cap goes to a person, who decides the amount; nothing is refunded', async () => {
		order({ id: 5007, total_price: '250.00', email: 'sam@example.com', delivered_at: daysAgo(2) });
		zendesk.addTicket({ id: 7007 });
		const res = await send('auto', zendeskBody(7007, 'Refund for order #5007', 'Hello, order #5007 arrived and I want to return it. Please refund my money.', 'sam@example.com'));
		expect(res.status).toBe(200);
		const run = await runFor('7007');
		expect(planVerdicts(run)).toEqual(['escalate']);
		expect(run.data.resultData.runData[PLANNER]).toHaveLength(1);
		expect(res.body).toMatchObject({ ticketId: '7007', route: 'escalated', fromLayer: 'critic', verdicts: ['plan:escalate'], execution: null });
		expect((res.body as Json).reason).toMatch(/The customer asked for a refund of everything paid, 250\.00 [A-Z]{3}, over the cap of 100\.00 [A-Z]{3} for automatic refunds/);
		const [packaged] = nodeOutputs(run, PACKAGER)[0];
		const handoff = (packaged.json.support as Json).handoff;
		expect(handoff.suggestedNextAction).toMatch(/^Decide the refund amount yourself: The customer asked for a refund of everything paid, 250\.00 [A-Z]{3}, over the cap of 100\.00/);
		expect(handoff.note.markdown).toContain('Decide the refund amount yourself');
		expect(shopify.orders.get(5007)!.refunds).toHaveLength(0);
		expect(shopify.writesForOrder(5007)).toHaveLength(0);
		process.stdout.write(`over-cap request: ${handoff.suggestedNextAction}\n`);
	});
});
