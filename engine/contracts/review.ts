import { z } from 'zod/v4';
import { IsoDateTime } from './common';

/**
 * A refund the customer asked for that is over the automatic cap (check `amount.cap`), as data: the
 * Escalation Packager words its headline and advice from these figures, never from the reason text.
 */
export const OverCapRequest = z.object({
	stepId: z.string(),
	/** What the customer asked for, in `askedCurrency`. */
	asked: z.number(),
	askedCurrency: z.string(),
	/** 'named': an amount in their words (`quoted`); 'everythingPaid': their money back. */
	how: z.enum(['named', 'everythingPaid']),
	quoted: z.string().optional(),
	/** The automatic-refund cap and the amount the step would move, in `currency`. */
	cap: z.number(),
	planned: z.number(),
	currency: z.string(),
});
export type OverCapRequest = z.infer<typeof OverCapRequest>;

export const ReviewCheck = z.object({
	id: z.string().min(1),
	passed: z.boolean(),
	reason: z.string(),
	/** What a failure leads to: 'revise' can be fixed by the planner, 'escalate' needs a person. */
	onFail: z.enum(['revise', 'escalate', 'info']).default('escalate'),
	/** amount.cap failing with escalate: the requests over the cap. */
	overCap: z.array(OverCapRequest).optional(),
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
