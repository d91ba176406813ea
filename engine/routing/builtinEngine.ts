import { trainClassifier, trainClassifierWithEncoder, type EncoderClassifier, type EncoderClassifierOptions } from './builtinClassifier';
import { cachedClassifier } from './intentDefinitions';
import { DEFAULT_CONFIDENCE_THRESHOLD } from './routeTicket';
import type { IntentDefinition, TextEncoder } from './types';

/**
 * What the built-in engine learns from: 'lexical' (words and characters) or 'encoder' (the same
 * plus a sentence encoder's meaning). The values are the node's saved option values.
 */
export type BuiltinFeatures = 'lexical' | 'encoder';

/** The names operators see outside the editor (CLI, reports): `--features words|meaning`. */
export const FEATURE_NAMES: Readonly<Record<BuiltinFeatures, string>> = { lexical: 'words', encoder: 'meaning' };

/** What a new Intent Router (version 2) learns from unless the operator picks otherwise. */
export const NODE_DEFAULT_FEATURES: BuiltinFeatures = 'encoder';

export function featuresByName(name: string): BuiltinFeatures | undefined {
	const entry = Object.entries(FEATURE_NAMES).find(([value, label]) => label === name || value === name);
	return entry?.[0] as BuiltinFeatures | undefined;
}

/** Either engine behind one asynchronous face (the lexical one answers at once). */
export interface BuiltinRouter extends EncoderClassifier {
	readonly features: BuiltinFeatures;
}

/**
 * Trains the built-in engine with the given features. The node, the CLI and the benchmarks all call
 * this, so they measure the engine operators run. `encoder` is required for 'encoder'.
 */
export async function trainBuiltinRouter(
	intents: IntentDefinition[],
	features: BuiltinFeatures,
	options: EncoderClassifierOptions & { encoder?: TextEncoder } = {},
): Promise<BuiltinRouter> {
	const { encoder, ...classifierOptions } = options;
	if (features === 'encoder') {
		if (!encoder) throw new Error('features "encoder" needs a sentence encoder');
		const c = await trainClassifierWithEncoder(intents, encoder, classifierOptions);
		return { features, intents: c.intents, info: c.info, predict: (text) => c.predict(text) };
	}
	const c = trainClassifier(intents, classifierOptions);
	return { features, intents: c.intents, info: c.info, predict: async (text) => c.predict(text) };
}

/**
 * The same, trained once per intent set, features and process (see cachedClassifier): executions
 * that arrive while it trains share one training.
 */
export function cachedBuiltinRouter(intents: IntentDefinition[], features: BuiltinFeatures, encoder: () => TextEncoder): Promise<BuiltinRouter> {
	// Its own key: the in-process pipeline caches the bare lexical classifier under { engine: 'builtin' }.
	return cachedClassifier(intents, { engine: 'builtinRouter', features }, () => trainBuiltinRouter(intents, features, features === 'encoder' ? { encoder: encoder() } : {})).classifier;
}

/**
 * The confidence threshold the node starts with for these features. Confidence is calibrated on
 * in-scope examples, but how far it falls on out-of-scope text differs per feature set, so each has
 * its own default (chosen on CLINC150 validation data, checked on its test split: bench/router-builtin.ts).
 */
export function defaultThreshold(features: BuiltinFeatures): number {
	return DEFAULT_THRESHOLDS[features];
}

/**
 * The lowest threshold of the bench's grid that sends at least 80% of CLINC150's oos_train (never
 * trained on) to Human, for the full and the 10-shot training sets, whichever is higher. Checked on
 * val + oos_val (`npm run bench:router`). Version 1 nodes keep routeTicket's DEFAULT_CONFIDENCE_THRESHOLD (0.5).
 */
const DEFAULT_THRESHOLDS: Readonly<Record<BuiltinFeatures, number>> = {
	lexical: 0.7,
	encoder: 0.7,
};

/** Defaults that differ per Intent Router node version: version 1 keeps what saved workflows were built with. */
export interface RouterVersionDefaults {
	features: BuiltinFeatures;
	threshold: number;
}

/** The newest Intent Router node version; the in-process pipeline runs what a new node does. */
export const LATEST_ROUTER_VERSION = 2;

/**
 * The one source of the node's per-version defaults: the node, its description, the in-process
 * pipeline and the replay's reading of a saved workflow all take them from here.
 */
export function routerVersionDefaults(version: number): RouterVersionDefaults {
	return version >= 2
		? { features: NODE_DEFAULT_FEATURES, threshold: defaultThreshold(NODE_DEFAULT_FEATURES) }
		: { features: 'lexical', threshold: DEFAULT_CONFIDENCE_THRESHOLD };
}
