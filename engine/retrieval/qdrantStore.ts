import { QdrantClient } from '@qdrant/js-client-rest';
import { pointIdFor } from './chunk';
import { summarizeVersions } from './embeddedStore';
import { isInForce, matchesTags, tagFacet, tagsByFacet } from './inForce';
import { lexicalScores, tokenizeChunk, topLexical, type TokenizedChunk } from './candidates';
import type { PolicyChunk, PolicyStore, StoreHit, StoreSearchOptions, VectorChunk, VersionInfo } from './types';

/** Stands for "no end date" in the integer range filter (the latest instant a Date can hold). */
const OPEN_END_MS = 8_640_000_000_000_000;

interface ChunkPayload extends PolicyChunk {
	effectiveFromMs: number;
	effectiveToMs: number;
	/** The facets the tags name, so a filter can say "not tagged in this facet" (see matchesTags). */
	tagFacets: string[];
}

type Filter = NonNullable<Parameters<QdrantClient['query']>[1]['filter']>;

export interface QdrantConnection {
	url: string;
	apiKey?: string;
}

/**
 * The client's version check wants the server within one minor version of the client (1.18 vs a
 * 1.16 server fails it) and costs a request per client: the calls used here exist since Qdrant 1.10.
 */
export function createQdrantClient({ url, apiKey }: QdrantConnection): QdrantClient {
	return new QdrantClient({ url, apiKey: apiKey || undefined, checkCompatibility: false });
}

function toPayload(chunk: PolicyChunk): ChunkPayload {
	return {
		...chunk,
		effectiveFromMs: Date.parse(chunk.effectiveFrom),
		effectiveToMs: chunk.effectiveTo === null ? OPEN_END_MS : Date.parse(chunk.effectiveTo),
		tagFacets: [...new Set(chunk.tags.map(tagFacet))],
	};
}

function fromPayload(payload: Record<string, unknown>): PolicyChunk {
	const p = payload as unknown as ChunkPayload;
	return {
		chunkId: p.chunkId,
		documentId: p.documentId,
		title: p.title,
		version: p.version,
		effectiveFrom: p.effectiveFrom,
		effectiveTo: p.effectiveTo ?? null,
		headingPath: p.headingPath ?? [],
		ordinal: p.ordinal ?? 0,
		text: p.text,
		tags: p.tags ?? [],
	};
}

/**
 * Policies in a Qdrant collection (cosine distance), shared by every n8n worker. Point ids are UUIDs
 * derived from the stable chunk ids; being in force is a payload range filter evaluated by Qdrant,
 * so a superseded passage never even reaches this process.
 */
export class QdrantStore implements PolicyStore {
	readonly kind = 'qdrant' as const;
	private ensured = false;
	private corpusCache: { at: number; chunks: TokenizedChunk[] } | undefined;

	constructor(
		private readonly client: QdrantClient,
		readonly collection: string,
		private readonly lexicalCacheMs = 30_000,
	) {}

	async ensure(dimensions: number): Promise<void> {
		if (this.ensured) return;
		const { exists } = await this.client.collectionExists(this.collection);
		if (!exists) {
			const failure = await this.client
				.createCollection(this.collection, { vectors: { size: dimensions, distance: 'Cosine' } })
				.then(
					() => undefined,
					(error: unknown) => error,
				);
			// Another worker may have created it between our check and our create: that is fine.
			if (failure !== undefined && !(await this.client.collectionExists(this.collection)).exists) {
				throw new Error(`Cannot create Qdrant collection "${this.collection}": ${(failure as Error).message}`);
			}
			const indexes: Array<[string, 'keyword' | 'integer']> = [
				['documentId', 'keyword'],
				['version', 'keyword'],
				['tags', 'keyword'],
				['tagFacets', 'keyword'],
				['effectiveFromMs', 'integer'],
				['effectiveToMs', 'integer'],
			];
			for (const [field_name, field_schema] of indexes) {
				await this.client.createPayloadIndex(this.collection, { field_name, field_schema, wait: true });
			}
		}
		const info = await this.client.getCollection(this.collection);
		const vectors = info.config.params.vectors as { size?: number } | undefined;
		if (vectors?.size !== undefined && vectors.size !== dimensions) {
			throw new Error(
				`Qdrant collection "${this.collection}" holds ${vectors.size}-dimensional vectors, the embedder makes ` +
					`${dimensions}: use another collection after changing the embedder`,
			);
		}
		this.ensured = true;
	}

	private async exists(): Promise<boolean> {
		return this.ensured || (await this.client.collectionExists(this.collection)).exists;
	}

	async upsert(chunks: VectorChunk[]): Promise<void> {
		for (let i = 0; i < chunks.length; i += 128) {
			const points = chunks.slice(i, i + 128).map(({ vector, ...chunk }) => ({
				id: pointIdFor(chunk.chunkId),
				vector,
				payload: toPayload(chunk) as unknown as Record<string, unknown>,
			}));
			await this.client.upsert(this.collection, { wait: true, points });
			this.corpusCache = undefined;
		}
	}

	private async count(filter: Filter): Promise<number> {
		return (await this.client.count(this.collection, { filter, exact: true })).count;
	}

	async pruneVersion(documentId: string, version: string, keepChunkIds: string[]): Promise<number> {
		if (!(await this.exists())) return 0;
		const filter: Filter = {
			must: [
				{ key: 'documentId', match: { value: documentId } },
				{ key: 'version', match: { value: version } },
			],
			must_not: keepChunkIds.length ? [{ has_id: keepChunkIds.map(pointIdFor) }] : [],
		};
		const n = await this.count(filter);
		if (n) await this.client.delete(this.collection, { wait: true, filter });
		this.corpusCache = undefined;
		return n;
	}

	async retireVersions(documentId: string, keepVersion: string, from: Date): Promise<void> {
		if (!(await this.exists())) return;
		const at = from.getTime();
		this.corpusCache = undefined;
		await this.client.setPayload(this.collection, {
			wait: true,
			payload: { effectiveTo: from.toISOString(), effectiveToMs: at },
			filter: {
				must: [
					{ key: 'documentId', match: { value: documentId } },
					{ key: 'effectiveFromMs', range: { lt: at } },
					{ key: 'effectiveToMs', range: { gt: at } },
				],
				must_not: [{ key: 'version', match: { value: keepVersion } }],
			},
		});
	}

	async deleteDocument(documentId: string): Promise<number> {
		if (!(await this.exists())) return 0;
		const filter: Filter = { must: [{ key: 'documentId', match: { value: documentId } }] };
		const n = await this.count(filter);
		if (n) await this.client.delete(this.collection, { wait: true, filter });
		this.corpusCache = undefined;
		return n;
	}

	async listVersions(documentId: string): Promise<VersionInfo[]> {
		if (!(await this.exists())) return [];
		const chunks: PolicyChunk[] = [];
		let offset: string | number | undefined | null = undefined;
		do {
			const page: Awaited<ReturnType<QdrantClient['scroll']>> = await this.client.scroll(this.collection, {
				filter: { must: [{ key: 'documentId', match: { value: documentId } }] },
				with_payload: true,
				limit: 256,
				offset: offset ?? undefined,
			});
			for (const point of page.points) chunks.push(fromPayload(point.payload ?? {}));
			offset = page.next_page_offset as string | number | null | undefined;
		} while (offset !== null && offset !== undefined);
		return summarizeVersions(chunks);
	}

	/**
	 * Every chunk's text and metadata (no vectors), for the lexical half of the score. Refreshed after
	 * this store writes and after `lexicalCacheMs`, so ingests by other workers reach the lexical half
	 * within that time (the dense half sees them at once).
	 */
	private async corpus(): Promise<TokenizedChunk[]> {
		if (this.corpusCache && Date.now() - this.corpusCache.at < this.lexicalCacheMs) return this.corpusCache.chunks;
		const chunks: TokenizedChunk[] = [];
		let offset: string | number | undefined | null = undefined;
		do {
			const page: Awaited<ReturnType<QdrantClient['scroll']>> = await this.client.scroll(this.collection, {
				with_payload: true,
				with_vector: false,
				limit: 512,
				offset: offset ?? undefined,
			});
			for (const point of page.points) chunks.push(tokenizeChunk(fromPayload(point.payload ?? {})));
			offset = page.next_page_offset as string | number | null | undefined;
		} while (offset !== null && offset !== undefined);
		this.corpusCache = { at: Date.now(), chunks };
		return chunks;
	}

	async search(vector: number[], options: StoreSearchOptions): Promise<StoreHit[]> {
		// Searching before the first ingest finds nothing rather than failing.
		if (!(await this.exists())) return [];
		const at = options.asOf.getTime();
		type Condition = NonNullable<Filter['must']> extends infer C ? (C extends Array<infer E> ? E : C) : never;
		const must: Condition[] = [
			{ key: 'effectiveFromMs', range: { lte: at } },
			{ key: 'effectiveToMs', range: { gt: at } },
		];
		for (const [facet, values] of tagsByFacet(options.tags ?? [])) {
			must.push({
				should: [
					{ key: 'tags', match: { any: values } },
					{ must_not: [{ key: 'tagFacets', match: { value: facet } }] },
				],
			});
		}
		const dense = await this.client.query(this.collection, {
			query: vector,
			filter: { must },
			limit: options.limit,
			with_payload: true,
		});
		// The same lexical candidates and BM25 statistics as the embedded store: see lexicalScores.
		const live = (await this.corpus()).filter(
			(c) => isInForce(c.chunk, options.asOf) && matchesTags(c.chunk.tags, options.tags),
		);
		const lexical = lexicalScores(live, options.queryText);
		const hits = dense.points.map((p) => {
			const chunk = fromPayload(p.payload ?? {});
			return { chunk, dense: p.score, lexical: lexical.get(chunk.chunkId) ?? 0 };
		});
		const seen = new Set(hits.map((h) => h.chunk.chunkId));
		const extra = topLexical(lexical, options.limit).filter((id) => !seen.has(id));
		if (extra.length) {
			// Dense scores of the passages found by words only; the in-force filter is applied again
			// in case the cached corpus is behind the collection.
			const more = await this.client.query(this.collection, {
				query: vector,
				filter: { must: [...must, { has_id: extra.map(pointIdFor) }] },
				limit: extra.length,
				with_payload: true,
			});
			for (const p of more.points) {
				const chunk = fromPayload(p.payload ?? {});
				hits.push({ chunk, dense: p.score, lexical: lexical.get(chunk.chunkId) ?? 0 });
			}
		}
		return hits;
	}
}
