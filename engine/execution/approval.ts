import type { Review } from '../contracts';

/**
 * Writes need the Critic's approval of this very plan. The latest plan-stage review decides: the
 * review section itself if it is a plan review, else the last plan review in its history.
 */
export function planApproval(review: Review | undefined, planId: string): { approved: boolean; reason?: string } {
	if (!review) return { approved: false, reason: 'no Critic review of the plan is in the case file' };
	const cores = [...(review.history ?? []), { stage: review.stage, verdict: review.verdict, planId: review.planId }];
	const latest = [...cores].reverse().find((r) => r.stage === 'plan');
	if (!latest) return { approved: false, reason: 'the case file holds no plan-stage review' };
	if (latest.planId !== planId) {
		return { approved: false, reason: `the latest plan review is of plan ${latest.planId}, not of plan ${planId}` };
	}
	if (latest.verdict !== 'approve') return { approved: false, reason: `the Critic's verdict on the plan is "${latest.verdict}"` };
	return { approved: true };
}
