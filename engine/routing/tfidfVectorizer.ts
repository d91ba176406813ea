import { normalizeText, wordTokens } from './textNormalize';

/** A sparse feature vector: parallel arrays of feature ids and weights, L2-normalised. */
export interface SparseVector {
	indices: Int32Array;
	values: Float64Array;
}

export interface VectorizerOptions {
	/** Character n-gram lengths, taken inside word boundaries (" word " padded). */
	charMin: number;
	charMax: number;
	/** Features seen in fewer training texts are dropped (1 keeps everything). */
	minDf: number;
	/** Share of the vector's squared norm given to word features; the rest goes to characters. */
	wordShare: number;
	/** Word bigrams as features (default true). */
	bigrams?: boolean;
	/** Tokens to leave out entirely (used for the content-only view of the text). */
	stopWords?: ReadonlySet<string>;
	/** Let features never seen in training take their share of the norm (default false). Then a
	 * text made mostly of unknown words gets a small vector, so its similarity to every training
	 * example stays small: the out-of-domain check wants exactly that. */
	unknownInNorm?: boolean;
}

type Block = 'word' | 'char';

const SURROGATE = /[\ud800-\udfff]/;

/**
 * TF-IDF over two views of the text: words (unigrams + bigrams) carry meaning, character n-grams
 * within words carry morphology and survive typos and inflections ("refunded", "refnd"), which
 * matters when an intent has only a handful of examples.
 */
export class TfidfVectorizer {
	private readonly vocabulary = new Map<string, number>();
	private readonly featureBlock: Block[] = [];
	private idf = new Float64Array(0);
	private documents = 0;

	constructor(private readonly options: VectorizerOptions) {}

	get dimension(): number {
		return this.idf.length;
	}

	fit(texts: readonly string[]): this {
		const df = new Map<string, number>();
		for (const text of texts) {
			for (const key of this.rawFeatures(text).keys()) df.set(key, (df.get(key) ?? 0) + 1);
		}
		const kept: Array<[string, number]> = [];
		for (const [key, count] of df) if (count >= this.options.minDf) kept.push([key, count]);
		// Sorted so feature ids never depend on Map insertion quirks.
		kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
		this.idf = new Float64Array(kept.length);
		const n = texts.length;
		this.documents = n;
		kept.forEach(([key, count], id) => {
			this.vocabulary.set(key, id);
			this.featureBlock.push(key.startsWith('c:') ? 'char' : 'word');
			this.idf[id] = Math.log((1 + n) / (1 + count)) + 1;
		});
		return this;
	}

	transform(text: string): SparseVector {
		const raw = this.rawFeatures(text);
		const ids: number[] = [];
		const vals: number[] = [];
		let wordNorm = 0;
		let charNorm = 0;
		const unknownIdf = Math.log(1 + this.documents) + 1;
		for (const [key, count] of raw) {
			const id = this.vocabulary.get(key);
			if (id === undefined) {
				if (this.options.unknownInNorm) {
					const w = (1 + Math.log(count)) * unknownIdf;
					if (key.startsWith('c:')) charNorm += w * w;
					else wordNorm += w * w;
				}
				continue;
			}
			// Sublinear tf: a word said three times is not three times the evidence.
			const w = (1 + Math.log(count)) * this.idf[id];
			ids.push(id);
			vals.push(w);
			if (this.featureBlock[id] === 'char') charNorm += w * w;
			else wordNorm += w * w;
		}
		// Each block is normalised on its own, then weighted, so short texts with few words still
		// get their character evidence at the intended strength.
		const wordScale = wordNorm > 0 ? Math.sqrt(this.options.wordShare / wordNorm) : 0;
		const charScale = charNorm > 0 ? Math.sqrt((1 - this.options.wordShare) / charNorm) : 0;
		let total = 0;
		for (let i = 0; i < ids.length; i++) {
			vals[i] *= this.featureBlock[ids[i]] === 'char' ? charScale : wordScale;
			total += vals[i] * vals[i];
		}
		// With unknown features in the norm the known part is already scaled right: a full
		// renormalisation would undo the shrinkage that signals unfamiliar text.
		const blocks = (wordNorm > 0 ? this.options.wordShare : 0) + (charNorm > 0 ? 1 - this.options.wordShare : 0);
		const renorm = total <= 0 ? 0 : this.options.unknownInNorm ? 1 / Math.sqrt(blocks) : 1 / Math.sqrt(total);
		const values = new Float64Array(vals.length);
		for (let i = 0; i < vals.length; i++) values[i] = vals[i] * renorm;
		return { indices: Int32Array.from(ids), values };
	}

	private rawFeatures(text: string): Map<string, number> {
		const features = new Map<string, number>();
		const add = (key: string) => features.set(key, (features.get(key) ?? 0) + 1);
		const stop = this.options.stopWords;
		const all = wordTokens(normalizeText(text));
		const tokens = stop ? all.filter((t) => !stop.has(t)) : all;
		const bigrams = this.options.bigrams ?? true;
		for (let i = 0; i < tokens.length; i++) {
			add('w:' + tokens[i]);
			if (bigrams && i > 0) add('b:' + tokens[i - 1] + ' ' + tokens[i]);
			const padded = ' ' + tokens[i] + ' ';
			if (SURROGATE.test(padded)) {
				// Rare path: code points outside the BMP (emoji, some scripts) must not be split.
				const chars = Array.from(padded);
				for (let n = this.options.charMin; n <= this.options.charMax; n++) {
					for (let s = 0; s + n <= chars.length; s++) add('c:' + chars.slice(s, s + n).join(''));
				}
			} else {
				for (let n = this.options.charMin; n <= this.options.charMax; n++) {
					for (let s = 0; s + n <= padded.length; s++) add('c:' + padded.substr(s, n));
				}
			}
		}
		return features;
	}
}

export function dot(a: SparseVector, dense: Float64Array): number {
	let sum = 0;
	for (let i = 0; i < a.indices.length; i++) sum += a.values[i] * dense[a.indices[i]];
	return sum;
}
