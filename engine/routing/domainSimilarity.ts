import { createRandom, shuffleInPlace } from './seededRandom';
import type { SparseVector } from './tfidfVectorizer';

/**
 * The out-of-domain factor: softmax probabilities only compare the defined intents with each
 * other, so text about nothing the operator defined can still get a high one. Confidence is
 * therefore scaled by how close the text comes to the nearest training example of the chosen
 * intent, measured on content words and word pieces only.
 */

/** Percentile of in-scope nearest-neighbour similarities that anchors the out-of-domain ramp. */
const DOMAIN_PERCENTILE = 0.1;
/** The ramp: confidence is untouched from this share of the anchor up, and falls to 0 at the
 * lower share. Unrelated text shares almost no content words or word pieces with the examples
 * and lands near 0; in-scope paraphrases rarely fall under the anchor. */
const DOMAIN_FULL_SHARE = 0.7;
const DOMAIN_ZERO_SHARE = 0.25;
/** Absolute floors of the ramp: with a handful of examples per intent the anchor itself can be
 * near 0 (paraphrases share few words), and a word piece or two in common ("mon" in "money" and
 * "Mongolia") must not count as being on topic. Unrelated sentences measured 0.00-0.05 against
 * the test intent set, in-scope paraphrases 0.15 and up. */
const DOMAIN_FULL_FLOOR = 0.1;
const DOMAIN_ZERO_FLOOR = 0.04;
/** Fallback anchor when no intent has two examples to compare (the floors then decide). */
const DEFAULT_DOMAIN_SIMILARITY = 0;

/**
 * How similar a new in-scope message typically is to its nearest training example of the same
 * intent (a low percentile of leave-one-out similarities, sampled for speed). Text far below this
 * is unlike anything the operator gave, whatever the softmax says.
 */
export function referenceSimilarity(
	vectors: readonly SparseVector[],
	byClass: readonly number[][],
	dimension: number,
	seed: number,
): number {
	const scratch = new Float64Array(dimension);
	const random = createRandom(seed ^ 0x27d4eb2d);
	const sims: number[] = [];
	for (const members of byClass) {
		if (members.length < 2) continue;
		const queries = shuffleInPlace([...members], random).slice(0, 20);
		for (const q of queries) {
			sims.push(
				maxSimilarity(
					vectors[q],
					members.filter((m) => m !== q),
					vectors,
					scratch,
				),
			);
		}
	}
	if (sims.length === 0) return DEFAULT_DOMAIN_SIMILARITY;
	sims.sort((a, b) => a - b);
	return sims[Math.floor(DOMAIN_PERCENTILE * (sims.length - 1))];
}

export function maxSimilarity(
	x: SparseVector,
	members: readonly number[],
	vectors: readonly SparseVector[],
	scratch: Float64Array,
): number {
	for (let j = 0; j < x.indices.length; j++) scratch[x.indices[j]] = x.values[j];
	let best = 0;
	for (const m of members) {
		const v = vectors[m];
		let sum = 0;
		for (let j = 0; j < v.indices.length; j++) sum += v.values[j] * scratch[v.indices[j]];
		if (sum > best) best = sum;
	}
	for (let j = 0; j < x.indices.length; j++) scratch[x.indices[j]] = 0;
	return best;
}

export function domainFactor(similarity: number, reference: number): number {
	const full = Math.max(reference * DOMAIN_FULL_SHARE, DOMAIN_FULL_FLOOR);
	const zero = Math.max(reference * DOMAIN_ZERO_SHARE, DOMAIN_ZERO_FLOOR);
	if (similarity >= full) return 1;
	if (similarity <= zero) return 0;
	return (similarity - zero) / (full - zero);
}

/**
 * The same check on sentence meaning, for the engine with encoder features. Words alone miss
 * off-topic text that happens to share a word piece with an example ("Question" in a gardening
 * question and in an order-status example); the encoder places such text far from every example.
 * Cosines of unrelated sentences sit much higher than word overlaps, hence its own, higher ramp:
 * measured on the templates' intents, in-scope tickets 0.52-0.92 to the nearest example of their
 * intent, off-topic questions 0.18-0.32, with the leave-one-out 10th percentile at 0.55.
 */
const MEANING_FULL_SHARE = 0.8;
const MEANING_ZERO_SHARE = 0.5;
/** With a handful of examples the anchor can be low; a cosine under these never counts as on topic. */
const MEANING_FULL_FLOOR = 0.35;
const MEANING_ZERO_FLOOR = 0.2;

/** Dense unit vectors as sparse ones, so the nearest-neighbour helpers above serve both views. */
export function denseAsSparse(vectors: readonly Float64Array[]): SparseVector[] {
	const dimension = vectors[0]?.length ?? 0;
	const indices = Int32Array.from({ length: dimension }, (_, i) => i);
	return vectors.map((values) => ({ indices, values }));
}

export function meaningFactor(similarity: number, reference: number): number {
	const full = Math.max(reference * MEANING_FULL_SHARE, MEANING_FULL_FLOOR);
	const zero = Math.max(reference * MEANING_ZERO_SHARE, MEANING_ZERO_FLOOR);
	if (similarity >= full) return 1;
	if (similarity <= zero) return 0;
	return (similarity - zero) / (full - zero);
}
