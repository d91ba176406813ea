import type { CaseFile, LayerId, Review } from '../contracts';
import { describeAsked } from '../verification/planChecks';
import { RULE } from '../verification/ruleIds';

export interface HandoffReason {
	reason: string;
	fromLayer: LayerId;
	/** What kind of problem: decides the suggested next action and a tag. */
	code: string;
}

/**
 * Why a person is needed, from whichever layer said so. An explicit escalation request wins (it is
 * what the layer that stopped wrote); otherwise the sections tell the story.
 */
export function handoffReason(caseFile: CaseFile, explicit?: string): HandoffReason {
	const esc = caseFile.escalation;
	if (explicit) return { reason: explicit, fromLayer: esc?.layer ?? 'escalationPackager', code: esc?.code ?? 'manual' };
	if (esc) return { reason: esc.reason, fromLayer: esc.layer, code: esc.code };
	const ex = caseFile.execution;
	if (ex && (ex.outcome === 'partial' || ex.outcome === 'failed' || ex.outcome === 'refused')) {
		const bad = ex.steps.find((s) => s.status === 'failed' || s.status === 'refused');
		return { reason: `Execution ${ex.outcome}${bad ? `: ${bad.stepId} (${bad.tool}) ${bad.status}${bad.error ? ` - ${bad.error}` : ''}` : ''}`, fromLayer: 'toolExecutor', code: 'execution' };
	}
	const review = caseFile.review;
	if (review && review.verdict !== 'approve') {
		const failed = review.checks.filter((c) => !c.passed && c.onFail !== 'info');
		const why = failed.map((c) => c.reason).join(' ') || 'the Critic did not approve';
		return { reason: `Critic (${review.stage}) ${review.verdict === 'revise' ? 'still asked for revisions after the limit' : 'escalated'}: ${why}`, fromLayer: 'critic', code: 'critic' };
	}
	if (caseFile.intent?.route === 'human') {
		return { reason: caseFile.intent.humanReason ?? `Intent confidence ${Math.round(caseFile.intent.confidence * 100)}% is below the threshold`, fromLayer: 'intentRouter', code: 'low_confidence' };
	}
	if (caseFile.context && !caseFile.context.grounded) {
		return { reason: caseFile.context.groundingReason ?? 'No policy passage grounds an answer to this ticket', fromLayer: 'policyRetriever', code: 'ungrounded' };
	}
	return { reason: 'Sent to a person for review', fromLayer: 'escalationPackager', code: 'manual' };
}

/** What the agent should do first, given why the case came to them. */
export function suggestNextAction(caseFile: CaseFile, code: string): string {
	const hasDraft = !!caseFile.plan?.draftReply.body;
	const draft = hasDraft ? ' A draft reply is included: check it before sending.' : '';
	switch (code) {
		case 'execution': {
			const done = (caseFile.execution?.steps ?? []).filter((s) => s.status === 'succeeded' || s.status === 'already_done').map((s) => s.tool);
			return `Check the actions that ran${done.length ? ` (${done.join(', ')} succeeded)` : ''} and finish or undo the rest by hand before replying; do not re-run the workflow for this ticket.`;
		}
		case 'critic': {
			const failed = (caseFile.review?.checks ?? []).filter((c) => !c.passed && c.onFail !== 'info').map((c) => c.id);
			if (failed.includes('safety.injection')) return 'Treat the instructions in the ticket or sources as untrusted: verify the request with the customer through a known channel before any change.';
			if (failed.includes('identity.verified')) return 'Verify that the requester owns the order or payment (e.g. reply to the email on the order) before changing anything.';
			if (failed.includes('eligibility.window')) return `Decide on an exception: the request is outside the policy window.${draft}`;
			const overCapRequest = (caseFile.review?.checks ?? []).find((c) => c.id === RULE.amountCap && !c.passed && c.onFail === 'escalate');
			if (overCapRequest) return overCapAdvice(overCapRequest, !!caseFile.execution);
			if (failed.includes('amount.cap') || failed.includes('amount.order_total')) return `Approve or adjust the amount by hand: it is over what the automation may move.${draft}`;
			return `Review the failed checks below and answer the customer yourself.${draft}`;
		}
		case 'low_confidence':
			return 'Read the message and answer it; if it belongs to an existing intent, add it to that intent\'s examples.';
		case 'ungrounded':
			return 'Answer from your own knowledge of the policy; consider adding a policy document that covers this question.';
		case 'contract':
			return 'The workflow passed incomplete data between nodes: answer the customer by hand, and check the node named in the reason.';
		default:
			return `Review the case and answer the customer.${draft}`;
	}
}

/**
 * The customer asked for more than the automation may refund: the amount is a person's decision.
 * The note's "Why" holds the Critic's full reason; the advice names only what was asked and the cap.
 */
function overCapAdvice(check: Review['checks'][number], executed: boolean): string {
	const requests = check.overCap ?? [];
	// A review written before the figures were recorded: its reason is all there is.
	const facts = requests.length ? requests.map((r) => `The customer asked for ${describeAsked(r)}, over the cap of ${r.cap.toFixed(2)} ${r.currency}`).join('; ') : check.reason.replace(/\.$/, '');
	const done = executed ? 'Check the executed actions below first.' : 'Nothing was refunded automatically.';
	return `Decide the refund amount yourself: ${facts}. ${done} Refund what you decide by hand (at most what was paid) and tell the customer; check the amount in the draft reply before sending it.`;
}
