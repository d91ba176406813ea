/**
 * Deterministic embeddings for the OpenAI-compatible stand-in (test code only): a hashing
 * bag-of-words, so texts that share words point the same way and the same text always gives the
 * same unit vector. Good enough to tell a returns question from a garden question; no model, no
 * download. Answers in OpenAI's `POST /v1/embeddings` shape, as floats or (what the official SDK
 * asks for when the caller sets no encoding_format) base64 float32 little-endian.
 */

export const DEFAULT_EMBEDDING_DIMENSIONS = 256;

/** FNV-1a, 32 bit: stable across runs and platforms, unlike anything seeded. */
function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash >>> 0;
}

/** Words of 3+ letters, lower-cased, with a plural "s" dropped so "returns" meets "return". */
function words(text: string): string[] {
	return (text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/** A unit vector; a text with no words gets a fixed unit vector rather than zeros (cosine needs a length). */
export function hashingEmbedding(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
	const v = new Array<number>(dimensions).fill(0);
	for (const w of words(text)) {
		const h = fnv1a(w);
		// The sign bit spreads collisions out instead of letting them pile up.
		v[h % dimensions] += (h >>> 31) & 1 ? -1 : 1;
	}
	const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
	if (norm === 0) {
		v[0] = 1;
		return v;
	}
	return v.map((x) => x / norm);
}

function toBase64(vector: number[]): string {
	const floats = Float32Array.from(vector);
	return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}

/** The inputs of an embeddings request as texts, or undefined when the body has none. */
export function embeddingInputs(body: Record<string, unknown>): string[] | undefined {
	const input = body.input;
	if (typeof input === 'string') return [input];
	if (!Array.isArray(input) || input.length === 0) return undefined;
	// Token arrays (LangChain never sends them here) are embedded by their token ids as words.
	return input.map((x) => (typeof x === 'string' ? x : Array.isArray(x) ? x.join(' ') : String(x)));
}

export function embeddingsResponse(body: Record<string, unknown>, texts: string[], dimensions: number) {
	const size = typeof body.dimensions === 'number' && body.dimensions > 0 ? body.dimensions : dimensions;
	const base64 = body.encoding_format === 'base64';
	const tokens = texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
	return {
		object: 'list',
		data: texts.map((t, index) => {
			const vector = hashingEmbedding(t, size);
			return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
		}),
		model: typeof body.model === 'string' && body.model ? body.model : 'text-embedding-3-small',
		usage: { prompt_tokens: tokens, total_tokens: tokens },
	};
}
