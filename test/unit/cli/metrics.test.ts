import { computeQualityMetrics, isCorrectDecision, macroF1, median, type Outcome } from '../../../cli/metrics';

const row = (label: string, predicted: string | null, confidence: number, oos = false): Outcome => ({ label, predicted, confidence, oos });

describe('computeQualityMetrics', () => {
	// a: right and confident; b: right but unsure (goes to Human); c: wrong and confident;
	// two oos rows: one rejected (right), one routed to "a" (wrong).
	const outcomes: Outcome[] = [
		row('a', 'a', 0.9),
		row('b', 'b', 0.3),
		row('c', 'a', 0.8),
		row('oos', 'b', 0.2, true),
		row('oos', 'a', 0.7, true),
	];
	const m = computeQualityMetrics(outcomes, 0.5);

	it('counts a rejected oos row as right and a rejected in-scope row as wrong', () => {
		expect(m.accuracy).toBeCloseTo(2 / 5);
	});
	it('measures in-scope top-1 accuracy whatever the threshold', () => {
		expect(m.inScopeAccuracy).toBeCloseTo(2 / 3);
	});
	it('measures oos recall as oos rows below the threshold', () => {
		expect(m.oosRecall).toBeCloseTo(1 / 2);
	});
	it('measures coverage over all rows and accuracy on the covered ones', () => {
		expect(m.coverage).toBeCloseTo(3 / 5);
		expect(m.coveredAccuracy).toBeCloseTo(1 / 3);
	});
	it('computes ECE on in-scope rows only', () => {
		// 15 bins: 0.9 (right), 0.3 (right), 0.8 (wrong) land in different bins.
		expect(m.ece).toBeCloseTo((0.1 + 0.7 + 0.8) / 3);
	});
	it('reports oosRecall null when there are no oos rows', () => {
		expect(computeQualityMetrics([row('a', 'a', 0.9)], 0.5).oosRecall).toBeNull();
	});
	it('reports coveredAccuracy null when nothing is routed', () => {
		const q = computeQualityMetrics([row('a', 'a', 0.1)], 0.5);
		expect(q.coverage).toBe(0);
		expect(q.coveredAccuracy).toBeNull();
	});
	it('routes a confidence exactly at the threshold', () => {
		expect(isCorrectDecision(row('a', 'a', 0.5), 0.5)).toBe(true);
		expect(isCorrectDecision(row('oos', 'a', 0.5, true), 0.5)).toBe(false);
	});
	it('never routes a null prediction', () => {
		expect(isCorrectDecision(row('oos', null, 1, true), 0.5)).toBe(true);
		expect(computeQualityMetrics([row('a', null, 1)], 0.5).coverage).toBe(0);
	});
});

describe('macroF1', () => {
	it('is 1 for perfect routing and ignores correctly rejected oos rows', () => {
		expect(macroF1([row('a', 'a', 0.9), row('b', 'b', 0.9), row('oos', 'a', 0.1, true)], 0.5)).toBeCloseTo(1);
	});
	it('averages per-intent F1 over in-scope test labels on routed decisions', () => {
		// a: TP 1, predicted 2 (one oos routed to a), actual 1 -> F1 2/3.
		// b: TP 0, predicted 0, actual 1 (rejected) -> F1 0.
		const value = macroF1([row('a', 'a', 0.9), row('b', 'b', 0.2), row('oos', 'a', 0.9, true)], 0.5);
		expect(value).toBeCloseTo((2 / 3 + 0) / 2);
	});
	it('is null without in-scope rows', () => {
		expect(macroF1([row('oos', null, 0, true)], 0.5)).toBeNull();
	});
});

describe('median', () => {
	it('takes the middle value, the lower one for an even count', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2);
		expect(median([])).toBeNull();
	});
});
