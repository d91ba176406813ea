import type { PolicyPassage } from '../contracts/context';
import { decideGrounding, groundingThresholdFor } from './grounding';
import type { Embedder, PolicyStore, StoreHit } from './types';

export interface RetrieveOptions {
	asOf: Date;
	tags?: string[];
	limit?: number;
	/** Weight of the dense score; the rest goes to the saturated BM25 score. 1 = dense only. */
	denseWeight?: number;
	/** Overrides the calibrated threshold of the embedder. */
	groundingThreshold?: number;
}

export interface RetrieveResult {
	passages: PolicyPassage[];
	grounded: boolean;
	groundingReason?: string;
	store: PolicyStore['kind'];
	embedder: string;
	asOf: string;
}

/**
 * Chosen on the benchmark (`npx tsx bench/retrieval.ts --sweep`). With USE lite, recall@5 is 0.725
 * dense only, 0.782 BM25 only and 0.866 at 0.7; the hashing embedder is itself lexical, 0.5 suits it.
 */
export const DEFAULT_DENSE_WEIGHT: Record<string, number> = {
	'use-lite-512': 0.7,
	'hashing-256': 0.5,
};

/**
 * BM25 is unbounded; s / (s + k) maps it onto 0..1 without reference to the other candidates, so
 * the combined score means the same for every query and one grounding threshold can be calibrated.
 */
const LEXICAL_SATURATION = 6;

export function hybridScore(hit: Pick<StoreHit, 'dense' | 'lexical'>, denseWeight: number): number {
	const lexical = hit.lexical / (hit.lexical + LEXICAL_SATURATION);
	return denseWeight * Math.max(0, hit.dense) + (1 - denseWeight) * lexical;
}

/** Finds the passages in force at `asOf` that best answer the query, and whether they ground a reply. */
export async function retrievePolicies(
	query: string,
	options: RetrieveOptions,
	deps: { store: PolicyStore; embedder: Embedder },
): Promise<RetrieveResult> {
	const limit = options.limit ?? 5;
	const denseWeight = options.denseWeight ?? DEFAULT_DENSE_WEIGHT[deps.embedder.id] ?? 0.7;
	const threshold = options.groundingThreshold ?? groundingThresholdFor(deps.embedder.id);
	const [vector] = await deps.embedder.embed([query]);
	const hits = await deps.store.search(vector, {
		asOf: options.asOf,
		tags: options.tags,
		limit: Math.max(limit * 4, 20),
		queryText: query,
	});
	const ranked = hits
		.map((hit) => ({ hit, score: hybridScore(hit, denseWeight) }))
		.sort((a, b) => b.score - a.score || a.hit.chunk.chunkId.localeCompare(b.hit.chunk.chunkId))
		.slice(0, limit);
	const passages: PolicyPassage[] = ranked.map(({ hit: { chunk }, score }) => ({
		chunkId: chunk.chunkId,
		documentId: chunk.documentId,
		title: chunk.title,
		version: chunk.version,
		effectiveFrom: chunk.effectiveFrom,
		effectiveTo: chunk.effectiveTo,
		headingPath: chunk.headingPath,
		text: chunk.text,
		score: Math.round(score * 10000) / 10000,
		tags: chunk.tags,
	}));
	let decision = decideGrounding(ranked[0]?.score, threshold);
	if (hits.length === 0) {
		const empty = await deps.store.emptiness?.();
		if (empty) decision = { grounded: false, reason: empty };
	}
	return {
		passages,
		grounded: decision.grounded,
		...(decision.reason ? { groundingReason: decision.reason } : {}),
		store: deps.store.kind,
		embedder: deps.embedder.id,
		asOf: options.asOf.toISOString(),
	};
}
