import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { ContextSection, type LiveFact, type PolicyContext } from '../contracts/context';
import { EmbeddedStore } from './embeddedStore';
import { ingestDocument, type IngestResult } from './ingest';
import { createQdrantClient, QdrantStore } from './qdrantStore';
import type { RetrieveResult } from './retrieve';
import type { ChunkOptions } from './chunk';
import type { Embedder, PolicyDocument, PolicyStore } from './types';

/** What the node's "Store" parameter (plus the qdrantApi credential) resolves to. */
export type PolicyStoreConfig =
	| { kind: 'embedded'; filePath: string }
	| { kind: 'qdrant'; url: string; apiKey?: string; collection: string };

/** Store objects are cheap; the embedded one re-reads its file only when it changed. */
/**
 * One embedded store object per file per process: it re-reads the file only when the file changed
 * and keeps the tokenised passages between executions, which is most of a query's cost. Sharing is
 * safe: writes to one path are serialised and every read checks the file's stamp first.
 */
const embeddedStores = new Map<string, EmbeddedStore>();
const qdrantStores = new Map<string, QdrantStore>();

export function openPolicyStore(config: PolicyStoreConfig): PolicyStore {
	if (config.kind === 'embedded') {
		const key = path.resolve(config.filePath);
		let store = embeddedStores.get(key);
		if (!store) embeddedStores.set(key, (store = new EmbeddedStore(key)));
		return store;
	}
	// One per URL, collection and key: its lexical corpus cache then serves every execution of the
	// process, instead of each retrieval scrolling the whole collection again.
	const id = `${config.url}\u0000${config.collection}\u0000${config.apiKey ? createHash('sha256').update(config.apiKey).digest('hex') : ''}`;
	let store = qdrantStores.get(id);
	if (!store) qdrantStores.set(id, (store = new QdrantStore(createQdrantClient({ url: config.url, apiKey: config.apiKey }), config.collection)));
	return store;
}

/**
 * Where the node keeps an embedded store: inside the n8n user folder, so it survives restarts and
 * upgrades of the package. The name is reduced to safe characters: it comes from a node parameter.
 */
export function embeddedStorePath(n8nUserFolder: string, storeName = 'default'): string {
	const safe = storeName.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64) || 'default';
	return path.join(n8nUserFolder, 'support-coordination', 'policy-stores', `${safe}.json`);
}

/** Ingests several documents in order (so version 1 before version 2 of the same document). */
export async function ingestDocuments(
	documents: PolicyDocument[],
	deps: { store: PolicyStore; embedder: Embedder; chunking?: ChunkOptions },
): Promise<IngestResult[]> {
	const ordered = [...documents].sort(
		(a, b) => a.documentId.localeCompare(b.documentId) || Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom),
	);
	const results: IngestResult[] = [];
	for (const document of ordered) results.push(await ingestDocument(document, deps));
	return results;
}

/** The case file's `context` section, checked against the contract before it leaves the layer. */
export function toContextSection(result: RetrieveResult, facts: LiveFact[] = []): PolicyContext {
	return ContextSection.parse({
		passages: result.passages,
		facts,
		grounded: result.grounded,
		...(result.groundingReason ? { groundingReason: result.groundingReason } : {}),
		store: result.store,
		embedder: result.embedder,
		asOf: result.asOf,
	});
}
