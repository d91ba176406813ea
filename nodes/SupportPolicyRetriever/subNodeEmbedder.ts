import type { Embedder } from '../../engine/retrieval';

/** What n8n's embeddings sub-nodes hand over: a LangChain `Embeddings` object. */
export interface EmbeddingsLike {
	embedDocuments(texts: string[]): Promise<number[][]>;
	embedQuery(text: string): Promise<number[]>;
}

export function isEmbeddings(value: unknown): value is EmbeddingsLike {
	const v = value as Partial<EmbeddingsLike> | null | undefined;
	return !!v && typeof v.embedDocuments === 'function' && typeof v.embedQuery === 'function';
}

/** The model name LangChain classes keep under one of these fields; the class name otherwise. */
function modelName(embeddings: EmbeddingsLike): string {
	const fields = embeddings as unknown as Record<string, unknown>;
	for (const key of ['model', 'modelName', 'modelId', 'deploymentName']) {
		if (typeof fields[key] === 'string' && fields[key]) return fields[key] as string;
	}
	return embeddings.constructor?.name || 'unknown';
}

/**
 * Puts a connected embeddings sub-node behind the engine's `Embedder`. Many models embed queries
 * and documents differently (instruction prefixes), so retrieval uses `embedQuery` and ingestion
 * `embedDocuments`. The id is prefixed so it never matches a calibrated built-in threshold.
 * The vector size is not known up front: one probe embedding measures it.
 */
export async function subNodeEmbedder(embeddings: EmbeddingsLike, purpose: 'query' | 'documents'): Promise<Embedder> {
	const probe = await embeddings.embedQuery('policy');
	if (!Array.isArray(probe) || probe.length === 0) {
		throw new Error('The connected embeddings sub-node returned an empty vector');
	}
	return {
		id: `embeddings:${modelName(embeddings)}`,
		dimensions: probe.length,
		embed: async (texts) => {
			if (!texts.length) return [];
			const vectors =
				purpose === 'documents'
					? await embeddings.embedDocuments(texts)
					: await Promise.all(texts.map((t) => embeddings.embedQuery(t)));
			for (const v of vectors) {
				if (v.length !== probe.length) {
					throw new Error(`The connected embeddings sub-node returned vectors of ${v.length} and ${probe.length} dimensions`);
				}
			}
			return vectors;
		},
	};
}
