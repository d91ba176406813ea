/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * Retrieval benchmark: `npx tsx bench/retrieval.ts [--json] [--sweep] [--no-qdrant] [--no-use] [--encoder-only]`.
 *
 * Ingests the shipped policy set (test/fixtures/policies) into each store, asks every labelled
 * question at its asOf time and reports, per store x embedder x scoring:
 * recallAt5, mrr (answerable questions), staleReturned (passages returned that were not the
 * version in force at the question's time: must be 0), msPerQuery (embedding + search + ranking),
 * groundingAccuracy at the shipped threshold, and the best threshold found on this set.
 * --sweep also tries several dense weights for the hybrid score; --encoder-only measures only the
 * built-in encoder (load time, ms per sentence single and batched, resident memory). --json prints one
 * JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BuiltinEmbedder, loadBuiltinEncoder } from '../engine/retrieval/builtinEmbedder';
import { EmbeddedStore } from '../engine/retrieval/embeddedStore';
import { groundingThresholdFor } from '../engine/retrieval/grounding';
import { HashingEmbedder } from '../engine/retrieval/hashingEmbedder';
import { ingestDocument } from '../engine/retrieval/ingest';
import { createQdrantClient, QdrantStore } from '../engine/retrieval/qdrantStore';
import { DEFAULT_DENSE_WEIGHT, retrievePolicies } from '../engine/retrieval/retrieve';
import type { Embedder, PolicyStore } from '../engine/retrieval/types';
import {
	DEFAULT_AS_OF,
	labelMatches,
	loadPolicyDocuments,
	loadQuestions,
	versionInForce,
} from '../test/fixtures/policies/loadFixtures';
import { startQdrant, type RunningQdrant } from '../test/support/qdrant';

const args = new Set(process.argv.slice(2));
const asJson = args.has('--json');
const log = (...parts: unknown[]) => {
	if (!asJson) console.log(...parts);
};

interface RunResult {
	store: string;
	embedder: string;
	scoring: string;
	denseWeight: number;
	recallAt5: number;
	mrr: number;
	staleReturned: number;
	msPerQuery: number;
	groundingThreshold: number;
	groundingAccuracy: number;
	bestThreshold: number;
	/** Balanced accuracy at the best threshold on this set. */
	bestGroundingAccuracy: number;
	/** Two-fold: threshold calibrated on one half of the questions, balanced accuracy on the other. */
	groundingAccuracyCV: number;
	/** Share of unanswerable questions said ungrounded, and of answerable ones said grounded. */
	unanswerableCaught: number;
	answerableGrounded: number;
	ingestMs: number;
	questions: number;
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** Memoises document vectors across runs: ingest cost is measured once per store, not per scoring. */
class CachedEmbedder implements Embedder {
	private cache = new Map<string, number[]>();
	constructor(private readonly inner: Embedder) {}
	get id() {
		return this.inner.id;
	}
	get dimensions() {
		return this.inner.dimensions;
	}
	async embed(texts: string[]): Promise<number[][]> {
		const missing = texts.filter((t) => !this.cache.has(t));
		if (missing.length) {
			const vectors = await this.inner.embed(missing);
			missing.forEach((t, i) => this.cache.set(t, vectors[i]));
		}
		return texts.map((t) => this.cache.get(t)!);
	}
}

/**
 * The threshold with the best balanced accuracy (mean of the share of answerable questions grounded
 * and of unanswerable ones not grounded): plain accuracy on a set with 12x more answerable questions
 * would pick "always grounded", and a wrong grounded answer costs more than an escalation.
 */
function calibrate(tops: Array<{ score: number; answerable: boolean }>): { threshold: number; accuracy: number } {
	let best = { threshold: 0, accuracy: 0 };
	for (const candidate of [...new Set(tops.map((t) => t.score))].sort((a, b) => a - b)) {
		const accuracy = balancedAccuracyAt(candidate, tops);
		if (accuracy > best.accuracy) best = { threshold: candidate, accuracy };
	}
	return best;
}

function balancedAccuracyAt(threshold: number, tops: Array<{ score: number; answerable: boolean }>): number {
	const yes = tops.filter((t) => t.answerable);
	const no = tops.filter((t) => !t.answerable);
	return (
		(yes.filter((t) => t.score >= threshold).length / yes.length +
			no.filter((t) => t.score < threshold).length / no.length) /
		2
	);
}

function accuracyAt(threshold: number, tops: Array<{ score: number; answerable: boolean }>): number {
	return tops.filter((t) => t.score >= threshold === t.answerable).length / tops.length;
}

async function evaluate(
	store: PolicyStore,
	embedder: Embedder,
	denseWeight: number,
	scoring: string,
	ingestMs: number,
): Promise<RunResult> {
	const documents = loadPolicyDocuments();
	const questions = loadQuestions();
	let recallHits = 0;
	let reciprocal = 0;
	let answerable = 0;
	let stale = 0;
	let elapsed = 0;
	const tops: Array<{ score: number; answerable: boolean }> = [];
	const threshold = groundingThresholdFor(embedder.id);
	for (const q of questions) {
		const asOf = new Date(q.asOf ?? DEFAULT_AS_OF);
		const started = performance.now();
		const result = await retrievePolicies(
			q.question,
			{ asOf, tags: q.tags, limit: 5, denseWeight, groundingThreshold: threshold },
			{ store, embedder },
		);
		elapsed += performance.now() - started;
		for (const p of result.passages) {
			if (versionInForce(documents, p.documentId, asOf) !== p.version) stale++;
		}
		tops.push({ score: result.passages[0]?.score ?? 0, answerable: q.answers.length > 0 });
		if (!q.answers.length) continue;
		answerable++;
		const rank = result.passages.findIndex((p) => q.answers.some((label) => labelMatches(label, p)));
		if (rank >= 0) {
			recallHits++;
			reciprocal += 1 / (rank + 1);
		}
	}
	// Calibration: the threshold that decides grounded/ungrounded best on this set, and an honest
	// estimate of it from two folds (calibrate on even-numbered questions, test on odd, and back).
	const { threshold: bestThreshold, accuracy: bestAccuracy } = calibrate(tops);
	const even = tops.filter((_, i) => i % 2 === 0);
	const odd = tops.filter((_, i) => i % 2 === 1);
	const cv =
		(accuracyAt(calibrate(even).threshold, odd) * odd.length +
			accuracyAt(calibrate(odd).threshold, even) * even.length) /
		tops.length;
	return {
		store: store.kind,
		embedder: embedder.id,
		scoring,
		denseWeight,
		recallAt5: round(recallHits / answerable),
		mrr: round(reciprocal / answerable),
		staleReturned: stale,
		msPerQuery: round(elapsed / questions.length, 2),
		groundingThreshold: threshold,
		groundingAccuracy: round(accuracyAt(threshold, tops)),
		bestThreshold: round(bestThreshold, 4),
		bestGroundingAccuracy: round(bestAccuracy),
		groundingAccuracyCV: round(cv),
		unanswerableCaught: round(
			tops.filter((t) => !t.answerable && t.score < threshold).length / tops.filter((t) => !t.answerable).length,
		),
		answerableGrounded: round(
			tops.filter((t) => t.answerable && t.score >= threshold).length / tops.filter((t) => t.answerable).length,
		),
		ingestMs: Math.round(ingestMs),
		questions: questions.length,
	};
}

async function ingestAll(store: PolicyStore, embedder: Embedder): Promise<number> {
	const started = performance.now();
	for (const document of loadPolicyDocuments()) await ingestDocument(document, { store, embedder });
	return performance.now() - started;
}

async function measureBuiltin() {
	const rssBefore = process.memoryUsage().rss;
	let started = performance.now();
	await loadBuiltinEncoder();
	const loadMs = performance.now() - started;
	const embedder = new BuiltinEmbedder(64);
	const sentences = loadQuestions().map((q) => q.question);
	await embedder.embed(sentences.slice(0, 4)); // Warm-up: first calls compile kernels.
	started = performance.now();
	for (const s of sentences.slice(0, 60)) await embedder.embed([s]);
	const singleMs = (performance.now() - started) / 60;
	const batched: Record<string, number> = {};
	for (const size of [16, 64]) {
		const batchEmbedder = new BuiltinEmbedder(size);
		started = performance.now();
		await batchEmbedder.embed(sentences.slice(0, 128));
		batched[`batch${size}MsPerSentence`] = round((performance.now() - started) / 128, 2);
	}
	return {
		loadMs: Math.round(loadMs),
		singleMsPerSentence: round(singleMs, 2),
		...batched,
		rssMbBefore: Math.round(rssBefore / 2 ** 20),
		rssMbAfter: Math.round(process.memoryUsage().rss / 2 ** 20),
	};
}

async function main() {
	const useUse = !args.has('--no-use');
	const useQdrant = !args.has('--no-qdrant');
	const builtin = useUse ? await measureBuiltin() : undefined;
	if (builtin) log('built-in encoder (USE lite):', builtin);
	if (args.has('--encoder-only')) {
		if (asJson) console.log(JSON.stringify({ builtinEncoder: builtin }));
		return;
	}

	const embedders: Embedder[] = [new HashingEmbedder(256)];
	if (useUse) embedders.unshift(new BuiltinEmbedder());
	const workDir = mkdtempSync(path.join(tmpdir(), 'bench-retrieval-'));
	let qdrant: RunningQdrant | undefined;
	const runs: RunResult[] = [];
	try {
		if (useQdrant) qdrant = await startQdrant();
		for (const base of embedders) {
			const embedder = new CachedEmbedder(base);
			const stores: PolicyStore[] = [new EmbeddedStore(path.join(workDir, `${base.id}.json`))];
			if (qdrant)
				stores.push(new QdrantStore(createQdrantClient({ url: qdrant.url }), `bench_${base.id.replace(/\W/g, '_')}`));
			for (const store of stores) {
				const ingestMs = await ingestAll(store, embedder);
				const hybrid = DEFAULT_DENSE_WEIGHT[base.id] ?? 0.7;
				// Queries are embedded anew in every run (cache only holds document texts).
				const queryEmbedder = base;
				const scorings: Array<[string, number]> = [
					['hybrid', hybrid],
					['dense', 1],
					['lexical', 0],
				];
				if (args.has('--sweep')) for (const w of [0.3, 0.5, 0.6, 0.8, 0.9]) scorings.push([`hybrid@${w}`, w]);
				for (const [scoring, weight] of scorings) {
					if (scoring === 'lexical' && base.id !== embedders[embedders.length - 1].id) continue; // Same for every embedder.
					const result = await evaluate(store, queryEmbedder, weight, scoring, ingestMs);
					runs.push(result);
					log(
						`${result.store.padEnd(8)} ${result.embedder.padEnd(12)} ${scoring.padEnd(10)} recall@5=${result.recallAt5} ` +
							`mrr=${result.mrr} stale=${result.staleReturned} ms/q=${result.msPerQuery} ` +
							`grounding=${result.groundingAccuracy}@${result.groundingThreshold} ` +
							`[unanswerable caught ${result.unanswerableCaught}, answerable grounded ${result.answerableGrounded}] ` +
							`(best balanced ${result.bestGroundingAccuracy}@${result.bestThreshold}, 2-fold ${result.groundingAccuracyCV}) ` +
							`ingest=${result.ingestMs}ms`,
					);
				}
			}
		}
	} finally {
		await qdrant?.stop();
		rmSync(workDir, { recursive: true, force: true });
	}
	const questions = loadQuestions();
	const summary = {
		documents: new Set(loadPolicyDocuments().map((d) => d.documentId)).size,
		documentVersions: loadPolicyDocuments().length,
		questions: questions.length,
		answerable: questions.filter((q) => q.answers.length).length,
		asOfQuestions: questions.filter((q) => q.asOf).length,
		builtinEncoder: builtin,
		runs,
	};
	if (asJson) console.log(JSON.stringify(summary));
	const staleTotal = runs.reduce((s, r) => s + r.staleReturned, 0);
	if (staleTotal > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
