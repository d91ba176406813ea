import { searchableText } from './chunk';
import { Bm25Index, tokenize } from './lexical';
import type { PolicyChunk } from './types';

export interface TokenizedChunk {
	chunk: PolicyChunk;
	tokens: string[];
}

export function tokenizeChunk(chunk: PolicyChunk): TokenizedChunk {
	return { chunk, tokens: tokenize(searchableText(chunk)) };
}

/**
 * BM25 of the query against every passage in force (and matching the tags). Both stores compute it
 * over the same set, so a score - and the grounding threshold calibrated on it - means the same
 * whichever store holds the policies.
 */
export function lexicalScores(live: TokenizedChunk[], queryText: string): Map<string, number> {
	const index = new Bm25Index(live.map((c) => c.tokens));
	const query = tokenize(queryText);
	return new Map(live.map((c, i) => [c.chunk.chunkId, index.score(query, i)]));
}

/** The ids of the best `limit` passages by words alone (score > 0). */
export function topLexical(scores: Map<string, number>, limit: number): string[] {
	return [...scores]
		.filter(([, s]) => s > 0)
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.slice(0, limit)
		.map(([id]) => id);
}
