/**
 * The replay report: one row per ticket, read from the ticket's final case file, the totals (routed,
 * auto-resolved, suggested, escalated with reasons, time per layer) and, for historical tickets with
 * what the agent did, the agreement per intent. One implementation for `support-coordination replay`
 * (case files from runPipeline) and the Support Shadow Replay node (case files from n8n's items), so
 * both count the same way. Pure functions: the arithmetic is tested without a run.
 */
import { CaseFile, LAYERS, type LayerId } from '../contracts';
import type { PipelineOutcome } from '../pipeline';
import type { ExpectedOutcome } from './ticketsFile';

export interface ReplayRow {
	id: string;
	/** 1-based place in the tickets file, when known (the report is sorted by it). */
	position?: number;
	/** Helpdesk shape the router read; null when intake failed. */
	source: string | null;
	/** The intent the router chose, or 'human' when it handed the ticket to a person. */
	intent: string;
	confidence: number | null;
	/** Router engine and which engine decided (the cascade asks the model only when unsure). */
	engine?: string | null;
	decidedBy?: string | null;
	/** The intent's rollout mode, as the router set it. */
	rolloutMode?: string | null;
	outcome: PipelineOutcome;
	/** In replay's vocabulary: 'refund', 'cancel', 'clarify' (a question back), 'reply' or 'escalate'. */
	action: string;
	reason: string;
	/** `layer:code` of the escalation, when there was one. */
	escalation: string | null;
	/** Whether the executor ran as a dry run; null when it did not run. */
	dryRun?: boolean | null;
	/** Plan steps the executor performed for real (succeeded or already done). */
	executedSteps?: number;
	timings: Partial<Record<LayerId, number>> & { total: number };
	expected?: ExpectedOutcome;
	routingAgrees?: boolean;
	actionAgrees?: boolean;
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
	/** Plan steps performed for real over all tickets: 0 in shadow. */
	executedSteps: number;
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

/** Which ticket of the file a case file belongs to. */
export interface ReplayTicketRef {
	id: string;
	position?: number;
	expected?: ExpectedOutcome;
}

/** The planner's assumption for a reply that asks the customer a question (engine/planning). */
const CLARIFY = 'Clarification needed before anything can be done.';

/** An intent or action label as compared: trimmed, lower case; none is 'human'. */
export const norm = (s: string | null | undefined): string => (s == null || s.trim() === '' ? 'human' : s.trim().toLowerCase());

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

const performed = (c: CaseFile): number => (c.execution?.steps ?? []).filter((s) => s.status === 'succeeded' || s.status === 'already_done').length;

/** What the pipeline did, in the vocabulary an agent's history is written in. */
export function actionOf(caseFile: CaseFile): string {
	if (caseFile.handoff) return 'escalate';
	const tools = (caseFile.plan?.steps ?? []).map((s) => s.tool);
	if (tools.includes('shopify.refundOrder') || tools.includes('stripe.createRefund')) return 'refund';
	if (tools.includes('shopify.cancelOrder')) return 'cancel';
	return caseFile.plan?.assumptions.includes(CLARIFY) ? 'clarify' : 'reply';
}

function approvedNote(caseFile: CaseFile): string {
	const mode = caseFile.execution?.mode;
	if (mode === 'auto') return `Approved and executed (${performed(caseFile)} step(s)); reply approved for sending.`;
	if (mode === 'suggest') return 'Approved; proposed actions and the draft reply go to a person (suggest mode).';
	return 'Approved; nothing was written (shadow mode).';
}

/** Milliseconds per layer from the trace, summed over the layer's runs (as runPipeline's timings). */
function traceTimings(caseFile: CaseFile): ReplayRow['timings'] {
	const timings: ReplayRow['timings'] = { total: 0 };
	for (const t of caseFile.trace) {
		timings[t.layer] = round((timings[t.layer] ?? 0) + t.durationMs, 3);
		timings.total = round(timings.total + t.durationMs, 3);
	}
	return timings;
}

/**
 * One ticket's row, from its final case file: the one the reply Critic approved, or the one the
 * Escalation Packager wrote the hand-off into (every escalation path ends there). A case file that
 * does not read as the contract counts as escalated, with the reason, so one bad item never hides
 * the other tickets' figures.
 */
export function replayRow(ticket: ReplayTicketRef, support: unknown): ReplayRow {
	const parsed = CaseFile.safeParse(support);
	const row = parsed.success ? rowOf(ticket, parsed.data) : unreadableRow(ticket, parsed.error.issues.map((i) => `${i.path.join('.') || 'support'}: ${i.message}`).join('; '));
	if (ticket.expected) {
		row.expected = ticket.expected;
		if (ticket.expected.intent !== undefined) row.routingAgrees = norm(ticket.expected.intent) === norm(row.intent);
		if (ticket.expected.action !== undefined) row.actionAgrees = norm(ticket.expected.action) === row.action;
	}
	return row;
}

function rowOf(ticket: ReplayTicketRef, c: CaseFile): ReplayRow {
	const intent = c.intent;
	const routedTo = intent && intent.route === 'intent' && intent.category ? intent.category : 'human';
	const escalated = c.handoff !== undefined;
	const mode = c.execution?.mode ?? 'shadow';
	const esc = c.escalation;
	return {
		id: ticket.id,
		...(ticket.position !== undefined ? { position: ticket.position } : {}),
		source: c.ticket?.source ?? null,
		intent: routedTo,
		confidence: intent ? intent.confidence : null,
		engine: intent ? intent.engine : null,
		decidedBy: intent ? intent.decidedBy : null,
		rolloutMode: intent ? intent.rolloutMode : null,
		outcome: escalated ? 'escalated' : mode === 'auto' ? 'auto_resolved' : mode === 'suggest' ? 'suggested' : 'shadow',
		action: actionOf(c),
		reason: c.handoff ? c.handoff.reason || (esc?.reason ?? '') : approvedNote(c),
		escalation: esc ? `${esc.layer}:${esc.code}` : routedTo === 'human' ? 'intentRouter:human' : c.handoff ? `${c.handoff.fromLayer}:handoff` : null,
		dryRun: c.execution ? c.execution.dryRun : null,
		executedSteps: performed(c),
		timings: traceTimings(c),
	};
}

function unreadableRow(ticket: ReplayTicketRef, problem: string): ReplayRow {
	return {
		id: ticket.id,
		...(ticket.position !== undefined ? { position: ticket.position } : {}),
		source: null,
		intent: 'human',
		confidence: null,
		outcome: 'escalated',
		action: 'escalate',
		reason: `No readable case file (json.support) for this ticket: ${problem}`,
		escalation: 'replay:case-file',
		timings: { total: 0 },
	};
}

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
		executedSteps: rows.reduce((s, r) => s + (r.executedSteps ?? 0), 0),
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
