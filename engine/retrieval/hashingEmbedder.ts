import { createHash } from 'node:crypto';
import { tokenize } from './lexical';
import type { Embedder } from './types';
import { normalize } from './vectors';

function bucket(feature: string, dimensions: number): { index: number; sign: number } {
	const h = createHash('md5').update(feature).digest();
	return { index: h.readUInt32LE(0) % dimensions, sign: h[4] & 1 ? 1 : -1 };
}

/**
 * Hashed bag of stemmed words and word pairs: no model, deterministic and instant. For tests, and a
 * lexical-only baseline in the benchmark; it knows no synonyms.
 */
export class HashingEmbedder implements Embedder {
	readonly id: string;

	constructor(readonly dimensions = 256) {
		this.id = `hashing-${dimensions}`;
	}

	async embed(texts: string[]): Promise<number[][]> {
		return texts.map((text) => {
			const vector = new Array<number>(this.dimensions).fill(0);
			const tokens = tokenize(text);
			const features = [...tokens, ...tokens.slice(1).map((t, i) => `${tokens[i]} ${t}`)];
			const counts = new Map<string, number>();
			for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
			for (const [feature, count] of counts) {
				const { index, sign } = bucket(feature, this.dimensions);
				vector[index] += sign * (1 + Math.log(count));
			}
			return normalize(vector);
		});
	}
}
