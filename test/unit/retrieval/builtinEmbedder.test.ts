/**
 * The real built-in encoder (USE lite from @energetic-ai): loads from the npm package with every
 * network door shut, is shared per process, and grounds answers in the version in force.
 */
// Default imports give the module objects themselves, whose functions can be replaced.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BuiltinEmbedder, forgetRecentQueries, loadBuiltinEncoder } from '../../../engine/retrieval/builtinEmbedder';
import { EmbeddedStore } from '../../../engine/retrieval/embeddedStore';
import { ingestDocument } from '../../../engine/retrieval/ingest';
import { retrievePolicies } from '../../../engine/retrieval/retrieve';
import { cosine } from '../../../engine/retrieval/vectors';
import { loadPolicyDocuments } from '../../fixtures/policies/loadFixtures';

jest.setTimeout(120_000);

describe('BuiltinEmbedder (Universal Sentence Encoder lite)', () => {
	const attempts: string[] = [];
	const blocked = (what: string) =>
		jest.fn((...args: unknown[]) => {
			attempts.push(`${what} ${String(args[0])}`);
			throw new Error(`network is blocked in this test (${what})`);
		});

	beforeAll(() => {
		jest.spyOn(globalThis, 'fetch').mockImplementation(blocked('fetch') as unknown as typeof fetch);
		jest.spyOn(http, 'request').mockImplementation(blocked('http.request') as unknown as typeof http.request);
		jest.spyOn(http, 'get').mockImplementation(blocked('http.get') as unknown as typeof http.get);
		jest.spyOn(https, 'request').mockImplementation(blocked('https.request') as unknown as typeof https.request);
		jest.spyOn(https, 'get').mockImplementation(blocked('https.get') as unknown as typeof https.get);
		jest
			.spyOn(net.Socket.prototype, 'connect')
			.mockImplementation(blocked('socket.connect') as unknown as typeof net.Socket.prototype.connect);
	});
	afterAll(() => jest.restoreAllMocks());

	it('gives a query the same vector whether it is embedded alone or batched with concurrent ones, each to its own caller', async () => {
		const embedder = new BuiltinEmbedder();
		const texts = ['Where is my parcel? It has not arrived after two weeks.', 'refund', 'I forgot my password and the reset email never arrives'];
		const alone: number[][] = [];
		for (const t of texts) alone.push((await embedder.embed([t]))[0]);
		// Otherwise the batch would be served from the texts just embedded alone.
		forgetRecentQueries();
		const together = await Promise.all(texts.map(async (t) => (await embedder.embed([t]))[0]));
		texts.forEach((_, i) => expect(cosine(alone[i], together[i])).toBeGreaterThan(0.999999));
		// Distinct texts are not swapped between callers.
		expect(cosine(together[0], together[1])).toBeLessThan(0.9);
		expect(cosine(together[1], together[2])).toBeLessThan(0.9);
	});

	it('embeds a query text seen lately once, for every embedder of the process, each caller getting its own copy', async () => {
		forgetRecentQueries();
		const model = await loadBuiltinEncoder();
		const calls = jest.spyOn(model, 'embed');
		try {
			const text = 'Refund for order #10482\nI returned the linen shirt last week, could you refund it?';
			// The router's embedder, then the retriever's, on the same ticket text.
			const [first] = await new BuiltinEmbedder().embed([text]);
			first[0] = 42;
			const [second] = await new BuiltinEmbedder().embed([text]);
			expect(calls).toHaveBeenCalledTimes(1);
			expect(second[0]).not.toBe(42);
			const [other] = await new BuiltinEmbedder().embed([`${text} And the belt too.`]);
			expect(calls).toHaveBeenCalledTimes(2);
			expect(cosine(second, other)).toBeLessThan(0.999999);
			forgetRecentQueries();
			const [fresh] = await new BuiltinEmbedder().embed([text]);
			expect(calls).toHaveBeenCalledTimes(3);
			expect(cosine(fresh, second)).toBeGreaterThan(0.999999);
		} finally {
			calls.mockRestore();
		}
	});

	it('loads and embeds with the network blocked, once per process', async () => {
		const embedder = new BuiltinEmbedder();
		const [a, b, c] = await embedder.embed([
			'How many days do I have to return an item?',
			'What is the time limit for sending something back?',
			'Do you accept PayPal as a payment method?',
		]);
		expect(attempts).toEqual([]);
		expect(a).toHaveLength(512);
		expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
		expect(loadBuiltinEncoder()).toBe(loadBuiltinEncoder());
		expect(await embedder.embed([])).toEqual([]);
		expect(await embedder.embed([''])).toHaveLength(1);
	});

	describe('retrieval over the shipped policy set', () => {
		let dir = '';
		let store: EmbeddedStore;
		const embedder = new BuiltinEmbedder();
		const wanted = new Set(['returns', 'gift-cards', 'payment-methods', 'subscriptions']);

		beforeAll(async () => {
			dir = mkdtempSync(path.join(tmpdir(), 'use-retrieval-'));
			store = new EmbeddedStore(path.join(dir, 'policies.json'));
			for (const d of loadPolicyDocuments().filter((d) => wanted.has(d.documentId))) {
				await ingestDocument(d, { store, embedder });
			}
		});
		afterAll(() => rmSync(dir, { recursive: true, force: true }));

		it('answers from the version in force at the ticket time', async () => {
			const ask = (asOf: string) =>
				retrievePolicies('How many days do I have to return something?', { asOf: new Date(asOf) }, { store, embedder });
			const windowOf = (r: Awaited<ReturnType<typeof ask>>) =>
				r.passages.slice(0, 3).find((p) => p.documentId === 'returns' && p.headingPath.at(-1) === 'Return window');
			const before = await ask('2025-10-10T10:00:00Z');
			expect(before.embedder).toBe('use-lite-512');
			expect(windowOf(before)).toMatchObject({ version: '1', effectiveTo: '2026-03-01T00:00:00.000Z' });
			expect(windowOf(before)?.text).toContain('30 days');
			expect(before.passages.some((p) => p.documentId === 'returns' && p.version === '2')).toBe(false);
			const after = await ask('2026-06-01T00:00:00Z');
			expect(windowOf(after)).toMatchObject({ version: '2', effectiveTo: null });
			expect(windowOf(after)?.text).toContain('14 days');
			expect(after.passages.some((p) => p.documentId === 'returns' && p.version === '1')).toBe(false);
		});

		it('says ungrounded, with the reason, when no policy is about the question', async () => {
			const result = await retrievePolicies(
				'Can you recommend a good recipe for lasagne?',
				{ asOf: new Date('2026-06-01T00:00:00Z') },
				{ store, embedder },
			);
			expect(result.grounded).toBe(false);
			expect(result.groundingReason).toMatch(/below the grounding threshold/);
		});
	});
});
