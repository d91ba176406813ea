/**
 * `npm run bench:router`: the Intent Router's built-in engine and its peer NLP.js, trained and
 * evaluated on the same held-out splits of ../shared/datasets in one run.
 * Run from the repo root: npx tsx bench/router-builtin.ts [--quick] [--json] [--encoder] [--peer-full-clinc]
 * --quick: 10-shot runs only (development). --json: one JSON object on stdout instead of the report.
 * --peer-full-clinc: the CLINC150 head-to-head on all 15,000 examples instead of 50 per intent
 * (NLP.js alone then trains for about 2-3 minutes).
 * --encoder: also our optional sentence-encoder mode (USE lite) on the same splits (full and
 * 10-shot, our engine only). Embeddings are cached on disk in the OS temp folder
 * (router-bench-embeddings/, never in the repo): the first run embeds about 28,000 texts (about
 * 3-5 minutes here), later runs read them back. --no-embedding-cache embeds everything afresh.
 * Figures: accuracy (all rows, at each engine's own rejection rule), in-scope top-1 accuracy,
 * out-of-scope recall (CLINC150), ms per ticket (p50), training time, our/their ratios; for ours
 * also expected calibration error (15 bins) and the cascade's model share on CLINC150 val.
 */
import { trainClassifier, trainClassifierWithEncoder } from '../engine/routing/builtinClassifier';
import { BuiltinEmbedder } from '../engine/retrieval/builtinEmbedder';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../engine/routing/routeTicket';
import { DEFAULT_MODEL_THRESHOLD, modelShare } from '../engine/routing/model/cascade';
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
const THRESHOLDS = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];
/** The threshold rule: the lowest threshold that rejects at least this share of out-of-scope text. */
const OOS_RECALL_GOAL = 0.8;
/**
 * NLP.js needs over 3 minutes (wall clock, shared 2-core machine) to train on all 15,000 CLINC150
 * examples, so by default the head-to-head "full" CLINC150 run uses this many examples per intent
 * for BOTH engines; our engine is also reported on the whole training split.
 */
const CLINC_PEER_PER_INTENT = 50;

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
	figures: EngineFigures;
	outcomes: Outcome[];
	predictions: Prediction[];
	temperature: number;
}

async function evaluateOurs(train: readonly Row[], test: readonly Row[], encoder?: TextEncoder): Promise<OurRun> {
	const trained = await timed(async () => {
		if (encoder) {
			const c = await trainClassifierWithEncoder(toIntents(train), encoder, { useDescriptions: false });
			return { predict: (text: string) => c.predict(text), temperature: c.info.temperature };
		}
		const c = trainClassifier(toIntents(train), { useDescriptions: false });
		return { predict: async (text: string) => c.predict(text), temperature: c.info.temperature };
	});
	const predictions: Prediction[] = [];
	const { outcomes, times } = await classifyAll(test, async (text) => {
		const p = await trained.value.predict(text);
		predictions.push(p);
		return { predicted: p.category, confidence: p.confidence };
	});
	return {
		figures: figures(outcomes, times, DEFAULT_CONFIDENCE_THRESHOLD, trained, true),
		outcomes,
		predictions,
		temperature: trained.value.temperature,
	};
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
const ratio = (ours: number | null, theirs: number | null): number | null =>
	ours === null || theirs === null || theirs === 0 ? null : ours / theirs;
const times = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2) + 'x');

function printEngine(name: string, f: EngineFigures, temperature?: number): void {
	print(
		`  ${name.padEnd(8)} acc ${pct(f.accuracy).padStart(6)}  in-scope ${pct(f.inScopeAccuracy).padStart(6)}  OOS recall ${pct(
			f.oosRecall,
		).padStart(6)}  p50 ${f.msPerTicket.toFixed(2)} ms  p95 ${f.p95Ms.toFixed(2)} ms  train ${f.trainSeconds.toFixed(1)} s (CPU ${f.trainCpuSeconds.toFixed(
			1,
		)} s)${f.ece === null ? '' : `  ECE ${f.ece.toFixed(3)}`}${temperature === undefined ? '' : `  T ${temperature.toFixed(2)}`}`,
	);
}

interface Comparison {
	name: string;
	trainExamples: number;
	testExamples: number;
	ours: EngineFigures;
	nlpjs: EngineFigures;
	/** ours / NLP.js; null when undefined (no oos rows, or a zero). */
	ratios: { accuracy: number | null; inScopeAccuracy: number | null; oosRecall: number | null; msPerTicket: number | null; trainSeconds: number | null };
}

async function compare(name: string, train: readonly Row[], test: readonly Row[], note = ''): Promise<{ comparison: Comparison; ours: OurRun }> {
	print(`${name}: ${train.length} train / ${test.length} test${note}`);
	const ours = await evaluateOurs(train, test);
	printEngine('ours', ours.figures, ours.temperature);
	const nlpjs = await evaluatePeer(train, test);
	printEngine('NLP.js', nlpjs);
	const o = ours.figures;
	const ratios = {
		accuracy: ratio(o.accuracy, nlpjs.accuracy),
		inScopeAccuracy: ratio(o.inScopeAccuracy, nlpjs.inScopeAccuracy),
		oosRecall: ratio(o.oosRecall, nlpjs.oosRecall),
		msPerTicket: ratio(o.msPerTicket, nlpjs.msPerTicket),
		trainSeconds: ratio(o.trainSeconds, nlpjs.trainSeconds),
	};
	print(
		`  ours/NLP.js: acc ${times(ratios.accuracy)}  in-scope ${times(ratios.inScopeAccuracy)}  OOS recall ${times(ratios.oosRecall)}  ms/ticket ${times(
			ratios.msPerTicket,
		)}  train time ${times(ratios.trainSeconds)}`,
	);
	return { comparison: { name, trainExamples: train.length, testExamples: test.length, ours: o, nlpjs, ratios }, ours };
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

async function main(): Promise<void> {
	const quick = process.argv.includes('--quick');
	const withEncoder = process.argv.includes('--encoder');
	const peerFullClinc = process.argv.includes('--peer-full-clinc');
	const started = Date.now();
	const comparisons: Comparison[] = [];
	const extra: Record<string, unknown> = {};
	print('Intent Router benchmark: our built-in engine vs NLP.js (@nlpjs/nlp 4.27.0 + @nlpjs/lang-en-min), same splits, one run.');
	print('Data: BANKING77, CC BY 4.0, PolyAI-LDN/task-specific-datasets (Casanueva et al., 2020);');
	print('      CLINC150, CC BY 3.0, clinc/oos-eval data_full.json (Larson et al., 2019). Official test splits not used.');
	print(
		`Rules: ours routes at confidence >= ${DEFAULT_CONFIDENCE_THRESHOLD} (shipped default), else Human; NLP.js routes unless it answers None.`,
	);
	print('accuracy = all test rows (an oos row is right when sent to Human, an in-scope row when routed to its intent);');
	print('in-scope = top-1 intent right on in-scope rows, whatever the confidence. Times: wall clock (CPU in brackets).');
	print('');

	const banking = stratifiedSplit(loadBanking77(), 0.2, SPLIT_SEED);
	const bankingShots = takeShots(banking.train, 10, SHOT_SEED);
	const split = ` (stratified 20% hold-out of train.csv, seed ${SPLIT_SEED})`;
	if (!quick) comparisons.push((await compare('BANKING77 full', banking.train, banking.test, split)).comparison);
	comparisons.push((await compare('BANKING77 10-shot', bankingShots, banking.test, `${split}, shots seed ${SHOT_SEED}`)).comparison);

	const clinc = loadClinc150();
	const clincTest = [...clinc.val, ...clinc.oosVal];
	const clincNote = ` (val ${clinc.val.length} + oos_val ${clinc.oosVal.length})`;
	if (!quick) {
		print('');
		let full: OurRun;
		if (peerFullClinc) {
			const c = await compare('CLINC150 full', clinc.train, clincTest, clincNote);
			comparisons.push(c.comparison);
			full = c.ours;
		} else {
			print(`CLINC150 full, our engine only: ${clinc.train.length} train / ${clincTest.length} test${clincNote}`);
			full = await evaluateOurs(clinc.train, clincTest);
			printEngine('ours', full.figures, full.temperature);
		}
		printThresholds(full.outcomes);
		const valPredictions = full.predictions.slice(0, clinc.val.length);
		const share = modelShare(valPredictions, DEFAULT_MODEL_THRESHOLD);
		const shareAll = modelShare(full.predictions, DEFAULT_MODEL_THRESHOLD);
		print(
			`  cascade: share of CLINC150 val tickets that would reach the model at DEFAULT_MODEL_THRESHOLD ${DEFAULT_MODEL_THRESHOLD}: ${pct(
				share,
			)} (val + oos_val: ${pct(shareAll)})`,
		);
		extra.clinc150FullOurs = { ...full.figures, trainExamples: clinc.train.length };
		extra.cascadeModelShare = { modelThreshold: DEFAULT_MODEL_THRESHOLD, clinc150Val: share, clinc150ValAndOos: shareAll };
		if (!peerFullClinc) {
			print('');
			const sub = takeShots(clinc.train, CLINC_PEER_PER_INTENT, SHOT_SEED);
			comparisons.push(
				(
					await compare(
						`CLINC150 ${CLINC_PEER_PER_INTENT} per intent`,
						sub,
						clincTest,
						`${clincNote}; SUBSAMPLED for both engines (NLP.js takes > 3 min on all 15,000; --peer-full-clinc to run it)`,
					)
				).comparison,
			);
		}
	}
	print('');
	const c10 = await compare('CLINC150 10-shot', takeShots(clinc.train, 10, SHOT_SEED), clincTest, `${clincNote}, shots seed ${SHOT_SEED}`);
	comparisons.push(c10.comparison);
	printThresholds(c10.ours.outcomes);

	if (withEncoder) {
		print('');
		const embedder = new BuiltinEmbedder();
		await embedder.embed(['warm up']);
		const single: number[] = [];
		for (const [text] of banking.test.slice(0, 50)) {
			const t0 = process.hrtime.bigint();
			await embedder.embed([text]);
			single.push(Number(process.hrtime.bigint() - t0) / 1e6);
		}
		print(`Encoder (USE lite) alone: p50 ${(median(single) ?? 0).toFixed(1)} ms per ticket, uncached`);
		const cacheFolder = process.argv.includes('--no-embedding-cache') ? undefined : path.join(os.tmpdir(), 'router-bench-embeddings');
		const encoder = new CachingEncoder(embedder, cacheFolder);
		const encoderRun = async (name: string, train: readonly Row[], test: readonly Row[], thresholds: boolean): Promise<EngineFigures> => {
			print(`${name}, ours +encoder: ${train.length} train / ${test.length} test`);
			const run = await evaluateOurs(train, test, encoder);
			encoder.save();
			printEngine('ours+enc', run.figures, run.temperature);
			if (thresholds) printThresholds(run.outcomes);
			return run.figures;
		};
		const encoderFigures: Record<string, EngineFigures> = {};
		if (!quick) encoderFigures.banking77Full = await encoderRun('BANKING77 full', banking.train, banking.test, false);
		encoderFigures.banking77TenShot = await encoderRun('BANKING77 10-shot', bankingShots, banking.test, false);
		if (!quick) encoderFigures.clinc150Full = await encoderRun('CLINC150 full', clinc.train, clincTest, true);
		encoderFigures.clinc150TenShot = await encoderRun('CLINC150 10-shot', takeShots(clinc.train, 10, SHOT_SEED), clincTest, true);
		print(
			`(+encoder: training embeds the examples once; p50 per ticket includes one encoder call, served from the cache${
				cacheFolder ? ` in ${cacheFolder}` : ''
			} when the text was seen before: see "Encoder alone" above for its uncached cost)`,
		);
		extra.encoder = encoderFigures;
	}
	const totalSeconds = (Date.now() - started) / 1000;
	print('');
	print(`Total run time ${totalSeconds.toFixed(0)} s${quick ? ' (--quick: 10-shot runs only)' : ''}.`);
	if (quiet) {
		process.stdout.write(
			JSON.stringify({
				datasets: {
					banking77: 'CC BY 4.0, PolyAI-LDN/task-specific-datasets (Casanueva et al., 2020)',
					clinc150: 'CC BY 3.0, clinc/oos-eval (Larson et al., 2019)',
				},
				threshold: DEFAULT_CONFIDENCE_THRESHOLD,
				quick,
				clinc150PeerSubsamplePerIntent: quick || peerFullClinc ? null : CLINC_PEER_PER_INTENT,
				comparisons,
				...extra,
				totalSeconds,
			}) + '\n',
		);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(String(error instanceof Error ? error.stack : error) + '\n');
	process.exit(1);
});
