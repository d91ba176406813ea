/**
 * The replay report: one row per ticket, the totals (routed, auto-resolved, suggested, escalated
 * with reasons, time per layer) and, for historical tickets with what the agent did, the agreement
 * per intent. Pure functions of the pipeline results, so the arithmetic is tested without a run.
 */
import { LAYERS, type LayerId } from '../engine/contracts';
import type { PipelineOutcome, PipelineResult } from '../engine/pipeline';
import type { ExpectedOutcome } from './replayInputs';

export interface ReplayRow {
	id: string;
	/** Helpdesk shape the router read; null when intake failed. */
	source: string | null;
	/** The intent the router chose, or 'human' when it handed the ticket to a person. */
	intent: string;
	confidence: number | null;
	outcome: PipelineOutcome;
	/** In replay's vocabulary: 'refund', 'cancel', 'clarify' (a question back), 'reply' or 'escalate'. */
	action: string;
	reason: string;
	/** `layer:code` of the escalation, when there was one. */
	escalation: string | null;
	expected?: ExpectedOutcome;
	routingAgrees?: boolean;
	actionAgrees?: boolean;
	timings: Partial<Record<LayerId, number>> & { total: number };
}

export interface LayerTime {
	/** Summed over the tickets the layer ran on. */
	totalMs: number;
	runs: number;
	meanMs: number;
}

export interface ReplayTotals {
	tickets: number;
	/** Tickets the router sent to an intent (the rest went to a person at the router). */
	routed: number;
	autoResolved: number;
	suggested: number;
	/** Approved, in shadow mode: what would have been done, with nothing written. */
	shadowApproved: number;
	escalated: number;
	/** Escalations by `layer:code`, most frequent first, with one reason as an example. */
	escalationReasons: Array<{ key: string; count: number; example: string }>;
	timePerLayer: Partial<Record<LayerId, LayerTime>>;
	totalMs: number;
	meanMsPerTicket: number;
}

export interface AgreementLine {
	/** The expected intent ('human' for tickets no intent fits), or 'all'. */
	intent: string;
	tickets: number;
	routingAgreement: number | null;
	actionAgreement: number | null;
	/** Share of these tickets the pipeline approved without a person (any mode). */
	wouldAutoResolve: number;
}

const norm = (s: string | null | undefined): string => (s == null || s.trim() === '' ? 'human' : s.trim().toLowerCase());

/** What the pipeline did, in the vocabulary an agent's history is written in. */
export function actionOf(result: PipelineResult): string {
	if (result.outcome === 'escalated') return 'escalate';
	const tools = (result.caseFile.plan?.steps ?? []).map((s) => s.tool);
	if (tools.includes('shopify.refundOrder') || tools.includes('stripe.createRefund')) return 'refund';
	if (tools.includes('shopify.cancelOrder')) return 'cancel';
	return result.clarification ? 'clarify' : 'reply';
}

export function toRow(id: string, result: PipelineResult, expected?: ExpectedOutcome): ReplayRow {
	const intent = result.caseFile.intent;
	const routedTo = intent && intent.route === 'intent' && intent.category ? intent.category : 'human';
	const action = actionOf(result);
	const esc = result.escalation;
	const row: ReplayRow = {
		id,
		source: result.caseFile.ticket?.source ?? null,
		intent: routedTo,
		confidence: intent ? intent.confidence : null,
		outcome: result.outcome,
		action,
		reason: result.reason,
		escalation: esc ? `${esc.layer}:${esc.code}` : routedTo === 'human' ? 'intentRouter:human' : null,
		timings: result.timings,
	};
	if (expected) {
		row.expected = expected;
		if (expected.intent !== undefined) row.routingAgrees = norm(expected.intent) === norm(routedTo);
		if (expected.action !== undefined) row.actionAgrees = norm(expected.action) === action;
	}
	return row;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function computeTotals(rows: readonly ReplayRow[]): ReplayTotals {
	const count = (o: PipelineOutcome) => rows.filter((r) => r.outcome === o).length;
	const reasons = new Map<string, { count: number; example: string }>();
	for (const r of rows) {
		if (r.outcome !== 'escalated') continue;
		const key = r.escalation ?? 'unknown';
		const seen = reasons.get(key);
		if (seen) seen.count++;
		else reasons.set(key, { count: 1, example: r.reason });
	}
	const timePerLayer: Partial<Record<LayerId, LayerTime>> = {};
	for (const layer of Object.keys(LAYERS) as LayerId[]) {
		const ran = rows.filter((r) => r.timings[layer] !== undefined);
		if (ran.length === 0) continue;
		const totalMs = ran.reduce((s, r) => s + (r.timings[layer] ?? 0), 0);
		timePerLayer[layer] = { totalMs: round(totalMs), runs: ran.length, meanMs: round(totalMs / ran.length, 2) };
	}
	const totalMs = rows.reduce((s, r) => s + r.timings.total, 0);
	return {
		tickets: rows.length,
		routed: rows.filter((r) => r.intent !== 'human').length,
		autoResolved: count('auto_resolved'),
		suggested: count('suggested'),
		shadowApproved: count('shadow'),
		escalated: count('escalated'),
		escalationReasons: [...reasons.entries()].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
		timePerLayer,
		totalMs: round(totalMs),
		meanMsPerTicket: rows.length ? round(totalMs / rows.length, 2) : 0,
	};
}

function share(rows: readonly ReplayRow[], pick: (r: ReplayRow) => boolean | undefined): number | null {
	const judged = rows.map(pick).filter((v): v is boolean => v !== undefined);
	return judged.length ? round(judged.filter(Boolean).length / judged.length, 3) : null;
}

/** Agreement per expected intent, then 'all'; empty when no ticket carries an expectation. */
export function computeAgreement(rows: readonly ReplayRow[]): AgreementLine[] {
	const labelled = rows.filter((r) => r.expected);
	if (labelled.length === 0) return [];
	const groups = new Map<string, ReplayRow[]>();
	for (const r of labelled) {
		const key = r.expected!.intent === undefined ? '(no intent given)' : norm(r.expected!.intent);
		groups.set(key, [...(groups.get(key) ?? []), r]);
	}
	const line = (intent: string, group: ReplayRow[]): AgreementLine => ({
		intent,
		tickets: group.length,
		routingAgreement: share(group, (r) => r.routingAgrees),
		actionAgreement: share(group, (r) => r.actionAgrees),
		wouldAutoResolve: round(group.filter((r) => r.outcome !== 'escalated').length / group.length, 3),
	});
	return [...[...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => line(k, g)), line('all', labelled)];
}

export interface ReplayReport {
	settings: {
		file: string;
		mode: string;
		intents: string;
		policies: string;
		liveFacts: false;
		/** Configured as in the template, but every call is refused on the spot. */
		connectors: 'inert';
	};
	tickets: ReplayRow[];
	totals: ReplayTotals;
	agreement: AgreementLine[];
}

const pct = (v: number | null): string => (v === null ? '-' : `${Math.round(v * 100)}%`);

function cell(s: string, width: number): string {
	return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/** The human-readable report: settings, per-ticket table, totals, reasons, time per layer, agreement. */
/** What a per-ticket line needs; the demo's rows (which can also end in "error") have it too. */
type TicketLine = Pick<ReplayRow, 'id' | 'source' | 'intent' | 'confidence' | 'expected' | 'routingAgrees' | 'actionAgrees' | 'action' | 'escalation' | 'reason'> & { outcome: string };

/** The per-ticket columns the replay and the demo reports share; each adds its own timing columns. */
export function ticketHeader(withExpected: boolean): string[] {
	return ['#'.padStart(3), cell('ticket', 12), cell('source', 10), cell('intent (conf)', 24), ...(withExpected ? [cell('expected', 24)] : []), cell('outcome', 13), cell('action', 8)];
}

export function ticketCells(r: TicketLine, i: number, withExpected: boolean): string[] {
	const conf = r.confidence === null ? '' : ` (${r.confidence.toFixed(2)})`;
	const exp = r.expected ? `${r.expected.intent === undefined ? '?' : norm(r.expected.intent)}/${r.expected.action ?? '?'}${r.routingAgrees === false || r.actionAgrees === false ? ' ✗' : ''}` : '';
	return [String(i + 1).padStart(3), cell(r.id, 12), cell(r.source ?? '-', 10), cell(`${r.intent}${conf}`, 24), ...(withExpected ? [cell(exp, 24)] : []), cell(r.outcome, 13), cell(r.action, 8)];
}

export function reasonCell(r: TicketLine): string {
	return ` ${r.outcome === 'escalated' ? `[${r.escalation ?? '?'}] ` : ''}${r.reason.replace(/\s+/g, ' ').slice(0, 110)}`;
}

export function formatReplayReport(report: ReplayReport): string {
	const { settings: s, totals: t } = report;
	const lines: string[] = [];
	lines.push(`Replay of ${s.file}: ${t.tickets} ticket(s), rollout mode: ${s.mode}`);
	lines.push(`Intents: ${s.intents}`);
	lines.push(`Policies: ${s.policies}`);
	lines.push('No live facts, connectors inert (every call refused on the spot): nothing was sent anywhere, nothing written.');
	lines.push('');
	const withExpected = report.tickets.some((r) => r.expected);
	lines.push([...ticketHeader(withExpected), 'ms'.padStart(7), ' reason'].join(' '));
	report.tickets.forEach((r, i) => lines.push([...ticketCells(r, i, withExpected), r.timings.total.toFixed(1).padStart(7), reasonCell(r)].join(' ')));
	lines.push('');
	lines.push('Totals');
	lines.push(`  tickets        ${t.tickets}`);
	lines.push(`  routed         ${t.routed} (to a person at the router: ${t.tickets - t.routed})`);
	lines.push(`  auto-resolved  ${t.autoResolved}`);
	lines.push(`  suggested      ${t.suggested}`);
	lines.push(`  shadow (approved, nothing written) ${t.shadowApproved}`);
	lines.push(`  escalated      ${t.escalated}`);
	for (const e of t.escalationReasons) lines.push(`    ${String(e.count).padStart(3)} × ${e.key}: e.g. ${e.example.replace(/\s+/g, ' ').slice(0, 120)}`);
	lines.push('');
	lines.push('Time per layer (ms)            total     runs    mean');
	for (const [layer, v] of Object.entries(t.timePerLayer) as Array<[LayerId, LayerTime]>) {
		lines.push(`  ${cell(LAYERS[layer], 28)} ${v.totalMs.toFixed(1).padStart(8)} ${String(v.runs).padStart(8)} ${v.meanMs.toFixed(2).padStart(7)}`);
	}
	lines.push(`  ${cell('all layers', 28)} ${t.totalMs.toFixed(1).padStart(8)} ${String(t.tickets).padStart(8)} ${t.meanMsPerTicket.toFixed(2).padStart(7)}  (per ticket)`);
	if (report.agreement.length) {
		lines.push('');
		lines.push('Agreement with the human agents   tickets  routing  action  would auto-resolve');
		for (const a of report.agreement) {
			lines.push(`  ${cell(a.intent, 30)} ${String(a.tickets).padStart(8)} ${pct(a.routingAgreement).padStart(8)} ${pct(a.actionAgreement).padStart(7)} ${pct(a.wouldAutoResolve).padStart(8)}`);
		}
	}
	return lines.join('\n') + '\n';
}
