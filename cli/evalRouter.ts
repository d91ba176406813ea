/**
 * `support-coordination eval-router`: trains the built-in engine on an operator's labelled tickets
 * and reports how it would route a held-out set, before anything goes live. Same engine (either
 * feature set), same default features and threshold as the Intent Router node.
 */
import { BuiltinEmbedder } from '../engine/retrieval/builtinEmbedder';
import {
	defaultThreshold,
	FEATURE_NAMES,
	featuresByName,
	NODE_DEFAULT_FEATURES,
	trainBuiltinRouter,
	type BuiltinFeatures,
} from '../engine/routing/builtinEngine';
import { createRandom, shuffleInPlace } from '../engine/routing/seededRandom';
import type { IntentDefinition, TextEncoder } from '../engine/routing/types';
import { readLabelledFile, type LabelledRow } from './datasetFiles';
import { computeQualityMetrics, median, type Outcome, type QualityMetrics } from './metrics';

export const EVAL_ROUTER_USAGE = `Usage: support-coordination eval-router --train FILE --test FILE [options]

Trains the built-in intent engine on --train and reports how it routes --test.
FILE: a CSV with the header "text,category", or a JSON array of [text, intent] pairs.
Rows labelled with the out-of-scope label are never trained on; in --test they
should go to a person (Human).

Options:
  --features F    what the engine learns from, as the node's Built-in Features option:
                  words    Words and Characters (fastest)
                  meaning  Words, Characters and Sentence Meaning (built-in sentence encoder)
                  (default ${FEATURE_NAMES[NODE_DEFAULT_FEATURES]}, the node's default)
  --shots N       keep N training examples per intent (seeded choice)
  --seed S        seed of the --shots choice and of training (default 42)
  --threshold T   confidence threshold, 0..1, or "auto": the node's default for these
                  features (words ${defaultThreshold('lexical')}, meaning ${defaultThreshold('encoder')}); default auto
  --oos-label L   label of out-of-scope rows (default "oos")
  --json          print one JSON object instead of the report
`;

export interface EvalRouterOptions {
	train: string;
	test: string;
	features: BuiltinFeatures;
	shots?: number;
	seed: number;
	threshold: number | 'auto';
	oosLabel: string;
	json: boolean;
}

export interface EvalRouterReport extends QualityMetrics {
	/** p50 of the time to classify one ticket. */
	msPerTicket: number | null;
	/** The threshold applied (the node's default for the features with --threshold auto). */
	threshold: number;
	/** How the threshold was chosen: given on the command line, or 'auto'. */
	thresholdSource: 'given' | 'auto';
	/** `words` or `meaning`, as --features names them. */
	features: string;
	trainSeconds: number;
}

/** Wrong command-line use: the command prints the message and the usage, exit code 2. */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

export function parseEvalRouterArgs(argv: readonly string[]): EvalRouterOptions {
	const values = new Map<string, string>();
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--json') {
			json = true;
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(0, eq) : arg;
		if (!['--train', '--test', '--features', '--shots', '--seed', '--threshold', '--oos-label'].includes(name)) {
			throw new UsageError(`unknown option "${arg}"`);
		}
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
		values.set(name, value);
	}
	const train = values.get('--train');
	const test = values.get('--test');
	if (!train) throw new UsageError('--train FILE is required');
	if (!test) throw new UsageError('--test FILE is required');
	const shots = values.has('--shots') ? integer(values.get('--shots')!, '--shots', 1) : undefined;
	const seed = values.has('--seed') ? integer(values.get('--seed')!, '--seed', 0) : 42;
	const rawThreshold = values.get('--threshold') ?? 'auto';
	const threshold = rawThreshold === 'auto' ? 'auto' : Number(rawThreshold);
	if (threshold !== 'auto' && (rawThreshold.trim() === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1)) {
		throw new UsageError(`--threshold must be a number from 0 to 1 or "auto", got "${rawThreshold}"`);
	}
	const featureName = values.get('--features') ?? FEATURE_NAMES[NODE_DEFAULT_FEATURES];
	const features = featuresByName(featureName);
	if (!features) throw new UsageError(`--features must be ${Object.values(FEATURE_NAMES).join(' or ')}, got "${featureName}"`);
	const oosLabel = (values.get('--oos-label') ?? 'oos').trim();
	if (oosLabel === '') throw new UsageError('--oos-label must not be empty');
	return { train, test, features, shots, seed, threshold, oosLabel, json };
}

function integer(value: string, name: string, min: number): number {
	const n = Number(value);
	if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
		throw new UsageError(`${name} must be a whole number >= ${min}, got "${value}"`);
	}
	return n;
}

/** `shots` rows of every label, chosen in a seeded order; labels in first-seen order. */
export function selectShots(rows: readonly LabelledRow[], shots: number, seed: number): LabelledRow[] {
	const byLabel = groupByLabel(rows);
	const random = createRandom(seed);
	const out: LabelledRow[] = [];
	// Sorted labels: the same file gives the same choice whatever order its rows are in by label.
	for (const label of [...byLabel.keys()].sort()) out.push(...shuffleInPlace([...byLabel.get(label)!], random).slice(0, shots));
	return out;
}

/** Intent definitions from labelled rows, out-of-scope rows left out. */
export function toIntentDefinitions(rows: readonly LabelledRow[], oosLabel: string): IntentDefinition[] {
	const byLabel = groupByLabel(rows.filter((r) => r.label !== oosLabel));
	return [...byLabel.keys()].sort().map((name) => ({
		name,
		examples: byLabel.get(name)!.map((r) => r.text),
		rolloutMode: 'auto' as const,
	}));
}

function groupByLabel(rows: readonly LabelledRow[]): Map<string, LabelledRow[]> {
	const groups = new Map<string, LabelledRow[]>();
	for (const row of rows) {
		const list = groups.get(row.label) ?? [];
		list.push(row);
		groups.set(row.label, list);
	}
	return groups;
}

export interface EvalRouterRun {
	report: EvalRouterReport;
	/** Things the operator should know (printed to stderr), e.g. test intents never trained. */
	warnings: string[];
	trainRows: number;
	testRows: number;
	intents: number;
}

/**
 * Reads both files, trains, classifies every test row. Throws DatasetFileError/UsageError on bad
 * input. `encoder` replaces the built-in sentence encoder (tests); meaning features need one.
 */
export async function evaluateRouter(options: EvalRouterOptions, encoder?: TextEncoder): Promise<EvalRouterRun> {
	const allTrain = readLabelledFile(options.train);
	const test = readLabelledFile(options.test);
	const inScopeTrain = allTrain.filter((r) => r.label !== options.oosLabel);
	const train = options.shots === undefined ? inScopeTrain : selectShots(inScopeTrain, options.shots, options.seed);
	const intents = toIntentDefinitions(train, options.oosLabel);
	if (intents.length < 2) {
		throw new UsageError(
			`${options.train}: found ${intents.length} intent(s) besides "${options.oosLabel}"; routing needs at least 2`,
		);
	}
	const warnings: string[] = [];
	const known = new Set(intents.map((i) => i.name));
	const unknown = [...new Set(test.filter((r) => r.label !== options.oosLabel && !known.has(r.label)).map((r) => r.label))];
	if (unknown.length > 0) {
		warnings.push(
			`${unknown.length} test label(s) never appear in training, so their rows cannot be right: ${unknown.slice(0, 5).join(', ')}${
				unknown.length > 5 ? ', ...' : ''
			}`,
		);
	}

	const started = process.hrtime.bigint();
	const classifier = await trainBuiltinRouter(intents, options.features, {
		seed: options.seed,
		useDescriptions: false,
		encoder: options.features === 'encoder' ? (encoder ?? new BuiltinEmbedder()) : undefined,
	});
	const trainSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	const threshold = options.threshold === 'auto' ? defaultThreshold(options.features) : options.threshold;

	const times: number[] = [];
	const outcomes: Outcome[] = [];
	// One ticket at a time, as the node sees them: the time per ticket is what an operator waits.
	for (const row of test) {
		const t0 = process.hrtime.bigint();
		const prediction = await classifier.predict(row.text);
		times.push(Number(process.hrtime.bigint() - t0) / 1e6);
		outcomes.push({ label: row.label, oos: row.label === options.oosLabel, predicted: prediction.category, confidence: prediction.confidence });
	}
	return {
		report: {
			...computeQualityMetrics(outcomes, threshold),
			msPerTicket: median(times),
			threshold,
			thresholdSource: options.threshold === 'auto' ? 'auto' : 'given',
			features: FEATURE_NAMES[options.features],
			trainSeconds,
		},
		warnings,
		trainRows: train.length,
		testRows: test.length,
		intents: intents.length,
	};
}

/** The JSON object of `--json`: exactly these keys, in this order. */
export function reportJson(report: EvalRouterReport): string {
	const { accuracy, macroF1, inScopeAccuracy, oosRecall, coverage, coveredAccuracy, ece, msPerTicket, threshold, thresholdSource, features, trainSeconds } = report;
	return JSON.stringify({ accuracy, macroF1, inScopeAccuracy, oosRecall, coverage, coveredAccuracy, ece, msPerTicket, threshold, thresholdSource, features, trainSeconds });
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export function formatReport(run: EvalRouterRun, options: EvalRouterOptions): string {
	const r = run.report;
	const rows: Array<[string, string]> = [
		['accuracy (oos rows right when sent to Human)', pct(r.accuracy)],
		['macro-F1 (in-scope intents)', r.macroF1 === null ? 'n/a' : r.macroF1.toFixed(3)],
		['in-scope accuracy (top-1, any confidence)', pct(r.inScopeAccuracy)],
		['out-of-scope recall (below threshold)', r.oosRecall === null ? `n/a (no "${options.oosLabel}" rows in the test file)` : pct(r.oosRecall)],
		['coverage at the threshold (routed)', pct(r.coverage)],
		['accuracy on covered tickets', pct(r.coveredAccuracy)],
		['expected calibration error (15 bins)', r.ece === null ? 'n/a' : r.ece.toFixed(3)],
		['ms per ticket (p50)', r.msPerTicket === null ? 'n/a' : r.msPerTicket.toFixed(2)],
		['features', r.features],
		['threshold', r.thresholdSource === 'auto' ? `${r.threshold} (auto: the node's default for these features)` : String(r.threshold)],
		['train seconds', r.trainSeconds.toFixed(2)],
	];
	const width = Math.max(...rows.map(([k]) => k.length));
	const head = `eval-router: trained on ${run.trainRows} rows (${run.intents} intents${
		options.shots === undefined ? '' : `, ${options.shots} per intent, seed ${options.seed}`
	}), tested on ${run.testRows} rows`;
	return [head, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n') + '\n';
}
