/**
 * `npm run demo` against real n8n: sends the sample tickets to the pipeline template's webhook on
 * the `npm start` instance (http://127.0.0.1:5678), or, when nothing answers there, starts that
 * instance the way `npm start` does (same .n8n-local folder) for the run and stops it after. Layer
 * times come from the executions n8n saved (read from its database: see demoExecutions.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { ExpectedOutcome } from '../cli/replayInputs';
import { lastExecutionId, savedExecutions, type SavedExecution } from './demoExecutions';
import { buildDemoReport, progressLine, toDemoRow, type DemoReport, type DemoRow, type DemoTicketResult } from './demoReport';
import { REPO_ROOT, buildPackage, sleep, withStableId, type Log, type WorkflowJson } from './local-n8n';
import { LOCAL_N8N, localWebhookSecret, startLocalInBackground, templateWebhookPath, type BackgroundLocalN8n } from './localInstance';

export const PIPELINE_TEMPLATE = 'support-pipeline-webhook.json';
export const DEFAULT_URL = `http://127.0.0.1:${LOCAL_N8N.defaultPort}`;
const WEBHOOK_HEADER = 'X-Support-Token';

export interface DemoOptions {
	/** Where n8n answers (the `npm start` instance by default). */
	url: string;
	file: string;
	concurrency: number;
	/** Build the package before starting n8n, as `npm start` does (only when the demo starts it). */
	build: boolean;
	/** Header Auth secret; defaults to the one `npm start` generated (.n8n-local/state.json). */
	secret?: string;
}

export interface SampleTicket {
	id: string;
	payload: unknown;
	expected?: ExpectedOutcome;
}

type Probe = 'ready' | 'no-webhook' | 'down';

/** Whether n8n answers at url and has the pipeline's webhook registered (CORS preflight: no execution). */
export async function probe(url: string, webhookPath: string): Promise<Probe> {
	try {
		const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3_000) });
		await health.arrayBuffer();
		if (!health.ok) return 'down';
	} catch {
		return 'down';
	}
	const pre = await fetch(`${url}/webhook/${webhookPath}`, {
		method: 'OPTIONS',
		headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'POST' },
		signal: AbortSignal.timeout(5_000),
	});
	await pre.arrayBuffer();
	return pre.status >= 200 && pre.status < 300 ? 'ready' : 'no-webhook';
}

/** Sorted-key JSON, so a body n8n stored compares equal to the payload sent. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** The payload an execution's Webhook node received. */
function receivedBody(e: SavedExecution, webhookNode: string): unknown {
	return e.data.resultData.runData[webhookNode]?.[0]?.data?.main?.[0]?.[0]?.json?.body;
}

async function send(url: string, webhookPath: string, secret: string, ticket: SampleTicket): Promise<DemoTicketResult> {
	const t = performance.now();
	try {
		const res = await fetch(`${url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', [WEBHOOK_HEADER]: secret },
			body: JSON.stringify(ticket.payload),
			signal: AbortSignal.timeout(120_000),
		});
		const text = await res.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			// Not JSON: n8n's own error page or message; kept as text for the report.
		}
		return { id: ticket.id, expected: ticket.expected, status: res.status, body, httpMs: performance.now() - t };
	} catch (error) {
		return { id: ticket.id, expected: ticket.expected, status: 0, body: (error as Error).message, httpMs: performance.now() - t };
	}
}

export interface DemoTarget {
	url: string;
	secret: string;
	webhookPath: string;
	startedBy: DemoReport['settings']['startedBy'];
}

/** Sends every ticket, prints progress, then pairs each answer with n8n's saved execution. */
export async function sendTickets(
	target: DemoTarget,
	workflow: WorkflowJson & { id: string },
	tickets: readonly SampleTicket[],
	opts: Pick<DemoOptions, 'concurrency' | 'file'>,
	log: Log,
	readExecutions: () => Promise<SavedExecution[]>,
): Promise<DemoReport> {
	const webhookNode = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')?.name ?? '';
	const nodeTypes = Object.fromEntries(workflow.nodes.map((n) => [n.name, n.type]));
	log(`sending ${tickets.length} tickets to ${target.url}/webhook/${target.webhookPath}, ${opts.concurrency} at a time`);
	const results: DemoTicketResult[] = new Array(tickets.length);
	let next = 0;
	let done = 0;
	const started = performance.now();
	const worker = async (): Promise<void> => {
		while (next < tickets.length) {
			const i = next++;
			results[i] = await send(target.url, target.webhookPath, target.secret, tickets[i]);
			done++;
			log(progressLine(done, tickets.length, toDemoRow(results[i], nodeTypes)));
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, tickets.length)) }, worker));
	const wallMs = performance.now() - started;

	// Respond to Webhook answers before n8n has saved the execution: give it a moment.
	let executions: SavedExecution[] = [];
	for (let attempt = 0; attempt < 20; attempt++) {
		executions = await readExecutions();
		if (executions.length >= tickets.length) break;
		await sleep(500);
	}
	const byBody = new Map(executions.map((e) => [canonical(receivedBody(e, webhookNode)), e]));
	const rows: DemoRow[] = results.map((r, i) => {
		const e = byBody.get(canonical(tickets[i].payload));
		return toDemoRow(e ? { ...r, execution: { startedAt: e.startedAt, stoppedAt: e.stoppedAt, data: e.data } } : r, nodeTypes);
	});
	return buildDemoReport(
		{ target: target.url, workflow: workflow.name, startedBy: target.startedBy, concurrency: opts.concurrency, file: path.relative(REPO_ROOT, opts.file) },
		rows,
		wallMs,
	);
}

/** The sample tickets file: [{ id, payload, expected? }]. */
export function loadTickets(file: string): SampleTicket[] {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as SampleTicket[];
}

export async function runDemoInN8n(opts: DemoOptions, log: Log): Promise<DemoReport> {
	const templateFile = path.join(REPO_ROOT, 'workflows', PIPELINE_TEMPLATE);
	const template = withStableId(JSON.parse(fs.readFileSync(templateFile, 'utf8')) as WorkflowJson);
	const webhookPath = templateWebhookPath(PIPELINE_TEMPLATE);
	if (!webhookPath) throw new Error(`${PIPELINE_TEMPLATE} has no Webhook node`);
	const tickets = loadTickets(opts.file);

	let url = opts.url.replace(/\/$/, '');
	let own: BackgroundLocalN8n | undefined;
	const state = await probe(url, webhookPath);
	if (state === 'no-webhook') {
		throw new Error(`n8n answers at ${url} but the pipeline template's webhook (/webhook/${webhookPath}) is not active there: restart \`npm start\` (it imports and publishes the templates), or stop it and let the demo start its own`);
	}
	const stopOwn = (): void => {
		void own?.stop().then(() => process.exit(130));
	};
	if (state === 'down') {
		const port = Number(new URL(url).port || 80);
		log(`no n8n answers at ${url}: starting one the way \`npm start\` does (.n8n-local/), stopped after the run`);
		if (opts.build) buildPackage(log);
		process.once('SIGINT', stopOwn);
		own = await startLocalInBackground({ port, log });
		url = own.baseUrl;
	} else {
		log(`n8n answers at ${url} with the pipeline template active: sending the tickets there`);
	}

	try {
		const secret = opts.secret ?? own?.headerSecret ?? localWebhookSecret();
		if (!secret) throw new Error('no webhook secret: run `npm start` once (it generates one in .n8n-local/state.json), or pass --secret');
		const afterId = lastExecutionId(LOCAL_N8N.database);
		const target: DemoTarget = { url, secret, webhookPath, startedBy: own ? 'demo' : 'already running' };
		return await sendTickets(target, template, tickets, opts, log, async () => savedExecutions(LOCAL_N8N.database, template.id, afterId));
	} finally {
		if (own) {
			log('stopping the n8n the demo started');
			await own.stop();
			process.removeListener('SIGINT', stopOwn);
		}
	}
}
