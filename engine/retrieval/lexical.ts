/** Words too common in support text to tell passages apart. */
const STOPWORDS = new Set(
	(
		'a an and are as at be been but by can could do does did for from had has have how i if in into is it its ' +
		'me my no not of on or our so than that the their them then there these they this to too us was we were ' +
		'what when where which who why will with would you your yours am any about after before also just get got ' +
		"should shall may might must i'm i've it's don't can't"
	).split(' '),
);

/** A light suffix stripper: enough to meet "refunds"/"refunded"/"refunding" on one term. */
export function stem(word: string): string {
	let w = word.replace(/'s$/, '');
	if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
	else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
	else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
	if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
	else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
	if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
	return w;
}

export function tokenize(text: string): string[] {
	const words = text
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.match(/[a-z0-9]+(?:'[a-z]+)?/g);
	if (!words) return [];
	return words.filter((w) => !STOPWORDS.has(w)).map(stem);
}

/**
 * Okapi BM25 over a small set of passages. Built per query over the passages in force (or over a
 * store's candidates), so its statistics never count superseded text.
 */
export class Bm25Index {
	private readonly termFrequencies: Array<Map<string, number>>;
	private readonly lengths: number[];
	private readonly documentFrequency = new Map<string, number>();
	private readonly averageLength: number;

	constructor(
		documents: string[][],
		private readonly k1 = 1.2,
		private readonly b = 0.75,
	) {
		this.termFrequencies = documents.map((tokens) => {
			const tf = new Map<string, number>();
			for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
			for (const t of tf.keys()) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
			return tf;
		});
		this.lengths = documents.map((d) => d.length);
		this.averageLength = this.lengths.reduce((s, n) => s + n, 0) / Math.max(1, documents.length) || 1;
	}

	score(queryTokens: string[], index: number): number {
		const tf = this.termFrequencies[index];
		const n = this.termFrequencies.length;
		let total = 0;
		for (const term of new Set(queryTokens)) {
			const f = tf.get(term);
			if (!f) continue;
			const df = this.documentFrequency.get(term) ?? 0;
			const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
			const norm = f + this.k1 * (1 - this.b + (this.b * this.lengths[index]) / this.averageLength);
			total += (idf * f * (this.k1 + 1)) / norm;
		}
		return total;
	}
}
