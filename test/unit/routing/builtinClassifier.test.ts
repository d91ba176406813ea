import { trainClassifier } from '../../../engine/routing';
import { MAX_CLASSIFIER_CHARS } from '../../../engine/routing/textNormalize';
import type { IntentDefinition } from '../../../engine/routing/types';
import { HELD_OUT, SUPPORT_INTENTS } from './supportIntents';

const UNRELATED = [
	'qwzx vbnm plkj hgfd',
	'asdkjh qweoiu zxcmnb',
	'What is the capital of Mongolia?',
	'My grandmother bakes the best apple pie in the village',
];

describe('trainClassifier: training and prediction', () => {
	const classifier = trainClassifier(SUPPORT_INTENTS, { seed: 3 });

	it('lists the intents in definition order', () => {
		expect(classifier.intents).toEqual(['refund', 'order_status', 'technical_problem', 'account_access']);
	});

	it.each(HELD_OUT)('predicts the held-out paraphrase %p as %p', (text, expected) => {
		expect(classifier.predict(text).category).toBe(expected);
	});

	it('ranks alternatives best first, without the chosen intent, with probabilities that add up', () => {
		const p = classifier.predict('I want my money back for the late parcel');
		expect(p.alternatives).toHaveLength(3);
		expect(p.alternatives.map((a) => a.category)).not.toContain(p.category);
		for (let i = 1; i < p.alternatives.length; i++) {
			expect(p.alternatives[i - 1].confidence).toBeGreaterThanOrEqual(p.alternatives[i].confidence);
		}
		expect(p.alternatives[0].confidence).toBeLessThanOrEqual(p.confidence);
		const total = p.confidence + p.alternatives.reduce((s, a) => s + a.confidence, 0);
		expect(total).toBeLessThanOrEqual(1 + 1e-9);
	});

	it('honours maxAlternatives', () => {
		const small = trainClassifier(SUPPORT_INTENTS, { maxAlternatives: 1 });
		expect(small.predict('where is my parcel').alternatives).toHaveLength(1);
	});
});

describe('trainClassifier: threshold behaviour', () => {
	const classifier = trainClassifier(SUPPORT_INTENTS, { seed: 3 });

	it.each(UNRELATED)('scores unrelated or gibberish text %p below 0.5', (text) => {
		expect(classifier.predict(text).confidence).toBeLessThan(0.5);
	});

	it.each([
		['I want a refund for my order please', 'refund'],
		['Where is my order? It has not arrived', 'order_status'],
		['I forgot my password and cannot log in', 'account_access'],
		['The app keeps crashing with an error', 'technical_problem'],
	])('scores clear in-scope text %p above 0.5', (text, expected) => {
		const p = classifier.predict(text);
		expect(p.category).toBe(expected);
		expect(p.confidence).toBeGreaterThan(0.5);
	});

	it('gives a one-intent set low confidence on unrelated text and high on in-scope text', () => {
		const single = trainClassifier([SUPPORT_INTENTS[0]]);
		expect(single.predict('please refund my order, I want my money back').confidence).toBeGreaterThan(0.5);
		for (const text of UNRELATED) expect(single.predict(text).confidence).toBeLessThan(0.5);
		expect(single.predict('please refund my order').category).toBe('refund');
	});
});

describe('trainClassifier: calibration', () => {
	it('is more confident on its right answers than on its wrong ones', () => {
		// Train on half the examples so that some held-out predictions are wrong.
		const half = SUPPORT_INTENTS.map((i) => ({ ...i, description: undefined, examples: i.examples.slice(0, 4) }));
		const classifier = trainClassifier(half, { seed: 5 });
		const heldOut: Array<[string, string]> = [
			...SUPPORT_INTENTS.flatMap((i) => i.examples.slice(4).map((e) => [e, i.name] as [string, string])),
			...HELD_OUT,
		];
		const right: number[] = [];
		const wrong: number[] = [];
		for (const [text, label] of heldOut) {
			const p = classifier.predict(text);
			(p.category === label ? right : wrong).push(p.confidence);
		}
		const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
		expect(right.length).toBeGreaterThan(wrong.length);
		expect(wrong.length).toBeGreaterThan(0);
		expect(mean(right)).toBeGreaterThan(mean(wrong));
	});

	it('fits a temperature by cross-validation when there are enough examples', () => {
		const classifier = trainClassifier(SUPPORT_INTENTS);
		expect(classifier.info.calibration).toBe('cross-validation');
		expect(classifier.info.temperature).toBeGreaterThan(0);
		const tiny = trainClassifier(SUPPORT_INTENTS.map((i) => ({ ...i, examples: i.examples.slice(0, 2) })));
		expect(tiny.info.calibration).toBe('default');
	});
});

describe('trainClassifier: determinism', () => {
	it('gives identical predictions for the same seed and data', () => {
		const a = trainClassifier(SUPPORT_INTENTS, { seed: 11 });
		const b = trainClassifier(SUPPORT_INTENTS, { seed: 11 });
		for (const [text] of HELD_OUT) expect(a.predict(text)).toEqual(b.predict(text));
		expect(a.info.temperature).toBe(b.info.temperature);
	});
});

describe('trainClassifier: bad and unusual input', () => {
	const classifier = trainClassifier(SUPPORT_INTENTS);

	it.each(['', '   \n\t ', '!!! ??? ...', '🙂🙂'])('returns no category and confidence 0 for %p', (text) => {
		expect(classifier.predict(text)).toEqual({ category: null, confidence: 0, alternatives: [] });
	});

	it('rejects a non-string text with a clear error', () => {
		expect(() => classifier.predict(42 as unknown as string)).toThrow(/text must be a string/);
	});

	it('handles unicode and accents', () => {
		const p = classifier.predict('Wo ist meine Bestellung? Where is my order ‼️ café');
		expect(p.category).toBe('order_status');
		expect(Number.isFinite(p.confidence)).toBe(true);
	});

	it('handles a 1 MB message by reading its start', () => {
		const long = 'I forgot my password and cannot log in. ' + 'lorem ipsum dolor '.repeat(60_000);
		expect(long.length).toBeGreaterThan(MAX_CLASSIFIER_CHARS * 100);
		expect(classifier.predict(long).category).toBe('account_access');
	});

	it('ignores duplicate examples', () => {
		const doubled = SUPPORT_INTENTS.map((i) => ({ ...i, examples: [...i.examples, ...i.examples, i.examples[0].toUpperCase()] }));
		const trained = trainClassifier(doubled);
		expect(trained.info.examples).toBe(classifier.info.examples);
	});

	it('throws an error naming an intent with no examples', () => {
		const intents: IntentDefinition[] = [...SUPPORT_INTENTS, { name: 'billing', examples: [], rolloutMode: 'auto' }];
		expect(() => trainClassifier(intents)).toThrow(/"billing" has no example phrases/);
		const blank: IntentDefinition[] = [{ name: 'billing', examples: ['  ', '...'], rolloutMode: 'auto' }];
		expect(() => trainClassifier(blank)).toThrow(/"billing"/);
	});

	it('throws on no intents, unnamed and duplicate intents', () => {
		expect(() => trainClassifier([])).toThrow(/at least one intent/);
		expect(() => trainClassifier([{ name: ' ', examples: ['hi'], rolloutMode: 'auto' }])).toThrow(/intents\[0\]\.name/);
		expect(() => trainClassifier([SUPPORT_INTENTS[0], SUPPORT_INTENTS[0]])).toThrow(/defined twice/);
	});
});
