import { softmax } from './softmaxRegression';

/**
 * Fits one temperature T that minimises the negative log-likelihood of held-out predictions
 * (Guo et al., 2017). Dividing logits by T keeps the ranking and fixes over- or
 * under-confidence, which is what lets one threshold mean the same for every intent set.
 */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[]): number {
	if (logits.length === 0) return 1;
	const nll = (t: number) => {
		let sum = 0;
		const probs = new Float64Array(logits[0].length);
		for (let i = 0; i < logits.length; i++) {
			softmax(logits[i], t, probs);
			sum -= Math.log(Math.max(probs[labels[i]], 1e-12));
		}
		return sum;
	};
	// NLL is unimodal in log T in practice; golden-section search on log T is exact enough and
	// needs no gradient code.
	let lo = Math.log(0.02);
	let hi = Math.log(50);
	const ratio = (Math.sqrt(5) - 1) / 2;
	let a = hi - ratio * (hi - lo);
	let b = lo + ratio * (hi - lo);
	let fa = nll(Math.exp(a));
	let fb = nll(Math.exp(b));
	for (let iter = 0; iter < 40; iter++) {
		if (fa < fb) {
			hi = b;
			b = a;
			fb = fa;
			a = hi - ratio * (hi - lo);
			fa = nll(Math.exp(a));
		} else {
			lo = a;
			a = b;
			fa = fb;
			b = lo + ratio * (hi - lo);
			fb = nll(Math.exp(b));
		}
	}
	return Math.exp((lo + hi) / 2);
}

/** Expected calibration error with equal-width confidence bins (15 is the customary count). */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 15): number {
	const count = new Array<number>(bins).fill(0);
	const confSum = new Array<number>(bins).fill(0);
	const hitSum = new Array<number>(bins).fill(0);
	for (let i = 0; i < confidences.length; i++) {
		const b = Math.min(bins - 1, Math.floor(confidences[i] * bins));
		count[b]++;
		confSum[b] += confidences[i];
		hitSum[b] += correct[i] ? 1 : 0;
	}
	let ece = 0;
	for (let b = 0; b < bins; b++) {
		if (count[b] > 0) ece += (count[b] / confidences.length) * Math.abs(confSum[b] / count[b] - hitSum[b] / count[b]);
	}
	return ece;
}
