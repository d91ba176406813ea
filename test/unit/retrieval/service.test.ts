import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore } from '../../../engine/retrieval/embeddedStore';
import { HashingEmbedder } from '../../../engine/retrieval/hashingEmbedder';
import { retrievePolicies } from '../../../engine/retrieval/retrieve';
import {
	embeddedStorePath,
	ingestDocuments,
	openPolicyStore,
	toContextSection,
} from '../../../engine/retrieval/service';
import { loadPolicyDocuments } from '../../fixtures/policies/loadFixtures';

describe('node-facing helpers', () => {
	let dir = '';
	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'service-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('keeps embedded stores inside the n8n user folder whatever the name says', () => {
		expect(embeddedStorePath('/home/node/.n8n', 'shop policies')).toBe(
			'/home/node/.n8n/support-coordination/policy-stores/shop_policies.json',
		);
		expect(embeddedStorePath('/u', '../../etc/passwd')).toBe('/u/support-coordination/policy-stores/_etc_passwd.json');
		expect(embeddedStorePath('/u', '')).toBe('/u/support-coordination/policy-stores/default.json');
	});

	it('opens the configured store kind', () => {
		expect(openPolicyStore({ kind: 'embedded', filePath: path.join(dir, 'x.json') }).kind).toBe('embedded');
		expect(openPolicyStore({ kind: 'qdrant', url: 'http://127.0.0.1:1', collection: 'c' }).kind).toBe('qdrant');
	});

	it('ingests a batch in version order and yields a contract-valid context section', async () => {
		const store = new EmbeddedStore(path.join(dir, 'batch.json'));
		const embedder = new HashingEmbedder(256);
		const documents = loadPolicyDocuments().filter((d) => d.documentId === 'returns' || d.documentId === 'gift-cards');
		const results = await ingestDocuments([...documents].reverse(), { store, embedder });
		expect(results.map((r) => `${r.documentId}@${r.version}`)).toEqual(['gift-cards@1', 'returns@1', 'returns@2']);
		expect(results[2].retired).toEqual(['1']);
		const result = await retrievePolicies(
			'Do gift cards expire?',
			{ asOf: new Date('2026-06-01T00:00:00Z') },
			{ store, embedder },
		);
		const context = toContextSection(result, [
			{ kind: 'order', source: 'shopify', fetchedAt: '2026-06-01T00:00:00.000Z', data: { id: 1 } },
		]);
		expect(context).toMatchObject({
			grounded: true,
			store: 'embedded',
			embedder: 'hashing-256',
			asOf: '2026-06-01T00:00:00.000Z',
		});
		expect(context.passages[0].documentId).toBe('gift-cards');
		expect(context.facts).toHaveLength(1);
	});
});
