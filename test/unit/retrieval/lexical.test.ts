import { readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore } from '../../../engine/retrieval/embeddedStore';
import { HashingEmbedder } from '../../../engine/retrieval/hashingEmbedder';
import { matchesTags } from '../../../engine/retrieval/inForce';
import { ingestDocument } from '../../../engine/retrieval/ingest';
import { Bm25Index, tokenize } from '../../../engine/retrieval/lexical';
import { cosine } from '../../../engine/retrieval/vectors';

describe('tokenize', () => {
	it('drops stop words and meets word forms on one stem', () => {
		expect(tokenize('How do I get my refunds?')).toEqual(['refund']);
		expect(tokenize('refunded')).toEqual(tokenize('refunding'));
		expect(tokenize('Returns policies')).toEqual(tokenize('return policy'));
	});
});

describe('Bm25Index', () => {
	it('ranks the passage with the rare query term first and scores absent terms 0', () => {
		const index = new Bm25Index([
			tokenize('gift cards never expire'),
			tokenize('returns within 14 days for gift items'),
		]);
		const q = tokenize('do gift cards expire');
		expect(index.score(q, 0)).toBeGreaterThan(index.score(q, 1));
		expect(index.score(tokenize('klarna'), 0)).toBe(0);
	});
});

describe('HashingEmbedder', () => {
	it('is deterministic, normalised and closer for overlapping wording', async () => {
		const e = new HashingEmbedder(128);
		const [a, b, c] = await e.embed(['return window days', 'how many days is the return window', 'paypal payment']);
		expect(await e.embed(['return window days'])).toEqual([a]);
		expect(Math.sqrt(a.reduce((s, x) => s + x * x, 0))).toBeCloseTo(1, 6);
		expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
	});
});

describe('matchesTags', () => {
	it('applies facets independently and lets untagged passages through', () => {
		expect(matchesTags([], ['region:eu'])).toBe(true);
		expect(matchesTags(['region:eu'], undefined)).toBe(true);
		expect(matchesTags(['region:eu'], ['region:us'])).toBe(false);
		expect(matchesTags(['intent:returns'], ['region:us'])).toBe(true);
		expect(matchesTags(['intent:returns', 'region:eu'], ['intent:returns', 'region:eu'])).toBe(true);
		expect(matchesTags(['intent:returns', 'region:eu'], ['intent:billing', 'region:eu'])).toBe(false);
		expect(matchesTags(['vip'], ['vip', 'region:eu'])).toBe(true);
		expect(matchesTags(['vip'], ['wholesale'])).toBe(false);
	});
});

describe('EmbeddedStore file', () => {
	let dir = '';
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'embedded-file-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('writes atomically, leaving only the store file behind', async () => {
		const store = new EmbeddedStore(path.join(dir, 'nested', 'policies.json'));
		await ingestDocument(
			{
				documentId: 'a',
				title: 'A',
				version: '1',
				effectiveFrom: '2025-01-01T00:00:00Z',
				format: 'text',
				content: 'Some policy text.',
			},
			{ store, embedder: new HashingEmbedder(16) },
		);
		expect(readdirSync(path.join(dir, 'nested'))).toEqual(['policies.json']);
	});

	it('refuses a file that is not a policy store', async () => {
		const file = path.join(dir, 'other.json');
		writeFileSync(file, JSON.stringify({ hello: 'world' }));
		await expect(new EmbeddedStore(file).listVersions('a')).rejects.toThrow(/is not a policy store file/);
	});
});
