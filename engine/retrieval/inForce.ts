import type { PolicyChunk } from './types';

/** In force at `asOf`: started at or before it, and not ended at or before it (effectiveTo is exclusive). */
export function isInForce(chunk: Pick<PolicyChunk, 'effectiveFrom' | 'effectiveTo'>, asOf: Date): boolean {
	const t = asOf.getTime();
	if (Date.parse(chunk.effectiveFrom) > t) return false;
	return chunk.effectiveTo === null || Date.parse(chunk.effectiveTo) > t;
}

/** Untagged passages apply to every ticket; tagged ones only when they share a tag with the query. */
export function matchesTags(chunkTags: string[], wanted: string[] | undefined): boolean {
	if (!wanted || wanted.length === 0 || chunkTags.length === 0) return true;
	return chunkTags.some((t) => wanted.includes(t));
}
