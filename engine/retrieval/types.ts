import { z } from 'zod/v4';
import { IsoDateTime } from '../contracts/common';

/** One policy document as an operator (or the ingestion template) hands it to the retriever. */
export const PolicyDocument = z.object({
	documentId: z.string().min(1),
	title: z.string(),
	version: z.string().min(1),
	effectiveFrom: IsoDateTime,
	effectiveTo: IsoDateTime.nullable().optional(),
	format: z.enum(['markdown', 'html', 'text']),
	content: z.string(),
	/** Intents, region, channel... A document without tags applies to every ticket. */
	tags: z.array(z.string()).optional(),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

/** A passage of a policy document, ready to embed: everything a citation needs travels with it. */
export interface PolicyChunk {
	chunkId: string;
	documentId: string;
	title: string;
	version: string;
	effectiveFrom: string;
	effectiveTo: string | null;
	headingPath: string[];
	/** Position of the chunk within its heading section: part of the stable id. */
	ordinal: number;
	text: string;
	tags: string[];
}

export interface VectorChunk extends PolicyChunk {
	vector: number[];
}

/** Produces sentence vectors; the built-in encoder and any n8n embeddings sub-node fit behind it. */
export interface Embedder {
	/** Names the model, recorded in `context.embedder` and checked against the store's vectors. */
	id: string;
	dimensions: number;
	embed(texts: string[]): Promise<number[][]>;
}

export interface StoreSearchOptions {
	/** The moment the passages must be in force at. */
	asOf: Date;
	/** Facet filter (see matchesTags): "region:eu", "intent:returns", plain tags. */
	tags?: string[];
	limit: number;
	/** The raw query, for the lexical (BM25) half of the score. */
	queryText: string;
}

export interface StoreHit {
	chunk: PolicyChunk;
	/** Cosine similarity of the query and chunk vectors, -1..1. */
	dense: number;
	/** Raw BM25 score of the query against the chunk (0 when no query term occurs). */
	lexical: number;
}

export interface VersionInfo {
	version: string;
	effectiveFrom: string;
	effectiveTo: string | null;
	chunks: number;
}

export interface PolicyStore {
	readonly kind: 'qdrant' | 'embedded';
	/** Prepares storage for vectors of this size; fails if it already holds vectors of another size. */
	ensure(dimensions: number): Promise<void>;
	/** Inserts or replaces chunks by chunk id. */
	upsert(chunks: VectorChunk[]): Promise<void>;
	/** Removes the chunks of one version except those listed: what a shorter re-ingest leaves behind. */
	pruneVersion(documentId: string, version: string, keepChunkIds: string[]): Promise<number>;
	/** Ends every other version of the document that is in force at `from`, from that moment on. */
	retireVersions(documentId: string, keepVersion: string, from: Date): Promise<void>;
	deleteDocument(documentId: string): Promise<number>;
	listVersions(documentId: string): Promise<VersionInfo[]>;
	/** Candidates in force at `asOf` matching the tags, best dense score first. */
	search(vector: number[], options: StoreSearchOptions): Promise<StoreHit[]>;
	/**
	 * Why the store holds no passage at all (a missing or empty file, naming it), or undefined when it
	 * holds some: asked only when a search found nothing, so an operator reads "the store is empty"
	 * rather than a grounding verdict about the ticket.
	 */
	emptiness?(): Promise<string | undefined>;
}
