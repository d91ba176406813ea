import { trainClassifierWithEncoder } from '../../../engine/routing';
import { meaningFactor } from '../../../engine/routing/domainSimilarity';
import type { TextEncoder } from '../../../engine/routing/types';
import { HELD_OUT, SUPPORT_INTENTS } from './supportIntents';

/** A stand-in encoder: hashed bag of words, unit length. Deterministic and instant, so the test
 * checks the plumbing of the encoder mode, not the quality of a real sentence encoder. */
class HashingEncoder implements TextEncoder {
	calls = 0;
	constructor(private readonly dimension = 32) {}
	async embed(texts: string[]): Promise<number[][]> {
		this.calls++;
		return texts.map((text) => {
			const v = new Array<number>(this.dimension).fill(0);
			for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
				let h = 0;
				for (const c of word) h = (h * 31 + c.charCodeAt(0)) >>> 0;
				v[h % this.dimension] += 1;
			}
			const norm = Math.hypot(...v) || 1;
			return v.map((x) => x / norm);
		});
	}
}

describe('trainClassifierWithEncoder', () => {
	it('trains with encoder features and predicts the held-out paraphrases', async () => {
		const encoder = new HashingEncoder();
		const classifier = await trainClassifierWithEncoder(SUPPORT_INTENTS, encoder, { seed: 3 });
		expect(classifier.info.features).toBeGreaterThan(32);
		let right = 0;
		for (const [text, label] of HELD_OUT) if ((await classifier.predict(text)).category === label) right++;
		expect(right).toBeGreaterThanOrEqual(HELD_OUT.length - 1);
		expect((await classifier.predict('qwzx vbnm plkj')).confidence).toBeLessThan(0.5);
	});

	it('embeds a ticket seen again (re-delivery, retry) only once, with the same prediction', async () => {
		const encoder = new HashingEncoder();
		const classifier = await trainClassifierWithEncoder(SUPPORT_INTENTS, encoder);
		const calls = encoder.calls;
		const first = await classifier.predict('I want my money back for the broken kettle');
		const again = await classifier.predict('I want my money back for the broken kettle');
		expect(again).toEqual(first);
		expect(encoder.calls).toBe(calls + 1);
		await classifier.predict('Where is my parcel?');
		expect(encoder.calls).toBe(calls + 2);
	});

	it('does not call the encoder for text without words', async () => {
		const encoder = new HashingEncoder();
		const classifier = await trainClassifierWithEncoder(SUPPORT_INTENTS, encoder);
		const calls = encoder.calls;
		expect(await classifier.predict('  !!! ')).toEqual({ category: null, confidence: 0, alternatives: [] });
		expect(encoder.calls).toBe(calls);
	});

	it('fails clearly when the encoder changes its dimension', async () => {
		let dimension = 8;
		const fickle: TextEncoder = {
			embed: async (texts) => texts.map(() => new Array<number>(dimension).fill(0.1)),
		};
		const classifier = await trainClassifierWithEncoder(SUPPORT_INTENTS, fickle);
		dimension = 4;
		await expect(classifier.predict('where is my order')).rejects.toThrow(/4 dimensions, expected 8/);
	});
});

/** The hashing encoder, one dimension wider; texts about tulips point only along the extra one, i.e.
 * they mean nothing like any example, whatever words they share with them. */
class OffTopicEncoder implements TextEncoder {
	private readonly inner = new HashingEncoder(32);
	async embed(texts: string[]): Promise<number[][]> {
		const vectors = await this.inner.embed(texts);
		return vectors.map((v, i) => (/tulip/i.test(texts[i]) ? [...v.map(() => 0), 1] : [...v, 0]));
	}
}

describe('meaning gate of the encoder engine', () => {
	const text = 'Where is my order? Also, which tulip varieties flower best in shade?';

	it('gives no confidence to a ticket far in meaning from every example, however many words it shares', async () => {
		const plain = await trainClassifierWithEncoder(SUPPORT_INTENTS, new HashingEncoder(33), { seed: 3 });
		const gated = await trainClassifierWithEncoder(SUPPORT_INTENTS, new OffTopicEncoder(), { seed: 3 });
		const near = await plain.predict(text);
		const far = await gated.predict(text);
		expect(near.confidence).toBeGreaterThan(0.3);
		expect(far.confidence).toBe(0);
		// The gate lowers confidence only: the best intent is still reported.
		expect(far.category).not.toBeNull();
	});

	it('meaningFactor: full above its ramp, zero below, floors for a low anchor', () => {
		expect(meaningFactor(0.6, 0.55)).toBe(1);
		expect(meaningFactor(0.25, 0.55)).toBe(0);
		expect(meaningFactor(0.36, 0.55)).toBeGreaterThan(0);
		expect(meaningFactor(0.36, 0.55)).toBeLessThan(1);
		// A low anchor (paraphrases far apart) cannot pull the ramp under its floors.
		expect(meaningFactor(0.19, 0.1)).toBe(0);
		expect(meaningFactor(0.35, 0.1)).toBe(1);
	});
});

