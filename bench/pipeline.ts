/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * Pipeline throughput in real n8n: `npm run bench:pipeline -- [--json] [--concurrency N] [--rounds N]
 * [--warmup N] [--chunk N] [--no-nosave] [--profile N] [--same-texts] [--cpu-prof DIR]`.
 *
 * One n8n 2.41.1 (test/e2e/harness.ts, the package installed as Community Nodes installs it) runs the
 * shipped pipeline template (workflows/support-pipeline-webhook.json) on the embedded defaults (no
 * API key; built-in router, embedded policy store seeded with the sample policies, playbook planner,
 * Zendesk/Shopify/Stripe credentials on loopback stand-ins) and its no-op twin: the same nodes and
 * connections with each of our six layers replaced by n8n's No Operation node, behind the same
 * Webhook (header auth) and Respond to Webhook. Both are driven through their webhooks with the 52
 * sample tickets (workflows/samples/demo-tickets.json) at a fixed concurrency, after a warm-up,
 * one pass of each per round, interleaved in chunks (see compare). Prints tickets/s for both and
 * their ratio (target >= 0.8).
 *
 * Both are measured twice: with n8n's default of saving every successful execution, and with saving
 * off in both workflows' settings (Workflow settings > Save successful production executions: No),
 * to show what saving the case file costs. Then samples the saved executions and prints where the
 * time goes per node (n8n's own executionTime per node) and between nodes.
 *
 * Each pass sends texts no earlier pass sent (a different customer sign-off appended to each
 * message, see withFreshText), as a stream of new tickets does. With --same-texts every pass sends
 * the same 52 texts, so from the second pass on whatever n8n keeps by text (the sentence encoder's
 * recent queries) answers without work: that measures everything but the encoder.
 *
 * Uses dist/ as built: run it after `npm run build`, both through the shared e2e lock:
 *   flock /tmp/support-e2e.lock bash -c 'npm run build && npm run bench:pipeline'
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../test/stand-ins';
import { startN8n, type N8nInstance } from '../test/e2e/harness';
import { formatProfile, profileExecutions, recentExecutions, type ExecutionProfile } from './pipelineProfile';
import {
	SHOP_TOKEN,
	STRIPE_KEY,
	WEBHOOK_HEADER,
	WEBHOOK_SECRET,
	ZENDESK_AUTH,
	benchCredentials,
	benchWorkflows,
	ingestWorkflow,
	loadSampleTickets,
	withFreshText,
	samplePolicyDocuments,
	type BenchWorkflow,
	type SampleTicket,
} from './pipelineWorkflows';

interface Args {
	json: boolean;
	concurrency: number;
	rounds: number;
	warmup: number;
	/** Tickets per interleaved chunk (0: whole passes). */
	chunk: number;
	noSave: boolean;
	profileSample: number;
	/** Each pass sends texts no earlier pass sent (default; --same-texts: the samples as they are). */
	freshTexts: boolean;
	/** Where n8n writes a V8 CPU profile (node --cpu-prof) when it stops; open it in Chrome DevTools. */
	cpuProfDir?: string;
}

function parseArgs(argv: readonly string[]): Args {
	const num = (flag: string, fallback: number): number => {
		const i = argv.indexOf(flag);
		if (i < 0) return fallback;
		const v = Number(argv[i + 1]);
		if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number, got "${argv[i + 1]}"`);
		return v;
	};
	return {
		json: argv.includes('--json'),
		concurrency: Math.max(1, num('--concurrency', 4)),
		rounds: Math.max(1, num('--rounds', 2)),
		warmup: num('--warmup', 10),
		chunk: num('--chunk', 13),
		noSave: !argv.includes('--no-nosave'),
		profileSample: num('--profile', 16),
		freshTexts: !argv.includes('--same-texts'),
		cpuProfDir: argv.includes('--cpu-prof') ? path.resolve(argv[argv.indexOf('--cpu-prof') + 1] ?? '.') : undefined,
	};
}

interface PassResult {
	wallMs: number;
	latencies: number[];
	/** Response route ('handled' / 'escalated' / other) counts. */
	routes: Record<string, number>;
	errors: string[];
}

/** Sends every ticket once through a webhook, `concurrency` requests in flight. */
async function drive(n8n: N8nInstance, webhookPath: string, tickets: readonly SampleTicket[], concurrency: number): Promise<PassResult> {
	const result: PassResult = { wallMs: 0, latencies: [], routes: {}, errors: [] };
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < tickets.length) {
			const ticket = tickets[next++];
			const t = performance.now();
			try {
				const res = await n8n.webhook(webhookPath, ticket.payload, { headers: { [WEBHOOK_HEADER]: WEBHOOK_SECRET } });
				result.latencies.push(performance.now() - t);
				const route = String((res.body as { route?: unknown } | null)?.route ?? `HTTP ${res.status}`);
				result.routes[route] = (result.routes[route] ?? 0) + 1;
				if (res.status !== 200) result.errors.push(`${ticket.id}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
			} catch (error) {
				result.latencies.push(performance.now() - t);
				result.errors.push(`${ticket.id}: ${(error as Error).message}`);
			}
		}
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: Math.min(concurrency, tickets.length) }, worker));
	result.wallMs = performance.now() - started;
	return result;
}

interface Throughput {
	tickets: number;
	ticketsPerSecond: number;
	p50Ms: number;
	p95Ms: number;
	routes: Record<string, number>;
	errors: string[];
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

function quantile(sorted: readonly number[], q: number): number {
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
}

function summarise(passes: readonly PassResult[]): Throughput {
	const latencies = passes.flatMap((p) => p.latencies).sort((a, b) => a - b);
	const wall = passes.reduce((s, p) => s + p.wallMs, 0);
	const routes: Record<string, number> = {};
	for (const p of passes) for (const [k, v] of Object.entries(p.routes)) routes[k] = (routes[k] ?? 0) + v;
	return {
		tickets: latencies.length,
		ticketsPerSecond: round((latencies.length / wall) * 1000),
		p50Ms: round(quantile(latencies, 0.5), 0),
		p95Ms: round(quantile(latencies, 0.95), 0),
		routes,
		errors: passes.flatMap((p) => p.errors),
	};
}

interface Comparison {
	ratio: number;
	pipeline: Throughput;
	baseline: Throughput;
}

let passes = 0;

/** The tickets for the next pass: with texts no earlier pass sent, or (--same-texts) as they are. */
function freshen(tickets: readonly SampleTicket[], args: Args): readonly SampleTicket[] {
	if (!args.freshTexts) return tickets;
	const pass = ++passes;
	return tickets.map((t) => ({ ...t, payload: withFreshText(t.payload, pass) }));
}

function merged(parts: readonly PassResult[]): PassResult {
	const out: PassResult = { wallMs: 0, latencies: [], routes: {}, errors: [] };
	for (const p of parts) {
		out.wallMs += p.wallMs;
		out.latencies.push(...p.latencies);
		for (const [k, v] of Object.entries(p.routes)) out.routes[k] = (out.routes[k] ?? 0) + v;
		out.errors.push(...p.errors);
	}
	return out;
}

/**
 * Warm-up, then `rounds` passes of each workflow. A pass is sent in chunks of `--chunk` tickets,
 * baseline and pipeline chunks taking turns (ABBA), so a burst of other work on this shared machine
 * falls on both alike instead of on whichever whole pass it met: with whole passes (--chunk 0), three
 * runs of unchanged code gave ratios of 0.57, 0.70 and 0.87.
 */
async function compare(n8n: N8nInstance, pipeline: BenchWorkflow, baseline: BenchWorkflow, tickets: readonly SampleTicket[], args: Args, log: (m: string) => void): Promise<Comparison> {
	const warm = tickets.slice(0, args.warmup);
	if (warm.length) {
		await drive(n8n, baseline.webhookPath, freshen(warm, args), args.concurrency);
		const w = await drive(n8n, pipeline.webhookPath, freshen(warm, args), args.concurrency);
		if (w.errors.length) throw new Error(`warm-up of ${pipeline.workflow.name} failed: ${w.errors.slice(0, 3).join('; ')}`);
	}
	const passes: Record<'pipeline' | 'baseline', PassResult[]> = { pipeline: [], baseline: [] };
	const size = args.chunk > 0 ? args.chunk : tickets.length;
	for (let r = 0; r < args.rounds; r++) {
		const sent = { baseline: freshen(tickets, args), pipeline: freshen(tickets, args) };
		const parts: Record<'pipeline' | 'baseline', PassResult[]> = { pipeline: [], baseline: [] };
		for (let at = 0, c = 0; at < tickets.length; at += size, c++) {
			for (const wf of c % 2 === 0 ? [baseline, pipeline] : [pipeline, baseline]) {
				parts[wf.variant].push(await drive(n8n, wf.webhookPath, sent[wf.variant].slice(at, at + size), args.concurrency));
			}
		}
		for (const wf of [baseline, pipeline]) {
			const pass = merged(parts[wf.variant]);
			passes[wf.variant].push(pass);
			log(`  round ${r + 1}/${args.rounds} ${wf.workflow.name}: ${((tickets.length / pass.wallMs) * 1000).toFixed(2)} tickets/s`);
		}
	}
	const p = summarise(passes.pipeline);
	const b = summarise(passes.baseline);
	return { ratio: round(p.ticketsPerSecond / b.ticketsPerSecond, 3), pipeline: p, baseline: b };
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const log = (m: string): void => {
		if (args.json) process.stderr.write(`${m}\n`);
		else console.log(m);
	};
	const tickets = loadSampleTickets();
	const loadBefore = os.loadavg()[0];
	const zendesk = await new ZendeskStandIn(ZENDESK_AUTH).start();
	const shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
	const stripe = await new StripeStandIn(STRIPE_KEY).start();
	const workflows = benchWorkflows({ zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url }, args.noSave);
	const find = (variant: 'pipeline' | 'baseline', saveData: boolean): BenchWorkflow | undefined => workflows.find((w) => w.variant === variant && w.saveData === saveData);

	log(`starting n8n with ${workflows.length} bench workflows (harness, rest import)`);
	const t0 = performance.now();
	const n8n = await startN8n({
		workflows: [ingestWorkflow(), ...workflows.map((w) => w.workflow)],
		credentials: benchCredentials(),
		...(args.cpuProfDir ? { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args.cpuProfDir}` } } : {}),
	});
	try {
		const startMs = Math.round(performance.now() - t0);
		const docs = samplePolicyDocuments();
		const ingested = await n8n.webhook('pipeline-ingest', { documents: docs });
		if (ingested.status !== 200) throw new Error(`policy ingestion failed: HTTP ${ingested.status} ${JSON.stringify(ingested.body).slice(0, 500)}`);
		log(`n8n ready in ${startMs} ms; ${docs.length} sample policies ingested; ${tickets.length} tickets, concurrency ${args.concurrency}, ${args.rounds} round(s), warm-up ${args.warmup}`);

		log('with execution data saved (n8n default):');
		const saved = await compare(n8n, find('pipeline', true)!, find('baseline', true)!, tickets, args, log);
		let unsaved: Comparison | undefined;
		if (args.noSave) {
			log('with execution data not saved (both workflows):');
			unsaved = await compare(n8n, find('pipeline', false)!, find('baseline', false)!, tickets, args, log);
		}

		// Profiled one at a time: with requests in flight together, each execution's wall time would
		// include the others' turns on n8n's single event loop.
		const profiles: Record<string, ExecutionProfile> = {};
		if (args.profileSample > 0) {
			const stride = Math.max(1, Math.floor(tickets.length / args.profileSample));
			const sample = tickets.filter((_, i) => i % stride === 0).slice(0, args.profileSample);
			log(`profiling: ${sample.length} tickets sent one at a time to each workflow`);
			for (const v of ['pipeline', 'baseline'] as const) {
				const wf = find(v, true)!;
				await drive(n8n, wf.webhookPath, freshen(sample, args), 1);
				profiles[v] = profileExecutions(wf.workflow.id, await recentExecutions(n8n.rest, wf.workflow.id, sample.length));
			}
		}

		const result = {
			ratio: saved.ratio,
			ticketsPerSecond: saved.pipeline.ticketsPerSecond,
			baselinePerSecond: saved.baseline.ticketsPerSecond,
			target: 0.8,
			meetsTarget: saved.ratio >= 0.8,
			tickets: saved.pipeline.tickets,
			sampleTickets: tickets.length,
			concurrency: args.concurrency,
			rounds: args.rounds,
			warmup: args.warmup,
			chunk: args.chunk,
			freshTexts: args.freshTexts,
			p50Ms: saved.pipeline.p50Ms,
			p95Ms: saved.pipeline.p95Ms,
			baselineP50Ms: saved.baseline.p50Ms,
			baselineP95Ms: saved.baseline.p95Ms,
			routes: saved.pipeline.routes,
			errors: [...saved.pipeline.errors, ...saved.baseline.errors, ...(unsaved ? [...unsaved.pipeline.errors, ...unsaved.baseline.errors] : [])],
			...(unsaved
				? {
						withoutExecutionSaving: {
							ratio: unsaved.ratio,
							ticketsPerSecond: unsaved.pipeline.ticketsPerSecond,
							baselinePerSecond: unsaved.baseline.ticketsPerSecond,
							p50Ms: unsaved.pipeline.p50Ms,
							p95Ms: unsaved.pipeline.p95Ms,
							baselineP50Ms: unsaved.baseline.p50Ms,
							baselineP95Ms: unsaved.baseline.p95Ms,
						},
					}
				: {}),
			profile: profiles,
			n8nStartMs: startMs,
			/** 1-minute load average before and after: figures from a machine busy with other work are not comparable across runs. */
			loadAverage: { before: round(loadBefore, 2), after: round(os.loadavg()[0], 2) },
		};
		if (args.json) {
			process.stdout.write(`${JSON.stringify(result)}\n`);
			return;
		}
		const line = (label: string, c: Comparison): string[] => [
			`${label}`,
			`  pipeline  ${c.pipeline.ticketsPerSecond.toFixed(2).padStart(7)} tickets/s   p50 ${c.pipeline.p50Ms} ms, p95 ${c.pipeline.p95Ms} ms   (${Object.entries(c.pipeline.routes).map(([k, v]) => `${k} ${v}`).join(', ')})`,
			`  no-op     ${c.baseline.ticketsPerSecond.toFixed(2).padStart(7)} tickets/s   p50 ${c.baseline.p50Ms} ms, p95 ${c.baseline.p95Ms} ms`,
			`  ratio     ${c.ratio.toFixed(3)}   (target >= 0.8: ${c.ratio >= 0.8 ? 'met' : 'NOT met'})`,
		];
		console.log(
			[
				'',
				`Pipeline template vs no-op twin, same n8n, ${result.tickets} tickets each (${tickets.length} samples x ${args.rounds} round(s)${args.freshTexts ? ', fresh texts every pass' : ', the same texts every pass'}), concurrency ${args.concurrency}`,
				`(machine load average ${result.loadAverage.before} before, ${result.loadAverage.after} after, on ${os.cpus().length} cores)`,
				...line('Execution data saved (n8n default):', saved),
				...(unsaved ? line('Execution data not saved (both workflows):', unsaved) : []),
				...(result.errors.length ? [`ERRORS (${result.errors.length}): ${result.errors.slice(0, 5).join(' | ')}`] : []),
				'',
				...Object.entries(profiles).map(([k, p]) => formatProfile(`Where the time goes (${k}, one request at a time)`, p) + '\n'),
			].join('\n'),
		);
	} finally {
		await n8n.stop();
		await Promise.all([zendesk.close(), shopify.close(), stripe.close()]);
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
