/**
 * Calibrated on the shipped benchmark (`npx tsx bench/retrieval.ts`: 262 answerable and 22
 * unanswerable questions over 35 policy documents) as the top-passage score with the best balanced
 * accuracy (mean of "answerable -> grounded" and "unanswerable -> ungrounded" rates), rounded down.
 * Plain accuracy would pick "always grounded" on a set this imbalanced, and a wrongly grounded reply
 * costs more than an escalation. The score is the hybrid score of retrieve.ts with each embedder's
 * default dense weight; it is the same for both stores, which compute the lexical half over the
 * same passages. use-lite-512: balanced 0.948 at 0.456 (two-fold estimate 0.90);
 * hashing-256: balanced 0.891 at 0.354 (two-fold 0.85).
 */
export const GROUNDING_THRESHOLDS: Record<string, number> = {
	'use-lite-512': 0.45,
	'hashing-256': 0.35,
};

/** For embedders not calibrated here (a connected embeddings sub-node): set the threshold explicitly. */
export const DEFAULT_GROUNDING_THRESHOLD = 0.5;

export function groundingThresholdFor(embedderId: string): number {
	return GROUNDING_THRESHOLDS[embedderId] ?? DEFAULT_GROUNDING_THRESHOLD;
}

export interface GroundingDecision {
	grounded: boolean;
	reason?: string;
}

export function decideGrounding(bestScore: number | undefined, threshold: number): GroundingDecision {
	if (bestScore === undefined) {
		return { grounded: false, reason: 'No policy passage is in force for this ticket time and these tags' };
	}
	if (bestScore < threshold) {
		return {
			grounded: false,
			reason: `Best policy passage scores ${bestScore.toFixed(3)}, below the grounding threshold ${threshold}`,
		};
	}
	return { grounded: true };
}
