import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PolicyPassage } from '../../../engine/contracts/context';
import { EmbeddedStore } from '../../../engine/retrieval/embeddedStore';
import { decideGrounding, groundingThresholdFor, GROUNDING_THRESHOLDS } from '../../../engine/retrieval/grounding';
import { HashingEmbedder } from '../../../engine/retrieval/hashingEmbedder';
import { ingestDocument } from '../../../engine/retrieval/ingest';
import { hybridScore, retrievePolicies } from '../../../engine/retrieval/retrieve';

describe('decideGrounding', () => {
	it('grounds at or above the threshold and explains why not below it', () => {
		expect(decideGrounding(0.5, 0.5)).toEqual({ grounded: true });
		expect(decideGrounding(0.71, 0.5)).toEqual({ grounded: true });
		const below = decideGrounding(0.4999, 0.5);
		expect(below.grounded).toBe(false);
		expect(below.reason).toBe('Best policy passage scores 0.500, below the grounding threshold 0.5');
		expect(decideGrounding(undefined, 0.5)).toEqual({
			grounded: false,
			reason: 'No policy passage is in force for this ticket time and these tags',
		});
	});

	it('uses the calibrated threshold of a known embedder and the default for others', () => {
		expect(groundingThresholdFor('use-lite-512')).toBe(GROUNDING_THRESHOLDS['use-lite-512']);
		expect(groundingThresholdFor('hashing-256')).toBe(GROUNDING_THRESHOLDS['hashing-256']);
		expect(groundingThresholdFor('openai:text-embedding-3-small')).toBe(0.5);
	});
});

describe('hybridScore', () => {
	it('stays within 0..1, rises with either half, and ignores negative cosine', () => {
		expect(hybridScore({ dense: 1, lexical: 1e9 }, 0.7)).toBeCloseTo(1, 6);
		expect(hybridScore({ dense: -0.5, lexical: 0 }, 0.7)).toBe(0);
		expect(hybridScore({ dense: 0.6, lexical: 3 }, 0.7)).toBeGreaterThan(hybridScore({ dense: 0.6, lexical: 1 }, 0.7));
		expect(hybridScore({ dense: 0.7, lexical: 1 }, 0.7)).toBeGreaterThan(hybridScore({ dense: 0.6, lexical: 1 }, 0.7));
		expect(hybridScore({ dense: 0.6, lexical: 5 }, 1)).toBe(0.6);
	});
});

describe('retrievePolicies grounding', () => {
	const embedder = new HashingEmbedder(256);
	let dir = '';
	let store: EmbeddedStore;

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'grounding-'));
		store = new EmbeddedStore(path.join(dir, 'p.json'));
		await ingestDocument(
			{
				documentId: 'gift-cards',
				title: 'Gift Cards',
				version: '1',
				effectiveFrom: '2025-01-01T00:00:00Z',
				format: 'markdown',
				content: '## Expiry and fees\n\nGift cards never expire and have no activation fees.',
			},
			{ store, embedder },
		);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	const ask = (query: string, groundingThreshold?: number) =>
		retrievePolicies(query, { asOf: new Date('2026-01-01T00:00:00Z'), groundingThreshold }, { store, embedder });

	it('grounds a question the policy answers and returns contract-valid passages', async () => {
		const result = await ask('Do gift cards expire?');
		expect(result.grounded).toBe(true);
		expect(result.groundingReason).toBeUndefined();
		for (const p of result.passages) expect(PolicyPassage.safeParse(p).success).toBe(true);
		expect(result.asOf).toBe('2026-01-01T00:00:00.000Z');
	});

	it('does not ground a question about something no policy covers', async () => {
		const result = await ask('What is the weather forecast for Chicago tomorrow?');
		expect(result.grounded).toBe(false);
		expect(result.groundingReason).toMatch(/below the grounding threshold/);
	});

	it('follows an explicit threshold over the calibrated one', async () => {
		const result = await ask('Do gift cards expire?', 0.99);
		expect(result.grounded).toBe(false);
		expect(result.passages.length).toBe(1);
	});
});
