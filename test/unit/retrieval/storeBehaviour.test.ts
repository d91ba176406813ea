/**
 * One behaviour suite, run against both stores: the embedded file store and a real Qdrant 1.16.3.
 * The fast hashing embedder keeps it quick; what is tested is storage, versions and filters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore } from '../../../engine/retrieval/embeddedStore';
import { HashingEmbedder } from '../../../engine/retrieval/hashingEmbedder';
import { ingestDocument, retireDocument } from '../../../engine/retrieval/ingest';
import { createQdrantClient, QdrantStore } from '../../../engine/retrieval/qdrantStore';
import { retrievePolicies } from '../../../engine/retrieval/retrieve';
import type { PolicyDocument, PolicyStore } from '../../../engine/retrieval/types';
import { startQdrant, type RunningQdrant } from '../../support/qdrant';

const embedder = new HashingEmbedder(64);

const returnsV1: PolicyDocument = {
	documentId: 'returns',
	title: 'Returns Policy',
	version: '1',
	effectiveFrom: '2025-01-01T00:00:00Z',
	format: 'markdown',
	content:
		'## Return window\n\nYou can return items within 30 days of delivery.\n\n## Costs\n\nReturn shipping is free.',
	tags: ['intent:returns'],
};
const returnsV2: PolicyDocument = {
	...returnsV1,
	version: '2',
	effectiveFrom: '2026-03-01T00:00:00Z',
	content:
		'## Return window\n\nYou can return items within 14 days of delivery.\n\n## Costs\n\nReturn shipping costs $4.95.',
};
const euWithdrawal: PolicyDocument = {
	documentId: 'eu-withdrawal',
	title: 'EU right of withdrawal',
	version: '1',
	effectiveFrom: '2025-01-01T00:00:00Z',
	format: 'text',
	content:
		'Withdrawal\nCustomers in the EU may withdraw within 14 days of receiving the goods, for a return of any item.',
	tags: ['intent:returns', 'region:eu'],
};
const giftCards: PolicyDocument = {
	documentId: 'gift-cards',
	title: 'Gift cards',
	version: '1',
	effectiveFrom: '2025-01-01T00:00:00Z',
	format: 'html',
	content: '<h2>Expiry</h2><p>Gift cards never expire and can be used for any return of value.</p>',
};

const at = (iso: string) => new Date(iso);

interface StoreFactory {
	name: string;
	setup(): Promise<void>;
	teardown(): Promise<void>;
	/** A fresh, empty store per test. */
	make(): PolicyStore;
	/** A second handle on the same storage, as another execution would open it. */
	reopen(store: PolicyStore): PolicyStore;
}

let tempDir = '';
let qdrant: RunningQdrant | undefined;
let counter = 0;

const embeddedFactory: StoreFactory = {
	name: 'EmbeddedStore',
	async setup() {
		tempDir = mkdtempSync(path.join(tmpdir(), 'policy-store-'));
	},
	async teardown() {
		rmSync(tempDir, { recursive: true, force: true });
	},
	make: () => new EmbeddedStore(path.join(tempDir, `store-${++counter}`, 'policies.json')),
	reopen: (store) => new EmbeddedStore((store as unknown as { filePath: string }).filePath),
};

const qdrantFactory: StoreFactory = {
	name: 'QdrantStore',
	async setup() {
		qdrant = await startQdrant();
	},
	async teardown() {
		await qdrant?.stop();
	},
	make: () => new QdrantStore(createQdrantClient({ url: qdrant!.url }), `policies_${++counter}`, 0),
	reopen: (store) => new QdrantStore(createQdrantClient({ url: qdrant!.url }), (store as QdrantStore).collection, 0),
};

describe.each([embeddedFactory, qdrantFactory])('$name behaviour', (factory) => {
	let store: PolicyStore;

	beforeAll(() => factory.setup(), 30_000);
	afterAll(() => factory.teardown(), 30_000);
	beforeEach(() => {
		store = factory.make();
	});

	const ask = (query: string, asOf: string, tags?: string[], s: PolicyStore = store) =>
		retrievePolicies(query, { asOf: at(asOf), tags, limit: 5 }, { store: s, embedder });

	it('finds nothing, ungrounded, before anything is ingested', async () => {
		const result = await ask('return window', '2025-06-01T00:00:00Z');
		expect(result.passages).toEqual([]);
		expect(result.grounded).toBe(false);
		// The embedded store says it is missing and names its file; Qdrant's collection is simply empty.
		expect(result.groundingReason).toMatch(store.kind === 'embedded' ? /^The embedded policy store .*policies\.json does not exist/ : /No policy passage/);
	});

	it('ingests a document and returns its passages with citation fields', async () => {
		const ingested = await ingestDocument(returnsV1, { store, embedder });
		expect(ingested).toMatchObject({ chunks: 2, removed: 0, retired: [], effectiveTo: null });
		const result = await ask('how many days to return items', '2025-06-01T00:00:00Z');
		expect(result.store).toBe(store.kind);
		expect(result.passages[0]).toMatchObject({
			documentId: 'returns',
			version: '1',
			title: 'Returns Policy',
			headingPath: ['Return window'],
			text: 'You can return items within 30 days of delivery.',
			effectiveFrom: '2025-01-01T00:00:00.000Z',
			effectiveTo: null,
			tags: ['intent:returns'],
		});
	});

	it('replaces on re-ingest instead of duplicating, and drops sections that disappeared', async () => {
		await ingestDocument(returnsV1, { store, embedder });
		await ingestDocument(
			{ ...returnsV1, content: returnsV1.content.replace('30 days', '31 days') },
			{ store, embedder },
		);
		expect(await store.listVersions('returns')).toEqual([
			{ version: '1', effectiveFrom: '2025-01-01T00:00:00.000Z', effectiveTo: null, chunks: 2 },
		]);
		const result = await ask('return items days delivery', '2025-06-01T00:00:00Z');
		expect(result.passages.filter((p) => p.headingPath[0] === 'Return window').map((p) => p.text)).toEqual([
			'You can return items within 31 days of delivery.',
		]);
		const shorter = await ingestDocument(
			{ ...returnsV1, content: '## Return window\n\nThirty days.' },
			{ store, embedder },
		);
		expect(shorter.removed).toBe(1);
		expect((await store.listVersions('returns'))[0].chunks).toBe(1);
	});

	it('retires version 1 from the start of version 2: each moment sees only the version in force', async () => {
		await ingestDocument(returnsV1, { store, embedder });
		const v2 = await ingestDocument(returnsV2, { store, embedder });
		expect(v2.retired).toEqual(['1']);
		const versions = await store.listVersions('returns');
		expect(versions.map((v) => [v.version, v.effectiveTo])).toEqual([
			['1', '2026-03-01T00:00:00.000Z'],
			['2', null],
		]);
		const before = await ask('how many days to return', '2026-02-28T23:59:59Z');
		expect(new Set(before.passages.map((p) => p.version))).toEqual(new Set(['1']));
		expect(before.passages[0].text).toContain('30 days');
		const after = await ask('how many days to return', '2026-03-01T00:00:00Z');
		expect(new Set(after.passages.map((p) => p.version))).toEqual(new Set(['2']));
		expect(after.passages[0].text).toContain('14 days');
		expect((await ask('return', '2024-12-31T23:59:59Z')).passages).toEqual([]);
	});

	it('keeps an older version out of the present when it is ingested after the newer one', async () => {
		await ingestDocument(returnsV2, { store, embedder });
		const v1 = await ingestDocument(returnsV1, { store, embedder });
		expect(v1.effectiveTo).toBe('2026-03-01T00:00:00.000Z');
		const now = await ask('how many days to return', '2026-06-01T00:00:00Z');
		expect(now.passages.every((p) => p.version === '2')).toBe(true);
		const then = await ask('how many days to return', '2025-06-01T00:00:00Z');
		expect(then.passages.every((p) => p.version === '1')).toBe(true);
	});

	it('filters by tag facets: untagged passages apply everywhere, other regions never', async () => {
		for (const d of [returnsV1, euWithdrawal, giftCards]) await ingestDocument(d, { store, embedder });
		const docs = async (tags?: string[]) =>
			new Set(
				(await ask('return of items within days', '2025-06-01T00:00:00Z', tags)).passages.map((p) => p.documentId),
			);
		expect(await docs()).toEqual(new Set(['returns', 'eu-withdrawal', 'gift-cards']));
		expect(await docs(['region:us'])).toEqual(new Set(['returns', 'gift-cards']));
		expect(await docs(['region:eu', 'intent:returns'])).toEqual(new Set(['returns', 'eu-withdrawal', 'gift-cards']));
		expect(await docs(['intent:billing'])).toEqual(new Set(['gift-cards']));
	});

	it('deletes a document with all its versions', async () => {
		await ingestDocument(returnsV1, { store, embedder });
		await ingestDocument(returnsV2, { store, embedder });
		await ingestDocument(giftCards, { store, embedder });
		expect(await store.deleteDocument('returns')).toBe(4);
		expect(await store.listVersions('returns')).toEqual([]);
		const result = await ask('return items days', '2026-06-01T00:00:00Z');
		expect(result.passages.map((p) => p.documentId)).toEqual(['gift-cards']);
		expect(await store.deleteDocument('returns')).toBe(0);
	});

	it('retires a withdrawn document from a date without a successor', async () => {
		await ingestDocument(giftCards, { store, embedder });
		expect(await retireDocument(store, 'gift-cards', at('2026-01-01T00:00:00Z'))).toEqual(['1']);
		expect((await ask('gift card expiry', '2025-12-31T00:00:00Z')).passages).toHaveLength(1);
		expect((await ask('gift card expiry', '2026-01-01T00:00:00Z')).passages).toHaveLength(0);
	});

	it('shares data with a second handle on the same storage, as the next execution would', async () => {
		await ingestDocument(returnsV1, { store, embedder });
		const other = factory.reopen(store);
		expect((await ask('return window', '2025-06-01T00:00:00Z', undefined, other)).passages.length).toBe(2);
		// A write through the second handle is seen by the first (embedded: the file's mtime changed).
		await ingestDocument(returnsV2, { store: other, embedder });
		const seen = await ask('return window', '2026-06-01T00:00:00Z');
		expect(seen.passages.every((p) => p.version === '2')).toBe(true);
		expect(seen.passages.length).toBe(2);
	});

	it('refuses vectors of another size than the store holds', async () => {
		await ingestDocument(returnsV1, { store, embedder });
		await expect(
			ingestDocument(giftCards, { store: factory.reopen(store), embedder: new HashingEmbedder(32) }),
		).rejects.toThrow(/64-dimensional/);
	});
});
