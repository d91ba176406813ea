/**
 * The `npm run demo` report for tickets sent to a running n8n: one row per ticket from the
 * pipeline template's webhook answer and (when n8n saved it) the execution's final case file, then
 * the same totals as `support-coordination replay` (cli/replayReport's computeTotals), plus what
 * only a real n8n shows: its per-node time, the execution's wall time and the HTTP round trip.
 */
import { LAYERS, type CaseFile, type LayerId } from '../engine/contracts';
import { computeAgreement, computeTotals, reasonCell, ticketCells, ticketHeader, type AgreementLine, type ReplayRow, type ReplayTotals } from '../cli/replayReport';
import type { ExpectedOutcome } from '../cli/replayInputs';
import type { RunExecutionData } from '../test/e2e/n8nRestClient';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DemoRow extends Omit<ReplayRow, 'outcome'> {
	outcome: ReplayRow['outcome'] | 'error';
	httpStatus: number;
	/** Request sent until the Respond to Webhook answer arrived. */
	httpMs: number;
	/** Whether n8n's saved execution of this ticket was found (layer times come from it). */
	executionFound: boolean;
	/** n8n's execution wall time (startedAt..stoppedAt), when the execution was found. */
	executionMs: number | null;
	/** n8n's executionTime per layer (summed over the layer's nodes and runs). */
	nodeMs: Partial<Record<LayerId, number>>;
}

export interface DemoTicketResult {
	id: string;
	expected?: ExpectedOutcome;
	status: number;
	body: unknown;
	httpMs: number;
	execution?: { startedAt: string | null; stoppedAt: string | null; data: RunExecutionData };
}

const OUR_TYPES: Record<string, LayerId> = {
	supportIntentRouter: 'intentRouter',
	supportPolicyRetriever: 'policyRetriever',
	supportSpecialistPlanner: 'specialistPlanner',
	supportCritic: 'critic',
	supportActionExecutor: 'toolExecutor',
	supportEscalationPackager: 'escalationPackager',
};

const norm = (s: string | null | undefined): string => (s == null || s.trim() === '' ? 'human' : s.trim().toLowerCase());

/** The case file with the longest trace among all node outputs: the one the run ended with. */
export function finalCaseFile(data: RunExecutionData): CaseFile | undefined {
	let best: CaseFile | undefined;
	for (const runs of Object.values(data.resultData.runData)) {
		for (const run of runs) {
			for (const items of run.data?.main ?? []) {
				for (const item of items ?? []) {
					const support = (item.json as Json).support as CaseFile | undefined;
					if (support?.trace && (!best || support.trace.length >= best.trace.length)) best = support;
				}
			}
		}
	}
	return best;
}

/** n8n's own executionTime per layer, by node type (node names are the operator's to change). */
export function nodeTimePerLayer(data: RunExecutionData, nodeTypes: Record<string, string>): Partial<Record<LayerId, number>> {
	const out: Partial<Record<LayerId, number>> = {};
	for (const [name, runs] of Object.entries(data.resultData.runData)) {
		const layer = OUR_TYPES[(nodeTypes[name] ?? '').split('.').pop() ?? ''];
		if (!layer) continue;
		out[layer] = (out[layer] ?? 0) + runs.reduce((s, r) => s + (r.executionTime ?? 0), 0);
	}
	return out;
}

function outcomeOf(body: Json): ReplayRow['outcome'] {
	if (body.route === 'escalated') return 'escalated';
	const mode = body.executionMode ?? body.rolloutMode;
	return mode === 'auto' ? 'auto_resolved' : mode === 'suggest' ? 'suggested' : 'shadow';
}

function actionOf(outcome: DemoRow['outcome'], tools: string[], caseFile: CaseFile | undefined): string {
	if (outcome === 'escalated') return 'escalate';
	if (tools.includes('shopify.refundOrder') || tools.includes('stripe.createRefund')) return 'refund';
	if (tools.includes('shopify.cancelOrder')) return 'cancel';
	return caseFile?.plan?.assumptions.includes('Clarification needed before anything can be done.') ? 'clarify' : 'reply';
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** n8n's SQLite keeps UTC times as '2026-11-25 13:20:28.863' (no zone). */
export function sqliteTime(text: string): number {
	return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

export function toDemoRow(r: DemoTicketResult, nodeTypes: Record<string, string>): DemoRow {
	const body = (r.body && typeof r.body === 'object' ? r.body : {}) as Json;
	const caseFile = r.execution ? finalCaseFile(r.execution.data) : undefined;
	const timings: DemoRow['timings'] = { total: 0 };
	for (const t of caseFile?.trace ?? []) {
		timings[t.layer] = round1((timings[t.layer] ?? 0) + t.durationMs);
		timings.total = round1(timings.total + t.durationMs);
	}
	const executionMs = r.execution?.startedAt && r.execution.stoppedAt ? sqliteTime(r.execution.stoppedAt) - sqliteTime(r.execution.startedAt) : null;
	const base = { id: r.id, httpStatus: r.status, httpMs: round1(r.httpMs), executionFound: r.execution !== undefined, executionMs, nodeMs: r.execution ? nodeTimePerLayer(r.execution.data, nodeTypes) : {}, timings };
	if (r.status !== 200 || (body.route !== 'handled' && body.route !== 'escalated')) {
		const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? null);
		return { ...base, source: null, intent: '-', confidence: null, outcome: 'error', action: '-', reason: `HTTP ${r.status}: ${text.slice(0, 300)}`, escalation: null, ...(r.expected ? { expected: r.expected } : {}) };
	}
	const outcome = outcomeOf(body);
	const intentSection = caseFile?.intent;
	const routedTo = intentSection
		? intentSection.route === 'intent' && intentSection.category
			? intentSection.category
			: 'human'
		: body.route === 'escalated' && body.fromLayer === 'intentRouter'
			? 'human'
			: String(body.intent ?? 'human');
	const tools = caseFile?.plan?.steps.map((s) => s.tool) ?? ((body.execution?.steps ?? []) as Json[]).map((s) => String(s.tool));
	const action = actionOf(outcome, tools, caseFile);
	const esc = caseFile?.escalation;
	const reason =
		outcome === 'escalated'
			? String(body.reason ?? caseFile?.handoff?.reason ?? '')
			: `${(body.verdicts ?? []).join(', ')}; ${body.execution?.outcome ?? '?'}${tools.length ? ` (${tools.join(', ')})` : ''}`;
	const row: DemoRow = {
		...base,
		source: caseFile?.ticket?.source ?? null,
		intent: routedTo,
		confidence: typeof (intentSection?.confidence ?? body.confidence) === 'number' ? ((intentSection?.confidence ?? body.confidence) as number) : null,
		outcome,
		action,
		reason,
		escalation: outcome === 'escalated' ? (esc ? `${esc.layer}:${esc.code}` : `${body.fromLayer ?? 'unknown'}`) : null,
	};
	if (r.expected) {
		row.expected = r.expected;
		if (r.expected.intent !== undefined) row.routingAgrees = norm(r.expected.intent) === norm(routedTo);
		if (r.expected.action !== undefined) row.actionAgrees = norm(r.expected.action) === action;
	}
	return row;
}

export interface DemoTotals extends ReplayTotals {
	errors: number;
	/** How many rows have n8n's saved execution (layer times come from those only). */
	withExecutionData: number;
	/** n8n's per-node executionTime per layer: total over the tickets, runs (tickets), mean. */
	nodeTimePerLayer: Partial<Record<LayerId, { totalMs: number; runs: number; meanMs: number }>>;
	meanExecutionMs: number | null;
	meanHttpMs: number;
	wallSeconds: number;
	ticketsPerSecond: number;
}

export interface DemoReport {
	settings: { target: string; workflow: string; startedBy: 'demo' | 'already running' | 'stand-ins'; concurrency: number; file: string };
	tickets: DemoRow[];
	totals: DemoTotals;
	agreement: AgreementLine[];
}

const mean = (xs: number[]): number => (xs.length ? round1(xs.reduce((s, x) => s + x, 0) / xs.length) : 0);

export function demoTotals(rows: readonly DemoRow[], wallMs: number): DemoTotals {
	const ok = rows.filter((r) => r.outcome !== 'error') as ReplayRow[];
	const base = computeTotals(ok);
	const nodeTime: DemoTotals['nodeTimePerLayer'] = {};
	for (const layer of Object.keys(LAYERS) as LayerId[]) {
		const ran = rows.filter((r) => r.nodeMs[layer] !== undefined);
		if (!ran.length) continue;
		const totalMs = round1(ran.reduce((s, r) => s + (r.nodeMs[layer] ?? 0), 0));
		nodeTime[layer] = { totalMs, runs: ran.length, meanMs: round1(totalMs / ran.length) };
	}
	const exec = rows.map((r) => r.executionMs).filter((x): x is number => x !== null);
	return {
		...base,
		tickets: rows.length,
		errors: rows.length - ok.length,
		withExecutionData: rows.filter((r) => r.executionFound).length,
		nodeTimePerLayer: nodeTime,
		meanExecutionMs: exec.length ? mean(exec) : null,
		meanHttpMs: mean(rows.map((r) => r.httpMs)),
		wallSeconds: round1(wallMs / 1000),
		ticketsPerSecond: wallMs > 0 ? Math.round((rows.length / wallMs) * 100_000) / 100 : 0,
	};
}

export function buildDemoReport(settings: DemoReport['settings'], rows: DemoRow[], wallMs: number): DemoReport {
	return { settings, tickets: rows, totals: demoTotals(rows, wallMs), agreement: computeAgreement(rows.filter((r) => r.outcome !== 'error') as ReplayRow[]) };
}

const STARTED_BY: Record<DemoReport['settings']['startedBy'], string> = {
	demo: 'the `npm start` instance, started for this run and stopped after',
	'already running': 'the running `npm start` instance',
	'stand-ins': 'a throwaway n8n with Zendesk, Shopify and Stripe on loopback stand-ins',
};

const cell = (s: string, width: number): string => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
const pct = (v: number | null): string => (v === null ? '-' : `${Math.round(v * 100)}%`);

/** One progress line per ticket, for stderr while the run goes. */
export function progressLine(done: number, total: number, row: DemoRow): string {
	const what = row.outcome === 'escalated' ? `escalated [${row.escalation}]` : row.outcome;
	return `[${String(done).padStart(String(total).length)}/${total}] ${cell(row.id, 12)} ${cell(row.intent, 16)} ${cell(what, 40)} ${row.httpMs.toFixed(0)} ms`;
}

export function formatDemoReport(report: DemoReport): string {
	const { settings: s, totals: t } = report;
	const lines: string[] = [];
	lines.push(`Demo: ${t.tickets} sample tickets (${s.file}) sent to ${s.target} (${STARTED_BY[s.startedBy]})`);
	lines.push(`Workflow: ${s.workflow}, concurrency ${s.concurrency}. Intents in the rollout mode the template sets (shadow as shipped: nothing is written anywhere).`);
	lines.push('');
	const withExpected = report.tickets.some((r) => r.expected);
	lines.push([...ticketHeader(withExpected), 'layers'.padStart(7), 'n8n'.padStart(6), 'http'.padStart(6), ' reason'].join(' '));
	report.tickets.forEach((r, i) => {
		const layers = (r.executionFound ? r.timings.total.toFixed(0) : '-').padStart(7);
		const n8n = (r.executionMs === null ? '-' : String(r.executionMs)).padStart(6);
		lines.push([...ticketCells(r, i, withExpected), layers, n8n, r.httpMs.toFixed(0).padStart(6), reasonCell(r)].join(' '));
	});
	lines.push('  (ms: layers = the six layers\' own time from the case-file trace; n8n = the execution\'s wall time; http = round trip)');
	lines.push('');
	lines.push('Totals');
	lines.push(`  tickets        ${t.tickets}${t.errors ? ` (${t.errors} failed: no answer from the pipeline)` : ''}`);
	lines.push(`  routed         ${t.routed} (to a person at the router: ${t.tickets - t.errors - t.routed})`);
	lines.push(`  auto-resolved  ${t.autoResolved}`);
	lines.push(`  suggested      ${t.suggested}`);
	lines.push(`  shadow (approved, nothing written) ${t.shadowApproved}`);
	lines.push(`  escalated      ${t.escalated}`);
	for (const e of t.escalationReasons) lines.push(`    ${String(e.count).padStart(3)} × ${e.key}: e.g. ${e.example.replace(/\s+/g, ' ').slice(0, 120)}`);
	lines.push('');
	if (t.withExecutionData === 0) {
		lines.push('Time per layer: n8n saved no execution data this demo could read (it reads the `npm start` database, .n8n-local/).');
	} else {
		lines.push(`Time per layer (ms, ${t.withExecutionData} tickets)    trace total  n8n node total   runs  trace mean  n8n node mean`);
		for (const layer of Object.keys(LAYERS) as LayerId[]) {
			const tr = t.timePerLayer[layer];
			const nd = t.nodeTimePerLayer[layer];
			if (!tr && !nd) continue;
			lines.push(
				`  ${cell(LAYERS[layer], 28)} ${(tr?.totalMs ?? 0).toFixed(1).padStart(11)} ${(nd?.totalMs ?? 0).toFixed(1).padStart(15)} ${String(tr?.runs ?? nd?.runs ?? 0).padStart(6)} ${(tr?.meanMs ?? 0).toFixed(1).padStart(11)} ${(nd?.meanMs ?? 0).toFixed(1).padStart(14)}`,
			);
		}
		lines.push(`  mean per ticket: layers ${t.meanMsPerTicket} ms, n8n execution ${t.meanExecutionMs ?? '-'} ms, HTTP round trip ${t.meanHttpMs} ms`);
	}
	lines.push(`  wall ${t.wallSeconds} s for ${t.tickets} tickets: ${t.ticketsPerSecond} tickets/s at concurrency ${s.concurrency}`);
	if (report.agreement.length) {
		lines.push('');
		lines.push('Agreement with the expected handling   tickets  routing  action  would auto-resolve');
		for (const a of report.agreement) {
			lines.push(`  ${cell(a.intent, 34)} ${String(a.tickets).padStart(8)} ${pct(a.routingAgreement).padStart(8)} ${pct(a.actionAgreement).padStart(7)} ${pct(a.wouldAutoResolve).padStart(8)}`);
		}
	}
	return lines.join('\n') + '\n';
}
