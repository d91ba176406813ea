import { trainClassifierWithEncoder } from '../../../engine/routing';
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
