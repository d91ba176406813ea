/**
 * The whole report the Support Shadow Replay node answers with: every ticket's row (sorted as in the
 * file), the totals, the agreement per intent and the same as Markdown. The CLI builds its report
 * from the same rows, totals and agreement (cli/replay.ts), with its own settings and text table.
 */
import { replayMarkdown } from './markdown';
import { computeAgreement, computeTotals, replayRow, type AgreementLine, type ReplayRow, type ReplayTicketRef, type ReplayTotals } from './report';

export interface ReplayFileInfo {
	/** Where the tickets came from, e.g. "webhook (CSV)" or "sample (JSON)". */
	source: string;
	/** How many tickets the file held (each should reach the report once). */
	ticketsInFile: number;
	warnings: string[];
}

export interface AgreementReport {
	settings: {
		source: string;
		ticketsInFile: number;
		/** The rollout modes the router gave the replayed intents, as recorded in the case files. */
		intentModes: string[];
	};
	warnings: string[];
	tickets: ReplayRow[];
	totals: ReplayTotals;
	agreement: AgreementLine[];
	markdown: string;
}

export function agreementReport(cases: ReadonlyArray<{ ticket: ReplayTicketRef; support: unknown }>, file: ReplayFileInfo): AgreementReport {
	const rows = cases.map((c) => replayRow(c.ticket, c.support));
	// Stable sort: tickets without a position keep the order they arrived in, after the others.
	const tickets = rows
		.map((row, i) => ({ row, i }))
		.sort((a, b) => (a.row.position ?? Infinity) - (b.row.position ?? Infinity) || a.i - b.i)
		.map((x) => x.row);
	const totals = computeTotals(tickets);
	const agreement = computeAgreement(tickets);
	return {
		settings: {
			source: file.source,
			ticketsInFile: file.ticketsInFile,
			intentModes: [...new Set(tickets.map((r) => r.rolloutMode).filter((m): m is string => !!m))],
		},
		warnings: file.warnings,
		tickets,
		totals,
		agreement,
		markdown: replayMarkdown({ source: file.source, tickets, totals, agreement }),
	};
}
