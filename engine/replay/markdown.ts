/**
 * The agreement report as Markdown tables, to paste into a note or a pull request: agreement per
 * intent, the outcome counts, where the pipeline gave up, and every ticket on which it disagreed
 * with the agent.
 */
import { norm, type AgreementLine, type ReplayRow, type ReplayTotals } from './report';

const pct = (v: number | null): string => (v === null ? '-' : `${Math.round(v * 100)}%`);
const cell = (s: string | null | undefined): string => String(s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export interface MarkdownInput {
	/** Where the tickets came from, e.g. "webhook (CSV)". */
	source: string;
	tickets: readonly ReplayRow[];
	totals: ReplayTotals;
	agreement: readonly AgreementLine[];
}

/** What the run could have changed: nothing in shadow, else the modes and the steps performed. */
function writesLine(rows: readonly ReplayRow[], t: ReplayTotals): string {
	if (t.autoResolved + t.suggested === 0 && t.executedSteps === 0) {
		return `Every intent ran in **shadow**: nothing was written anywhere and nothing reached a customer (${t.executedSteps} step(s) executed).`;
	}
	const modes = [...new Set(rows.map((r) => r.rolloutMode).filter((m): m is string => !!m))].sort();
	return `Rollout modes: ${modes.join(', ') || 'unknown'}; ${t.executedSteps} step(s) executed for real.`;
}

export function replayMarkdown(report: MarkdownInput): string {
	const t = report.totals;
	const lines: string[] = [];
	lines.push(`## Shadow replay: ${t.tickets} ticket(s) from ${report.source}`);
	lines.push('');
	lines.push(writesLine(report.tickets, t));
	lines.push('');
	if (report.agreement.length) {
		lines.push('| intent (as the agent filed it) | tickets | routing agreement | action agreement | would auto-resolve |');
		lines.push('|---|---:|---:|---:|---:|');
		for (const a of report.agreement) {
			const name = a.intent === 'all' ? '**all**' : cell(a.intent);
			lines.push(`| ${name} | ${a.tickets} | ${pct(a.routingAgreement)} | ${pct(a.actionAgreement)} | ${pct(a.wouldAutoResolve)} |`);
		}
	} else {
		lines.push('No ticket carries what the agent did ("expected"), so there is no agreement to report.');
	}
	lines.push('');
	lines.push(
		`Routed ${t.routed} (to a person at the router: ${t.tickets - t.routed}), approved in shadow ${t.shadowApproved}, suggested ${t.suggested}, auto-resolved ${t.autoResolved}, escalated ${t.escalated}.`,
	);
	if (t.escalationReasons.length) {
		lines.push('');
		lines.push('| escalations | count | example |');
		lines.push('|---|---:|---|');
		for (const e of t.escalationReasons) lines.push(`| ${cell(e.key)} | ${e.count} | ${cell(e.example).slice(0, 140)} |`);
	}
	const wrong = report.tickets.filter((r) => r.routingAgrees === false || r.actionAgrees === false);
	if (wrong.length) {
		lines.push('');
		lines.push('| ticket | agent: intent / action | pipeline: intent / action | outcome |');
		lines.push('|---|---|---|---|');
		for (const r of wrong) {
			const agent = `${r.expected?.intent === undefined ? '?' : norm(r.expected.intent)} / ${r.expected?.action ?? '?'}`;
			lines.push(`| ${cell(r.id)} | ${cell(agent)} | ${cell(`${r.intent} / ${r.action}`)}${r.routingAgrees === false ? ' (routing differs)' : ''} | ${cell(r.outcome)} |`);
		}
	}
	return `${lines.join('\n')}\n`;
}
