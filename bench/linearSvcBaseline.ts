/**
 * The scikit-learn baseline of issue 15, reimplemented for the benchmark (PyPI is not reachable
 * here): FeatureUnion of TfidfVectorizer(analyzer='word', ngram_range=(1, 2)) and
 * TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5)), both with scikit-learn's defaults
 * (lowercase, token pattern \b\w\w+\b, smooth idf, raw tf, L2 norm per vectorizer), into
 * LinearSVC(C=1): one-vs-rest, squared hinge loss, L2 penalty, intercept as a regularised bias
 * feature of value 1, solved by liblinear's dual coordinate descent (Hsieh et al., 2008).
 * Bench-only: it has no calibrated confidence, so it never sends anything to Human.
 */
import { createRandom, shuffleInPlace } from '../engine/routing/seededRandom';

type Row = readonly [string, string];

interface Sparse {
	indices: Int32Array;
	values: Float64Array;
}

const TOKEN = /\b\w\w+\b/gu;

function wordFeatures(text: string, add: (key: string) => void): void {
	const tokens = text.toLowerCase().match(TOKEN) ?? [];
	for (let i = 0; i < tokens.length; i++) {
		add('w ' + tokens[i]);
		if (i > 0) add('w ' + tokens[i - 1] + ' ' + tokens[i]);
	}
}

/** scikit-learn's _char_wb_ngrams: each whitespace-separated word padded with one space each side. */
function charWbFeatures(text: string, add: (key: string) => void, min = 2, max = 5): void {
	for (const raw of text.toLowerCase().split(/\s+/)) {
		if (!raw) continue;
		const w = ' ' + raw + ' ';
		for (let n = min; n <= max; n++) {
			let offset = 0;
			add('c' + w.slice(offset, offset + n));
			while (offset + n < w.length) {
				offset++;
				add('c' + w.slice(offset, offset + n));
			}
			if (offset === 0) break;
		}
	}
}

/** One TfidfVectorizer: counts, smooth idf, L2 normalised. */
class Tfidf {
	private readonly vocabulary = new Map<string, number>();
	private idf: number[] = [];
	constructor(
		private readonly analyse: (text: string, add: (key: string) => void) => void,
		private readonly offset: () => number,
	) {}
	get size(): number {
		return this.idf.length;
	}
	fit(texts: readonly string[]): void {
		const df = new Map<string, number>();
		for (const t of texts) for (const key of this.counts(t).keys()) df.set(key, (df.get(key) ?? 0) + 1);
		for (const [key, count] of df) {
			this.vocabulary.set(key, this.idf.length);
			this.idf.push(Math.log((1 + texts.length) / (1 + count)) + 1);
		}
	}
	transform(text: string, ids: number[], vals: number[]): void {
		const start = vals.length;
		let norm = 0;
		for (const [key, count] of this.counts(text)) {
			const id = this.vocabulary.get(key);
			if (id === undefined) continue;
			const v = count * this.idf[id];
			ids.push(this.offset() + id);
			vals.push(v);
			norm += v * v;
		}
		const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
		for (let i = start; i < vals.length; i++) vals[i] *= scale;
	}
	private counts(text: string): Map<string, number> {
		const counts = new Map<string, number>();
		this.analyse(text, (key) => counts.set(key, (counts.get(key) ?? 0) + 1));
		return counts;
	}
}

export interface LinearSvc {
	predict(text: string): { predicted: string; score: number };
}

export function trainLinearSvc(rows: readonly Row[], options: { c?: number; tolerance?: number; maxPasses?: number; seed?: number } = {}): LinearSvc {
	const c = options.c ?? 1;
	const tolerance = options.tolerance ?? 0.1; // liblinear's default stopping tolerance for this solver
	const maxPasses = options.maxPasses ?? 200;
	const words = new Tfidf(wordFeatures, () => 0);
	const chars = new Tfidf(charWbFeatures, () => words.size);
	const texts = rows.map((r) => r[0]);
	words.fit(texts);
	chars.fit(texts);
	const bias = words.size + chars.size;
	const dimension = bias + 1;
	const vectorize = (text: string): Sparse => {
		const ids: number[] = [];
		const vals: number[] = [];
		words.transform(text, ids, vals);
		chars.transform(text, ids, vals);
		ids.push(bias);
		vals.push(1); // intercept_scaling = 1
		return { indices: Int32Array.from(ids), values: Float64Array.from(vals) };
	};
	const xs = texts.map(vectorize);
	const labels = [...new Set(rows.map((r) => r[1]))].sort();
	const labelOf = rows.map((r) => labels.indexOf(r[1]));
	const qii = xs.map((x) => x.values.reduce((s, v) => s + v * v, 0) + 1 / (2 * c));
	const weights = labels.map(() => new Float64Array(dimension));
	const random = createRandom(options.seed ?? 1);
	const order = xs.map((_, i) => i);
	labels.forEach((_, k) => {
		const w = weights[k];
		const alpha = new Float64Array(xs.length);
		for (let pass = 0; pass < maxPasses; pass++) {
			shuffleInPlace(order, random);
			let maxPg = -Infinity;
			let minPg = Infinity;
			for (const i of order) {
				const x = xs[i];
				const y = labelOf[i] === k ? 1 : -1;
				let wx = 0;
				for (let j = 0; j < x.indices.length; j++) wx += w[x.indices[j]] * x.values[j];
				const g = y * wx - 1 + alpha[i] / (2 * c);
				const pg = alpha[i] === 0 ? Math.min(g, 0) : g;
				maxPg = Math.max(maxPg, pg);
				minPg = Math.min(minPg, pg);
				if (Math.abs(pg) < 1e-12) continue;
				const old = alpha[i];
				alpha[i] = Math.max(old - g / qii[i], 0);
				const step = (alpha[i] - old) * y;
				for (let j = 0; j < x.indices.length; j++) w[x.indices[j]] += step * x.values[j];
			}
			if (maxPg - minPg < tolerance) break;
		}
	});
	return {
		predict(text: string) {
			const x = vectorize(text);
			let best = 0;
			let bestScore = -Infinity;
			weights.forEach((w, k) => {
				let s = 0;
				for (let j = 0; j < x.indices.length; j++) s += w[x.indices[j]] * x.values[j];
				if (s > bestScore) {
					bestScore = s;
					best = k;
				}
			});
			return { predicted: labels[best], score: bestScore };
		},
	};
}
