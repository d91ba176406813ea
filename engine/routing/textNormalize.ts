/**
 * Text cleaning shared by training and prediction. Both sides must see text the same way, so
 * every transformation lives here.
 */

/** Long messages are cut before feature extraction: the intent is nearly always stated early,
 * and the cut bounds prediction time for a 1 MB ticket. */
export const MAX_CLASSIFIER_CHARS = 5000;

const WORD_PATTERN = /[\p{L}\p{N}]+/gu;
const APOSTROPHE_PATTERN = /[\u0027\u2018\u2019\u02bc`]/g;
const DIGITS_PATTERN = /\p{N}/gu;

export function normalizeText(text: string): string {
	const cut = text.length > MAX_CLASSIFIER_CHARS ? text.slice(0, MAX_CLASSIFIER_CHARS) : text;
	// NFKC folds full-width forms and ligatures; apostrophes are dropped so "don't" and "dont" meet.
	return cut.normalize('NFKC').toLowerCase().replace(APOSTROPHE_PATTERN, '');
}

/** Word tokens of already-normalised text. Digits are folded to 0 so "order 12345" and
 * "order 98765" share features, as order numbers say nothing about the intent. */
export function wordTokens(normalized: string): string[] {
	const tokens = normalized.match(WORD_PATTERN);
	if (!tokens) return [];
	return tokens.map((t) => t.replace(DIGITS_PATTERN, '0'));
}
