import type { PolicyChunk } from './types';

/** In force at `asOf`: started at or before it, and not ended at or before it (effectiveTo is exclusive). */
export function isInForce(chunk: Pick<PolicyChunk, 'effectiveFrom' | 'effectiveTo'>, asOf: Date): boolean {
	const t = asOf.getTime();
	if (Date.parse(chunk.effectiveFrom) > t) return false;
	return chunk.effectiveTo === null || Date.parse(chunk.effectiveTo) > t;
}

/** "region:eu" belongs to facet "region"; a tag without a colon to the plain facet "_". */
export function tagFacet(tag: string): string {
	const colon = tag.indexOf(':');
	return colon > 0 ? tag.slice(0, colon) : '_';
}

/** The query's tags grouped by facet. */
export function tagsByFacet(tags: string[]): Map<string, string[]> {
	const facets = new Map<string, string[]>();
	for (const tag of tags) facets.set(tagFacet(tag), [...(facets.get(tagFacet(tag)) ?? []), tag]);
	return facets;
}

/**
 * Faceted matching: for every facet the query names, a passage tagged in that facet must carry one
 * of the query's values; a passage silent on a facet applies to all of its values. So a ticket
 * tagged region:us and intent:returns gets untagged policies, returns policies and US policies,
 * never region:eu ones, and never a policy tagged only for another intent.
 */
export function matchesTags(chunkTags: string[], wanted: string[] | undefined): boolean {
	if (!wanted || wanted.length === 0 || chunkTags.length === 0) return true;
	for (const [facet, values] of tagsByFacet(wanted)) {
		const own = chunkTags.filter((t) => tagFacet(t) === facet);
		if (own.length && !own.some((t) => values.includes(t))) return false;
	}
	return true;
}
