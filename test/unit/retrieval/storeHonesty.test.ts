import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EmbeddedStore, openPolicyStore, retrievePolicies, type Embedder } from '../../../engine/retrieval';

const run = promisify(execFile);
const embedder: Embedder = { id: 'hashing-256', dimensions: 4, embed: async (texts: string[]) => texts.map(() => [1, 0, 0, 0]) } as unknown as Embedder;

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-honesty-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('embedded store honesty', () => {
	it('a missing store says so, names its path and points to Qdrant for queue mode', async () => {
		const file = path.join(dir, 'never', 'policies.json');
		const result = await retrievePolicies('refund please', { asOf: new Date() }, { store: new EmbeddedStore(file), embedder });
		expect(result.grounded).toBe(false);
		expect(result.groundingReason).toContain(`The embedded policy store ${file} does not exist`);
		expect(result.groundingReason).toContain('queue mode');
		expect(result.groundingReason).toContain('Qdrant');
	});

	it('an empty store says it holds no passage', async () => {
		const file = path.join(dir, 'empty', 'policies.json');
		const store = new EmbeddedStore(file);
		await store.ensure(4);
		const result = await retrievePolicies('refund please', { asOf: new Date() }, { store, embedder });
		expect(result.groundingReason).toContain(`The embedded policy store ${file} holds no passage`);
	});

	it('several processes ingesting into one store file at once lose no document (lock file + re-read)', async () => {
		const file = path.join(dir, 'shared', 'policies.json');
		const script = path.join(dir, 'ingest-one.ts');
		const storeModule = path.resolve(__dirname, '../../../engine/retrieval/embeddedStore.ts');
		fs.writeFileSync(
			script,
			[
				`import { EmbeddedStore } from ${JSON.stringify(storeModule)};`,
				'const [file, id] = process.argv.slice(2);',
				'const store = new EmbeddedStore(file);',
				'void (async () => {',
				'  await store.ensure(4);',
				"  for (let i = 0; i < 5; i++) await store.upsert([{ chunkId: `${id}-${i}`, documentId: id, title: id, version: '1', effectiveFrom: '2025-01-01T00:00:00Z', effectiveTo: null, headingPath: [], text: `passage ${id} ${i}`, tags: [], vector: [1, 0, 0, 0] } as never]);",
				'})();',
			].join('\n'),
		);
		const tsx = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
		await Promise.all(['a', 'b', 'c', 'd'].map((id) => run(tsx, [script, file, id], { timeout: 120_000 })));
		const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { chunks: Array<{ documentId: string }> };
		expect(new Set(stored.chunks.map((c) => c.documentId))).toEqual(new Set(['a', 'b', 'c', 'd']));
		expect(stored.chunks).toHaveLength(20);
		expect(fs.existsSync(`${file}.lock`)).toBe(false);
	}, 180_000);
});

describe('store objects are reused per process', () => {
	it('one QdrantStore per URL, collection and key (its lexical cache serves every execution)', () => {
		const a = openPolicyStore({ kind: 'qdrant', url: 'http://127.0.0.1:6333', collection: 'policies', apiKey: 'k1' });
		expect(openPolicyStore({ kind: 'qdrant', url: 'http://127.0.0.1:6333', collection: 'policies', apiKey: 'k1' })).toBe(a);
		expect(openPolicyStore({ kind: 'qdrant', url: 'http://127.0.0.1:6333', collection: 'other', apiKey: 'k1' })).not.toBe(a);
		expect(openPolicyStore({ kind: 'qdrant', url: 'http://127.0.0.1:6333', collection: 'policies', apiKey: 'k2' })).not.toBe(a);
	});
});
