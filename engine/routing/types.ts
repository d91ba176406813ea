import type { RolloutMode } from '../contracts';

/** One intent as the operator defines it in the Intent Router node. */
export interface IntentDefinition {
	name: string;
	description?: string;
	/** Example customer messages, one per entry. */
	examples: string[];
	rolloutMode: RolloutMode;
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
