import { createRandom, shuffleInPlace } from './seededRandom';
import type { SparseVector } from './tfidfVectorizer';

export interface SoftmaxTrainingOptions {
	/** L2 penalty per example (the usual lambda of regularised logistic regression). */
	l2: number;
	learningRate: number;
	/** Passes over the data; callers scale this to the data size. */
	epochs: number;
	seed: number;
	/** Continue from this model (it is updated in place) instead of starting from zero. */
	init?: SoftmaxModel;
	/** Steps already taken by `init`, so the step size continues to decay from there. */
	startStep?: number;
}

const GRADIENT_FLOOR = 1e-4;

/** A multinomial logistic regression over sparse inputs. Weights are stored feature-major
 * (weights[feature * classes + class]) so one sparse feature touches one contiguous run. */
export interface SoftmaxModel {
	classes: number;
	dimension: number;
	weights: Float32Array;
	bias: Float64Array;
}

/**
 * Plain SGD on the softmax cross-entropy with L2, one example at a time, in a seeded order.
 * L2 shrinkage uses the scale trick (w = scale * v) so each step costs only the example's
 * non-zeros times the class count, not the whole weight matrix.
 */
export function trainSoftmax(
	inputs: readonly SparseVector[],
	labels: readonly number[],
	classes: number,
	dimension: number,
	options: SoftmaxTrainingOptions,
): SoftmaxModel {
	const weights = options.init?.weights ?? new Float32Array(dimension * classes);
	const bias = options.init?.bias ?? new Float64Array(classes);
	const order = inputs.map((_, i) => i);
	const random = createRandom(options.seed);
	const probs = new Float64Array(classes);
	const activeClasses = new Int32Array(classes);
	const n = Math.max(1, inputs.length);
	let scale = 1;
	let step = options.startStep ?? 0;
	for (let epoch = 0; epoch < options.epochs; epoch++) {
		shuffleInPlace(order, random);
		for (const i of order) {
			// Decaying step (inverse scaling over passes) so the last epochs settle instead of
			// bouncing between examples.
			const lr = options.learningRate / (1 + step / n) ** 0.5;
			step++;
			const x = inputs[i];
			computeProbabilities(x, weights, bias, classes, scale, probs);
			probs[labels[i]] -= 1;
			scale *= 1 - lr * options.l2;
			const stepOverScale = lr / scale;
			// Classes the model already gives (almost) the right probability get no update: with
			// many intents that is most of them after a few passes, and it halves training time.
			let active = 0;
			for (let k = 0; k < classes; k++) if (probs[k] > GRADIENT_FLOOR || probs[k] < -GRADIENT_FLOOR) activeClasses[active++] = k;
			for (let j = 0; j < x.indices.length; j++) {
				const base = x.indices[j] * classes;
				const xv = x.values[j] * stepOverScale;
				for (let a = 0; a < active; a++) {
					const k = activeClasses[a];
					weights[base + k] -= probs[k] * xv;
				}
			}
			for (let k = 0; k < classes; k++) bias[k] -= lr * probs[k];
			if (scale < 1e-6) {
				for (let w = 0; w < weights.length; w++) weights[w] *= scale;
				scale = 1;
			}
		}
	}
	if (scale !== 1) for (let w = 0; w < weights.length; w++) weights[w] *= scale;
	return { classes, dimension, weights, bias };
}

/** Raw class scores (logits) for one input. */
export function softmaxLogits(model: SoftmaxModel, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
	const { classes, weights } = model;
	for (let k = 0; k < classes; k++) out[k] = model.bias[k];
	for (let j = 0; j < x.indices.length; j++) {
		const base = x.indices[j] * classes;
		const xv = x.values[j];
		for (let k = 0; k < classes; k++) out[k] += weights[base + k] * xv;
	}
	return out;
}

/** Softmax of logits divided by a temperature, numerically stable. */
export function softmax(logits: ArrayLike<number>, temperature = 1, out = new Float64Array(logits.length)): Float64Array {
	let max = -Infinity;
	for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k] / temperature);
	let sum = 0;
	for (let k = 0; k < logits.length; k++) {
		out[k] = Math.exp(logits[k] / temperature - max);
		sum += out[k];
	}
	for (let k = 0; k < logits.length; k++) out[k] /= sum;
	return out;
}

function computeProbabilities(
	x: SparseVector,
	weights: Float32Array,
	bias: Float64Array,
	classes: number,
	scale: number,
	out: Float64Array,
): void {
	for (let k = 0; k < classes; k++) out[k] = 0;
	for (let j = 0; j < x.indices.length; j++) {
		const base = x.indices[j] * classes;
		const xv = x.values[j];
		for (let k = 0; k < classes; k++) out[k] += weights[base + k] * xv;
	}
	let max = -Infinity;
	for (let k = 0; k < classes; k++) {
		out[k] = out[k] * scale + bias[k];
		if (out[k] > max) max = out[k];
	}
	let sum = 0;
	for (let k = 0; k < classes; k++) {
		out[k] = Math.exp(out[k] - max);
		sum += out[k];
	}
	for (let k = 0; k < classes; k++) out[k] /= sum;
}
