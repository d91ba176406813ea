/**
 * `npm run bench:router`: the Intent Router's built-in engine with both feature sets (words;
 * meaning), a scikit-learn-style LinearSVC baseline and optionally its peer NLP.js, trained and
 * evaluated on the same held-out splits of ../shared/datasets in one run.
 * Run from the repo root: npx tsx bench/router-builtin.ts [--quick] [--only=banking|clinc] [--nlpjs] [--json]
 * --quick: 10-shot runs only (development). --only: one dataset. --json: one JSON object on stdout.
 * --nlpjs: also NLP.js (@nlpjs/nlp), slow: minutes on the full sets.
 * Sentence embeddings are cached on disk in the OS temp folder (router-bench-embeddings/, never in
 * the repo): the first run embeds about 28,000 texts (minutes), later runs read them back;
 * --no-embedding-cache embeds everything afresh. A ticket's real cost with meaning is measured on
 * unseen texts ("uncached").
 * CLINC150 thresholds: chosen on oos_train (never trained on), checked on val + oos_val.
 * Figures: accuracy (all rows, at the features' default threshold), in-scope top-1 accuracy,
 * out-of-scope recall (CLINC150), ms per ticket (p50/p95), training time, expected calibration error.
 */
import { BuiltinEmbedder } from '../engine/retrieval/builtinEmbedder';
import { defaultThreshold, FEATURE_NAMES, NODE_DEFAULT_FEATURES, trainBuiltinRouter, type BuiltinFeatures } from '../engine/routing/builtinEngine';
import { trainLinearSvc } from './linearSvcBaseline';
import type { IntentDefinition, Prediction, TextEncoder } from '../engine/routing/types';
import { computeQualityMetrics, median, type Outcome } from '../cli/metrics';
import { loadBanking77, loadClinc150, stratifiedSplit, takeShots, type Row } from './datasets';
import { trainNlpjs } from './nlpjsPeer';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Benchmarks print their figures; stdout keeps them pipeable. */
const quiet = process.argv.includes('--json');
const print = (line: string) => {
	if (!quiet) process.stdout.write(line + '\n');
};
const SPLIT_SEED = 42;
const SHOT_SEED = 7;
const OOS_LABEL = 'oos';
const THRESHOLDS = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
/** The threshold rule: the lowest threshold that rejects at least this share of out-of-scope text. */
const OOS_RECALL_GOAL = 0.8;

function toIntents(rows: readonly Row[]): IntentDefinition[] {
	const byLabel = new Map<string, string[]>();
	for (const [text, label] of rows) {
		const list = byLabel.get(label) ?? [];
		list.push(text);
		byLabel.set(label, list);
	}
	return [...byLabel.keys()].sort().map((name) => ({ name, examples: byLabel.get(name)!, rolloutMode: 'auto' as const }));
}

interface EngineFigures {
	accuracy: number;
	inScopeAccuracy: number | null;
	oosRecall: number | null;
	ece: number | null;
	msPerTicket: number;
	p95Ms: number;
	trainSeconds: number;
	trainCpuSeconds: number;
}

interface Timed<T> {
	value: T;
	seconds: number;
	cpuSeconds: number;
}

async function timed<T>(fn: () => T | Promise<T>): Promise<Timed<T>> {
	const started = process.hrtime.bigint();
	const cpuBefore = process.cpuUsage();
	const value = await fn();
	const cpu = process.cpuUsage(cpuBefore);
	// CPU seconds too: on a shared 2-core machine wall-clock time mostly measures the neighbours.
	return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function classifyAll(
	test: readonly Row[],
	predict: (text: string) => Promise<{ predicted: string | null; confidence: number }>,
): Promise<{ outcomes: Outcome[]; times: number[] }> {
	const times: number[] = [];
	const outcomes: Outcome[] = [];
	for (const [text, label] of test) {
		const t0 = process.hrtime.bigint();
		const p = await predict(text);
		times.push(Number(process.hrtime.bigint() - t0) / 1e6);
		outcomes.push({ label, oos: label === OOS_LABEL, predicted: p.predicted, confidence: p.confidence });
	}
	return { outcomes, times };
}

function figures(outcomes: Outcome[], times: number[], threshold: number, train: Timed<unknown>, withEce: boolean): EngineFigures {
	const q = computeQualityMetrics(outcomes, threshold);
	const sorted = [...times].sort((a, b) => a - b);
	return {
		accuracy: q.accuracy,
		inScopeAccuracy: q.inScopeAccuracy,
		oosRecall: q.oosRecall,
		ece: withEce ? q.ece : null,
		msPerTicket: median(times) ?? 0,
		p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
		trainSeconds: train.seconds,
		trainCpuSeconds: train.cpuSeconds,
	};
}

interface OurRun {
	outcomes: Outcome[];
	times: number[];
	trained: Timed<unknown>;
	predictions: Prediction[];
	temperature: number;
}

async function evaluateOurs(train: readonly Row[], test: readonly Row[], features: BuiltinFeatures, encoder?: TextEncoder): Promise<OurRun> {
	const trained = await timed(async () => await trainBuiltinRouter(toIntents(train), features, { encoder, useDescriptions: false }));
	const predictions: Prediction[] = [];
	const { outcomes, times } = await classifyAll(test, async (text) => {
		const p = await trained.value.predict(text);
		predictions.push(p);
		return { predicted: p.category, confidence: p.confidence };
	});
	return { outcomes, times, trained, predictions, temperature: trained.value.info.temperature };
}

async function evaluatePeer(train: readonly Row[], test: readonly Row[]): Promise<EngineFigures> {
	const trained = await timed(() => trainNlpjs(train));
	// NLP.js rejects by answering None: confidence 1 when it names an intent, 0 for None, and a
	// threshold in between; `predicted` is its best non-None intent for top-1 accuracy.
	const { outcomes, times } = await classifyAll(test, async (text) => {
		const p = await trained.value.predict(text);
		return { predicted: p.top, confidence: p.intent === null ? 0 : 1 };
	});
	return figures(outcomes, times, 0.5, trained, false);
}

/** Embeds each distinct text once: the benchmark sees the same texts in several runs, and with a
 * cache folder, in several processes. Timing of the encoder itself is measured separately, uncached. */
class CachingEncoder implements TextEncoder {
	private readonly cache = new Map<string, number[]>();
	private fresh: string[] = [];
	constructor(
		private readonly inner: TextEncoder,
		private readonly folder?: string,
	) {
		if (folder) this.load();
	}
	async embed(texts: string[]): Promise<number[][]> {
		const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
		for (let i = 0; i < missing.length; i += 256) {
			const batch = missing.slice(i, i + 256);
			const vectors = await this.inner.embed(batch);
			batch.forEach((t, j) => this.cache.set(t, vectors[j]));
			this.fresh.push(...batch);
		}
		if (this.fresh.length >= 2048) this.save();
		return texts.map((t) => this.cache.get(t)!);
	}
	/** Appends the texts embedded since the last save as one more shard (texts JSON + float32). */
	save(): void {
		if (!this.folder || this.fresh.length === 0) return;
		fs.mkdirSync(this.folder, { recursive: true });
		const shard = path.join(this.folder, `${Date.now()}-${process.pid}`);
		const dimension = this.cache.get(this.fresh[0])!.length;
		const floats = new Float32Array(this.fresh.length * dimension);
		this.fresh.forEach((t, i) => floats.set(this.cache.get(t)!, i * dimension));
		fs.writeFileSync(shard + '.bin', Buffer.from(floats.buffer));
		fs.writeFileSync(shard + '.json', JSON.stringify({ dimension, texts: this.fresh }));
		this.fresh = [];
	}
	private load(): void {
		if (!fs.existsSync(this.folder!)) return;
		for (const file of fs.readdirSync(this.folder!).filter((f) => f.endsWith('.json'))) {
			const { dimension, texts } = JSON.parse(fs.readFileSync(path.join(this.folder!, file), 'utf8')) as { dimension: number; texts: string[] };
			const bytes = fs.readFileSync(path.join(this.folder!, file.replace(/\.json$/, '.bin')));
			const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
			texts.forEach((t, i) => this.cache.set(t, Array.from(floats.subarray(i * dimension, (i + 1) * dimension))));
		}
	}
}

const pct = (x: number | null) => (x === null ? 'n/a' : (100 * x).toFixed(1) + '%');

function printEngine(name: string, f: EngineFigures, temperature?: number): void {
	print(
		`  ${name.padEnd(8)} acc ${pct(f.accuracy).padStart(6)}  in-scope ${pct(f.inScopeAccuracy).padStart(6)}  OOS recall ${pct(
			f.oosRecall,
		).padStart(6)}  p50 ${f.msPerTicket.toFixed(2)} ms  p95 ${f.p95Ms.toFixed(2)} ms  train ${f.trainSeconds.toFixed(1)} s (CPU ${f.trainCpuSeconds.toFixed(
			1,
		)} s)${f.ece === null ? '' : `  ECE ${f.ece.toFixed(3)}`}${temperature === undefined ? '' : `  T ${temperature.toFixed(2)}`}`,
	);
}

function printThresholds(outcomes: readonly Outcome[]): void {
	let lowest: number | undefined;
	for (const t of THRESHOLDS) {
		const q = computeQualityMetrics(outcomes, t);
		if ((q.oosRecall ?? 0) >= OOS_RECALL_GOAL && lowest === undefined) lowest = t;
		print(
			`    threshold ${t.toFixed(2)}: accuracy ${pct(q.accuracy)}  coverage ${pct(q.coverage)}  accuracy when routed ${pct(
				q.coveredAccuracy,
			)}  OOS recall ${pct(q.oosRecall)}`,
		);
	}
	print(`    lowest threshold with OOS recall >= ${pct(OOS_RECALL_GOAL)}: ${lowest?.toFixed(2) ?? 'none in the grid'}`);
}

interface FeatureRow {
	name: string;
	figures: EngineFigures;
	temperature?: number;
}

/** The scikit-learn-style baseline (bench/linearSvcBaseline.ts): no rejection, so in-scope accuracy is its figure. */
async function evaluateSvc(train: readonly Row[], test: readonly Row[]): Promise<EngineFigures> {
	const trained = await timed(() => trainLinearSvc(train));
	const { outcomes, times } = await classifyAll(test, async (text) => ({ predicted: trained.value.predict(text).predicted, confidence: 1 }));
	return figures(outcomes, times, 0.5, trained, false);
}

/** The lowest threshold of the grid at which at least OOS_RECALL_GOAL of `oos` goes to Human. */
function lowestThresholdFor(outcomes: readonly Outcome[]): number | undefined {
	return THRESHOLDS.find((t) => (computeQualityMetrics(outcomes, t).oosRecall ?? 0) >= OOS_RECALL_GOAL);
}

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const withPeer = process.argv.includes('--nlpjs');
	const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
	const started = Date.now();
	const results: Record<string, Record<string, EngineFigures>> = {};
	const calibration: Record<string, unknown> = {};
	print('Intent Router benchmark: the built-in engine with both feature sets, a scikit-learn-style baseline, same held-out splits, one run.');
	print('Data: BANKING77, CC BY 4.0, PolyAI-LDN/task-specific-datasets (Casanueva et al., 2020);');
	print('      CLINC150, CC BY 3.0, clinc/oos-eval data_full.json (Larson et al., 2019). Official test splits not used (not shipped here).');
	print(`words = Built-in Features "Words and Characters"; meaning = "Words, Characters and Sentence Meaning" (node v2 default: ${FEATURE_NAMES[NODE_DEFAULT_FEATURES]}).`);
	print('svc = TF-IDF word 1-2 + char_wb 2-5 into LinearSVC C=1 (squared hinge, one-vs-rest), reimplemented in TypeScript (bench/linearSvcBaseline.ts);');
	print('      it has no calibrated confidence, so it never sends anything to Human: compare its in-scope figure.');
	print('Rules: ours routes at confidence >= the default threshold of its features, else Human.');
	print('accuracy = all test rows (an oos row is right when sent to Human, an in-scope row when routed to its intent);');
	print('in-scope = top-1 intent right on in-scope rows, whatever the confidence. Times: wall clock (CPU in brackets).');
	print('');

	const embedder = new BuiltinEmbedder();
	await embedder.embed(['warm up']);
	const cacheFolder = process.argv.includes('--no-embedding-cache') ? undefined : path.join(os.tmpdir(), 'router-bench-embeddings');
	const encoder = new CachingEncoder(embedder, cacheFolder);

	const run = async (name: string, train: readonly Row[], test: readonly Row[], note: string, extraOos: readonly Row[] = []): Promise<void> => {
		print(`${name}: ${train.length} train / ${test.length} test${note}`);
		const rows: FeatureRow[] = [];
		const evaluated: Record<string, OurRun> = {};
		for (const features of ['lexical', 'encoder'] as const) {
			const r = await evaluateOurs(train, [...test, ...extraOos], features, features === 'encoder' ? encoder : undefined);
			encoder.save();
			const checked = r.outcomes.slice(0, test.length);
			const q = figures(checked, r.times.slice(0, test.length), defaultThreshold(features), r.trained, true);
			evaluated[features] = { ...r, outcomes: checked };
			rows.push({ name: FEATURE_NAMES[features], figures: q, temperature: r.temperature });
			if (extraOos.length > 0) {
				// Threshold chosen on oos_train (never trained on), checked on val + oos_val.
				const tuning = r.outcomes.slice(test.length);
				const chosen = lowestThresholdFor(tuning);
				const atChosen = chosen === undefined ? undefined : computeQualityMetrics(checked, chosen);
				const atDefault = computeQualityMetrics(checked, defaultThreshold(features));
				calibration[`${name} ${FEATURE_NAMES[features]}`] = {
					chosenOnOosTrain: chosen ?? null,
					checkAtChosen: atChosen ? { oosRecall: atChosen.oosRecall, coverage: atChosen.coverage, accuracy: atChosen.accuracy } : null,
					shippedDefault: defaultThreshold(features),
					checkAtShippedDefault: { oosRecall: atDefault.oosRecall, coverage: atDefault.coverage, accuracy: atDefault.accuracy },
				};
				print(
					`    ${FEATURE_NAMES[features]}: lowest threshold with OOS recall >= ${pct(OOS_RECALL_GOAL)} on oos_train (tuning): ${chosen?.toFixed(2) ?? 'none in the grid'}` +
						(atChosen ? `; on val + oos_val (check): OOS recall ${pct(atChosen.oosRecall)}, coverage ${pct(atChosen.coverage)}, accuracy ${pct(atChosen.accuracy)}` : '') +
						`; shipped default ${defaultThreshold(features)}: OOS recall ${pct(atDefault.oosRecall)}`,
				);
			}
		}
		rows.push({ name: 'svc', figures: await evaluateSvc(train, test) });
		if (withPeer) rows.push({ name: 'NLP.js', figures: await evaluatePeer(train, test) });
		for (const row of rows) printEngine(row.name, row.figures, row.temperature);
		if (extraOos.length > 0) {
			print('    meaning, by threshold (val + oos_val):');
			printThresholds(evaluated.encoder.outcomes);
		}
		results[name] = Object.fromEntries(rows.map((r) => [r.name, r.figures]));
	};

	if (only !== 'clinc') {
		const banking = stratifiedSplit(loadBanking77(), 0.2, SPLIT_SEED);
		const split = ` (stratified 20% hold-out of train.csv, seed ${SPLIT_SEED})`;
		if (!quick) await run('BANKING77 full', banking.train, banking.test, split);
		await run('BANKING77 10-shot', takeShots(banking.train, 10, SHOT_SEED), banking.test, `${split}, shots seed ${SHOT_SEED}`);
		// Speed with meaning as a ticket sees it: texts the encoder has never seen (no cache), one at a time.
		// Training (a batch) may read the cache; each ticket (a single text) goes to the encoder itself.
		const ticketsUncached: TextEncoder = { embed: async (texts) => await (texts.length === 1 ? embedder : encoder).embed(texts) };
		const speed = await trainBuiltinRouter(toIntents(takeShots(banking.train, 10, SHOT_SEED)), 'encoder', { encoder: ticketsUncached, useDescriptions: false });
		const perTicket: number[] = [];
		for (const [text] of banking.test.slice(0, 200)) {
			const t0 = process.hrtime.bigint();
			await speed.predict(text);
			perTicket.push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
		const sorted = [...perTicket].sort((a, b) => a - b);
		calibration.meaningUncachedPerTicketMs = { p50: median(perTicket), p95: sorted[Math.floor(sorted.length * 0.95)] };
		print(`  meaning, uncached encoder (200 unseen tickets, one at a time): p50 ${(median(perTicket) ?? 0).toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} ms per ticket`);
		print('');
	}
	if (only !== 'banking') {
		const clinc = loadClinc150();
		const clincTest = [...clinc.val, ...clinc.oosVal];
		const clincNote = ` (val ${clinc.val.length} + oos_val ${clinc.oosVal.length}; thresholds tuned on oos_train ${clinc.oosTrain.length})`;
		if (!quick) await run('CLINC150 full', clinc.train, clincTest, clincNote, clinc.oosTrain);
		await run('CLINC150 10-shot', takeShots(clinc.train, 10, SHOT_SEED), clincTest, `${clincNote}, shots seed ${SHOT_SEED}`, clinc.oosTrain);
	}
	encoder.save();
	const totalSeconds = (Date.now() - started) / 1000;
	print('');
	print(`(meaning: training embeds the examples once; its p50 above is served from the embedding cache${cacheFolder ? ` in ${cacheFolder}` : ''} when the text was seen before: see "uncached" for a ticket's real cost)`);
	print(`Total run time ${totalSeconds.toFixed(0)} s${quick ? ' (--quick: 10-shot runs only)' : ''}.`);
	if (quiet) {
		process.stdout.write(
			JSON.stringify({
				datasets: {
					banking77: 'CC BY 4.0, PolyAI-LDN/task-specific-datasets (Casanueva et al., 2020)',
					clinc150: 'CC BY 3.0, clinc/oos-eval (Larson et al., 2019)',
				},
				defaultFeatures: FEATURE_NAMES[NODE_DEFAULT_FEATURES],
				thresholds: { words: defaultThreshold('lexical'), meaning: defaultThreshold('encoder') },
				quick,
				results,
				calibration,
				totalSeconds,
			}) + '\n',
		);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(String(error instanceof Error ? error.stack : error) + '\n');
	process.exit(1);
});
