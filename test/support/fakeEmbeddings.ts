import { HashingEmbedder } from '../../engine/retrieval';

/** An n8n embeddings sub-node as LangChain shapes it, built on the instant hashing embedder. */
export class FakeEmbeddings {
	readonly model = 'fake-hashing';
	private readonly inner = new HashingEmbedder(256);
	embedDocuments(texts: string[]): Promise<number[][]> {
		return this.inner.embed(texts);
	}
	async embedQuery(text: string): Promise<number[]> {
		return (await this.inner.embed([text]))[0];
	}
}
