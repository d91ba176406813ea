/**
 * The figures `eval-router` reports, as pure functions of the predictions, so they can be checked
 * by hand on tiny inputs. A ticket is "routed" when its confidence reaches the threshold; anything
 * else goes to a person ("Human"), which is the right outcome for an out-of-scope ticket.
 */
import { expectedCalibrationError } from '../engine/routing/temperatureScaling';

export interface Outcome {
	/** The true label; for out-of-scope rows, the out-of-scope label. */
	label: string;
	/** True when the row is out-of-scope (its label was never trained on). */
	oos: boolean;
	/** The engine's top intent (null when it had nothing to offer). */
	predicted: string | null;
	confidence: number;
}

export interface QualityMetrics {
	/** All rows: in-scope rows routed to the right intent, out-of-scope rows sent to Human. */
	accuracy: number;
	/** Mean F1 over the in-scope intents of the test rows, on the routed decision (Human counts as no intent). */
	macroF1: number | null;
	/** In-scope rows whose top intent is right, whatever the threshold. */
	inScopeAccuracy: number | null;
	/** Out-of-scope rows below the threshold; null when there are none. */
	oosRecall: number | null;
	/** Share of all rows routed (confidence >= threshold). */
	coverage: number;
	/** Routed rows that went to the right intent; null when nothing was routed. */
	coveredAccuracy: number | null;
	/** Expected calibration error (15 bins) of the top-intent confidence on in-scope rows. */
	ece: number | null;
}

export const ECE_BINS = 15;

const routed = (o: Outcome, threshold: number) => o.predicted !== null && o.confidence >= threshold;
/** Right at the threshold: the routed intent is the label, or an out-of-scope row went to Human. */
export const isCorrectDecision = (o: Outcome, threshold: number): boolean =>
	routed(o, threshold) ? !o.oos && o.predicted === o.label : o.oos;

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function computeQualityMetrics(outcomes: readonly Outcome[], threshold: number): QualityMetrics {
	const inScope = outcomes.filter((o) => !o.oos);
	const oos = outcomes.filter((o) => o.oos);
	const covered = outcomes.filter((o) => routed(o, threshold));
	return {
		accuracy: share(outcomes.filter((o) => isCorrectDecision(o, threshold)).length, outcomes.length) ?? 0,
		macroF1: macroF1(outcomes, threshold),
		inScopeAccuracy: share(inScope.filter((o) => o.predicted === o.label).length, inScope.length),
		oosRecall: share(oos.filter((o) => !routed(o, threshold)).length, oos.length),
		coverage: share(covered.length, outcomes.length) ?? 0,
		coveredAccuracy: share(covered.filter((o) => !o.oos && o.predicted === o.label).length, covered.length),
		ece:
			inScope.length === 0
				? null
				: expectedCalibrationError(
						inScope.map((o) => o.confidence),
						inScope.map((o) => o.predicted === o.label),
						ECE_BINS,
					),
	};
}

/**
 * Macro-F1 over the in-scope intents present in the test rows, on the routed decision: a ticket
 * under the threshold predicts no intent, so it costs recall but not precision. Out-of-scope rows
 * routed to an intent cost that intent precision.
 */
export function macroF1(outcomes: readonly Outcome[], threshold: number): number | null {
	const labels = [...new Set(outcomes.filter((o) => !o.oos).map((o) => o.label))];
	if (labels.length === 0) return null;
	let sum = 0;
	for (const label of labels) {
		let truePositive = 0;
		let predictedCount = 0;
		let actualCount = 0;
		for (const o of outcomes) {
			const decided = routed(o, threshold) ? o.predicted : null;
			const actual = !o.oos && o.label === label;
			if (actual) actualCount++;
			if (decided === label) {
				predictedCount++;
				if (actual) truePositive++;
			}
		}
		const denominator = predictedCount + actualCount;
		sum += denominator === 0 ? 0 : (2 * truePositive) / denominator;
	}
	return sum / labels.length;
}

/** Median (the lower middle value for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
}
