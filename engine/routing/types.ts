import type { IntentSettings, RolloutMode } from '../contracts';

/** One intent as the operator defines it in the Intent Router node. */
export interface IntentDefinition {
	name: string;
	description?: string;
	/** Example customer messages, one per entry. */
	examples: string[];
	rolloutMode: RolloutMode;
	/** Its playbook, numbers, tools and checks (Router version 3), carried to the later layers in the case file. */
	settings?: IntentSettings;
}

export interface RankedIntent {
	category: string;
	/** Calibrated probability that this category is the right one. */
	confidence: number;
}

export interface Prediction {
	/** Best intent; null only when the engine has nothing to offer (e.g. empty text after cleaning). */
	category: string | null;
	confidence: number;
	/** Next best intents, best first, excluding `category`. */
	alternatives: RankedIntent[];
}

export interface IntentClassifier {
	readonly intents: readonly string[];
	predict(text: string): Prediction;
}

export interface UrgencyResult {
	level: 'low' | 'normal' | 'high' | 'critical';
	signals: string[];
}

export interface SentimentResult {
	label: 'negative' | 'neutral' | 'positive';
	score: number;
	signals: string[];
}

/** Tuning of the built-in classifier; every field has a default that suits 5 to 10,000 examples. */
export interface ClassifierOptions {
	/** Seed of every random choice in training (example order, calibration folds). Default 1. */
	seed?: number;
	/** Use each intent's description as one more example. Default true. */
	useDescriptions?: boolean;
	/** Passes of SGD over the examples. Default: scaled to the data size (20 to 300). */
	epochs?: number;
	/** L2 penalty. Default 1e-5. */
	l2?: number;
	/** Initial SGD step. Default 2. */
	learningRate?: number;
	/** How many alternatives a prediction lists at most. Default 5. */
	maxAlternatives?: number;
	/** Character n-gram lengths inside words (benchmark tuning). Default [2, 5]. */
	charRange?: [number, number];
	/** Features seen in fewer training texts are dropped (benchmark tuning). Default 1 (all kept). */
	minDf?: number;
	/** Share of the lexical vector's norm given to word features (benchmark tuning). Default 0.5. */
	wordShare?: number;
}

/** Facts about a trained classifier, for the trace and for benchmarks. */
export interface ClassifierInfo {
	examples: number;
	features: number;
	/** Temperature fitted on held-out folds (1 when the examples were too few to fit one). */
	temperature: number;
	/** How the temperature was obtained. */
	calibration: 'holdout' | 'cross-validation' | 'default';
	/** Similarity to the nearest training example at and above which text counts as in-domain. */
	domainSimilarity: number;
	trainMs: number;
}

/** A sentence encoder (e.g. Universal Sentence Encoder lite) for the optional encoder mode. */
export interface TextEncoder {
	embed(texts: string[]): Promise<number[][]>;
}
