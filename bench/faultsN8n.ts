/* eslint-disable @n8n/community-nodes/require-node-api-error -- benchmark and test tooling, not node code */
/**
 * The fault suite's real process kill: the shipped pipeline template (workflows/support-pipeline-webhook.json,
 * every intent in auto) in a real n8n 2.41.1, against the loopback Zendesk, Shopify and Stripe
 * stand-ins. Each cycle sends a refund ticket, holds one vendor request at a chosen point of the plan
 * (getOrder -> shopify.refundOrder -> zendesk.addInternalNote), SIGKILLs n8n while it waits, starts n8n
 * again on the same user folder and database, then recovers the way operators do: the helpdesk
 * re-delivers the same webhook, and the crashed execution is retried through n8n's REST API
 * (POST /rest/executions/:id/retry, what the editor's "Retry" button calls).
 *
 * Counted from the stand-ins' own write logs: a vendor write whose key appears twice is a duplicate;
 * a vendor write that no case file written after the crash accounts for (a step succeeded, found
 * already done, compensated, or failed with "may have been applied") is an unrecorded partial write.
 *
 * Used by test/e2e/processKill.test.ts and by `bench/faults.ts --n8n-kills N`. Needs n8n from
 * scripts/ensure-n8n.sh and a built dist/; run it under the shared e2e lock.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ledgerMarker, UNKNOWN_OUTCOME_NOTE } from '../engine/execution';
import { SHOPIFY_IDEMPOTENT_API_VERSION } from '../engine/execution/connectors/shopify';
import { loadTemplate, loadWorkflow, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from '../test/e2e/harness';
import { sleep } from '../scripts/local-n8n';
import { startQueueServices, startWorker, type QueueServices, type Worker } from '../scripts/queueInfra';
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn, type FaultKind, type StandIn, type WriteLogEntry } from '../test/stand-ins';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Where n8n dies, in plan order:
 * - before-write: the refund's `calculate` call (a read just before the refund POST) is held, unprocessed
 * - after-vendor-commit: Shopify creates the refund, then its answer is held (n8n never learns of it)
 * - between-writes: the refund is done and answered; the Zendesk note's PUT is held, unprocessed
 * - after-last-commit: Zendesk applies the note, then its answer is held
 */
export const KILL_POINTS = ['before-write', 'after-vendor-commit', 'between-writes', 'after-last-commit'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/**
 * The template as shipped (n8n saves an execution's data only when it ends, so n8n's retry of a
 * crashed execution starts again from the trigger), and with the workflow setting "Save execution
 * progress" on (the retry resumes at the node that was running when n8n died).
 */
export const VARIANTS = ['as-shipped', 'save-progress'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface CaseOutcome {
	/** Where the case ended: the handled or the escalated answer of the template. */
	route: 'handled' | 'escalated' | 'none';
	executionId?: string;
	/** n8n's status of that execution. */
	status?: string;
	/** support.execution.outcome, when the executor ran. */
	outcome?: string;
	/** support.handoff.fromLayer and reason, when escalated. */
	fromLayer?: string;
	reason?: string;
	/** Executor steps: tool, status, idempotency key. */
	steps: Array<{ stepId: string; tool: string; status: string; idempotencyKey?: string; error?: string }>;
	/** The whole case file (item.json.support) at the end of the run, if found. */
	support?: Json;
	/** Set when the retry itself was refused or failed (e.g. n8n would not retry). */
	error?: string;
}

export interface KillCycleResult {
	killPoint: KillPoint;
	variant: Variant;
	ticketId: string;
	orderId: number;
	/** True when n8n (queue mode: the worker running the execution) was really SIGKILLed while the held request waited. */
	killed: boolean;
	/** Which process: 'n8n main', or 'worker <n>' in queue mode. */
	killedProcess?: string;
	/** The interrupted execution after the restart (n8n's recovery marks it 'crashed'). */
	crashed?: { id: string; status: string };
	redelivery: CaseOutcome;
	retry?: CaseOutcome;
	/** Refunds on the order at the vendor after everything. */
	refunds: number;
	vendorWrites: WriteLogEntry[];
	duplicateWrites: number;
	unrecordedPartialWrites: number;
	/** One line per unrecorded vendor write (method, path, key, object). */
	details: string[];
	/** Milliseconds per phase: crashDetected (until the first delivery's answer), restart, redelivery, retry. */
	timings: Record<string, number>;
}

const WEBHOOK_SECRET = ['kill', 'bench', 'header'].join('-');
const ZD_TOKEN = ['zd', 'kill', '0001'].join('-');
const SHOP_TOKEN = ['shpat', 'kill0002'].join('_');
const STRIPE_KEY = ['sk', 'test', 'kill0003'].join('_');
const ZD_EMAIL = 'agent@example.com';
const webhookPath = (variant: Variant): string => `support-pipeline-kill-${variant}`;
const ROUTER = 'Support Intent Router';
const POLICY_IDS = ['returns', 'refunds', 'shipping-domestic', 'delivery-problems', 'account', 'damaged-defective'];
const RECORDED = new Set(['succeeded', 'already_done', 'compensated']);

/**
 * The shipped template with every intent in auto and the vendor URLs on the stand-ins; besides its
 * name, id and webhook path, only the save-progress variant's workflow setting differs.
 */
function pipelineInAuto(urls: { zendesk: string; shopify: string; stripe: string }, variant: Variant): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as WorkflowJson & Json;
	wf.name = `${wf.name} [kill ${variant}]`;
	wf.id = variant === 'as-shipped' ? 'SupPipelineKill0' : 'SupPipelineKill1';
	if (variant === 'save-progress') wf.settings = { ...wf.settings, saveExecutionProgress: true };
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = webhookPath(variant);
			n.webhookId = `${String(n.webhookId).slice(0, -6)}kill0${VARIANTS.indexOf(variant)}`;
		}
		if (n.name === ROUTER) for (const i of n.parameters.intents.intent) i.rolloutMode = 'auto';
		if (n.name === 'Support Action Executor') n.parameters.options = { zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
		if (n.name === 'Support Policy Retriever') n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: urls.shopify };
	}
	return wf;
}

export function policyDocuments(): Json[] {
	const dir = path.join(__dirname, '../test/fixtures/policies');
	const all = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as Json[];
	return all.filter((d) => POLICY_IDS.includes(d.documentId)).map((d) => ({ ...d, content: fs.readFileSync(path.join(dir, d.file), 'utf8') }));
}

export function zendeskBody(id: number, order: number): Json {
	return {
		'ticket.id': String(id),
		'ticket.title': `Refund for order #${order}`,
		'ticket.description': `Hello, please refund order #${order}. It arrived fine but is too small, I want my money back.`,
		'ticket.via': 'Mail',
		'ticket.requester.name': 'Sam Carter',
		'ticket.requester.email': 'sam@example.com',
	};
}

export const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString();

/** The request held at each kill point, and whether the vendor processes it before holding. */
function holdFor(point: KillPoint, orderId: number, ticketId: number, apiVersion: string): { on: 'shopify' | 'zendesk'; method: string; path: string; kind: FaultKind } {
	const refunds = `/admin/api/${apiVersion}/orders/${orderId}/refunds`;
	switch (point) {
		case 'before-write':
			return { on: 'shopify', method: 'POST', path: `${refunds}/calculate.json`, kind: 'timeout' };
		case 'after-vendor-commit':
			// the refund itself goes through GraphQL refundCreate (@idempotent)
			return { on: 'shopify', method: 'POST', path: `/admin/api/${SHOPIFY_IDEMPOTENT_API_VERSION}/graphql.json`, kind: 'commit-then-timeout' };
		case 'between-writes':
			return { on: 'zendesk', method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, kind: 'timeout' };
		case 'after-last-commit':
			return { on: 'zendesk', method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, kind: 'commit-then-timeout' };
	}
}

/**
 * The three vendor stand-ins, and the credentials the templates name (webhook header auth, Zendesk,
 * Shopify, Stripe) pointing at them, with the given secrets.
 */
export async function startVendorStandIns(secrets: { webhookSecret: string; zendeskToken: string; shopifyToken: string; stripeKey: string }) {
	const zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${ZD_EMAIL}/token:${secrets.zendeskToken}`).toString('base64')}`).start();
	const shopify = await new ShopifyStandIn(secrets.shopifyToken).start();
	const stripe = await new StripeStandIn(secrets.stripeKey).start();
	const credentials: CredentialSpec[] = [
		{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: secrets.webhookSecret } },
		{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: secrets.zendeskToken } },
		{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: secrets.shopifyToken, appSecretKey: 'unused-app-secret' } },
		{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: secrets.stripeKey } },
	];
	return { zendesk, shopify, stripe, credentials, urls: { zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url } };
}

/**
 * Queue mode (n8n main + 2 workers on Postgres and Redis): the process that dies is the worker
 * running the execution, not the main; a new worker takes its place.
 */
interface QueueRig {
	services: QueueServices;
	workers: Worker[];
	nextIndex: number;
}

/** One n8n with the pipeline and the three stand-ins, reused across kill cycles (each cycle uses its own ticket and order). */
export class N8nKillRig {
	private cycle = 0;
	private constructor(
		readonly n8n: N8nInstance,
		readonly zendesk: ZendeskStandIn,
		readonly shopify: ShopifyStandIn,
		readonly stripe: StripeStandIn,
		private readonly workflowIds: Record<Variant, string>,
		private readonly queue?: QueueRig,
	) {}

	/** `queue`: n8n's queue mode on this machine (scripts/queueInfra.ts), main + 2 workers. */
	static async start(opts: { queue?: boolean; log?: (line: string) => void } = {}): Promise<N8nKillRig> {
		const log = opts.log ?? (() => undefined);
		const { zendesk, shopify, stripe, credentials, urls } = await startVendorStandIns({ webhookSecret: WEBHOOK_SECRET, zendeskToken: ZD_TOKEN, shopifyToken: SHOP_TOKEN, stripeKey: STRIPE_KEY });
		const pipelines = VARIANTS.map((v) => pipelineInAuto(urls, v));
		let n8n: N8nInstance | undefined;
		let queue: QueueRig | undefined;
		try {
			if (opts.queue) queue = { services: await startQueueServices(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-queue-kill-')), log, { removeOnStop: true }), workers: [], nextIndex: 0 };
			n8n = await startN8n({ workflows: [loadWorkflow('pipeline-ingest.json'), ...pipelines], credentials, env: queue?.services.env, readyTimeoutMs: 300_000, webhookTimeoutMs: 180_000 });
			if (queue) for (let w = 0; w < 2; w++) queue.workers.push(await startWorker(n8n.userFolder, queue.services.env, queue.nextIndex++, log));
			const docs = policyDocuments();
			const ingested = await n8n.webhook('pipeline-ingest', { documents: docs });
			if (ingested.status !== 200 || (ingested.body as Json[]).length !== docs.length) {
				throw new Error(`policy ingestion failed: HTTP ${ingested.status} ${JSON.stringify(ingested.body).slice(0, 300)}`);
			}
			const ids = Object.fromEntries(VARIANTS.map((v, i) => [v, n8n!.workflowIds[pipelines[i].name]])) as Record<Variant, string>;
			return new N8nKillRig(n8n, zendesk, shopify, stripe, ids, queue);
		} catch (error) {
			await Promise.all(queue?.workers.map((w) => w.stop('SIGKILL')) ?? []);
			await n8n?.stop();
			await queue?.services.stop();
			await Promise.all([zendesk.close(), shopify.close(), stripe.close()]);
			throw error;
		}
	}

	async stop(): Promise<void> {
		await Promise.all(this.queue?.workers.map((w) => w.stop()) ?? []);
		await this.n8n.stop();
		await this.queue?.services.stop();
		await Promise.all([this.zendesk.close(), this.shopify.close(), this.stripe.close()]);
	}

	/** Regular mode: SIGKILL n8n. Queue mode: SIGKILL the worker whose log says it started `executionId` (any, if none says so yet). */
	private async crash(executionId: string | undefined): Promise<string> {
		if (!this.queue) {
			await this.n8n.kill();
			return 'n8n main';
		}
		const started = (w: Worker) => executionId !== undefined && fs.readFileSync(w.logFile, 'utf8').includes(`Worker started execution ${executionId} `);
		const victim = this.queue.workers.find(started) ?? this.queue.workers[0];
		await victim.stop('SIGKILL');
		this.queue.workers = this.queue.workers.filter((w) => w !== victim);
		return `worker ${victim.index}`;
	}

	/**
	 * Regular mode: start n8n again on the same folder and database (its start-up recovery marks the
	 * interrupted execution crashed). Queue mode: a new worker in the dead one's place, then wait until
	 * the main's stalled-job check has marked the interrupted execution (the webhook caller may have
	 * given up before that).
	 */
	private async recover(variant: Variant, known: Set<string>): Promise<void> {
		if (!this.queue) return await this.n8n.restart();
		this.queue.workers.push(await startWorker(this.n8n.userFolder, this.queue.services.env, this.queue.nextIndex++, () => undefined));
		const deadline = Date.now() + 240_000;
		for (;;) {
			const open = (await this.n8n.rest.listExecutions()).filter((e) => e.workflowId === this.workflowIds[variant] && !known.has(e.id) && ['running', 'new'].includes(e.status));
			if (open.length === 0) return;
			if (Date.now() > deadline) throw new Error(`execution ${open.map((e) => e.id).join(', ')} still ${open[0].status} 240 s after its worker died\n${this.n8n.logTail()}`);
			await sleep(1000);
		}
	}

	/** The newest execution of the pipeline not in `known` (the one in flight). */
	private async inFlight(variant: Variant, known: Set<string>): Promise<string | undefined> {
		return [...(await this.executionIds(variant))].filter((id) => !known.has(id)).sort((a, b) => Number(b) - Number(a))[0];
	}

	private async send(variant: Variant, body: Json): Promise<{ status: number; body: unknown } | { error: string }> {
		try {
			return await this.n8n.webhook(webhookPath(variant), body, { headers: { 'X-Support-Token': WEBHOOK_SECRET } });
		} catch (error) {
			return { error: (error as Error).message };
		}
	}

	/** Ids of every execution of the pipeline so far. */
	private async executionIds(variant: Variant): Promise<Set<string>> {
		return new Set((await this.n8n.rest.listExecutions()).filter((e) => e.workflowId === this.workflowIds[variant]).map((e) => e.id));
	}

	/**
	 * The next finished execution of the pipeline not in `known`. Cycles run one at a time, so a new
	 * execution belongs to this cycle's ticket (a crashed or retried run may not carry the webhook's
	 * output in its run data, so it cannot be matched by ticket).
	 */
	private async waitForNewExecution(variant: Variant, known: Set<string>, timeoutMs = 90_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const fresh = (await this.n8n.rest.listExecutions())
				.filter((e) => e.workflowId === this.workflowIds[variant] && !known.has(e.id) && !['running', 'new', 'waiting'].includes(e.status))
				.sort((a, b) => Number(a.id) - Number(b.id))[0];
			if (fresh) return await this.n8n.execution(fresh.id);
			if (Date.now() > deadline) throw new Error(`no new finished execution of the pipeline within ${timeoutMs} ms\n${this.n8n.logTail()}`);
			await sleep(250);
		}
	}

	/** Sends one refund ticket, kills n8n at `point`, restarts it, re-delivers the webhook, retries the crashed execution. */
	async runCycle(point: KillPoint, variant: Variant = 'as-shipped'): Promise<KillCycleResult> {
		const n = ++this.cycle;
		const ticketNo = 91_000 + n;
		const orderId = 81_000 + n;
		const ticketId = String(ticketNo);
		this.shopify.addOrder({ id: orderId, total_price: '25.00', email: 'sam@example.com', delivered_at: daysAgo(4) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		this.zendesk.addTicket({ id: ticketNo });
		const standIns: Record<'shopify' | 'zendesk', StandIn> = { shopify: this.shopify, zendesk: this.zendesk };
		const hold = holdFor(point, orderId, ticketNo, this.shopify.apiVersion);
		const held = standIns[hold.on];
		const seenBefore = held.requests.length;
		held.inject({ method: hold.method, path: hold.path, times: 1, kind: hold.kind });
		const body = zendeskBody(ticketNo, orderId);
		const known = await this.executionIds(variant);

		const t0 = Date.now();
		const timings: Record<string, number> = {};
		const lap = (name: string): void => {
			timings[name] = Date.now() - t0 - Object.values(timings).reduce((a, b) => a + b, 0);
		};
		const first = this.send(variant, body);
		let killed = false;
		const deadline = Date.now() + 90_000;
		let victim: string | undefined;
		while (Date.now() < deadline) {
			if (held.requests.slice(seenBefore).some((r) => r.method === hold.method && r.path === hold.path)) {
				victim = await this.crash(await this.inFlight(variant, known));
				killed = true;
				break;
			}
			const settled = await Promise.race([first.then(() => true), sleep(20).then(() => false)]);
			if (settled) break;
		}
		// Regular mode: the connection dropped with n8n. Queue mode: the main answers once the job of the
		// dead worker is declared stalled (n8n 2.x never re-runs a stalled job; it marks the execution failed).
		await first;
		lap('crashDetected');
		// Unused when the plan never reached the held request (e.g. the planner escalated): no kill is counted then.
		held.clearFaults();
		await this.recover(variant, known);
		lap('restart');

		// The execution the kill interrupted: n8n's start-up recovery (regular) or its stalled-job check (queue) has marked it by now.
		const crashedId = [...(await this.executionIds(variant))].find((id) => !known.has(id));
		const crashedRun = crashedId ? await this.n8n.execution(crashedId) : undefined;
		if (crashedRun) known.add(crashedRun.id);

		const again = await this.send(variant, body);
		if ('error' in again) throw new Error(`re-delivered webhook failed: ${again.error}\n${this.n8n.logTail()}`);
		const redeliveryRun = await this.waitForNewExecution(variant, known);
		known.add(redeliveryRun.id);
		const redelivery = caseOutcome(redeliveryRun);
		lap('redelivery');

		let retry: CaseOutcome | undefined;
		if (crashedRun && killed) {
			try {
				await this.n8n.rest.request('POST', `/rest/executions/${crashedRun.id}/retry`, { loadWorkflow: false });
				retry = caseOutcome(await this.waitForNewExecution(variant, known));
			} catch (error) {
				retry = { route: 'none', steps: [], error: (error as Error).message.slice(0, 500) };
			}
		}
		lap('retry');
		const crashedAfter = crashedRun ? await this.n8n.execution(crashedRun.id) : undefined;

		const order = this.shopify.orders.get(orderId);
		const vendorWrites = [
			...this.shopify.writesForOrder(orderId),
			...this.zendesk.writes.filter((w) => w.path === `/api/v2/tickets/${ticketNo}.json`),
		];
		const counted = countWrites(vendorWrites, [redelivery, ...(retry ? [retry] : [])]);
		return {
			killPoint: point,
			variant,
			killedProcess: victim,
			ticketId,
			orderId,
			killed,
			crashed: crashedAfter ? { id: crashedAfter.id, status: crashedAfter.status } : undefined,
			redelivery: { ...redelivery, support: undefined },
			retry: retry ? { ...retry, support: undefined } : undefined,
			refunds: order?.refunds.length ?? 0,
			vendorWrites,
			...counted,
			timings,
		};
	}
}

/** The case at the end of an execution: the item that reached one of the two Respond nodes. */
export function caseOutcome(run: Execution): CaseOutcome {
	const ran = run.data.resultData.runData;
	const route = ran['Respond: handled'] ? 'handled' : ran['Respond: escalated'] ? 'escalated' : 'none';
	let support: Json | undefined;
	if (route !== 'none') support = nodeOutputs(run, route === 'handled' ? 'Respond: handled' : 'Respond: escalated')[0]?.[0]?.json.support as Json | undefined;
	const execution = support?.execution as Json | undefined;
	return {
		route,
		executionId: run.id,
		status: run.status,
		outcome: execution?.outcome,
		fromLayer: support?.handoff?.fromLayer,
		reason: support?.handoff?.reason,
		steps: ((execution?.steps ?? []) as Json[]).map((s) => ({ stepId: s.stepId, tool: s.tool, status: s.status, idempotencyKey: s.idempotencyKey, error: s.error })),
		support,
		error: route === 'none' ? `execution #${run.id} ended ${run.status} without reaching a Respond node: ${run.data.resultData.error?.message ?? ''}` : undefined,
	};
}

/**
 * Duplicates: writes sharing a key, plus writes with no key of ours (they cannot be told apart from
 * one). Unrecorded: a write no post-crash case file accounts for by its key.
 */
export function countWrites(writes: WriteLogEntry[], after: CaseOutcome[]): { duplicateWrites: number; unrecordedPartialWrites: number; details: string[] } {
	const byKey = new Map<string, number>();
	for (const w of writes) if (w.key) byKey.set(w.key, (byKey.get(w.key) ?? 0) + 1);
	const duplicateWrites = [...byKey.values()].reduce((sum, k) => sum + (k - 1), 0) + writes.filter((w) => !w.key).length;
	const accounted = new Set<string>();
	for (const c of after) {
		const all = [...c.steps, ...(((c.support?.execution as Json | undefined)?.compensations ?? []) as Json[])];
		for (const st of all) {
			if (!st.idempotencyKey) continue;
			if (RECORDED.has(st.status) || (st.status === 'failed' && String(st.error ?? '').includes(UNKNOWN_OUTCOME_NOTE))) {
				accounted.add(st.idempotencyKey);
				accounted.add(ledgerMarker(st.idempotencyKey));
			}
		}
	}
	const unrecorded = writes.filter((w) => !w.key || !accounted.has(w.key));
	return {
		duplicateWrites,
		unrecordedPartialWrites: unrecorded.length,
		details: unrecorded.map((w) => `unrecorded ${w.method} ${w.path} key ${w.key ?? '-'} -> ${w.objectId}`),
	};
}

export interface N8nKillSummary {
	plans: number;
	faults: number;
	duplicateWrites: number;
	unrecordedPartialWrites: number;
	completed: number;
	escalated: number;
	cycles: KillCycleResult[];
	wallSeconds: number;
}

/**
 * How a cycle's case ended: completed when a recovery run (the re-delivered webhook or n8n's retry)
 * completed the plan, otherwise the last recovery run (escalated, or neither when it failed).
 */
export function caseEnd(r: KillCycleResult): CaseOutcome {
	const runs = [r.redelivery, ...(r.retry ? [r.retry] : [])];
	return runs.find((c) => c.route === 'handled' && c.outcome === 'completed') ?? runs[runs.length - 1];
}

/** N kill/restart/recover cycles over the kill points and variants in turn. */
export async function runN8nKills(count: number, only: { point?: KillPoint; variant?: Variant } | undefined, log: (line: string) => void = () => undefined): Promise<N8nKillSummary> {
	const started = Date.now();
	const rig = await N8nKillRig.start();
	log(`n8n started in ${rig.n8n.startTimings.total} ms`);
	const cycles: KillCycleResult[] = [];
	try {
		for (let i = 0; i < count; i++) {
			const r = await rig.runCycle(only?.point ?? KILL_POINTS[Math.floor(i / VARIANTS.length) % KILL_POINTS.length], only?.variant ?? VARIANTS[i % VARIANTS.length]);
			cycles.push(r);
			log(
				`kill ${i + 1}/${count} ${r.killPoint} (${r.variant}): killed=${r.killed} crashed=${r.crashed?.status ?? '-'} redelivery=${describeOutcome(r.redelivery)} retry=${r.retry ? describeOutcome(r.retry) : '-'} refunds=${r.refunds} writes=${r.vendorWrites.length} dup=${r.duplicateWrites} unrecorded=${r.unrecordedPartialWrites} ms=${JSON.stringify(r.timings)}`,
			);
		}
	} finally {
		await rig.stop();
	}
	return {
		plans: cycles.length,
		faults: cycles.filter((r) => r.killed).length,
		duplicateWrites: cycles.reduce((s, r) => s + r.duplicateWrites, 0),
		unrecordedPartialWrites: cycles.reduce((s, r) => s + r.unrecordedPartialWrites, 0),
		completed: cycles.filter((r) => caseEnd(r).outcome === 'completed').length,
		escalated: cycles.filter((r) => caseEnd(r).route === 'escalated').length,
		cycles,
		wallSeconds: (Date.now() - started) / 1000,
	};
}

export function describeOutcome(c: CaseOutcome): string {
	if (c.error) return `error(${c.error.slice(0, 120)})`;
	const steps = c.steps.map((s) => `${s.stepId}:${s.status}`).join(',');
	return `${c.route}/${c.outcome ?? c.fromLayer ?? '?'}[${steps}]${c.reason ? ` "${c.reason.slice(0, 100)}"` : ''}`;
}

if (require.main === module) {
	const count = Number(process.argv[2] ?? 4);
	const only = { point: process.argv[3] as KillPoint | undefined, variant: process.argv[4] as Variant | undefined };
	runN8nKills(count, only, (line) => process.stderr.write(`${line}\n`)).then(
		(summary) => {
			process.stdout.write(`${JSON.stringify({ ...summary, cycles: summary.cycles.map((c) => ({ ...c, vendorWrites: c.vendorWrites.length })) }, null, 1)}\n`);
			process.exit(0);
		},
		(error: unknown) => {
			process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
			process.exit(1);
		},
	);
}
