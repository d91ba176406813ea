/**
 * Fault suite for the Support Action Executor: many plans against the loopback Zendesk, Shopify and
 * Stripe stand-ins with injected 429s, 5xx, timeouts, resets, lost answers after a committed write,
 * and simulated process kills mid-plan followed by a re-run of the same plan from scratch (what n8n
 * does when it retries an execution). Counts come from the stand-ins' own write logs.
 *
 *   npx tsx bench/faults.ts [--json] [--plans N] [--rate 0.2] [--seed 1] [--n8n-kills N]
 *
 * `--n8n-kills N` (default 0) adds N real kills: the shipped pipeline template in a real n8n is
 * SIGKILLed mid-plan at varying points, restarted on the same database, and recovered by a
 * re-delivered webhook and n8n's own execution retry (bench/faultsN8n.ts). Those cycles are counted
 * into the same figures. It needs n8n (scripts/ensure-n8n.sh) and a built dist/; run it under the
 * shared e2e lock: `flock /tmp/support-e2e.lock npx tsx bench/faults.ts --n8n-kills 12`.
 */
import {
	inProcessKeyLock,
	createFetchHttpClient,
	executePlan,
	ledgerMarker,
	type Connectors,
	type ExecuteResult,
	type HttpClient,
	type IntentScope,
	UNKNOWN_OUTCOME_NOTE,
} from '../engine/execution';
import type { Plan, PlanStep, Review, Ticket } from '../engine/contracts';
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn, type FaultKind, type StandIn, type WriteLogEntry } from '../test/stand-ins';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : dflt;
};
const JSON_OUT = args.includes('--json');
const PLANS = opt('plans', 420);
const FAULT_RATE = opt('rate', 0.22);
const CRASH_RATE = opt('crash', 0.3);
const SEED = opt('seed', 1);
const N8N_KILLS = opt('n8n-kills', 0);

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rng = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

const KINDS: readonly FaultKind[] = [429, 500, 503, 'timeout', 'reset', 'commit-then-reset', 'commit-then-timeout'];
const ZD_AUTH = 'Basic YmVuY2hAZXhhbXBsZS5jb20vdG9rZW46YmVuY2g=';
const SHOP_TOKEN = 'shpat_bench';
const STRIPE_KEY = 'sk_test_bench';

const scope: IntentScope = {
	allowedTools: ['zendesk.*', 'shopify.*', 'stripe.*'],
	writeTools: ['zendesk.*', 'shopify.refundOrder', 'shopify.cancelOrder', 'stripe.createRefund'],
	amountCaps: [{ currency: 'USD', max: 100 }],
	maxWritesPerTicket: 6,
};

function s(id: string, tool: string, access: 'read' | 'write', a: Record<string, unknown>): PlanStep {
	return { id, tool, access, args: a, why: 'bench', citations: [] };
}

/** Three plan shapes, each with reads and several writes of different idempotency mechanisms. */
function planFor(i: number): Plan {
	const order = String(20000 + i);
	const charge = `ch_${i}`;
	const amount = 5 + (i % 40);
	const shapes: PlanStep[][] = [
		[
			s('look', 'zendesk.getTicket', 'read', {}),
			s('charge', 'stripe.getCharge', 'read', { chargeId: charge }),
			s('refund', 'stripe.createRefund', 'write', { chargeId: charge, amount, currency: 'usd', reason: 'requested_by_customer' }),
			s('note', 'zendesk.addInternalNote', 'write', { body: `Refunded ${amount} USD on ${charge}` }),
			s('reply', 'zendesk.publicReply', 'write', { body: 'Your refund is on its way.' }),
		],
		[
			s('order', 'shopify.getOrder', 'read', { orderId: order }),
			s('refund', 'shopify.refundOrder', 'write', { orderId: order, amount, currency: 'USD', reason: 'Damaged item' }),
			s('tag', 'zendesk.updateTicket', 'write', { tags: ['refunded'], priority: 'low' }),
			s('reply', 'zendesk.publicReply', 'write', { body: 'We refunded the damaged item.' }),
		],
		[
			s('order', 'shopify.getOrder', 'read', { orderId: order }),
			s('cancel', 'shopify.cancelOrder', 'write', { orderId: order, reason: 'customer' }),
			s('note', 'zendesk.addInternalNote', 'write', { body: `Cancelled order ${order}` }),
			s('status', 'zendesk.updateTicket', 'write', { status: 'solved' }),
		],
	];
	return {
		id: `plan-${i}`,
		specialist: 'bench',
		intent: 'refund_request',
		engine: 'playbook',
		steps: shapes[i % shapes.length],
		draftReply: { body: 'ok', citations: [] },
		assumptions: [],
		createdAt: '2026-01-10T10:00:00Z',
		revision: 0,
	};
}

function ticketFor(i: number): Ticket {
	return {
		id: String(10000 + i),
		source: 'zendesk',
		channel: 'email',
		subject: 'bench',
		message: 'bench ticket',
		customer: {},
		orderRefs: [],
		receivedAt: '2026-01-10T10:00:00Z',
		conversation: [],
		tags: [],
		sourceRefs: {},
	};
}

const review = (planId: string): Review => ({ stage: 'plan', verdict: 'approve', planId, reviewedAt: '2026-01-10T10:00:01Z', checks: [], revisionCount: 0, history: [] });

/**
 * A process kill: the k-th request reaches the vendor and is processed, then the process is gone —
 * the answer is never delivered and nothing after it runs. The run's promise is abandoned.
 */
class Crash {
	private count = 0;
	fired = false;
	readonly signal: Promise<'crashed'>;
	private fire!: () => void;
	constructor(private readonly afterRequests: number) {
		this.signal = new Promise((resolve) => (this.fire = () => resolve('crashed')));
	}
	wrap(client: HttpClient): HttpClient {
		return {
			request: async (req) => {
				if (this.fired) return new Promise(() => undefined);
				const res = await client.request(req);
				if (++this.count >= this.afterRequests) {
					this.fired = true;
					this.fire();
					return new Promise(() => undefined);
				}
				return res;
			},
		};
	}
}

async function main(): Promise<void> {
	const zendesk = await new ZendeskStandIn(ZD_AUTH).start();
	const shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
	const stripe = await new StripeStandIn(STRIPE_KEY).start();
	const standIns: StandIn[] = [zendesk, shopify, stripe];
	const base: Connectors = {
		zendesk: { client: createFetchHttpClient({ baseUrl: zendesk.url, authHeaders: { authorization: ZD_AUTH } }) },
		shopify: { client: createFetchHttpClient({ baseUrl: shopify.url, authHeaders: { 'x-shopify-access-token': SHOP_TOKEN } }) },
		stripe: { client: createFetchHttpClient({ baseUrl: stripe.url, authHeaders: { authorization: `Bearer ${STRIPE_KEY}` } }) },
	};
	const policy = () => (rng() < FAULT_RATE ? { kind: pick(KINDS), retryAfter: rng() < 0.5 ? '1' : '0.5' } : undefined);
	for (const si of standIns) si.faultPolicy = policy;

	const finals: ExecuteResult[] = [];
	let crashes = 0;
	const started = Date.now();
	for (let i = 0; i < PLANS; i++) {
		zendesk.addTicket({ id: 10000 + i, priority: 'normal' });
		shopify.addOrder({ id: 20000 + i, total_price: '100.00' });
		stripe.addCharge({ id: `ch_${i}`, amount: 10_000, currency: 'usd' });
		let now = Date.parse('2026-01-10T10:00:00Z');
		const options = {
			now: () => now,
			sleep: async (ms: number) => {
				now += ms; // Retry-After and backoff are honoured on a virtual clock: the budget still applies
			},
			random: rng,
			retry: { timeoutMs: 40, maxAttempts: 6 },
		};
		const input = { plan: planFor(i), review: review(`plan-${i}`), ticket: ticketFor(i), mode: 'auto' as const, scope };
		if (rng() < CRASH_RATE) {
			const crash = new Crash(1 + Math.floor(rng() * 10));
			const connectors: Connectors = {
				zendesk: { client: crash.wrap(base.zendesk!.client) },
				shopify: { client: crash.wrap(base.shopify!.client) },
				stripe: { client: crash.wrap(base.stripe!.client) },
			};
			// The crashing run is another process: its key locks die with it (its own in-process lock).
			const first = await Promise.race([executePlan({ ...input, connectors }, { ...options, lock: inProcessKeyLock() }), crash.signal]);
			if (first === 'crashed') crashes++;
			else {
				finals.push(first);
				continue;
			}
		}
		// A fresh run of the same plan, as n8n runs it again after a crash: nothing carried over.
		finals.push(await executePlan({ ...input, connectors: base }, options));
	}

	// Every write a vendor applied must be accounted for by a final record, and none twice.
	// A failed step whose error says its write may have been applied (with the key) accounts for that
	// write too: the record names it and the case is escalated. Counted and re-checked below.
	const accounted = new Set<string>();
	const ambiguous: Array<{ planIndex: number; key: string }> = [];
	for (const [planIndex, r] of finals.entries()) {
		for (const st of [...r.execution.steps, ...r.execution.compensations]) {
			if (!st.idempotencyKey) continue;
			const flagged = st.status === 'failed' && (st.error ?? '').includes(UNKNOWN_OUTCOME_NOTE);
			if (flagged) ambiguous.push({ planIndex, key: st.idempotencyKey });
			if (!flagged && !['succeeded', 'already_done', 'compensated'].includes(st.status)) continue;
			accounted.add(st.idempotencyKey);
			accounted.add(ledgerMarker(st.idempotencyKey));
			// Shopify's cancel carries no marker of ours: the stand-in logs it by order id.
			if (st.tool === 'shopify.cancelOrder') accounted.add(`cancel:${String(20000 + Number(r.execution.planId.slice('plan-'.length)))}`);
		}
	}
	const writes: WriteLogEntry[] = standIns.flatMap((si) => si.writes);
	const injected = standIns.reduce((sum, si) => sum + si.faultStats.injected, 0);

	// Resolve the unknown outcomes the way an operator's retry would: run those plans again, no faults.
	for (const si of standIns) si.clearFaults();
	const writesBefore = standIns.reduce((n, si) => n + si.writes.length, 0);
	let resolvedAsDone = 0;
	let resolvedBySending = 0;
	for (const { planIndex, key } of ambiguous) {
		const i = Number(finals[planIndex].execution.planId.slice('plan-'.length));
		const again = await executePlan(
			{ plan: planFor(i), review: review(`plan-${i}`), ticket: ticketFor(i), mode: 'auto', scope, connectors: base },
			{ sleep: async () => undefined, retry: { timeoutMs: 1000 } },
		);
		const st = again.execution.steps.find((x) => x.idempotencyKey === key);
		if (st?.status === 'already_done') resolvedAsDone++;
		if (st?.status === 'succeeded') resolvedBySending++;
	}
	const writesByResolution = standIns.reduce((n, si) => n + si.writes.length, 0) - writesBefore;
	// Duplicates are counted over every write, the resolution re-runs' included.
	const allWrites: WriteLogEntry[] = standIns.flatMap((si) => si.writes);
	const byKey = new Map<string, number>();
	for (const w of allWrites) if (w.key) byKey.set(w.key, (byKey.get(w.key) ?? 0) + 1);
	// A write without our key cannot be told apart from a duplicate: it counts as one.
	const duplicateWrites = [...byKey.values()].reduce((sum, n) => sum + (n - 1), 0) + allWrites.filter((w) => !w.key).length;
	const unrecorded = writes.filter((w) => !w.key || !accounted.has(w.key));
	const unrecordedPartialWrites = unrecorded.length;
	if (process.env.BENCH_DEBUG) {
		for (const [k, n] of byKey) if (n > 1) process.stderr.write(`duplicate ${k} x${n}: ${JSON.stringify(allWrites.filter((w) => w.key === k))}\n`);
		for (const w of unrecorded) {
			const r = finals.find((f) => [...f.execution.steps, ...f.execution.compensations].some((st) => st.idempotencyKey && (st.idempotencyKey === w.key || ledgerMarker(st.idempotencyKey) === w.key)));
			const byObject = r ?? finals.find((f) => w.key?.startsWith('cancel:') && f.execution.planId === `plan-${Number(w.objectId) - 20000}`);
			process.stderr.write(`unrecorded ${JSON.stringify(w)} -> ${JSON.stringify(byObject?.execution.steps.map((st) => [st.stepId, st.status, st.attempts, st.error]))}\n`);
		}
	}
	const inProcess = {
		plans: PLANS,
		faults: injected + crashes,
		duplicateWrites,
		unrecordedPartialWrites,
		completed: finals.filter((r) => r.execution.outcome === 'completed').length,
		escalated: finals.filter((r) => r.escalation).length,
	};
	await Promise.all(standIns.map((si) => si.close()));
	const inProcessSeconds = (Date.now() - started) / 1000;

	// Loaded only when asked for: it starts a real n8n.
	const n8nBench = N8N_KILLS > 0 ? await import('./faultsN8n') : undefined;
	const n8nKills = n8nBench ? await n8nBench.runN8nKills(N8N_KILLS, undefined, (line) => process.stderr.write(`[n8n-kills] ${line}\n`)) : undefined;
	const result = { ...inProcess };
	if (n8nKills) for (const k of Object.keys(result) as Array<keyof typeof result>) result[k] += n8nKills[k];

	if (JSON_OUT) {
		process.stdout.write(`${JSON.stringify(result)}\n`);
		return;
	}
	const kinds: Record<string, number> = { 'process killed mid-plan': crashes };
	if (n8nKills) kinds['real n8n SIGKILL + restart + retry'] = n8nKills.faults;
	for (const si of standIns) for (const [k, n] of Object.entries(si.faultStats.byKind)) kinds[k] = (kinds[k] ?? 0) + n;
	const outcomes: Record<string, number> = {};
	for (const r of finals) outcomes[r.execution.outcome] = (outcomes[r.execution.outcome] ?? 0) + 1;
	const lines = [
		`Support Action Executor fault suite (seed ${SEED}, fault rate ${FAULT_RATE} per request, crash rate ${CRASH_RATE} per plan${n8nKills ? `, ${N8N_KILLS} real n8n kills` : ''})`,
		`plans                    ${result.plans}`,
		`faults                   ${result.faults}   ${JSON.stringify(kinds)}`,
		`vendor writes            ${writes.length}`,
		`duplicateWrites          ${result.duplicateWrites}`,
		`unrecordedPartialWrites  ${result.unrecordedPartialWrites}`,
		`unknown-outcome writes   ${ambiguous.length} recorded as "may have been applied" and escalated; a fault-free re-run found ${resolvedAsDone} already done and sent ${resolvedBySending} whose lost attempt had not landed (${writesByResolution} vendor writes in those re-runs, not-yet-run later steps included)`,
		`completed                ${result.completed}`,
		`escalated                ${result.escalated}   outcomes ${JSON.stringify(outcomes)}`,
		`wall time                ${((Date.now() - started) / 1000).toFixed(1)} s`,
	];
	if (n8nBench && n8nKills) {
		const { caseEnd } = n8nBench;
		const { cycles, wallSeconds, ...figures } = n8nKills;
		const byPoint: Record<string, string[]> = {};
		for (const c of cycles) {
			const last = caseEnd(c);
			(byPoint[`${c.killPoint} (${c.variant})`] ??= []).push(`${last.route}${last.outcome ? `/${last.outcome}` : last.fromLayer ? `/${last.fromLayer}` : ''}`);
		}
		lines.splice(
			1,
			0,
			`  in-process part         ${JSON.stringify(inProcess)} in ${inProcessSeconds.toFixed(1)} s (simulated kills: the run is abandoned, then re-run)`,
			`  real n8n kills          ${JSON.stringify(figures)} in ${wallSeconds.toFixed(1)} s; case ends by kill point ${JSON.stringify(byPoint)}`,
		);
		for (const c of cycles) for (const d of c.details) lines.push(`  ${c.killPoint} ticket ${c.ticketId}: ${d}`);
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
