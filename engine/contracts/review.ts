import { z } from 'zod/v4';
import { IsoDateTime } from './common';

export const ReviewCheck = z.object({
	id: z.string().min(1),
	passed: z.boolean(),
	reason: z.string(),
	/** What a failure leads to: 'revise' can be fixed by the planner, 'escalate' needs a person. */
	onFail: z.enum(['revise', 'escalate', 'info']).default('escalate'),
});

export const ReviewVerdict = z.enum(['approve', 'revise', 'escalate']);

const ReviewCore = z.object({
	stage: z.enum(['plan', 'reply']),
	verdict: ReviewVerdict,
	planId: z.string().min(1),
	reviewedAt: IsoDateTime,
});

export const ReviewSection = ReviewCore.extend({
	checks: z.array(ReviewCheck),
	revisionCount: z.number().int().min(0),
	/** Earlier reviews of this case, oldest first, so the executor can see the latest plan-stage one. */
	history: z.array(ReviewCore).default([]),
});
export type Review = z.infer<typeof ReviewSection>;
