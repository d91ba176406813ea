/**
 * Writes workflows/support-pipeline-webhook.json: the six layers wired as DESIGN.md draws them,
 * behind a header-auth Webhook. Generated so node ids stay stable and the wiring stays readable:
 *   npx tsx scripts/templates/pipelineWebhook.ts
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PKG = 'n8n-nodes-support-coordination';
type Node = { parameters: Record<string, unknown>; id: string; name: string; type: string; typeVersion: number; position: [number, number]; [k: string]: unknown };

/** A stable uuid-shaped id from a name, so regenerating the file changes nothing. */
function uid(name: string): string {
	const h = createHash('sha1').update(`support-pipeline-webhook:${name}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): Node => ({
	parameters,
	id: uid(name),
	name,
	type,
	typeVersion,
	position,
	...extra,
});
const sticky = (name: string, position: [number, number], width: number, height: number, content: string, color = 7): Node =>
	node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });

const INTENTS = [
	{ name: 'return_refund', description: 'Customer wants money back or to return an item', examples: ['I want a refund for my order', 'Please refund order #1234', 'Can I return these shoes and get my money back?', "I'd like to send this back, it doesn't fit", 'How do I get a refund for a damaged item?', 'The product broke after two days, I want my money back', 'Return request for my last purchase', 'I was charged for an item I returned, where is my refund?'] },
	{ name: 'order_status', description: 'Where is my order, delivery and shipping questions', examples: ['Where is my order?', "My package hasn't arrived yet", 'When will order 5531 be delivered?', "The tracking number doesn't show any updates", 'Has my order shipped yet?', "It's been two weeks and my parcel is still not here", 'Can you tell me the delivery date for my order?', 'The courier says delivered but I never got it'] },
	{ name: 'technical_issue', description: 'The app, website or a device does not work', examples: ['The app crashes when I open it', 'I get an error 500 on checkout', 'The website is not loading', "My device won't turn on after the update", 'Payment page keeps spinning and never finishes', 'Bluetooth pairing fails every time', 'The login button does nothing on my phone', 'Sync stopped working since yesterday'] },
	{ name: 'account_access', description: 'Login, password and account settings', examples: ['I forgot my password', "I can't log in to my account", 'How do I reset my password?', 'My account is locked after too many attempts', 'I need to change the email on my account', 'I never received the password reset email', 'Please delete my account', 'Two-factor code is not arriving'] },
];

const cred = (type: string, id: string, name: string) => ({ [type]: { id, name } });
const SHOPIFY = cred('shopifyAccessTokenApi', 'supportShopify', 'Shopify (support)');

const R = 'Support Policy Retriever';

const handled =
	"={{ JSON.stringify({ ticketId: $json.support.ticket.id, route: 'handled', intent: $json.support.intent.category, confidence: $json.support.intent.confidence, rolloutMode: $json.support.intent.rolloutMode, executionMode: $json.support.execution.mode, verdicts: $json.support.trace.filter(t => t.layer === 'critic').map(t => t.outcome), execution: { outcome: $json.support.execution.outcome, dryRun: $json.support.execution.dryRun, steps: $json.support.execution.steps.map(s => ({ tool: s.tool, status: s.status })) }, draftReply: $json.support.plan.draftReply.body }) }}";
const escalated =
	"={{ JSON.stringify({ ticketId: $json.support.ticket ? $json.support.ticket.id : null, route: 'escalated', intent: $json.support.intent ? $json.support.intent.category : null, rolloutMode: $json.support.intent ? $json.support.intent.rolloutMode : null, fromLayer: $json.support.handoff.fromLayer, reason: $json.support.handoff.reason, summary: $json.support.handoff.summary, priority: $json.support.handoff.priority, tags: $json.support.handoff.tags, verdicts: ($json.support.trace || []).filter(t => t.layer === 'critic').map(t => t.outcome), execution: $json.support.execution ? { outcome: $json.support.execution.outcome, dryRun: $json.support.execution.dryRun } : null, note: $json.support.handoff.note.markdown }) }}";

const nodes: Node[] = [
	node('Helpdesk webhook', 'n8n-nodes-base.webhook', 2.1, [300, 400], { httpMethod: 'POST', path: 'support-pipeline', authentication: 'headerAuth', responseMode: 'responseNode', options: {} }, {
		webhookId: uid('webhookId'),
		credentials: cred('httpHeaderAuth', 'supportWebhookAuth', 'Support webhook auth'),
	}),
	node('Support Intent Router', `${PKG}.supportIntentRouter`, 1, [540, 400], {
		source: 'auto',
		intents: { intent: INTENTS.map((i) => ({ name: i.name, description: i.description, examples: i.examples.join('\n'), rolloutMode: 'shadow' })) },
		confidenceThreshold: 0.5,
		options: {},
	}, { onError: 'continueRegularOutput' }),
	node(R, `${PKG}.supportPolicyRetriever`, 1, [800, 300], { operation: 'retrieve', store: 'embedded', storeName: 'policies', embeddings: 'builtin', useShopify: true, shopifyApiVersion: '2025-01', useStripe: false, options: {} }, {
		credentials: SHOPIFY,
	}),
	node('Support Specialist Planner', `${PKG}.supportSpecialistPlanner`, 1, [1480, 300], { engine: 'playbook', policyValues: '{}' }),
	node('Support Critic (plan)', `${PKG}.supportCritic`, 1, [1720, 300], { stage: 'plan', maxRevisions: 2 }),
	node('Support Action Executor', `${PKG}.supportActionExecutor`, 1, [1960, 200], { rolloutMode: 'fromIntent', useZendesk: true, useShopify: true, useStripe: true, options: {} }, {
		credentials: { ...cred('zendeskApi', 'supportZendesk', 'Zendesk (support)'), ...SHOPIFY, ...cred('stripeApi', 'supportStripe', 'Stripe (support)') },
	}),
	node('Support Critic (reply)', `${PKG}.supportCritic`, 1, [2200, 100], { stage: 'reply', maxRevisions: 2 }),
	node('Respond: handled', 'n8n-nodes-base.respondToWebhook', 1.5, [2460, 100], { respondWith: 'json', responseBody: handled, options: {} }),
	node('Support Escalation Packager', `${PKG}.supportEscalationPackager`, 1, [2200, 640], { groupsByIntent: '{}' }),
	node('Respond: escalated', 'n8n-nodes-base.respondToWebhook', 1.5, [2460, 640], { respondWith: 'json', responseBody: escalated, options: {} }),
	sticky('Sticky Note Setup', [-160, 0], 420, 820, [
		'## Support pipeline: webhook template',
		'Freshdesk, Intercom or any helpdesk -> the six layers -> a JSON answer to the webhook. Every ticket a layer cannot handle with confidence goes to the **Support Escalation Packager**, with the reason.',
		'### Setup',
		'1. **Ingest your policies first** with the *Support policy ingestion* template (same store: embedded `policies`, built-in embeddings).',
		'2. **Helpdesk webhook**: a *Header Auth* credential (`X-Support-Token` and a long random secret); send the same header from your helpdesk to the Production URL.',
		'   - *Freshdesk*: automation rule > Trigger webhook, POST, JSON: `{"freshdesk_webhook": {"ticket_id": "{{ticket.id}}", "ticket_subject": "{{ticket.subject}}", "ticket_description": "{{ticket.description}}", "ticket_contact_email": "{{ticket.contact.email}}"}}`',
		'   - *Intercom*: webhook topics `conversation.user.created`, `conversation.user.replied`.',
		'   - *Custom*: set the router\'s Ticket Source to Custom Mapping.',
		'3. Credentials: **Zendesk API**, **Shopify Access Token**, **Stripe API** in the Support Action Executor; the same Shopify credential in the **Support Policy Retriever** (Live Facts: Use Shopify), which reads the order the customer names. Switch off a connector you do not use.',
		'4. **Rollout**: every intent ships in **shadow** (dry run: nothing is written, nothing reaches the customer). Promote one intent at a time in the router: *suggest* (reads and internal notes only), then *auto*.',
		'5. Publish the workflow.',
	].join('\n'), 5),
	sticky('Sticky Note Router', [460, 0], 300, 260, '### 1. Intent Router\nOne output per intent, plus **Human** for tickets it is not sure about (or cannot read). Each intent carries its rollout mode.'),
	sticky('Sticky Note Retriever', [780, -160], 400, 300, '### 2. Policy Retriever + live order\nFinds the policy passages in force when the ticket arrived; **Ungrounded** when none supports a reply.\nWith **Live Facts: Use Shopify** it also fetches the order the customer names (read only: `#1001` or an order id) and stores it in the case file as a live fact, which the playbooks\' conditions read (delivery date, amount, owner). A failed lookup is noted in the trace; the playbook then asks for the order number or escalates.'),
	sticky('Sticky Note Planner', [1420, -160], 480, 300, '### 3. Specialist Planner and 5. Critic (plan)\nThe planner drafts a plan and a reply from the playbook of the intent; nothing is executed. The Critic checks it against the rules (caps, windows, identity, citations, tone). **Revise** loops back to the planner, at most *Max Revisions* times; then it escalates.'),
	sticky('Sticky Note Executor', [1940, -200], 440, 260, '### 4. Action Executor and 5. Critic (reply)\nRuns only approved plans, within the intent\'s tool scope and rollout mode; a re-delivered webhook never writes twice. The reply Critic checks the reply against what was really done. A reply it would revise goes to a person too.'),
	sticky('Sticky Note Escalation', [2140, 820], 440, 220, '### 6. Escalation Packager\nEvery escalation path ends here: router Human, retriever Ungrounded, planner Escalate, both Critics, executor Escalate. It builds the hand-off (reason, summary, evidence, priority, a rendered note). To post the note, add a Zendesk (Ticket > Update) or HTTP Request node with `{{ $json.support.handoff.note.html }}`.'),
];

type Conn = { node: string; type: 'main'; index: number };
const to = (name: string, index = 0): Conn => ({ node: name, type: 'main', index });
const P = 'Support Escalation Packager';
const connections: Record<string, { main: Conn[][] }> = {
	'Helpdesk webhook': { main: [[to('Support Intent Router')]] },
	'Support Intent Router': { main: [...INTENTS.map(() => [to(R)]), [to(P)]] },
	[R]: { main: [[to('Support Specialist Planner')], [to(P)]] },
	'Support Specialist Planner': { main: [[to('Support Critic (plan)')], [to(P)]] },
	'Support Critic (plan)': { main: [[to('Support Action Executor')], [to('Support Specialist Planner')], [to(P)]] },
	'Support Action Executor': { main: [[to('Support Critic (reply)')], [to(P)]] },
	'Support Critic (reply)': { main: [[to('Respond: handled')], [to(P)], [to(P)]] },
	[P]: { main: [[to('Respond: escalated')]] },
};

const workflow = {
	name: 'Support pipeline (webhook: Freshdesk, Intercom, custom)',
	nodes,
	connections,
	settings: { executionOrder: 'v1' },
	pinData: {},
	active: false,
	id: 'SupPipelineWbhk1',
	meta: { templateCredsSetupCompleted: false },
	tags: [],
};

const out = path.join(__dirname, '../../workflows/support-pipeline-webhook.json');
fs.writeFileSync(out, `${JSON.stringify(workflow, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
