/**
 * Writes workflows/support-shadow-replay.json (issue 7, template 5) and the CSV version of the demo
 * tickets, workflows/samples/demo-tickets.csv:
 *   npx tsx scripts/templates/shadowReplay.ts
 *
 * Historical tickets with what the human agent did -> the six layers with every intent in shadow ->
 * an agreement report per intent. Reading the file and building the report are the two operations of
 * the Support Shadow Replay node, which call the functions `support-coordination replay FILE` calls
 * (engine/replay): one file format, one set of agreement definitions, so the figures of the template
 * and of the CLI are the same.
 *
 * Tickets go through the pipeline one at a time (Loop Over Items, batch size 1): each ticket ends in
 * exactly one place (approved by the reply Critic, or packaged for a person), both lead back into
 * the loop, and the loop's "done" output then holds every ticket once, whatever path it took. That
 * is the merge of all branches, including the Critic's revise loop, without depending on when n8n
 * runs a multi-input node.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normaliseTicket } from '../../engine/intake';
import { ROUTER_VERSION, routerOutputs, templatesOutDir } from './pipelineLayers';

const PKG = 'n8n-nodes-support-coordination';
const ROOT = path.join(__dirname, '../..');
const PIPELINE_TEMPLATE = path.join(ROOT, 'workflows/support-pipeline-webhook.json');
const DEMO_TICKETS = path.join(ROOT, 'workflows/samples/demo-tickets.json');
const OUT = path.join(templatesOutDir(), 'support-shadow-replay.json');
const OUT_CSV = path.join(templatesOutDir(), 'samples/demo-tickets.csv');

type Json = Record<string, unknown>;
type Node = { parameters: Json; id: string; name: string; type: string; typeVersion: number; position: [number, number]; [k: string]: unknown };

/** A stable uuid-shaped id from a name, so regenerating the file changes nothing. */
function uid(name: string): string {
	const h = createHash('sha1').update(`support-shadow-replay:${name}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Json, extra: Json = {}): Node => ({
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
const cred = (type: string, id: string, name: string) => ({ [type]: { id, name } });
/** Every layer continues on error: a ticket a layer cannot read goes to its escalation output with the reason, never stops the replay. */
const CONTINUE = { onError: 'continueRegularOutput' };

interface RouterParams {
	intents: { intent: Array<{ name: string; description?: string; examples: string; rolloutMode: string }> };
	confidenceThreshold?: number;
	source?: string;
}

/** The pipeline template's router (the one the CLI replays by default), with every intent forced to shadow. */
function shadowRouter(): RouterParams {
	const pipeline = JSON.parse(fs.readFileSync(PIPELINE_TEMPLATE, 'utf8')) as { nodes: Array<{ type: string; parameters: RouterParams }> };
	const router = pipeline.nodes.find((n) => n.type === `${PKG}.supportIntentRouter`);
	if (!router) throw new Error(`${PIPELINE_TEMPLATE}: no Support Intent Router`);
	const p = router.parameters;
	return { ...p, intents: { intent: p.intents.intent.map((i) => ({ ...i, rolloutMode: 'shadow' })) } };
}

interface DemoTicket {
	id: string;
	payload: unknown;
	expected: { intent: string | null; action: string };
}

/** A few demo tickets for the Manual Trigger: the first of each of the agent's intents, and one more escalation. */
function sampleTickets(all: DemoTicket[]): DemoTicket[] {
	const picked: DemoTicket[] = [];
	for (const t of all) if (!picked.some((p) => p.expected.intent === t.expected.intent)) picked.push(t);
	const extra = all.find((t) => t.expected.action === 'escalate' && !picked.includes(t));
	return extra ? [...picked, extra] : picked;
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The demo tickets as the CSV the CLI reads (id,subject,message,email,intent): text as the router normalises it. */
function demoCsv(all: DemoTicket[]): string {
	const now = () => new Date('2026-11-10T08:00:00Z');
	const rows = all.map((t) => {
		const ticket = normaliseTicket(t.payload, { source: 'auto', now });
		// Numeric ids (70001 for ZE-70001): the CLI reads a non-numeric CSV id as external_id only, which the router cannot place.
		return [t.id.replace(/^\D+-/, ''), ticket.subject ?? '', ticket.message, ticket.customer.email ?? '', t.expected.intent ?? 'human'].map(csvField).join(',');
	});
	return ['id,subject,message,email,intent', ...rows].join('\n') + '\n';
}

const R = 'Support Intent Router';
const RETRIEVER = 'Support Policy Retriever';
const PLANNER = 'Support Specialist Planner';
const CRITIC_PLAN = 'Support Critic (plan)';
const EXECUTOR = 'Support Action Executor';
const CRITIC_REPLY = 'Support Critic (reply)';
const P = 'Support Escalation Packager';
const LOOP = 'One ticket at a time';
const READ = 'Read tickets file';
const REPORT = 'Agreement report';

function build(): { workflow: Json; csv: string } {
	const demo = JSON.parse(fs.readFileSync(DEMO_TICKETS, 'utf8')) as DemoTicket[];
	const router = shadowRouter();
	const intents = router.intents.intent;
	const nodes: Node[] = [
		node('Tickets file (webhook)', 'n8n-nodes-base.webhook', 2.1, [0, 360], {
			httpMethod: 'POST',
			path: 'support-shadow-replay',
			authentication: 'headerAuth',
			responseMode: 'responseNode',
			// CSV sent as text/csv is not parsed by n8n: the raw body carries it to the Read node.
			options: { rawBody: true },
		}, { webhookId: uid('webhookId'), credentials: cred('httpHeaderAuth', 'supportWebhookAuth', 'Support webhook auth') }),
		node('Try it with the sample', 'n8n-nodes-base.manualTrigger', 1, [0, 620], {}),
		node('Sample tickets', 'n8n-nodes-base.set', 3.4, [320, 620], { mode: 'raw', jsonOutput: JSON.stringify({ tickets: sampleTickets(demo) }, null, 2), options: {} }),
		// Tickets go on one at a time; a file it cannot read goes to its Unreadable File output, answered 400.
		node(READ, `${PKG}.supportShadowReplay`, 1, [640, 490], { operation: 'readTickets' }),
		node('Respond: bad file (400)', 'n8n-nodes-base.respondToWebhook', 1.5, [1280, 680], {
			respondWith: 'json',
			responseBody: '={{ JSON.stringify($json.problem) }}',
			options: { responseCode: 400 },
		}),
		node(LOOP, 'n8n-nodes-base.splitInBatches', 3, [1280, 360], { batchSize: 1, options: {} }),
		node(R, `${PKG}.supportIntentRouter`, ROUTER_VERSION, [1600, 310], { ...router, options: {} }, CONTINUE),
		node(RETRIEVER, `${PKG}.supportPolicyRetriever`, 2, [2060, 360], {
			operation: 'retrieve',
			store: 'embedded',
			storeName: 'policies',
			embeddings: 'builtin',
			// No live facts: a replay reads nothing from the shop or the payment provider (as the CLI).
			useShopify: false,
			useStripe: false,
			options: {},
		}, CONTINUE),
		node(PLANNER, `${PKG}.supportSpecialistPlanner`, 3, [2520, 360], { engine: 'playbook', advanced: {} }, CONTINUE),
		node(CRITIC_PLAN, `${PKG}.supportCritic`, 2, [2980, 360], { stage: 'plan', judge: 'rules', maxRevisions: 2, advanced: {} }, CONTINUE),
		node(EXECUTOR, `${PKG}.supportActionExecutor`, 2, [3440, 360], { rolloutMode: 'shadow', useZendesk: true, useShopify: true, useStripe: true, options: {} }, {
			...CONTINUE,
			credentials: { ...cred('zendeskApi', 'supportZendesk', 'Zendesk (support)'), ...cred('shopifyAccessTokenApi', 'supportShopify', 'Shopify (support)'), ...cred('stripeApi', 'supportStripe', 'Stripe (support)') },
		}),
		node(CRITIC_REPLY, `${PKG}.supportCritic`, 2, [3760, 360], { stage: 'reply', judge: 'rules', maxRevisions: 2, advanced: {} }, CONTINUE),
		node(P, `${PKG}.supportEscalationPackager`, 2, [4220, 780], {}),
		node(REPORT, `${PKG}.supportShadowReplay`, 1, [1600, 40], { operation: 'agreementReport' }),
		node('Respond: report', 'n8n-nodes-base.respondToWebhook', 1.5, [1920, 40], { respondWith: 'firstIncomingItem', options: {} }),
		sticky('Sticky Note Setup', [-460, 0], 400, 980, [
			'## Shadow replay: would the pipeline have done what your agents did?',
			'POST a file of **historical tickets** with what the human agent did; every ticket runs through the six layers with **every intent in shadow**, and the answer is an **agreement report per intent**. Nothing is written anywhere and no customer hears of it.',
			'### Setup',
			'1. Ingest your policies with the *Support policy ingestion* template (embedded store `policies`, built-in embeddings), as for the pipeline.',
			'2. **Tickets file (webhook)**: a *Header Auth* credential (e.g. `X-Support-Token` and a long random secret).',
			'3. **Support Action Executor**: the same Zendesk, Shopify and Stripe credentials as your pipeline. Rollout Mode is **Shadow**: it sends nothing, but it plans only with the connectors you have, like the pipeline. A connector left without a credential makes its plans escalate ("not configured").',
			'4. Copy your pipeline\'s intents into the **Support Intent Router** if you changed them (keep every Rollout Mode on Shadow).',
			'5. Publish, then:',
			'`curl -X POST -H "X-Support-Token: <secret>" -H "Content-Type: application/json" --data @tickets.json <Production URL>`',
			'(CSV: `-H "Content-Type: text/csv" --data-binary @tickets.csv`)',
			'Or click **Execute workflow** on *Try it with the sample* to see the report on a few tickets.',
			'### The tickets file',
			'The format of `support-coordination replay FILE`:',
			'- **JSON**: an array of records `{"id": "ZE-1", "payload": {...helpdesk event...}, "expected": {"intent": "return_refund", "action": "refund"}}` (Zendesk, Help Scout, Freshdesk, Intercom payloads, as their webhooks send them). `intent` is one of the router\'s intents, or `"human"` when none fits; `action` is `refund`, `cancel`, `clarify` (asked the customer a question), `reply` or `escalate`. A bare payload (no `expected`) is replayed but not compared.',
			'- **CSV**: header `id,subject,message,email`, optionally `,intent` and `,action`; quote text with commas.',
			'A file that cannot be read is answered **400** with `field`, `entry` or `line`, and the expected format.',
		].join('\n'), 5),
		sticky('Sticky Note Report', [1540, -460], 560, 440, [
			'### Reading the report',
			'Per intent **as your agent filed it**, then **all**:',
			'- **routing agreement**: the router chose the agent\'s intent (a ticket the router hands to a person counts as `human`).',
			'- **action agreement**: what the pipeline would have done (escalate, refund, cancel, clarify, reply) is what the agent did.',
			'- **would auto-resolve**: the share the pipeline approved with no person involved, were the intent promoted to *auto*.',
			'Promote an intent (router: Rollout Mode *suggest*, then *auto*) when its routing and action agreement are high and its disagreements are ones you accept. `tickets` lists every ticket with the reason; `totals.escalationReasons` says where the pipeline gave up; `markdown` is the same as tables to paste into a note.',
			'**Agreement report** (Support Shadow Replay node) computes the figures with the same code as `support-coordination replay FILE`, which runs the same layers without n8n.',
		].join('\n'), 6),
		sticky('Sticky Note Loop', [1100, -160], 420, 420, [
			'### One ticket at a time',
			'**One ticket at a time** feeds the tickets into the pipeline one by one. Every ticket ends in exactly one place: approved by **Support Critic (reply)**, or packaged for a person by the **Support Escalation Packager** (router *Human*, retriever *Ungrounded*, planner, both Critics and executor *Escalate*). Both lead back into the loop, so its **done** output has every ticket once, and the report is built from all of them.',
		].join('\n')),
		sticky('Sticky Note Shadow', [3380, 0], 680, 280, [
			'### Shadow: nothing is written',
			'Every intent of the router is in **shadow**, and the executor\'s Rollout Mode is **Shadow** as well: even an intent switched to *auto* by mistake stays a dry run here. Each plan step is recorded as `dry_run` with the request it *would* have sent. The retriever reads no live order or charge facts.',
		].join('\n')),
	];

	type Conn = { node: string; type: 'main'; index: number };
	const to = (name: string, index = 0): Conn => ({ node: name, type: 'main', index });
	const connections: Record<string, { main: Conn[][] }> = {
		'Tickets file (webhook)': { main: [[to(READ)]] },
		'Try it with the sample': { main: [[to('Sample tickets')]] },
		'Sample tickets': { main: [[to(READ)]] },
		[READ]: { main: [[to(LOOP)], [to('Respond: bad file (400)')]] },
		[LOOP]: { main: [[to(REPORT)], [to(R)]] },
		[R]: { main: routerOutputs(intents.length, [to(RETRIEVER)], [to(P)]) },
		[RETRIEVER]: { main: [[to(PLANNER)], [to(P)]] },
		[PLANNER]: { main: [[to(CRITIC_PLAN)], [to(P)]] },
		[CRITIC_PLAN]: { main: [[to(EXECUTOR)], [to(PLANNER)], [to(P)]] },
		[EXECUTOR]: { main: [[to(CRITIC_REPLY)], [to(P)]] },
		[CRITIC_REPLY]: { main: [[to(LOOP)], [to(P)], [to(P)]] },
		[P]: { main: [[to(LOOP)]] },
		[REPORT]: { main: [[to('Respond: report')]] },
	};

	const workflow = {
		name: 'Support shadow replay (agreement report per intent)',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
		id: 'SupShadowReplay1',
		meta: { templateCredsSetupCompleted: false },
		tags: [],
	};
	return { workflow, csv: demoCsv(demo) };
}

const { workflow, csv } = build();
fs.mkdirSync(path.dirname(OUT_CSV), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(workflow, null, 2)}\n`);
fs.writeFileSync(OUT_CSV, csv);
process.stdout.write(`wrote ${OUT}\nwrote ${OUT_CSV}\n`);
