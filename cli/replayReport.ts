/**
 * The replay command's report: its settings, and the rows, totals and agreement of engine/replay (the
 * ones the Support Shadow Replay node reports in n8n), printed as a text table.
 */
import { LAYERS, type LayerId } from '../engine/contracts';
import { norm, type AgreementLine, type LayerTime, type ReplayRow, type ReplayTotals } from '../engine/replay';

// Rows, totals and agreement are the engine's (engine/replay), shared with the Support Shadow Replay node.
export { actionOf, computeAgreement, computeTotals, replayRow, type AgreementLine, type LayerTime, type ReplayRow, type ReplayTotals } from '../engine/replay';

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
