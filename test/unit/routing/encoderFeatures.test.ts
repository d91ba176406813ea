import { addPrototypeScores, classPrototypes, cosine, nearestCosine, unitLength } from '../../../engine/routing/encoderFeatures';
import { trainClassifierWithEncoder } from '../../../engine/routing';
import type { TextEncoder } from '../../../engine/routing/types';
import { HELD_OUT, SUPPORT_INTENTS } from './supportIntents';

describe('encoder features', () => {
	it('scales vectors to unit length and leaves the zero vector alone', () => {
		expect(Array.from(unitLength([3, 4]))).toEqual([0.6, 0.8]);
		expect(Array.from(unitLength([0, 0]))).toEqual([0, 0]);
	});

	it('builds prototypes from the given members only', () => {
		const embeddings = [unitLength([1, 0]), unitLength([1, 1]), unitLength([0, 1]), unitLength([-1, 0])];
		const labels = [0, 0, 1, 1];
		const all = classPrototypes(embeddings, labels, 2, [0, 1, 2, 3]);
		expect(cosine(all[0], unitLength([2, 0.82842712]))).toBeCloseTo(1, 6);
		const withoutLast = classPrototypes(embeddings, labels, 2, [0, 1, 2]);
		expect(Array.from(withoutLast[1])).toEqual([0, 1]);
		expect(Array.from(all[1])).not.toEqual([0, 1]);
	});

	it('adds weighted prototype cosines to the logits in place', () => {
		const logits = Float64Array.of(1, 1);
		const prototypes = [unitLength([1, 0]), unitLength([0, 1])];
		addPrototypeScores(logits, unitLength([1, 0]), prototypes, 5);
		expect(Array.from(logits)).toEqual([6, 1]);
	});

	it('finds the nearest example by cosine among the members', () => {
		const embeddings = [unitLength([1, 0]), unitLength([1, 1]), unitLength([0, 1])];
		expect(nearestCosine(unitLength([0, 1]), [0, 1], embeddings)).toBeCloseTo(Math.SQRT1_2, 9);
		expect(nearestCosine(unitLength([0, 1]), [0, 1, 2], embeddings)).toBeCloseTo(1, 9);
	});
});

const UNSEEN_WORDS = 'qwzx vbnm plkj';

/** Embeds every text of an intent near that intent's own axis, whatever its words: what a good
 * sentence encoder does for paraphrases. Unknown text gets an axis of its own. */
function oracleEncoder(scale: number): TextEncoder {
	const axis = new Map<string, number>();
	SUPPORT_INTENTS.forEach((intent, k) => {
		for (const e of intent.examples) axis.set(e, k);
		if (intent.description) axis.set(intent.description, k);
	});
	HELD_OUT.forEach(([text, label]) => axis.set(text, SUPPORT_INTENTS.findIndex((i) => i.name === label)));
	// Words the lexical model has never seen, meaning (to this encoder) the second intent.
	axis.set(UNSEEN_WORDS, 1);
	const dimension = SUPPORT_INTENTS.length + 1;
	return {
		embed: async (texts) =>
			texts.map((t) => {
				const v = new Array<number>(dimension).fill(0.1 * scale);
				v[axis.get(t) ?? dimension - 1] = scale;
				return v;
			}),
	};
}

describe('trainClassifierWithEncoder prototypes', () => {
	it('ignores the length of the embeddings (they are normalised)', async () => {
		const small = await trainClassifierWithEncoder(SUPPORT_INTENTS, oracleEncoder(1), { seed: 2 });
		const large = await trainClassifierWithEncoder(SUPPORT_INTENTS, oracleEncoder(1000), { seed: 2 });
		const [text] = HELD_OUT[0];
		expect((await large.predict(text)).confidence).toBeCloseTo((await small.predict(text)).confidence, 6);
	});

	it('lets the prototype score carry paraphrases that share no words with the examples', async () => {
		const encoder = oracleEncoder(1);
		const without = await trainClassifierWithEncoder(SUPPORT_INTENTS, encoder, { seed: 2, encoderWeight: 0.01 });
		const withPrototypes = await trainClassifierWithEncoder(SUPPORT_INTENTS, encoder, {
			seed: 2,
			encoderWeight: 0.01,
			prototypeWeight: 20,
		});
		let rightWithout = 0;
		let rightWith = 0;
		for (const [text, label] of HELD_OUT) {
			if ((await without.predict(text)).category === label) rightWithout++;
			if ((await withPrototypes.predict(text)).category === label) rightWith++;
		}
		expect(rightWith).toBe(HELD_OUT.length);
		expect(rightWith).toBeGreaterThanOrEqual(rightWithout);
		// Only the prototype score knows what these words mean.
		expect((await withPrototypes.predict(UNSEEN_WORDS)).category).toBe(SUPPORT_INTENTS[1].name);
		expect((await without.predict(UNSEEN_WORDS)).category).not.toBe(SUPPORT_INTENTS[1].name);
	});
});
