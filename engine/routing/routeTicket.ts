import type { IntentResult } from '../contracts';
import type { IntentDefinition, Prediction, SentimentResult, UrgencyResult } from './types';

/**
 * Default confidence threshold of the built-in engine. Confidence is calibrated (the estimated
 * probability that the chosen intent is right), so the same number means the same thing for any
 * intent set: at 0.5 a ticket is routed only when the engine is more likely right than wrong.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

export interface DecideOptions {
	intents: readonly IntentDefinition[];
	threshold: number;
	maxAlternatives: number;
	engine: IntentResult['engine'];
	decidedBy: IntentResult['decidedBy'];
}

/**
 * Turns a classifier's prediction into the `intent` section: the threshold decision, the chosen
 * intent's rollout mode, urgency and sentiment. Tickets under the threshold go to a person, in
 * 'suggest' mode, so nothing customer-facing happens without one.
 */
export function decideIntent(
	prediction: Prediction,
	signals: { urgency: UrgencyResult; sentiment: SentimentResult },
	opts: DecideOptions,
): IntentResult {
	const alternatives = prediction.alternatives.slice(0, Math.max(0, opts.maxAlternatives));
	const definition = opts.intents.find((i) => i.name === prediction.category);
	const confident = prediction.category !== null && definition !== undefined && prediction.confidence >= opts.threshold;

	const base = {
		confidence: clamp01(prediction.confidence),
		alternatives: alternatives.map((a) => ({ category: a.category, confidence: clamp01(a.confidence) })),
		threshold: opts.threshold,
		urgency: signals.urgency,
		sentiment: signals.sentiment,
		engine: opts.engine,
		decidedBy: opts.decidedBy,
	};
	if (confident) {
		return { ...base, category: prediction.category, route: 'intent', rolloutMode: definition.rolloutMode, ...(definition.settings ? { settings: definition.settings } : {}) };
	}
	return {
		...base,
		category: prediction.category,
		route: 'human',
		humanReason: humanReason(prediction, opts.threshold),
		rolloutMode: 'suggest',
	};
}

function humanReason(prediction: Prediction, threshold: number): string {
	if (prediction.category === null) return 'No intent matched: the message has no words the router can use.';
	// One decimal where it matters: "50% under the 50% threshold" reads like a bug; "49.6%" does not.
	const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;
	return `Low confidence: best match "${prediction.category}" at ${pct(prediction.confidence)}, under the ${pct(threshold)} threshold.`;
}

function clamp01(x: number): number {
	return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

