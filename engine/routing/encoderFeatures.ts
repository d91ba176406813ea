/**
 * Sentence-encoder side of the encoder mode: unit-length embeddings, per-intent prototypes
 * (normalised centroids) and the cosine scores against them. A prototype score is what makes a
 * handful of examples per intent go far: a paraphrase that shares no word with the examples still
 * lands near their centroid, where a linear model trained on ten examples has little to go on.
 */

export function unitLength(vector: readonly number[]): Float64Array {
	const out = Float64Array.from(vector);
	let norm = 0;
	for (let d = 0; d < out.length; d++) norm += out[d] * out[d];
	norm = Math.sqrt(norm);
	if (norm > 0) for (let d = 0; d < out.length; d++) out[d] /= norm;
	return out;
}

/** One normalised centroid per class, from the given members only (so held-out folds stay held out). */
export function classPrototypes(
	embeddings: readonly Float64Array[],
	labels: readonly number[],
	classes: number,
	members: readonly number[],
): Float64Array[] {
	const dimension = embeddings[0]?.length ?? 0;
	const sums = Array.from({ length: classes }, () => new Float64Array(dimension));
	for (const i of members) {
		const sum = sums[labels[i]];
		const e = embeddings[i];
		for (let d = 0; d < dimension; d++) sum[d] += e[d];
	}
	return sums.map((sum) => unitLength(Array.from(sum)));
}

export function cosine(a: Float64Array, b: Float64Array): number {
	let sum = 0;
	for (let d = 0; d < a.length; d++) sum += a[d] * b[d];
	return sum;
}

/** Adds `weight` times the cosine to each prototype onto the logits, in place. */
export function addPrototypeScores(
	logits: Float64Array,
	embedding: Float64Array,
	prototypes: readonly Float64Array[],
	weight: number,
): Float64Array {
	for (let k = 0; k < logits.length; k++) logits[k] += weight * cosine(embedding, prototypes[k]);
	return logits;
}

/** Highest cosine between the embedding and any of the given training examples. */
export function nearestCosine(embedding: Float64Array, members: readonly number[], embeddings: readonly Float64Array[]): number {
	let best = -1;
	for (const m of members) {
		const c = cosine(embedding, embeddings[m]);
		if (c > best) best = c;
	}
	return best;
}
