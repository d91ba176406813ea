import { softmax, softmaxLogits, trainSoftmax, type SoftmaxModel } from './softmaxRegression';
import { createRandom, shuffleInPlace } from './seededRandom';
import { denseAsSparse, domainFactor, maxSimilarity, meaningFactor, referenceSimilarity } from './domainSimilarity';
import { addPrototypeScores, classPrototypes, unitLength } from './encoderFeatures';
import { fitTemperature } from './temperatureScaling';
import { normalizeText, wordTokens } from './textNormalize';
import { ENGLISH_STOP_WORDS } from './stopWords';
import { TfidfVectorizer, type SparseVector } from './tfidfVectorizer';
import type {
	ClassifierInfo,
	ClassifierOptions,
	IntentClassifier,
	IntentDefinition,
	Prediction,
	RankedIntent,
	TextEncoder,
} from './types';

export interface BuiltinClassifier extends IntentClassifier {
	readonly info: ClassifierInfo;
}

interface TrainingSet {
	texts: string[];
	labels: number[];
	names: string[];
}

/** Below this many held-out predictions a fitted temperature is noise; the default is kept. */
const MIN_HELD_OUT_FOR_TEMPERATURE = 20;
/** From this size one 20% hold-out (200+ predictions) is enough to fit one temperature, and it
 * saves most of the training time that k folds would cost. */
const HOLDOUT_FROM = 1000;
/** Below HOLDOUT_FROM, folds of cross-validation: 5 for tiny sets, 3 once each fold has 60+. */
const MAX_FOLDS_TINY = 5;
const MAX_FOLDS_SMALL = 3;
const SMALL_FROM = 300;
/** Characters sent to a sentence encoder. */
const ENCODER_MAX_CHARS = 1000;
/** Embeddings of the last tickets kept per classifier: a re-delivered webhook, a retried
 * execution or a replay asks for the same text again and then costs no encoder call. */
const RECENT_EMBEDDINGS = 256;
/** Least passes over all the data after the hold-out model (half the normal passes if more). */
const WARM_START_EPOCHS = 4;
/**
 * Trains the built-in intent classifier: TF-IDF words + character n-grams into a multinomial
 * logistic regression, with a temperature fitted on held-out folds and an out-of-domain factor
 * from the similarity to the nearest training example. Synchronous and deterministic for a seed.
 */
export function trainClassifier(intents: IntentDefinition[], options: ClassifierOptions = {}): BuiltinClassifier {
	const started = Date.now();
	const data = buildTrainingSet(intents, options.useDescriptions ?? true);
	const core = fitClassifier(data, options);
	return {
		intents: data.names,
		info: { ...core.info, trainMs: Date.now() - started },
		predict: (text: string) => core.predict(text),
	};
}

export interface EncoderClassifierOptions extends ClassifierOptions {
	/** Scale of the unit-length embedding appended to the unit-length TF-IDF vector. */
	encoderWeight?: number;
	/** Weight of the cosine to each intent's prototype (centroid embedding) added to its logit. */
	prototypeWeight?: number;
}

/** Measured on held-out BANKING77 10-shot with USE lite (unit-length): weight 0.7 / 1 / 1.5 / 3
 * gave 79.0 / 79.2 / 78.4 / about 75 (CLINC150 10-shot: 3 cost 5 points). */
const DEFAULT_ENCODER_WEIGHT = 1;
/** Off by default: with USE lite, prototype weights 5-20 moved CLINC150 10-shot in-scope by
 * -0.5..+0.1 points and cost BANKING77 10-shot about 1 point; a stronger encoder may differ. */
const DEFAULT_PROTOTYPE_WEIGHT = 0;

/** A classifier whose predictions need a sentence encoder, hence asynchronous. */
export interface EncoderClassifier {
	readonly intents: readonly string[];
	readonly info: ClassifierInfo;
	predict(text: string): Promise<Prediction>;
}

/**
 * The same engine with sentence-encoder features appended to the lexical ones (e.g. Universal
 * Sentence Encoder lite, 512 dimensions): better on paraphrases that share few words with the
 * examples, at the cost of one encoder call per ticket. Optional: the lexical engine above
 * never needs an encoder.
 */
export async function trainClassifierWithEncoder(
	intents: IntentDefinition[],
	encoder: TextEncoder,
	options: EncoderClassifierOptions = {},
): Promise<EncoderClassifier> {
	const started = Date.now();
	const data = buildTrainingSet(intents, options.useDescriptions ?? true);
	const embeddings = await encoder.embed(data.texts.map(encoderInput));
	const core = fitClassifier(data, options, {
		embeddings: embeddings.map(unitLength),
		weight: options.encoderWeight ?? DEFAULT_ENCODER_WEIGHT,
		prototypeWeight: options.prototypeWeight ?? DEFAULT_PROTOTYPE_WEIGHT,
	});
	const recent = new Map<string, number[]>();
	return {
		intents: data.names,
		info: { ...core.info, trainMs: Date.now() - started },
		predict: async (text: string) => {
			if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${typeof text}`);
			if (wordTokens(normalizeText(text)).length === 0) return { category: null, confidence: 0, alternatives: [] };
			const input = encoderInput(text);
			let embedding = recent.get(input);
			if (embedding) recent.delete(input);
			else [embedding] = await encoder.embed([input]);
			// Most recent last; the oldest goes first when full.
			recent.set(input, embedding);
			if (recent.size > RECENT_EMBEDDINGS) recent.delete(recent.keys().next().value as string);
			return core.predict(text, embedding);
		},
	};
}

function encoderInput(text: string): string {
	// Encoders are slow on long input and the intent is stated early.
	return text.slice(0, ENCODER_MAX_CHARS);
}

interface DenseFeatures {
	/** One unit-length vector per training text, same order as TrainingSet.texts. */
	embeddings: Float64Array[];
	/** Scale of the dense block against the unit-norm lexical block. */
	weight: number;
	/** Weight of the prototype cosines added to the logits (0: none). */
	prototypeWeight: number;
}

interface FittedClassifier {
	info: ClassifierInfo;
	predict(text: string, embedding?: number[]): Prediction;
}

function fitClassifier(data: TrainingSet, options: ClassifierOptions, dense?: DenseFeatures): FittedClassifier {
	const seed = options.seed ?? 1;
	const maxAlternatives = options.maxAlternatives ?? 5;
	const classes = data.names.length;
	const n = data.texts.length;

	// Tuned against a LinearSVC on TF-IDF word 1-2 + char_wb 2-5 (bench/linearSvcBaseline.ts), held-out
	// BANKING77 full / 10-shot and CLINC150 10-shot: character 2-grams, every feature kept and a
	// slightly stronger L2 took 89.9 / 73.8 / 80.4 to 90.4 / 74.1 / 80.8 (the baseline: 90.2 / 71.1 / -).
	const [charMin, charMax] = options.charRange ?? [2, 5];
	const vectorizer = new TfidfVectorizer({ charMin, charMax, minDf: options.minDf ?? 1, wordShare: options.wordShare ?? 0.5 }).fit(
		data.texts,
	);
	const denseDimension = dense?.embeddings[0]?.length ?? 0;
	const withDense = (x: SparseVector, embedding: Float64Array | undefined): SparseVector => {
		if (!dense || !embedding) return x;
		if (embedding.length !== denseDimension) {
			throw new Error(`encoder returned ${embedding.length} dimensions, expected ${denseDimension}`);
		}
		const indices = new Int32Array(x.indices.length + denseDimension);
		const values = new Float64Array(indices.length);
		indices.set(x.indices);
		values.set(x.values);
		for (let d = 0; d < denseDimension; d++) {
			indices[x.indices.length + d] = vectorizer.dimension + d;
			values[x.indices.length + d] = embedding[d] * dense.weight;
		}
		return { indices, values };
	};
	const dimension = vectorizer.dimension + denseDimension;
	const vectors = data.texts.map((t, i) => withDense(vectorizer.transform(t), dense?.embeddings[i]));
	// A second, content-only view for the out-of-domain check (see stopWords.ts and unknownInNorm).
	const contentVectorizer = new TfidfVectorizer({
		charMin: 3,
		charMax: 5,
		minDf: 1,
		wordShare: 0.5,
		bigrams: false,
		stopWords: ENGLISH_STOP_WORDS,
		unknownInNorm: true,
	}).fit(data.texts);
	const contentVectors = data.texts.map((t) => contentVectorizer.transform(t));
	const sgd = {
		l2: options.l2 ?? 1e-5,
		learningRate: options.learningRate ?? 2,
		// Small sets need many passes to converge; large ones converge in a few (14 passes lose
		// about 0.2 points on BANKING77 against 20 and save a third of the training time).
		epochs: options.epochs ?? (n >= 5000 ? 14 : Math.min(300, Math.max(20, Math.ceil(20000 / n)))),
		seed,
	};
	const train = (idx: readonly number[], init?: SoftmaxModel, epochs = sgd.epochs, startStep = 0): SoftmaxModel =>
		trainSoftmax(
			idx.map((i) => vectors[i]),
			idx.map((i) => data.labels[i]),
			classes,
			dimension,
			{ ...sgd, epochs, init, startStep },
		);

	// Held-out scores: the prototypes come from the same training members as the fold model.
	const prototypeWeight = dense?.prototypeWeight ?? 0;
	const heldOutLogits = (model: SoftmaxModel, trainIdx: readonly number[]) => {
		const prototypes = dense && prototypeWeight > 0 ? classPrototypes(dense.embeddings, data.labels, classes, trainIdx) : undefined;
		return (i: number) => {
			const logits = softmaxLogits(model, vectors[i]);
			return prototypes ? addPrototypeScores(logits, dense!.embeddings[i], prototypes, prototypeWeight) : logits;
		};
	};
	const calibration =
		classes >= 2 ? calibrate(data.labels, classes, seed, (idx) => train(idx), heldOutLogits, sgd.epochs) : undefined;
	const all = data.labels.map((_, i) => i);
	let model: SoftmaxModel | undefined;
	if (calibration?.holdoutModel) {
		// Large sets: the hold-out model has seen 80% of the data; a few more passes over all of
		// it finish the job at a third of the cost of training again from zero, and leave the
		// logit scale (hence the fitted temperature) nearly unchanged.
		const { model: partial, steps } = calibration.holdoutModel;
		model = train(all, partial, Math.max(WARM_START_EPOCHS, Math.ceil(sgd.epochs / 2)), steps);
	} else if (classes >= 2) {
		model = train(all);
	}
	const temperature = calibration?.temperature ?? 1;
	const prototypes = dense && prototypeWeight > 0 ? classPrototypes(dense.embeddings, data.labels, classes, all) : undefined;
	const byClass = data.names.map(() => [] as number[]);
	data.labels.forEach((label, i) => byClass[label].push(i));
	const domainSimilarity = referenceSimilarity(contentVectors, byClass, contentVectorizer.dimension, seed);
	const scratch = new Float64Array(contentVectorizer.dimension);
	// With encoder features the text must also be near its intent in meaning (domainSimilarity.ts).
	const meaningVectors = dense ? denseAsSparse(dense.embeddings) : [];
	const meaningReference = dense ? referenceSimilarity(meaningVectors, byClass, denseDimension, seed) : 0;
	const meaningScratch = new Float64Array(denseDimension);

	const info: ClassifierInfo = {
		examples: n,
		features: dimension,
		temperature,
		calibration: calibration?.method ?? 'default',
		domainSimilarity,
		trainMs: 0,
	};

	const predict = (text: string, rawEmbedding?: number[]): Prediction => {
		if (typeof text !== 'string') throw new TypeError(`text must be a string, got ${typeof text}`);
		if (wordTokens(normalizeText(text)).length === 0) return { category: null, confidence: 0, alternatives: [] };
		if (dense && !rawEmbedding) throw new Error('this classifier was trained with encoder features: pass the embedding');
		const embedding = rawEmbedding ? unitLength(rawEmbedding) : undefined;
		const x = withDense(vectorizer.transform(text), embedding);
		// With one intent there is no rival to lose to; the in-domain factor does the work, and the
		// base stays under 1 by the rule of succession so that few examples never claim certainty.
		const logits = model ? softmaxLogits(model, x) : undefined;
		if (logits && prototypes && embedding) addPrototypeScores(logits, embedding, prototypes, prototypeWeight);
		const probs = logits ? softmax(logits, temperature) : Float64Array.of(n / (n + 1));
		let best = 0;
		for (let k = 1; k < classes; k++) if (probs[k] > probs[best]) best = k;
		const similarity = maxSimilarity(contentVectorizer.transform(text), byClass[best], contentVectors, scratch);
		let inDomain = domainFactor(similarity, domainSimilarity);
		if (embedding && inDomain > 0) {
			// Same index array as the training vectors: only the values are the ticket's.
			const meaning = { indices: meaningVectors[0].indices, values: embedding };
			inDomain = Math.min(inDomain, meaningFactor(maxSimilarity(meaning, byClass[best], meaningVectors, meaningScratch), meaningReference));
		}
		const ranked: RankedIntent[] = [];
		for (let k = 0; k < classes; k++) ranked.push({ category: data.names[k], confidence: probs[k] * inDomain });
		ranked.sort((a, b) => b.confidence - a.confidence || (a.category < b.category ? -1 : 1));
		const top = ranked[0];
		return {
			category: data.names[best],
			confidence: data.names[best] === top.category ? top.confidence : probs[best] * inDomain,
			alternatives: ranked.filter((r) => r.category !== data.names[best]).slice(0, maxAlternatives),
		};
	};

	return { info, predict };
}

function buildTrainingSet(intents: IntentDefinition[], useDescriptions: boolean): TrainingSet {
	if (!Array.isArray(intents) || intents.length === 0) {
		throw new Error('intents: define at least one intent with example phrases');
	}
	const texts: string[] = [];
	const labels: number[] = [];
	const names: string[] = [];
	intents.forEach((intent, position) => {
		const name = typeof intent?.name === 'string' ? intent.name.trim() : '';
		if (!name) throw new Error(`intents[${position}].name: every intent needs a non-empty name`);
		if (names.includes(name)) throw new Error(`intents[${position}].name: intent "${name}" is defined twice`);
		if (!Array.isArray(intent.examples)) {
			throw new Error(`intents[${position}].examples: intent "${name}" needs a list of example phrases`);
		}
		const label = names.length;
		const seen = new Set<string>();
		const add = (raw: unknown): boolean => {
			if (typeof raw !== 'string') return false;
			const key = wordTokens(normalizeText(raw)).join(' ');
			// Duplicates would only weigh one phrasing more; texts without words teach nothing.
			if (!key || seen.has(key)) return false;
			seen.add(key);
			texts.push(raw);
			labels.push(label);
			return true;
		};
		let usable = 0;
		for (const example of intent.examples) if (add(example)) usable++;
		if (usable === 0) {
			throw new Error(`intents[${position}].examples: intent "${name}" has no example phrases with words in them`);
		}
		if (useDescriptions && intent.description) add(intent.description);
		names.push(name);
	});
	return { texts, labels, names };
}

/**
 * Held-out logits from models that did not see those examples, then the temperature that fits
 * them. One 20% hold-out for large sets, k-fold cross-validation for small ones, nothing when the
 * set is too small for the fit to mean anything.
 */
function calibrate(
	labels: readonly number[],
	classes: number,
	seed: number,
	train: (idx: readonly number[]) => SoftmaxModel,
	heldOutLogits: (model: SoftmaxModel, trainIdx: readonly number[]) => (i: number) => Float64Array,
	epochs: number,
):
	| { temperature: number; method: ClassifierInfo['calibration']; holdoutModel?: { model: SoftmaxModel; steps: number } }
	| undefined {
	const n = labels.length;
	const maxFolds = n >= SMALL_FROM ? MAX_FOLDS_SMALL : MAX_FOLDS_TINY;
	const folds = n >= HOLDOUT_FROM ? 5 : Math.min(maxFolds, Math.max(2, Math.floor(n / classes)));
	const foldOf = new Int32Array(n).fill(-1);
	const random = createRandom(seed ^ 0x5bd1e995);
	const byClass: number[][] = Array.from({ length: classes }, () => []);
	labels.forEach((label, i) => byClass[label].push(i));
	let offset = 0;
	for (const members of byClass) {
		// A class with one example can never be held out: the fold model would not know it.
		if (members.length < 2) continue;
		shuffleInPlace(members, random);
		members.forEach((i, j) => (foldOf[i] = (j + offset) % folds));
		offset++;
	}
	const usedFolds = n >= HOLDOUT_FROM ? 1 : folds;
	const heldLogits: Float64Array[] = [];
	const heldLabels: number[] = [];
	let holdoutModel: { model: SoftmaxModel; steps: number } | undefined;
	for (let f = 0; f < usedFolds; f++) {
		const trainIdx: number[] = [];
		const testIdx: number[] = [];
		for (let i = 0; i < n; i++) (foldOf[i] === f ? testIdx : trainIdx).push(i);
		if (testIdx.length === 0) continue;
		const model = train(trainIdx);
		if (usedFolds === 1) holdoutModel = { model, steps: epochs * trainIdx.length };
		const logitsOf = heldOutLogits(model, trainIdx);
		for (const i of testIdx) {
			heldLogits.push(logitsOf(i));
			heldLabels.push(labels[i]);
		}
	}
	if (heldLogits.length < MIN_HELD_OUT_FOR_TEMPERATURE) return undefined;
	const temperature = fitTemperature(heldLogits, heldLabels);
	return { temperature, method: usedFolds === 1 ? 'holdout' : 'cross-validation', holdoutModel };
}

