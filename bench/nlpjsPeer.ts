/**
 * NLP.js (@nlpjs/nlp + @nlpjs/lang-en-min, the most used JavaScript NLU) as the peer of the
 * router benchmark, trained and asked exactly as its documentation shows. NLP.js ships no types,
 * so the little of its API used here is typed by hand.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

interface NlpResult {
	intent: string;
	score: number;
	classifications?: Array<{ intent: string; score: number }>;
}

interface NlpInstance {
	settings: Record<string, unknown>;
	addLanguage(locale: string): void;
	addDocument(locale: string, utterance: string, intent: string): void;
	train(): Promise<unknown>;
	process(locale: string, utterance: string): Promise<NlpResult>;
}

interface Container {
	use(plugin: unknown): void;
	get(name: string): unknown;
	registerConfiguration(tag: string, config: Record<string, unknown>, overwrite: boolean): void;
}

const { containerBootstrap } = require('@nlpjs/core') as { containerBootstrap: () => Promise<Container> };
const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
const { LangEn } = require('@nlpjs/lang-en-min') as { LangEn: unknown };

/** NLP.js's label for "no intent": the peer's way of sending a ticket to a person. */
export const NLPJS_NONE = 'None';

export interface PeerPrediction {
	/** Decided intent, or null when NLP.js answered None. */
	intent: string | null;
	/** Best intent other than None, for top-1 (in-scope) accuracy regardless of rejection. */
	top: string | null;
	score: number;
}

export interface TrainedPeer {
	predict(text: string): Promise<PeerPrediction>;
}

export async function trainNlpjs(rows: ReadonlyArray<readonly [string, string]>): Promise<TrainedPeer> {
	const container = await containerBootstrap();
	// Its defaults log every training epoch to the console; only that is switched off. Default
	// stop-word and None-feature settings are kept, as a user gets them.
	container.registerConfiguration(
		'nlu-??',
		{ keepStopwords: true, nonefeatureValue: 1, nonedeltaMultiplier: 1.2, spellCheck: false, spellCheckDistance: 1, filterZeros: true, log: false },
		true,
	);
	container.use(Nlp);
	container.use(LangEn);
	const nlp = container.get('nlp') as NlpInstance;
	nlp.settings.autoSave = false;
	// Sentiment is a separate feature of NLP.js's process(); off, so its time is not counted as routing.
	nlp.settings.calculateSentiment = false;
	nlp.addLanguage('en');
	for (const [text, intent] of rows) nlp.addDocument('en', text, intent);
	await nlp.train();
	return {
		async predict(text: string): Promise<PeerPrediction> {
			const result = await nlp.process('en', text);
			const top = result.classifications?.find((c) => c.intent !== NLPJS_NONE)?.intent ?? null;
			const intent = result.intent === NLPJS_NONE ? null : result.intent;
			return { intent, top: intent ?? top, score: result.score };
		},
	};
}
