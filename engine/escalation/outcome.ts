import type { CaseFile } from '../contracts';
import { handoffReason } from './handoffReason';

/**
 * Where a case stands, in the few words an operator scans a list of executions for. Derived from the
 * case file (never stored in it): each layer's node records it, so the last one to run has the say.
 */
export interface CaseOutcome {
	ticketId?: string;
	intent?: string;
	/** escalated | handled | executed | planned | grounded | routed | received: where the case is. */
	route: string;
	/** The latest Critic verdict, "<stage>:<verdict>". */
	verdict?: string;
	/** "<layer>:<code>" of the escalation (handoffReason's), when the case goes to a person. */
	escalation?: string;
	/** The rollout mode the executor ran in (shadow, suggest, auto). */
	mode?: string;
}

/** Whether some layer has decided a person takes over (the same signals the Packager reads). */
function toPerson(cf: CaseFile): boolean {
	const ex = cf.execution;
	return !!(
		cf.escalation ||
		cf.handoff ||
		cf.intent?.route === 'human' ||
		(cf.context && !cf.context.grounded) ||
		cf.review?.verdict === 'escalate' ||
		(ex && (ex.outcome === 'partial' || ex.outcome === 'failed' || ex.outcome === 'refused'))
	);
}

function progress(cf: CaseFile): string {
	if (cf.review?.stage === 'reply' && cf.review.verdict === 'approve') return 'handled';
	if (cf.execution) return 'executed';
	if (cf.plan) return 'planned';
	if (cf.context) return 'grounded';
	if (cf.intent) return 'routed';
	return 'received';
}

export function caseOutcome(cf: CaseFile): CaseOutcome {
	const escalated = toPerson(cf);
	const why = escalated ? handoffReason(cf) : undefined;
	return {
		...(cf.ticket?.id ? { ticketId: String(cf.ticket.id) } : {}),
		...(cf.intent?.category ? { intent: cf.intent.category } : {}),
		route: escalated ? 'escalated' : progress(cf),
		...(cf.review ? { verdict: `${cf.review.stage}:${cf.review.verdict}` } : {}),
		...(why ? { escalation: `${cf.handoff?.fromLayer ?? why.fromLayer}:${why.code}` } : {}),
		...(cf.execution?.mode ? { mode: cf.execution.mode } : {}),
	};
}

/** One line for the top of an item: "ticket 7001 · return_refund · handled · reply:approve · shadow". */
export function outcomeSummary(o: CaseOutcome): string {
	return [o.ticketId ? `ticket ${o.ticketId}` : 'no ticket', o.intent, o.route, o.verdict, o.escalation, o.mode].filter(Boolean).join(' · ');
}
