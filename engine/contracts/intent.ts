import { z } from 'zod/v4';
import { RolloutMode } from './common';
import { IntentSettings } from './intentSettings';

export const UrgencyLevel = z.enum(['low', 'normal', 'high', 'critical']);
export const SentimentLabel = z.enum(['negative', 'neutral', 'positive']);

export const IntentSection = z.object({
	/** The chosen intent, or null when the ticket goes to a person (see `route`). */
	category: z.string().nullable(),
	/** Calibrated: the estimated probability that `category` is right. */
	confidence: z.number().min(0).max(1),
	alternatives: z.array(z.object({ category: z.string(), confidence: z.number().min(0).max(1) })).default([]),
	/** 'human' when confidence is under the threshold or nothing matched. */
	route: z.enum(['intent', 'human']),
	humanReason: z.string().optional(),
	threshold: z.number().min(0).max(1),
	urgency: z.object({ level: UrgencyLevel, signals: z.array(z.string()).default([]) }),
	sentiment: z.object({
		label: SentimentLabel,
		/** -1 (very negative) .. 1 (very positive). */
		score: z.number().min(-1).max(1),
		signals: z.array(z.string()).default([]),
	}),
	engine: z.enum(['builtin', 'model', 'cascade']),
	/** Which engine made the decision (differs from `engine` for cascade). */
	decidedBy: z.enum(['builtin', 'model']),
	/** Rollout mode of the chosen intent; 'suggest' for human-routed tickets. */
	rolloutMode: RolloutMode,
	/** The chosen intent's settings from the Router's intent entry (node version 3); absent for human-routed tickets and older Routers. */
	settings: IntentSettings.optional(),
});
export type IntentResult = z.infer<typeof IntentSection>;
