/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * The same ticket delivered several times at once, in a real n8n 2.41.1:
 *   npm run bench:concurrency -- [--json] [--k N] [--only pipeline|zendesk|helpscout] [--queue]
 *
 * Every template that writes, with every intent in auto, against the loopback Zendesk, Shopify and
 * Stripe stand-ins (Shopify and Stripe hold each write in flight for a while, so the races of
 * @idempotent and Idempotency-Key really happen):
 * - pipeline: workflows/support-pipeline-webhook.json (refund, internal note; the answer to the webhook)
 * - zendesk: workflows/support-zendesk.json fed by a Webhook with the Zendesk Trigger's body, as the
 *   e2e tests do (refund, internal note, and the public reply through Send Reply)
 * - helpscout: workflows/support-helpscout.json fed by a Webhook with the Help Scout Trigger's body
 *   (refund, and the reply thread through Send Reply; Help Scout has no idempotency key: the reply's
 *   ledger is a marker tag and the thread itself)
 * Scenarios per template: K tickets, each delivered N times at once (N = 2, 5, 10), and K tickets
 * delivered twice with a gap (50 ms, 500 ms, 2 s).
 *
 * Counted from the stand-ins' own write logs and every execution's case file (n8n's saved data):
 * - duplicateWrites: vendor writes sharing one idempotency key or marker, beyond the first (a Help
 *   Scout thread, which carries no key, counts by conversation and kind: one customer message each)
 * - wrongRecords: for every key an execution knows, |executions recording the write as their own
 *   ('succeeded', or `reply:succeeded` in the trace) - writes the vendor applied with that key|:
 *   two executions claiming one write, or a write no execution claims
 * - lostTickets: tickets none of whose deliveries ended handled or handed to a person (n8n error,
 *   nothing reached an end node)
 * Goal: 0, 0, 0. Also printed: deliveries, and deliveries that escalated (a person looks).
 *
 * Regular mode: one n8n process; the write lock is in that process. --queue: n8n's queue mode on
 * this machine: Postgres and Redis (scripts/queueInfra.ts; Debian packages, installed on first use),
 * n8n main (webhooks) and 2 workers (`n8n worker`, each with its own task-runner broker and health
 * port) on one user folder, so every process has the package; the write lock is in the queue Redis.
 * Uses dist/ as built; run it
 * under the shared e2e lock: flock /tmp/support-e2e.lock bash -c 'npm run build && npm run bench:concurrency -- --json'
 */
import { ledgerMarker, replyKey } from '../engine/execution';
import type { Ticket } from '../engine/contracts';
import { loadTemplate, loadWorkflow, nodeOutputs, startN8n, type Execution, type N8nInstance, type WorkflowJson } from '../test/e2e/harness';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sleep } from '../scripts/local-n8n';
import { startQueueServices, startWorker, type QueueServices, type Worker } from '../scripts/queueInfra';
import { HelpScoutStandIn, type ShopifyStandIn, type StripeStandIn, type WriteLogEntry, type ZendeskStandIn } from '../test/stand-ins';
import { daysAgo, policyDocuments, startVendorStandIns, zendeskBody } from './faultsN8n';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WEBHOOK_SECRET = ['conc', 'bench', 'header'].join('-');
const ZD_TOKEN = ['zd', 'conc', '0001'].join('-');
const SHOP_TOKEN = ['shpat', 'conc0002'].join('_');
const STRIPE_KEY = ['sk', 'test', 'conc0003'].join('_');
const HS_TOKEN = ['hs', 'conc', '0004'].join('-');
const HS_CUSTOMER = { id: 412993821, email: 'priya.raman@example.com' };
const ROUTER = 'Support Intent Router';
const REPLY_NODES: Record<string, 'public' | 'note'> = {
	'Zendesk: public reply': 'public',
	'Zendesk: suggested reply (internal note)': 'note',
	'Help Scout: reply': 'public',
	'Help Scout: suggested reply (note)': 'note',
};
/** How long the Shopify and Stripe stand-ins keep a write executing: the window a concurrent delivery can hit. */
const HOLD_MS = 150;

type TemplateName = 'pipeline' | 'zendesk' | 'helpscout';
const TEMPLATES: TemplateName[] = ['zendesk', 'helpscout', 'pipeline'];
const PATHS: Record<TemplateName, string> = { pipeline: 'support-pipeline-conc', zendesk: 'support-zendesk-conc', helpscout: 'support-helpscout-conc' };

export interface ScenarioResult {
	template: TemplateName;
	scenario: string;
	tickets: number;
	deliveries: number;
	duplicateWrites: number;
	wrongRecords: number;
	lostTickets: number;
	escalatedDeliveries: number;
	vendorWrites: number;
	/** One line per problem, for reading. */
	details: string[];
	seconds: number;
}

type Urls = { zendesk: string; shopify: string; stripe: string; helpScout: string };

function allInAuto(wf: WorkflowJson & Json, urls: Urls): void {
	for (const n of wf.nodes as Json[]) {
		if (n.name === ROUTER) for (const i of n.parameters.intents.intent) i.rolloutMode = 'auto';
		if (n.type === 'n8n-nodes-support-coordination.supportActionExecutor') n.parameters.options = { ...n.parameters.options, zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe, helpScoutBaseUrl: urls.helpScout };
		if (n.name === 'Support Policy Retriever') n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: urls.shopify };
		if (n.name === 'Support Escalation Packager' && n.parameters.writeNoteTo === 'zendesk') n.parameters.options = { ...n.parameters.options, zendeskBaseUrl: urls.zendesk };
		if (n.name === 'Support Escalation Packager' && n.parameters.writeNoteTo === 'helpScout') n.parameters.options = { ...n.parameters.options, helpScoutBaseUrl: urls.helpScout };
	}
}

function pipelineWorkflow(urls: Urls): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as WorkflowJson & Json;
	wf.name = `${wf.name} [concurrency]`;
	wf.id = 'SupPipelineConc0';
	allInAuto(wf, urls);
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = PATHS.pipeline;
			n.webhookId = `${String(n.webhookId).slice(0, -6)}conc00`;
		}
	}
	return wf;
}

/** A helpdesk template with its trigger replaced by a Webhook taking the trigger's body (as test/e2e/helpdeskTemplates.test.ts does). */
function helpdeskWorkflow(template: 'zendesk' | 'helpscout', urls: Urls): WorkflowJson {
	const spec = {
		zendesk: { file: 'support-zendesk.json', id: 'SupZendeskConc00', trigger: 'Zendesk Trigger', webhookId: 'c0ffee00-0000-4000-8000-00000000c0c0' },
		helpscout: { file: 'support-helpscout.json', id: 'SupHelpScoutCon0', trigger: 'Help Scout Trigger', webhookId: 'c0ffee00-0000-4000-8000-00000000c0c1' },
	}[template];
	const wf = JSON.parse(JSON.stringify(loadTemplate(spec.file))) as WorkflowJson & Json;
	wf.name = `${wf.name} [concurrency]`;
	wf.id = spec.id;
	allInAuto(wf, urls);
	const i = (wf.nodes as Json[]).findIndex((n) => n.name === spec.trigger);
	const t = wf.nodes[i] as Json;
	wf.nodes[i] = { id: t.id, name: t.name, type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: t.position, webhookId: spec.webhookId, parameters: { httpMethod: 'POST', path: PATHS[template], responseMode: 'onReceived', options: {} } };
	return wf;
}

/** A Help Scout `convo.created` body (the fixture's shape) for a new conversation and message. */
function helpScoutBody(id: number, order: number): Json {
	const convo = JSON.parse(fs.readFileSync(path.join(__dirname, '../test/fixtures/helpdesk/helpscout-convo-created.json'), 'utf8')) as Json;
	const message = `Hello, order #${order} arrived but it does not fit. Please refund my money, I will send it back.`;
	convo.id = id;
	convo.subject = `Refund for order #${order}`;
	convo.createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
	convo._embedded.threads[0].body = `<p>${message}</p>`;
	convo._embedded.threads[0].createdAt = convo.createdAt;
	return convo;
}

/** The case file at the end of one execution, and who wrote what in it. */
export interface RunRecord {
	executionId: string;
	status: string;
	ticketId?: string;
	ended: boolean;
	escalated: boolean;
	/** Keys (vendor form) this execution recorded as its own write. */
	claims: string[];
	/** Keys (vendor form) this execution knows of, whatever it recorded. */
	known: string[];
}

function vendorKeys(step: Json): string[] {
	if (!step.idempotencyKey) return [];
	if (step.tool === 'shopify.cancelOrder') return [`cancel:${String(step.externalIds?.orderId ?? '')}`];
	// Stripe logs the full key, Zendesk and Shopify refunds the marker written with the write.
	return step.tool?.startsWith('stripe.') ? [step.idempotencyKey] : [ledgerMarker(step.idempotencyKey)];
}

/**
 * A Help Scout thread carries no key: in the bench every conversation has one customer message, so
 * its reply (or note) thread is keyed by the conversation and kind. Tag writes keep the marker.
 */
function helpScoutWriteKey(w: WriteLogEntry): WriteLogEntry {
	const thread = /^\/v2\/conversations\/(\d+)\/(reply|notes)$/.exec(w.path);
	return w.method === 'POST' && thread ? { ...w, key: `thread:${thread[1]}:${thread[2]}` } : w;
}

function recordOf(run: Execution): RunRecord {
	const ran = run.data.resultData.runData;
	const ends = ['Support Escalation Packager', 'Respond: handled', 'Respond: escalated', ...Object.keys(REPLY_NODES), 'Shadow: nothing sent'];
	const supports: Json[] = [];
	for (const name of ends) {
		if (!ran[name]) continue;
		for (const out of nodeOutputs(run, name)) for (const item of out ?? []) if (item?.json?.support) supports.push(item.json.support as Json);
	}
	const claims: string[] = [];
	const known: string[] = [];
	let ticket: Ticket | undefined;
	const seenSteps = new Set<string>();
	for (const support of supports) {
		ticket ??= support.ticket as Ticket | undefined;
		for (const s of ((support.execution?.steps ?? []) as Json[]).concat((support.execution?.compensations ?? []) as Json[])) {
			const keys = vendorKeys(s);
			const id = `${s.stepId}:${keys.join(',')}`;
			if (seenSteps.has(id)) continue; // the same case file seen at two end nodes
			seenSteps.add(id);
			known.push(...keys);
			if (s.status === 'succeeded' || s.status === 'compensated') claims.push(...keys);
		}
		for (const t of (support.trace ?? []) as Json[]) {
			const visibility = REPLY_NODES[t.node as string];
			if (!visibility || !ticket || !String(t.outcome ?? '').startsWith('reply:')) continue;
			// Zendesk: one update carries comment and marker. Help Scout: the thread, then the marker tag.
			const keys = [ledgerMarker(replyKey(ticket, visibility)), ...(ticket.source === 'helpscout' ? [`thread:${ticket.id}:${visibility === 'public' ? 'reply' : 'notes'}`] : [])];
			const id = `reply:${keys[0]}`;
			if (seenSteps.has(id)) continue;
			seenSteps.add(id);
			known.push(...keys);
			if (t.outcome === 'reply:succeeded') claims.push(...keys);
		}
	}
	const escalated = Boolean(ran['Support Escalation Packager']);
	return { executionId: run.id, status: run.status, ticketId: ticket?.id, ended: supports.length > 0 && run.status === 'success', escalated, claims, known };
}

function count(writes: WriteLogEntry[], records: RunRecord[], ticketIds: string[]): Pick<ScenarioResult, 'duplicateWrites' | 'wrongRecords' | 'lostTickets' | 'escalatedDeliveries' | 'details'> {
	const details: string[] = [];
	const byKey = new Map<string, number>();
	for (const w of writes) if (w.key) byKey.set(w.key, (byKey.get(w.key) ?? 0) + 1);
	let duplicateWrites = writes.filter((w) => !w.key).length;
	for (const [key, n] of byKey) {
		if (n > 1) {
			duplicateWrites += n - 1;
			details.push(`duplicate: ${n} writes with ${key}`);
		}
	}
	for (const w of writes.filter((x) => !x.key)) details.push(`write without a key: ${w.method} ${w.path}`);
	const known = new Set(records.flatMap((r) => r.known));
	let wrongRecords = 0;
	for (const key of known) {
		const claims = records.filter((r) => r.claims.includes(key)).length;
		const applied = byKey.get(key) ?? 0;
		if (claims !== applied) {
			wrongRecords += Math.abs(claims - applied);
			details.push(`record: ${key} written ${applied}x, recorded as their own by ${claims} executions (${records.filter((r) => r.claims.includes(key)).map((r) => `#${r.executionId}`).join(', ')})`);
		}
	}
	let lostTickets = 0;
	for (const id of ticketIds) {
		const mine = records.filter((r) => r.ticketId === id && r.ended);
		if (mine.length === 0) {
			lostTickets++;
			details.push(`lost: ticket ${id}: no delivery ended handled or with a person`);
		}
	}
	for (const r of records.filter((x) => !x.ended)) details.push(`execution #${r.executionId} (ticket ${r.ticketId ?? '?'}) ended ${r.status} without reaching an end node`);
	return { duplicateWrites, wrongRecords, lostTickets, escalatedDeliveries: records.filter((r) => r.escalated).length, details };
}

interface Extras {
	workers: Worker[];
	services?: QueueServices;
}

async function stopExtras(extras: Extras, stopMain: () => Promise<void>): Promise<void> {
	await Promise.all(extras.workers.map((w) => w.stop()));
	await stopMain();
	await extras.services?.stop();
}

/** Process ids per role, for CPU accounting (bench/capacity.ts). */
export interface RigProcesses {
	main: number[];
	workers: number[];
	postgres: number[];
	redis: number[];
}

export class Rig {
	private ticketNo = 0;
	private constructor(
		readonly n8n: N8nInstance,
		readonly zendesk: ZendeskStandIn,
		readonly shopify: ShopifyStandIn,
		readonly stripe: StripeStandIn,
		readonly helpScout: HelpScoutStandIn,
		private readonly workflowIds: Record<TemplateName, string>,
		private readonly extras: Extras = { workers: [] },
	) {}

	/** `queue`: queue mode with `workers` n8n workers (default 2); otherwise one n8n process. */
	static async start(queue = false, log: (line: string) => void = () => undefined, workers = 2): Promise<Rig> {
		const { zendesk, shopify, stripe, credentials, urls } = await startVendorStandIns({ webhookSecret: WEBHOOK_SECRET, zendeskToken: ZD_TOKEN, shopifyToken: SHOP_TOKEN, stripeKey: STRIPE_KEY });
		shopify.holdWritesMs = HOLD_MS;
		stripe.holdWritesMs = HOLD_MS;
		const helpScout = await new HelpScoutStandIn(HS_TOKEN).start();
		const allUrls = { ...urls, helpScout: helpScout.url };
		const workflows = { pipeline: pipelineWorkflow(allUrls), zendesk: helpdeskWorkflow('zendesk', allUrls), helpscout: helpdeskWorkflow('helpscout', allUrls) };
		// A connected OAuth2 credential: n8n signs with the stored access token.
		credentials.push({
			id: 'supportHelpScout',
			name: 'Help Scout (support)',
			type: 'helpScoutOAuth2Api',
			data: { clientId: 'stand-in-app', clientSecret: 'stand-in-secret', oauthTokenData: { token_type: 'bearer', access_token: HS_TOKEN, refresh_token: `refresh-${HS_TOKEN}`, expires_in: 172800 } },
		});
		let n8n: N8nInstance | undefined;
		const extras: Extras = { workers: [] };
		try {
			if (queue) extras.services = await startQueueServices(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-queue-')), log, { removeOnStop: true });
			const env = extras.services?.env;
			n8n = await startN8n({ workflows: [loadWorkflow('pipeline-ingest.json'), workflows.pipeline, workflows.zendesk, workflows.helpscout], credentials, env, readyTimeoutMs: 300_000, webhookTimeoutMs: 180_000 });
			if (env) {
				for (let w = 0; w < workers; w++) extras.workers.push(await startWorker(n8n.userFolder, env, w, log));
			}
			const docs = policyDocuments();
			const ingested = await n8n.webhook('pipeline-ingest', { documents: docs });
			if (ingested.status !== 200) throw new Error(`policy ingestion failed: HTTP ${ingested.status}`);
			const ids = { pipeline: n8n.workflowIds[workflows.pipeline.name], zendesk: n8n.workflowIds[workflows.zendesk.name], helpscout: n8n.workflowIds[workflows.helpscout.name] };
			return new Rig(n8n, zendesk, shopify, stripe, helpScout, ids, extras);
		} catch (error) {
			await stopExtras(extras, async () => await n8n?.stop());
			await Promise.all([zendesk.close(), shopify.close(), stripe.close(), helpScout.close()]);
			throw error;
		}
	}

	async stop(): Promise<void> {
		await stopExtras(this.extras, async () => await this.n8n.stop());
		await Promise.all([this.zendesk.close(), this.shopify.close(), this.stripe.close(), this.helpScout.close()]);
	}

	processes(): RigProcesses {
		const pids = (list: Array<number | undefined>) => list.filter((p): p is number => p !== undefined);
		return {
			main: pids([this.n8n.pid]),
			workers: pids(this.extras.workers.map((w) => w.child.pid)),
			postgres: pids([this.extras.services?.postgres.pid]),
			redis: pids([this.extras.services?.redis.pid]),
		};
	}

	/**
	 * `count` fresh tickets, each delivered once, at most `inFlight` waiting for their answer at a
	 * time (a helpdesk's webhook sender). Resolves when every execution has finished; returns the
	 * records (ended, escalated) of those executions.
	 */
	async batch(template: TemplateName, count: number, inFlight: number): Promise<{ seconds: number; records: RunRecord[] }> {
		const started = Date.now();
		const known = new Set((await this.n8n.rest.listExecutions(100)).map((e) => e.id));
		const tickets = Array.from({ length: count }, () => this.newTicket(template));
		let next = 0;
		const sender = async (): Promise<void> => {
			while (next < tickets.length) await this.deliver(template, tickets[next++].body);
		};
		await Promise.all(Array.from({ length: Math.min(inFlight, count) }, sender));
		const runs = await this.finishedSince(template, known, count);
		return { seconds: (Date.now() - started) / 1000, records: runs.map(recordOf) };
	}

	/** A fresh refund ticket: a Zendesk ticket or Help Scout conversation, and a delivered Shopify order of its own. */
	private newTicket(template: TemplateName): { id: number; order: number; body: Json } {
		const n = ++this.ticketNo;
		const id = 60_000 + n;
		const order = 70_000 + n;
		const helpScout = template === 'helpscout';
		this.shopify.addOrder({ id: order, total_price: '25.00', email: helpScout ? HS_CUSTOMER.email : 'sam@example.com', delivered_at: daysAgo(4) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		if (helpScout) {
			this.helpScout.addConversation({ id, subject: `Refund for order #${order}` });
			return { id, order, body: helpScoutBody(id, order) };
		}
		this.zendesk.addTicket({ id, subject: `Refund for order #${order}` });
		const body = zendeskBody(id, order);
		return { id, order, body: { ...body, 'ticket.latest_comment': body['ticket.description'] } };
	}

	private async deliver(template: TemplateName, body: Json): Promise<void> {
		const headers: Record<string, string> = template === 'pipeline' ? { 'X-Support-Token': WEBHOOK_SECRET } : {};
		const res = await this.n8n.webhook(PATHS[template], body, { headers });
		if (res.status !== 200) throw new Error(`webhook ${PATHS[template]} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
	}

	private async finishedSince(template: TemplateName, known: Set<string>, expected: number, timeoutMs = 600_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const all = (await this.n8n.rest.listExecutions(100)).filter((e) => e.workflowId === this.workflowIds[template] && !known.has(e.id));
			const done = all.filter((e) => !['running', 'new', 'waiting'].includes(e.status));
			if (done.length >= expected && done.length === all.length) return await Promise.all(done.map((e) => this.n8n.execution(e.id)));
			if (Date.now() > deadline) throw new Error(`${done.length}/${expected} executions finished within ${timeoutMs} ms\n${this.n8n.logTail()}`);
			await sleep(300);
		}
	}

	async scenario(template: TemplateName, name: string, k: number, deliveries: (send: () => Promise<void>) => Promise<void>[]): Promise<ScenarioResult> {
		const started = Date.now();
		const known = new Set((await this.n8n.rest.listExecutions(100)).map((e) => e.id));
		const writesBefore = { zendesk: this.zendesk.writes.length, shopify: this.shopify.writes.length, stripe: this.stripe.writes.length, helpScout: this.helpScout.writes.length };
		const tickets = Array.from({ length: k }, () => this.newTicket(template));
		const sends = tickets.flatMap((t) => deliveries(() => this.deliver(template, t.body)));
		await Promise.all(sends);
		const runs = await this.finishedSince(template, known, sends.length);
		const writes = [
			...this.zendesk.writes.slice(writesBefore.zendesk),
			...this.shopify.writes.slice(writesBefore.shopify),
			...this.stripe.writes.slice(writesBefore.stripe),
			...this.helpScout.writes.slice(writesBefore.helpScout).map(helpScoutWriteKey),
		];
		const records = runs.map(recordOf);
		const counted = count(writes, records, tickets.map((t) => String(t.id)));
		return { template, scenario: name, tickets: k, deliveries: sends.length, vendorWrites: writes.length, ...counted, seconds: Math.round((Date.now() - started) / 100) / 10 };
	}
}

function parseArgs(argv: string[]): { json: boolean; k: number; only?: TemplateName; queue: boolean } {
	const at = (flag: string) => {
		const i = argv.indexOf(flag);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const only = at('--only');
	if (only !== undefined && !TEMPLATES.includes(only as TemplateName)) throw new Error(`--only must be one of ${TEMPLATES.join(', ')}`);
	return { json: argv.includes('--json'), k: Number(at('--k') ?? 3), only: only as TemplateName | undefined, queue: argv.includes('--queue') };
}

export async function runConcurrencyBench(k: number, only?: TemplateName, log: (line: string) => void = () => undefined, queue = false): Promise<ScenarioResult[]> {
	const rig = await Rig.start(queue, log);
	const results: ScenarioResult[] = [];
	try {
		for (const template of TEMPLATES.filter((t) => !only || t === only)) {
			for (const n of [2, 5, 10]) {
				const r = await rig.scenario(template, `${n} at once`, k, (send) => Array.from({ length: n }, () => send()));
				results.push(r);
				log(`${template} ${r.scenario}: deliveries=${r.deliveries} duplicateWrites=${r.duplicateWrites} wrongRecords=${r.wrongRecords} lostTickets=${r.lostTickets} escalated=${r.escalatedDeliveries} writes=${r.vendorWrites} (${r.seconds} s)`);
			}
			for (const gap of [50, 500, 2000]) {
				const r = await rig.scenario(template, `pair ${gap} ms apart`, k, (send) => [send(), sleep(gap).then(send)]);
				results.push(r);
				log(`${template} ${r.scenario}: deliveries=${r.deliveries} duplicateWrites=${r.duplicateWrites} wrongRecords=${r.wrongRecords} lostTickets=${r.lostTickets} escalated=${r.escalatedDeliveries} writes=${r.vendorWrites} (${r.seconds} s)`);
			}
		}
	} finally {
		await rig.stop();
	}
	return results;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const results = await runConcurrencyBench(args.k, args.only, args.json ? (line) => console.error(line) : (line) => console.log(line), args.queue);
	const total = (f: keyof Pick<ScenarioResult, 'deliveries' | 'duplicateWrites' | 'wrongRecords' | 'lostTickets' | 'escalatedDeliveries'>) => results.reduce((s, r) => s + r[f], 0);
	const summary = {
		mode: args.queue ? 'queue (main + 2 workers, Postgres, Redis)' : 'regular',
		k: args.k,
		deliveries: total('deliveries'),
		duplicateWrites: total('duplicateWrites'),
		wrongRecords: total('wrongRecords'),
		lostTickets: total('lostTickets'),
		escalatedDeliveries: total('escalatedDeliveries'),
		goalMet: total('duplicateWrites') + total('wrongRecords') + total('lostTickets') === 0,
		scenarios: results,
	};
	if (args.json) console.log(JSON.stringify(summary, null, 2));
	else {
		console.log(`\n${summary.mode} mode, K=${args.k}: deliveries=${summary.deliveries} duplicateWrites=${summary.duplicateWrites} wrongRecords=${summary.wrongRecords} lostTickets=${summary.lostTickets} (goal 0, 0, 0: ${summary.goalMet ? 'met' : 'NOT met'})`);
		for (const r of results) for (const d of r.details) console.log(`  ${r.template} ${r.scenario}: ${d}`);
	}
	process.exitCode = summary.goalMet ? 0 : 1;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
