import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isInForce, matchesTags } from './inForce';
import { lexicalScores, tokenizeChunk, topLexical, type TokenizedChunk } from './candidates';
import type { PolicyChunk, PolicyStore, StoreHit, StoreSearchOptions, VectorChunk, VersionInfo } from './types';
import { cosine } from './vectors';

interface StoredChunk extends PolicyChunk {
	/** Float32 little-endian, base64: about a third of the size of a JSON number array. */
	vector: string;
}

interface StoreFile {
	format: 'policy-store/1';
	dimensions: number | null;
	chunks: StoredChunk[];
}

function encodeVector(v: number[]): string {
	return Buffer.from(new Float32Array(v).buffer).toString('base64');
}

function decodeVector(s: string): number[] {
	const bytes = Buffer.from(s, 'base64');
	return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

/** Per file path, so two store objects on one file in one process never interleave writes. */
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const next = previous.then(work, work);
	queues.set(
		key,
		next.catch(() => undefined),
	);
	return next;
}

/** Said wherever the embedded store's limits matter: it is one file in one n8n user folder. */
export const EMBEDDED_STORE_QUEUE_NOTE =
	'With n8n in queue mode, every worker reads its own user folder, and an ingest on one worker reaches only that worker: use the Qdrant store.';

/** A writer holding the lock longer than this is taken to have died (an ingest writes in well under a second). */
const STALE_LOCK_MS = 60_000;
const LOCK_WAIT_MS = 120_000;

/**
 * Holds `<file>.lock` (created with O_EXCL) while `work` runs: two processes sharing one store file
 * (several n8n instances on one folder) never interleave read-modify-write, and each re-reads the
 * file under the lock, so no ingest is lost. A lock left by a dead process is broken after a minute.
 */
async function withFileLock<T>(filePath: string, work: () => Promise<T>): Promise<T> {
	const lockPath = `${filePath}.lock`;
	await fs.mkdir(path.dirname(filePath), { recursive: true });
	const started = Date.now();
	for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
		// Resolves true when this process created the lock file; false when another holds it.
		const created = await fs.open(lockPath, 'wx').then(
			async (handle) => {
				await handle.writeFile(`${process.pid}\n`);
				await handle.close();
				return true;
			},
			async (error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? false : Promise.reject(error)),
		);
		if (created) break;
		const held = await fs.stat(lockPath).catch(() => undefined);
		if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await fs.rm(lockPath, { force: true });
		else if (Date.now() - started > LOCK_WAIT_MS) {
			throw new Error(`The embedded policy store ${filePath} stayed locked by another process (${lockPath}) for ${LOCK_WAIT_MS / 1000} s; nothing was written`);
		} else await new Promise((resolve) => setTimeout(resolve, wait));
	}
	try {
		return await work();
	} finally {
		await fs.rm(lockPath, { force: true });
	}
}

/**
 * The no-server store: every chunk in memory, persisted to one JSON file given by the caller.
 *
 * For one n8n instance. Writes are atomic (temp file + rename) and every operation re-reads the file
 * when its modification time or size changed, so successive executions - and several store objects -
 * in one n8n process see the same data; writes also hold a lock file and re-read under it, so several
 * processes on one folder lose no ingest. Workers with their own folders each have their own store:
 * use the Qdrant store for queue mode or more than one n8n instance.
 */
export class EmbeddedStore implements PolicyStore {
	readonly kind = 'embedded' as const;
	private data: StoreFile = { format: 'policy-store/1', dimensions: null, chunks: [] };
	private vectors = new Map<string, number[]>();
	private loadedStamp = '';
	/** Tokenised passages by chunk id and text: tokenising the corpus on every query is the main cost. */
	private tokens = new Map<string, TokenizedChunk>();

	constructor(private readonly filePath: string) {}

	private async stamp(): Promise<string> {
		// A missing file is an empty store; any other stat failure surfaces as is.
		const s = await fs
			.stat(this.filePath)
			.catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
		return s ? `${s.mtimeMs}:${s.size}:${s.ino}` : 'missing';
	}

	private async refresh(): Promise<void> {
		const stamp = await this.stamp();
		if (stamp === this.loadedStamp) return;
		if (stamp === 'missing') {
			this.data = { format: 'policy-store/1', dimensions: null, chunks: [] };
		} else {
			const parsed = JSON.parse(await fs.readFile(this.filePath, 'utf8')) as StoreFile;
			if (parsed.format !== 'policy-store/1') throw new Error(`${this.filePath} is not a policy store file`);
			this.data = parsed;
		}
		this.vectors = new Map(this.data.chunks.map((c) => [c.chunkId, decodeVector(c.vector)]));
		this.loadedStamp = stamp;
	}

	private async write(): Promise<void> {
		await fs.mkdir(path.dirname(this.filePath), { recursive: true });
		const temp = `${this.filePath}.${process.pid}.${Date.now()}.tmp`;
		await fs.writeFile(temp, JSON.stringify(this.data));
		await fs.rename(temp, this.filePath);
		this.loadedStamp = await this.stamp();
	}

	private mutate<T>(change: () => T | Promise<T>): Promise<T> {
		return serialized(this.filePath, async () =>
			withFileLock(this.filePath, async () => {
				await this.refresh();
				const result = await change();
				await this.write();
				return result;
			}),
		);
	}

	async emptiness(): Promise<string | undefined> {
		return this.read(() => {
			if (this.loadedStamp === 'missing') {
				return `The embedded policy store ${this.filePath} does not exist: nothing was ingested into it on this n8n instance. Ingest your policies first. ${EMBEDDED_STORE_QUEUE_NOTE}`;
			}
			if (this.data.chunks.length === 0) return `The embedded policy store ${this.filePath} holds no passage. Ingest your policies first. ${EMBEDDED_STORE_QUEUE_NOTE}`;
			return undefined;
		});
	}

	private read<T>(look: () => T): Promise<T> {
		return serialized(this.filePath, async () => {
			await this.refresh();
			return look();
		});
	}

	private tokenized(stored: StoredChunk): TokenizedChunk {
		const chunk = withoutVector(stored);
		const cached = this.tokens.get(chunk.chunkId);
		// The chunk object is refreshed every time (its effectiveTo may have changed); tokens only with the text.
		if (cached && cached.chunk.text === chunk.text && cached.chunk.title === chunk.title) {
			return { chunk, tokens: cached.tokens };
		}
		const fresh = tokenizeChunk(chunk);
		this.tokens.set(chunk.chunkId, fresh);
		return fresh;
	}

	async ensure(dimensions: number): Promise<void> {
		await this.mutate(() => {
			if (this.data.dimensions !== null && this.data.dimensions !== dimensions) {
				throw new Error(
					`The embedded policy store ${this.filePath} holds ${this.data.dimensions}-dimensional vectors, ` +
						`the embedder makes ${dimensions}: re-ingest into a new store file after changing the embedder`,
				);
			}
			this.data.dimensions = dimensions;
		});
	}

	async upsert(chunks: VectorChunk[]): Promise<void> {
		await this.mutate(() => {
			const byId = new Map(this.data.chunks.map((c, i) => [c.chunkId, i]));
			for (const { vector, ...chunk } of chunks) {
				if (this.data.dimensions !== null && vector.length !== this.data.dimensions) {
					throw new Error(`Vector of ${vector.length} dimensions for a store of ${this.data.dimensions}`);
				}
				const stored: StoredChunk = { ...chunk, vector: encodeVector(vector) };
				const at = byId.get(chunk.chunkId);
				if (at === undefined) {
					byId.set(chunk.chunkId, this.data.chunks.length);
					this.data.chunks.push(stored);
				} else {
					this.data.chunks[at] = stored;
				}
				this.vectors.set(chunk.chunkId, vector);
			}
		});
	}

	private remove(drop: (c: StoredChunk) => boolean): number {
		const before = this.data.chunks.length;
		this.data.chunks = this.data.chunks.filter((c) => {
			if (!drop(c)) return true;
			this.vectors.delete(c.chunkId);
			return false;
		});
		return before - this.data.chunks.length;
	}

	async pruneVersion(documentId: string, version: string, keepChunkIds: string[]): Promise<number> {
		const keep = new Set(keepChunkIds);
		return this.mutate(() =>
			this.remove((c) => c.documentId === documentId && c.version === version && !keep.has(c.chunkId)),
		);
	}

	async retireVersions(documentId: string, keepVersion: string, from: Date): Promise<void> {
		const at = from.getTime();
		await this.mutate(() => {
			for (const c of this.data.chunks) {
				if (c.documentId !== documentId || c.version === keepVersion) continue;
				if (Date.parse(c.effectiveFrom) >= at) continue;
				if (c.effectiveTo === null || Date.parse(c.effectiveTo) > at) c.effectiveTo = from.toISOString();
			}
		});
	}

	async deleteDocument(documentId: string): Promise<number> {
		return this.mutate(() => this.remove((c) => c.documentId === documentId));
	}

	async listVersions(documentId: string): Promise<VersionInfo[]> {
		return this.read(() => summarizeVersions(this.data.chunks.filter((c) => c.documentId === documentId)));
	}

	async search(vector: number[], options: StoreSearchOptions): Promise<StoreHit[]> {
		return this.read(() => {
			const live = this.data.chunks
				.filter((c) => isInForce(c, options.asOf) && matchesTags(c.tags, options.tags))
				.map((c) => this.tokenized(c));
			const lexical = lexicalScores(live, options.queryText);
			const hits = live.map(
				({ chunk }): StoreHit => ({
					chunk,
					dense: cosine(vector, this.vectors.get(chunk.chunkId)!),
					lexical: lexical.get(chunk.chunkId) ?? 0,
				}),
			);
			// The candidates are the best by meaning plus the best by words: a passage that uses the
			// customer's exact words is kept even when the dense score ranks it low.
			const byDense = [...hits]
				.sort((a, b) => b.dense - a.dense || a.chunk.chunkId.localeCompare(b.chunk.chunkId))
				.slice(0, options.limit);
			const chosen = new Set([...byDense.map((h) => h.chunk.chunkId), ...topLexical(lexical, options.limit)]);
			return hits.filter((h) => chosen.has(h.chunk.chunkId));
		});
	}
}

function withoutVector(stored: StoredChunk): PolicyChunk {
	const chunk: PolicyChunk & { vector?: string } = { ...stored };
	delete chunk.vector;
	return chunk;
}

export function summarizeVersions(chunks: PolicyChunk[]): VersionInfo[] {
	const versions = new Map<string, VersionInfo>();
	for (const c of chunks) {
		const v = versions.get(c.version);
		if (v) {
			v.chunks++;
			if (v.effectiveTo !== null && (c.effectiveTo === null || c.effectiveTo > v.effectiveTo))
				v.effectiveTo = c.effectiveTo;
		} else {
			versions.set(c.version, {
				version: c.version,
				effectiveFrom: c.effectiveFrom,
				effectiveTo: c.effectiveTo,
				chunks: 1,
			});
		}
	}
	return [...versions.values()].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}
