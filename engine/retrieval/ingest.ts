import { chunkDocument, type ChunkOptions, searchableText } from './chunk';
import { PolicyDocument } from './types';
import type { Embedder, PolicyStore } from './types';

export interface IngestResult {
	documentId: string;
	version: string;
	effectiveFrom: string;
	effectiveTo: string | null;
	chunks: number;
	/** Chunks of the same version a previous ingest left that this one no longer has. */
	removed: number;
	/** Versions whose end this ingest set (or confirmed) at this version's start. */
	retired: string[];
}

/**
 * Loads one document version: chunk, embed, upsert by stable id, drop leftovers of an earlier ingest
 * of the same version, and fit the version into the document's timeline (older versions end where
 * this one starts; this one ends where a newer, already ingested one starts).
 */
export async function ingestDocument(
	input: PolicyDocument,
	deps: { store: PolicyStore; embedder: Embedder; chunking?: ChunkOptions },
): Promise<IngestResult> {
	const parsed = PolicyDocument.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new Error(`Invalid policy document: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
	}
	const document = parsed.data;
	const from = new Date(document.effectiveFrom);
	const existing = await deps.store.listVersions(document.documentId);
	const later = existing
		.filter((v) => v.version !== document.version && Date.parse(v.effectiveFrom) > from.getTime())
		.map((v) => v.effectiveFrom)
		.sort();
	const declaredEnd = document.effectiveTo ? new Date(document.effectiveTo).toISOString() : null;
	// Ingesting an old version after a newer one must not bring the old text back into force.
	const effectiveTo = later.length && (declaredEnd === null || later[0] < declaredEnd) ? later[0] : declaredEnd;

	const chunks = chunkDocument({ ...document, effectiveTo }, deps.chunking);
	await deps.store.ensure(deps.embedder.dimensions);
	const vectors = await deps.embedder.embed(chunks.map(searchableText));
	await deps.store.upsert(chunks.map((c, i) => ({ ...c, vector: vectors[i] })));
	const removed = await deps.store.pruneVersion(
		document.documentId,
		document.version,
		chunks.map((c) => c.chunkId),
	);
	const retired = existing
		.filter(
			(v) =>
				v.version !== document.version &&
				Date.parse(v.effectiveFrom) < from.getTime() &&
				(v.effectiveTo === null || Date.parse(v.effectiveTo) > from.getTime()),
		)
		.map((v) => v.version);
	await deps.store.retireVersions(document.documentId, document.version, from);
	return {
		documentId: document.documentId,
		version: document.version,
		effectiveFrom: from.toISOString(),
		effectiveTo,
		chunks: chunks.length,
		removed,
		retired,
	};
}

/** Ends one version at a given moment without loading a successor (e.g. a policy withdrawn). */
export async function retireDocument(store: PolicyStore, documentId: string, at: Date): Promise<string[]> {
	const versions = await store.listVersions(documentId);
	const affected = versions
		.filter(
			(v) =>
				Date.parse(v.effectiveFrom) < at.getTime() &&
				(v.effectiveTo === null || Date.parse(v.effectiveTo) > at.getTime()),
		)
		.map((v) => v.version);
	// No version is called "keep": a version name nobody uses retires all of them.
	await store.retireVersions(documentId, '\u0000none', at);
	return affected;
}
