import type { CaseFile } from './caseFile';

/**
 * Where a case stands, in the few words an operator scans a list of executions for. Derived from the
 * case file (never stored in it): each layer's node records it, so the last one to run has the say.
 */
export interface CaseOutcome {
	ticketId?: string;
	intent?: string;
	/** escalated | handled | planned | routed | ... : where the case is going. */
	route: string;
	/** The latest Critic verdict, "<stage>:<verdict>". */
	verdict?: string;
	/** "<layer>:<code>" of the escalation, when a layer handed the case to a person. */
	escalation?: string;
	/** The rollout mode the executor ran in (shadow, suggest, auto). */
	mode?: string;
}

export function caseOutcome(cf: Partial<CaseFile>): CaseOutcome {
	const review = cf.review;
	const route = cf.escalation || cf.handoff
		? 'escalated'
		: review?.stage === 'reply' && review.verdict === 'approve'
			? 'handled'
			: cf.execution
				? 'executed'
				: review
					? `reviewed (${review.stage})`
					: cf.plan
						? 'planned'
						: cf.context
							? 'grounded'
							: cf.intent
								? 'routed'
								: 'received';
	return {
		...(cf.ticket?.id ? { ticketId: String(cf.ticket.id) } : {}),
		...(cf.intent?.category ? { intent: cf.intent.category } : {}),
		route,
		...(review ? { verdict: `${review.stage}:${review.verdict}` } : {}),
		...(cf.escalation ? { escalation: `${cf.escalation.layer}:${cf.escalation.code}` } : {}),
		...(cf.execution?.mode ? { mode: cf.execution.mode } : {}),
	};
}

/** One line for the top of an item: "ticket 7001 · return_refund · handled · reply:approve · shadow". */
export function outcomeSummary(o: CaseOutcome): string {
	const parts = [o.ticketId ? `ticket ${o.ticketId}` : 'no ticket', o.intent, o.route, o.verdict, o.escalation, o.mode];
	return parts.filter(Boolean).join(' · ');
}
