import type { CaseFile } from '../contracts';
import { RULE } from '../verification/ruleIds';
import type { HandoffReason } from './handoffReason';

/** The note's heading stays on one line in a helpdesk's ticket view; the full reason is in "Why". */
export const MAX_HEADLINE = 100;

/** A few words per Critic check, for the heading: what went wrong, not the evidence. */
const CHECK_HEADLINES: Record<string, string> = {
	[RULE.scope]: 'plan outside the intent\'s tool scope',
	[RULE.argsValid]: 'plan with invalid arguments',
	[RULE.amountCap]: 'amount over the automatic cap',
	[RULE.amountCurrency]: 'currency does not match the payment',
	[RULE.amountOrderTotal]: 'amount more than was paid',
	[RULE.eligibilityWindow]: 'request outside the policy window',
	[RULE.identity]: 'requester not verified as the customer on record',
	[RULE.requested]: 'plan does not match what the customer asked',
	[RULE.citationsValid]: 'reply cites passages not in force',
	[RULE.claimsBacked]: 'reply makes claims no policy backs',
	[RULE.promises]: 'reply promises what the policy does not',
	[RULE.otherCustomer]: 'another customer\'s data involved',
	[RULE.internalLeak]: 'reply would reveal internal notes',
	[RULE.language]: 'reply language does not match the ticket',
	[RULE.tone]: 'reply tone needs a person',
	[RULE.injection]: 'possible injected instructions',
	[RULE.execution]: 'reply does not match what was executed',
};

const CODE_HEADLINES: Record<string, string> = {
	ungrounded: 'no policy passage covers the question',
	contract: 'incomplete data between workflow nodes',
	missing_data: 'facts the plan needs are missing',
	no_playbook: 'no playbook for this intent',
	playbook_error: 'the playbook could not run',
	model_rejected: 'the model\'s plan was rejected',
	no_citation: 'no policy in force allows the planned action',
	revision: 'planner and Critic did not agree',
	no_content: 'no reply sentence applies to this ticket',
};

function clip(text: string, max: number): string {
	const t = text.replace(/\s+/g, ' ').trim();
	return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function criticHeadline(caseFile: CaseFile): string | undefined {
	const review = caseFile.review;
	if (!review) return undefined;
	const failed = review.checks.filter((c) => !c.passed && c.onFail !== 'info');
	const r = failed.find((c) => c.id === RULE.amountCap && c.onFail === 'escalate')?.overCap?.[0];
	if (r) return `refund over the automatic cap (${r.how === 'everythingPaid' ? 'full refund of ' : ''}${r.asked.toFixed(2)} ${r.askedCurrency} asked, cap ${r.cap.toFixed(2)} ${r.currency})`;
	if (!failed.length) return undefined;
	const phrases = [...new Set(failed.map((c) => CHECK_HEADLINES[c.id] ?? `check ${c.id} failed`))];
	const listed = (n: number) => `${phrases.slice(0, n).join('; ')}${phrases.length > n ? ` (+${phrases.length - n} more)` : ''}`;
	return listed(2).length <= MAX_HEADLINE ? listed(2) : listed(1);
}

function executionHeadline(caseFile: CaseFile): string | undefined {
	const ex = caseFile.execution;
	if (!ex) return undefined;
	const bad = ex.steps.filter((s) => s.status === 'failed' || s.status === 'refused');
	if (!bad.length) return `execution ${ex.outcome}`;
	return `${bad.map((s) => s.tool).join(', ')} ${bad[0].status} (execution ${ex.outcome})`;
}

/**
 * The heading of the note: what kind of problem, with the one or two figures that matter, in at
 * most MAX_HEADLINE characters. A reason typed by the operator is its own headline (clipped).
 */
export function headlineOf(caseFile: CaseFile, why: HandoffReason, explicit = false): string {
	let headline: string | undefined;
	if (!explicit) {
		if (why.code === 'critic') headline = criticHeadline(caseFile);
		else if (why.code === 'execution') headline = executionHeadline(caseFile);
		else if (why.code === 'low_confidence') {
			const i = caseFile.intent;
			// The router also escalates confident tickets (e.g. a customer asking for a manager): then the reason says it best.
			if (i && i.confidence < i.threshold) headline = `intent unclear (confidence ${Math.round(i.confidence * 100)}%, threshold ${Math.round(i.threshold * 100)}%)`;
		} else headline = CODE_HEADLINES[why.code];
	}
	return clip(headline ?? why.reason, MAX_HEADLINE);
}
