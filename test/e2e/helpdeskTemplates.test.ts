/**
 * The Zendesk and Help Scout templates (workflows/support-zendesk.json, support-helpscout.json) in
 * a real n8n 2.41.1. As issue 7 allows, only the vendor trigger is swapped, for a Webhook node of
 * the same name fed that vendor's payload (test/fixtures/helpdesk); every other node stays as
 * shipped, our keyed replies (Send Reply, to Zendesk and Help Scout) and the Packager's own hand-off
 * notes (Write Note To: Zendesk, Help Scout) included. They
 * build https://<subdomain>.zendesk.com and https://api.helpscout.net from the credentials, so n8n is started with
 * HTTPS_PROXY pointing at a loopback proxy that hands each vendor host to its stand-in (and trusts
 * the proxy's throwaway CA): the credentials hold stand-in secrets, the URLs stay the real ones.
 *
 * Each template also runs a second time with the router's engine set to Model and n8n's OpenAI Chat
 * Model node connected to the OpenAI-compatible stand-in (as routerModel.test.ts does).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { toHtml } from '../../engine/execution/connectors/html';
import { HelpScoutStandIn, ShopifyStandIn, ZendeskStandIn, type HelpScoutThread } from '../stand-ins';
import { OpenAiCompatibleStandIn } from '../stand-ins/openaiCompatible';
import { VendorTlsProxy } from '../stand-ins/vendorTlsProxy';
import { loadTemplate, loadWorkflow, nodeOutputs, nodesRun, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(300_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Engine = 'builtin' | 'model';

const ZD_TOKEN = ['zd', 'helpdesk', '0001'].join('-');
const ZD_EMAIL = 'agent@example.com';
const SHOP_TOKEN = ['shpat', 'helpdesk0002'].join('_');
const HS_TOKEN = ['hs', 'helpdesk', '0003'].join('-');
const OPENAI_KEY = ['sk', 'helpdesk', 'stand', 'in'].join('-');

const ROUTER = 'Support Intent Router';
const PACKAGER = 'Support Escalation Packager';
const SWITCH = 'Reply by rollout mode';
const ZD = { trigger: 'Zendesk Trigger', reply: 'Zendesk: public reply', note: 'Zendesk: suggested reply (internal note)' };
const HS = { trigger: 'Help Scout Trigger', reply: 'Help Scout: reply', note: 'Help Scout: suggested reply (note)' };

const fixture = (file: string): Json => JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/helpdesk', file), 'utf8')) as Json;

/**
 * The shipped template with its vendor trigger swapped for a Webhook node of the same name (so the
 * connections stay as shipped); for the model run, the router's engine set to Model and n8n's
 * OpenAI Chat Model node connected to it.
 */
function asTested(file: string, trigger: string, webhookPath: string, engine: Engine): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate(file))) as WorkflowJson & { id?: string; connections: Json };
	const shipped = wf.nodes.find((n) => n.name === trigger)!;
	expect(shipped.type).toMatch(/Trigger$/);
	const index = wf.nodes.indexOf(shipped);
	wf.nodes[index] = {
		id: shipped.id,
		name: trigger,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: shipped.position,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
	if (engine === 'model') {
		delete wf.id;
		wf.name = `${wf.name} [model]`;
		for (const n of wf.nodes) if (n.name !== trigger) n.id = randomUUID();
		const router = wf.nodes.find((n) => n.name === ROUTER)!;
		router.parameters = { ...router.parameters, engine: 'model', modelAttempts: 1, modelTimeout: 5000 };
		wf.nodes.push({
			id: randomUUID(),
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [540, 620],
			parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: { maxRetries: 0, timeout: 20000 } },
			credentials: { openAiApi: { id: 'helpdeskOpenAi', name: 'Stand-in OpenAI' } },
		});
		wf.connections['OpenAI Chat Model'] = { ai_languageModel: [[{ node: ROUTER, type: 'ai_languageModel', index: 0 }]] };
	}
	return wf;
}

const POLICY_IDS = ['returns', 'refunds', 'shipping-domestic', 'delivery-problems', 'account', 'damaged-defective'];
function policyDocuments() {
	const dir = path.join(__dirname, '../fixtures/policies');
	const all = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as Json[];
	return all.filter((d) => POLICY_IDS.includes(d.documentId)).map((d) => ({ ...d, content: fs.readFileSync(path.join(dir, d.file), 'utf8') }));
}

/** A Zendesk Trigger body (the fields the template asks for), from the fixture's shape. */
function zendeskEvent(id: number, subject: string, message: string, email = 'sam@example.com'): Json {
	const base = fixture('zendesk-trigger.json');
	return { ...base, 'ticket.id': String(id), 'ticket.title': subject, 'ticket.description': message, 'ticket.latest_comment': message, 'ticket.url': `acme.zendesk.com/agent/tickets/${id}`, 'ticket.requester.name': 'Sam Carter', 'ticket.requester.email': email, 'ticket.tags': 'web_order' };
}

/** A Help Scout `convo.created` body from the fixture, with its id and the customer's message replaced. */
function helpScoutCreated(id: number, subject: string, message: string): Json {
	const convo = fixture('helpscout-convo-created.json');
	convo.id = id;
	convo.subject = subject;
	convo._embedded.threads[0].body = `<p>${message}</p>`;
	return convo;
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const answer = (category: string, confidence: number) => ({ kind: 'json' as const, value: { category, confidence, urgency: 'normal', sentiment: 'neutral', reason: 'scripted' } });

describe('helpdesk templates (real n8n; vendor trigger swapped for a Webhook, everything else as shipped)', () => {
	let n8n: N8nInstance;
	let zendesk: ZendeskStandIn;
	let shopify: ShopifyStandIn;
	let helpScout: HelpScoutStandIn;
	let proxy: VendorTlsProxy;
	const model = new OpenAiCompatibleStandIn({ apiKey: OPENAI_KEY });

	/** The finished execution whose router saw this ticket. */
	/** The finished run for the ticket; `after`: a later run than that one (a re-delivery). */
	const runFor = async (ticketId: string, after?: Execution): Promise<Execution> =>
		await n8n.waitForExecution((e) => {
			if (after && Number(e.id) <= Number(after.id)) return false;
			const router = e.data.resultData.runData[ROUTER];
			return !!router && (router[0].data?.main ?? []).flat().some((it) => (it?.json.support as Json | undefined)?.ticket?.id === ticketId);
		}, 60_000);
	const send = async (webhookPath: string, body: Json) => {
		const res = await n8n.webhook(webhookPath, body);
		expect(res.status).toBe(200);
	};
	/** Orders as the retriever reads them, with the delivery date the playbooks' windows check. */
	const addOrder = (o: Json) => shopify.addOrder(o as Parameters<ShopifyStandIn['addOrder']>[0]);
	const outputOf = (run: Execution, node: string): Json[] => nodeOutputs(run, node).flat().map((i) => i.json as Json);

	beforeAll(async () => {
		zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`).start();
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		helpScout = await new HelpScoutStandIn(HS_TOKEN).start();
		await model.start();
		proxy = await new VendorTlsProxy([
			{ host: '*.zendesk.com', target: zendesk.url },
			{ host: '*.myshopify.com', target: shopify.url },
			{ host: 'api.helpscout.net', target: helpScout.url },
		]).start();
		const credentials: CredentialSpec[] = [
			{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } },
			{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
			{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: 'sk_test_unused' } },
			{
				id: 'supportHelpScout',
				name: 'Help Scout (support)',
				type: 'helpScoutOAuth2Api',
				// A connected OAuth2 credential: n8n signs with the stored access token and refreshes it only after a 401.
				data: { clientId: 'stand-in-app', clientSecret: 'stand-in-secret', oauthTokenData: { token_type: 'bearer', access_token: HS_TOKEN, refresh_token: `refresh-${HS_TOKEN}`, expires_in: 172800 } },
			},
			{ id: 'helpdeskOpenAi', name: 'Stand-in OpenAI', type: 'openAiApi', data: { apiKey: OPENAI_KEY, url: model.baseURL, header: false } },
		];
		n8n = await startN8n({
			workflows: [
				loadWorkflow('pipeline-ingest.json'),
				asTested('support-zendesk.json', ZD.trigger, 'zendesk-template', 'builtin'),
				asTested('support-zendesk.json', ZD.trigger, 'zendesk-template-model', 'model'),
				asTested('support-helpscout.json', HS.trigger, 'helpscout-template', 'builtin'),
				asTested('support-helpscout.json', HS.trigger, 'helpscout-template-model', 'model'),
			],
			credentials,
			env: proxy.env,
		});
		// The order of the Zendesk Trigger fixture (test/fixtures/helpdesk/zendesk-trigger.json).
		addOrder({ id: 10457, total_price: '89.00', email: 'maria.schneider@example.com', delivered_at: daysAgo(1) });
		const ingested = await n8n.webhook('pipeline-ingest', { documents: policyDocuments() });
		expect(ingested.status).toBe(200);
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([zendesk?.close(), shopify?.close(), helpScout?.close(), model.close(), proxy?.close()]);
	});
	beforeEach(() => model.reset());

	describe.each([['builtin' as Engine], ['model' as Engine]])('Zendesk template, router engine %s', (engine) => {
		const base = engine === 'builtin' ? 8100 : 8200;
		const hook = engine === 'builtin' ? 'zendesk-template' : 'zendesk-template-model';

		it('auto (order_status): the reply reaches the customer as a public comment through Send Reply, once, however often Zendesk delivers the trigger', async () => {
			const id = base + 1;
			shopify.addOrder({ id: id + 1000, total_price: '40.00', email: 'sam@example.com' });
			zendesk.addTicket({ id });
			if (engine === 'model') model.enqueue(answer('order_status', 0.95));
			const event = zendeskEvent(id, `Where is my order #${id + 1000}?`, `Hello, I ordered last week (order #${id + 1000}) and it still has not arrived. Where is my order?`);
			await send(hook, event);
			const run = await runFor(String(id));
			expect(nodesRun(run)).toContain(ZD.reply);
			const [routed] = outputOf(run, SWITCH);
			expect(routed.support.intent).toMatchObject({ category: 'order_status', rolloutMode: 'auto' });
			if (engine === 'model') expect(routed.support.intent).toMatchObject({ engine: 'model', decidedBy: 'model' });
			const publicComments = zendesk.tickets.get(id)!.comments.filter((c) => c.public);
			expect(publicComments).toHaveLength(1);
			expect(publicComments[0].body).toContain(`#${id + 1000}`);
			expect(publicComments[0].body).toBe(routed.support.plan.draftReply.body);
			expect(proxy.seen).toContainEqual({ host: 'acme.zendesk.com', method: 'PUT', path: `/api/v2/tickets/${id}.json` });
			expect(outputOf(run, ZD.reply)[0].support.trace.at(-1)).toMatchObject({ node: ZD.reply, outcome: 'reply:succeeded' });

			// Zendesk delivers the same trigger call again: Send Reply finds its marker tag and posts nothing.
			if (engine === 'model') model.enqueue(answer('order_status', 0.95));
			await send(hook, event);
			const again = await runFor(String(id), run);
			expect(outputOf(again, ZD.reply)[0].support.trace.at(-1)).toMatchObject({ outcome: 'reply:already_done' });
			expect(zendesk.tickets.get(id)!.comments.filter((c) => c.public)).toHaveLength(1);
		});

		it('suggest (return_refund, the Zendesk Trigger fixture): the draft goes to the ticket as an internal note; no refund, nothing public', async () => {
			const id = base + 2;
			zendesk.addTicket({ id });
			if (engine === 'model') model.enqueue(answer('return_refund', 0.9));
			const event = fixture('zendesk-trigger.json');
			await send(hook, { ...event, 'ticket.id': String(id), 'ticket.latest_comment': event['ticket.description'] });
			const run = await runFor(String(id));
			expect(nodesRun(run)).toContain(ZD.note);
			expect(nodesRun(run)).not.toContain(ZD.reply);
			const [routed] = outputOf(run, SWITCH);
			expect(routed.support.intent).toMatchObject({ category: 'return_refund', rolloutMode: 'suggest' });
			expect(routed.support.execution).toMatchObject({ mode: 'suggest', dryRun: true });
			const comments = zendesk.tickets.get(id)!.comments;
			expect(comments.filter((c) => c.public)).toHaveLength(0);
			const suggestion = comments.find((c) => c.html_body.includes('Suggested reply'));
			expect(suggestion).toMatchObject({ public: false });
			expect(suggestion!.html_body).toContain('return_refund');
			expect(shopify.orders.get(10457)!.refunds).toHaveLength(0);
		});

		it('low confidence: the Packager itself writes the hand-off as a private comment with tags and priority, once per ticket', async () => {
			const id = base + 3;
			zendesk.addTicket({ id, tags: ['web_order'] });
			const event = zendeskEvent(id, 'Question', 'Which tulip varieties flower best in a shady garden in April?', 'gardener@example.com');
			if (engine === 'model') model.enqueue(answer('return_refund', 0.2));
			await send(hook, event);
			const run = await runFor(String(id));
			expect(nodesRun(run)).not.toContain(SWITCH);
			// The Packager is the last node on this path: no helpdesk node after it posts the note.
			expect(nodesRun(run)[nodesRun(run).length - 1]).toBe(PACKAGER);
			const [handedOff] = outputOf(run, PACKAGER);
			expect(handedOff.support.handoff).toMatchObject({ fromLayer: 'intentRouter' });
			expect(handedOff.support.handoff.reason).toMatch(/confidence|threshold/i);
			const ticket = zendesk.tickets.get(id)!;
			expect(ticket.comments).toEqual([expect.objectContaining({ public: false, html_body: handedOff.support.handoff.note.html })]);
			expect(ticket.tags).toEqual(expect.arrayContaining(['web_order', 'support-escalated', ...handedOff.support.handoff.tags]));
			expect(ticket.priority).toBe(handedOff.support.handoff.priority);

			// Zendesk re-delivers the same trigger call: the Packager finds its marker tag and adds no second note.
			if (engine === 'model') model.enqueue(answer('return_refund', 0.2));
			await send(hook, event);
			const again = await runFor(String(id), run);
			expect(outputOf(again, PACKAGER)[0].support.trace.at(-1).outcome).toMatch(/zendesk:/);
			expect(zendesk.tickets.get(id)!.comments).toHaveLength(1);
		});
	});

	describe.each([['builtin' as Engine], ['model' as Engine]])('Help Scout template, router engine %s', (engine) => {
		const base = engine === 'builtin' ? 3100 : 3200;
		const hook = engine === 'builtin' ? 'helpscout-template' : 'helpscout-template-model';

		it('auto (order_status, customer reply fixture): one reply thread through Send Reply, however often Help Scout delivers the webhook', async () => {
			const convo = fixture('helpscout-customer-reply.json');
			convo.id = base + 1;
			const orderId = 10388 + base;
			convo.subject = convo.subject.replace('10388', String(orderId));
			for (const t of convo._embedded.threads) if (typeof t.body === 'string') t.body = t.body.replace(/10388/g, String(orderId));
			// Shipped, with a tracking number: the playbook's "on its way" sentence needs no policy citation.
			addOrder({ id: orderId, total_price: '59.00', email: 'tom.walsh@example.com', fulfillment_status: 'fulfilled', fulfillments: [{ id: orderId * 10, status: 'success', tracking_number: `DHL-${orderId}` }] });
			// The conversation as Help Scout holds it: the fixture's threads (an agent's earlier reply included).
			const kinds: Record<string, HelpScoutThread['type']> = { customer: 'customer', message: 'reply', note: 'note' };
			const seeded = (convo._embedded.threads as Json[])
				.filter((t) => kinds[t.type])
				.map((t) => ({ id: t.id, type: kinds[t.type], text: t.body, createdAt: t.createdAt, ...(t.type === 'customer' ? { customer: { id: t.createdBy.id } } : {}) }));
			helpScout.addConversation({ id: convo.id, tags: ['shipping'], threads: seeded });
			const posted = () => helpScout.conversations.get(convo.id)!.threads.slice(seeded.length);
			const replyPosts = () => helpScout.writes.filter((w) => w.method === 'POST' && w.path === `/v2/conversations/${convo.id}/reply`);
			if (engine === 'model') model.enqueue(answer('order_status', 0.95));
			await send(hook, convo);
			const run = await runFor(String(convo.id));
			expect(nodesRun(run)).toContain(HS.reply);
			const [routed] = outputOf(run, SWITCH);
			expect(routed.support.intent).toMatchObject({ category: 'order_status', rolloutMode: 'auto' });
			expect(posted()).toEqual([expect.objectContaining({ type: 'reply', customer: { id: 412990070 } })]);
			const [thread] = posted();
			expect(thread.text).toContain(`#${orderId}`);
			expect(thread.text).toContain(`DHL-${orderId}`);
			expect(thread.text).toBe(toHtml(routed.support.plan.draftReply.body, false));
			expect(proxy.seen).toContainEqual({ host: 'api.helpscout.net', method: 'POST', path: `/v2/conversations/${convo.id}/reply` });
			expect(outputOf(run, HS.reply)[0].support.trace.at(-1)).toMatchObject({ node: HS.reply, outcome: 'reply:succeeded' });
			// The marker tag, added to the tags the conversation had.
			expect(helpScout.conversations.get(convo.id)!.tags).toEqual(['shipping', expect.stringMatching(/^sc_[0-9a-f]{16}$/)]);

			// Help Scout delivers the same webhook again: Send Reply finds its marker and posts nothing.
			if (engine === 'model') model.enqueue(answer('order_status', 0.95));
			await send(hook, convo);
			const again = await runFor(String(convo.id), run);
			expect(outputOf(again, HS.reply)[0].support.trace.at(-1)).toMatchObject({ outcome: 'reply:already_done' });
			expect(posted()).toHaveLength(1);
			expect(replyPosts()).toHaveLength(1);
		});

		it('suggest (return_refund): the draft goes to the conversation as a note; no refund', async () => {
			const orderId = 20000 + base;
			addOrder({ id: orderId, total_price: '35.00', email: 'priya.raman@example.com', delivered_at: daysAgo(2) });
			const convo = helpScoutCreated(base + 2, `Refund for order #${orderId}`, `Hello, order #${orderId} arrived and I do not like it. Please refund my money, I will send it back.`);
			helpScout.addConversation({ id: convo.id });
			if (engine === 'model') model.enqueue(answer('return_refund', 0.9));
			await send(hook, convo);
			const run = await runFor(String(convo.id));
			expect(nodesRun(run)).toContain(HS.note);
			const [routed] = outputOf(run, SWITCH);
			expect(routed.support.intent).toMatchObject({ category: 'return_refund', rolloutMode: 'suggest' });
			const threads = helpScout.conversations.get(convo.id)!.threads;
			expect(threads).toEqual([expect.objectContaining({ type: 'note' })]);
			expect(threads[0].text).toContain('Suggested reply');
			expect(shopify.orders.get(orderId)!.refunds).toHaveLength(0);
		});

		it('low confidence: the Packager itself posts the hand-off as one note and adds the tags; a second delivery adds none', async () => {
			const convo = helpScoutCreated(base + 3, 'Question', 'Which tulip varieties flower best in a shady garden in April?');
			helpScout.addConversation({ id: convo.id, tags: ['login'] });
			const notePosts = () => helpScout.writes.filter((w) => w.method === 'POST' && w.path === `/v2/conversations/${convo.id}/notes`);
			if (engine === 'model') model.enqueue(answer('return_refund', 0.2));
			await send(hook, convo);
			const run = await runFor(String(convo.id));
			expect(nodesRun(run)).not.toContain(SWITCH);
			// The Packager is the last node on this path: no helpdesk node after it posts the note.
			expect(nodesRun(run)[nodesRun(run).length - 1]).toBe(PACKAGER);
			const [handedOff] = outputOf(run, PACKAGER);
			expect(handedOff.support.handoff.reason).toMatch(/confidence|threshold/i);
			expect(handedOff.support.trace.at(-1).outcome).toMatch(/;helpscout:written:thread=\d+$/);
			const conversation = helpScout.conversations.get(convo.id)!;
			expect(conversation.threads).toEqual([expect.objectContaining({ type: 'note' })]);
			// The note, then its reference line with the marker the ledger looks for.
			expect(conversation.threads[0].text).toMatch(/<p><small>support-coordination sc_[0-9a-f]{16}<\/small><\/p>$/);
			expect(conversation.threads[0].text.startsWith(handedOff.support.handoff.note.html)).toBe(true);
			expect(conversation.tags).toEqual(['login', ...handedOff.support.handoff.tags, expect.stringMatching(/^sc_[0-9a-f]{16}$/)]);
			expect(proxy.seen).toContainEqual({ host: 'api.helpscout.net', method: 'POST', path: `/v2/conversations/${convo.id}/notes` });

			// Help Scout delivers the same webhook again: the Packager finds its marker and adds no second note.
			if (engine === 'model') model.enqueue(answer('return_refund', 0.2));
			await send(hook, convo);
			const again = await runFor(String(convo.id), run);
			expect(outputOf(again, PACKAGER)[0].support.trace.at(-1).outcome).toMatch(/;helpscout:already_written$/);
			expect(helpScout.conversations.get(convo.id)!.threads).toHaveLength(1);
			expect(notePosts()).toHaveLength(1);
		});
	});
});
