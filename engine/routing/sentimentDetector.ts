import { CAPITALISED_ACRONYMS, INTENSIFIERS, NEGATIVE_WORDS, NEGATORS, PROFANITY, SENTIMENT_WORDS } from './signalLexicon';
import { MAX_CLASSIFIER_CHARS, normalizeText } from './textNormalize';
import type { SentimentResult } from './types';
import { RULES } from './urgencyRules';

/** Multi-word expressions whose meaning the word list cannot see ("no longer working"). */
const NEGATIVE_PHRASES: ReadonlyArray<[RegExp, string]> = [
	[/\b(not|isnt|arent|stopped|no longer|never) work(ing|s)?\b/, 'not working'],
	[/\b(doesnt|dont|didnt|wont|does not|do not|did not|will not) (work|do what)\b/, 'does not work'],
	[/\bnot what i (ordered|expected|paid for|asked for)\b/, 'not what I ordered'],
	[/\b(fed up|sick of|tired of|had enough|im done with)\b/, 'fed up'],
	[/\b(waste of (time|money)|rip ?off|no help|nothing like)\b/, 'complaint phrase'],
];
const POSITIVE_PHRASES: ReadonlyArray<[RegExp, string]> = [
	[/\b(keep it up|well done|nice work|great job|good job|works? (great|perfectly|fine)|all good now|exactly what i (needed|wanted))\b/, 'praise phrase'],
	[/\b(i|we|really) (really )?(like|liked)\b/, 'likes it'],
];
/** Reported problems count as negative even in calm words: a customer reporting fraud, an outage
 * or a third unanswered email is not neutral. */
const PROBLEM_REPORTS: ReadonlyArray<[keyof typeof RULES, number, string]> = [
	['security', 1.5, 'reports fraud or a security incident'],
	['outage', 1.5, 'reports an outage'],
	['legal', 2, 'threatens legal action or a chargeback'],
	['repeated', 1.5, 'repeated contact'],
	['malfunction', 1, 'reports something not working'],
];
/** Set phrases whose words mislead the word list ("would be nice" is a wish, not praise). */
const NEUTRAL_PHRASES = /\b(would be (nice|great|good|helpful)|(is|was) (that|this|it) a problem|if (thats|its|it is) not a problem|would like|looks like|feel like|no worries)\b/g;

/** Tokens that end a negation's reach: punctuation and a contrast. */
const SCOPE_BREAK = new Set(['.', ',', ';', ':', '!', '?', 'but', 'however', 'although', 'though']);
/** After "but", the writer's real point follows: that clause counts more, the one before less. */
const CONTRAST = new Set(['but', 'however', 'although', 'though']);

const NEGATION_REACH = 3;
const NEGATED_NEGATIVE_FACTOR = -0.6;

/**
 * Lexicon sentiment with negation, intensifiers, contrast, profanity and shouting. Every
 * contribution is named in `signals` so an agent can see why a ticket was marked negative.
 */
export function detectSentiment(input: string): SentimentResult {
	if (typeof input !== 'string' || input.trim() === '') return { label: 'neutral', score: 0, signals: [] };
	const text = input.slice(0, MAX_CLASSIFIER_CHARS);
	const normalized = normalizeText(text).replace(NEUTRAL_PHRASES, ' ');
	const signals: string[] = [];
	let sum = 0;

	let phraseSaidIt = false;

	for (const [pattern, name] of NEGATIVE_PHRASES) {
		if (pattern.test(normalized)) {
			sum -= 1.5;
			phraseSaidIt = true;
			signals.push(`negative phrase: ${name}`);
		}
	}
	for (const [rule, weight, name] of PROBLEM_REPORTS) {
		if (rule === 'malfunction' && phraseSaidIt) continue;
		if (RULES[rule].test(normalized)) {
			sum -= weight;
			signals.push(name);
		}
	}
	for (const [pattern, name] of POSITIVE_PHRASES) {
		if (pattern.test(normalized)) {
			sum += 1.5;
			signals.push(`positive phrase: ${name}`);
		}
	}
	if (PROFANITY.test(normalized)) {
		sum -= 1.5;
		signals.push('profanity');
	}

	const tokens = normalized.match(/[\p{L}\p{N}]+|[.,;:!?]/gu) ?? [];
	const original = text.normalize('NFKC').match(/[\p{L}\p{N}'’]+|[.,;:!?]/gu) ?? [];
	let negatedFor = 0;
	let intensity = 1;
	let clauseWeight = 1;
	let afterContrast = false;
	const contributions: number[] = [];
	const clauseOf: number[] = [];
	let clause = 0;
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		if (SCOPE_BREAK.has(token)) {
			negatedFor = 0;
			intensity = 1;
			if (CONTRAST.has(token)) {
				afterContrast = true;
				clause++;
			}
			continue;
		}
		if (NEGATORS.has(token)) {
			negatedFor = NEGATION_REACH;
			continue;
		}
		if (INTENSIFIERS.has(token)) {
			intensity = 1.5;
			continue;
		}
		const magnitude = SENTIMENT_WORDS[token];
		if (magnitude !== undefined) {
			let value = NEGATIVE_WORDS.has(token) ? -magnitude : magnitude;
			value *= intensity;
			if (intensity > 1) signals.push(`intensifier on "${token}"`);
			if (isShouted(original[i])) value *= 1.5;
			if (negatedFor > 0) {
				value = value < 0 ? value * NEGATED_NEGATIVE_FACTOR : -value;
				signals.push(value > 0 ? `negated negative: "${token}"` : `negated positive: "${token}"`);
			} else {
				signals.push(`${value > 0 ? 'positive' : 'negative'} word: "${token}"`);
			}
			contributions.push(value);
			clauseOf.push(clause);
			intensity = 1;
		}
		if (negatedFor > 0) negatedFor--;
	}
	// A contrast matters when it turns the tone ("not bad, but the fit is terrible"); clauses of the
	// same tone simply add up.
	const last = contributions.filter((_, i) => clauseOf[i] === clause).reduce((a, b) => a + b, 0);
	const before = contributions.filter((_, i) => clauseOf[i] !== clause).reduce((a, b) => a + b, 0);
	const turns = afterContrast && last !== 0 && before !== 0 && Math.sign(last) !== Math.sign(before);
	for (let i = 0; i < contributions.length; i++) {
		clauseWeight = turns ? (clauseOf[i] === clause ? 1.5 : 0.5) : 1;
		sum += contributions[i] * clauseWeight;
	}
	if (turns) signals.push('contrast: the clause after "but" weighs more');

	const shouting = countShouted(original) >= 1;
	const exclamations = (text.match(/!/g) ?? []).length;
	if (sum !== 0 && (shouting || exclamations >= 2)) {
		sum *= 1.3;
		signals.push(shouting ? 'capitals (shouting)' : 'repeated exclamation marks');
	}

	const score = Math.round(Math.tanh(sum / 4) * 1000) / 1000;
	const label = score <= -0.2 ? 'negative' : score >= 0.2 ? 'positive' : 'neutral';
	return { label, score, signals };
}

function isShouted(word: string | undefined): boolean {
	if (!word || word.length < 3 || CAPITALISED_ACRONYMS.has(word)) return false;
	return /\p{Lu}/u.test(word) && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Words of four or more letters written in capitals, acronyms aside. */
export function countShouted(words: readonly string[]): number {
	return words.filter((w) => w.length >= 4 && isShouted(w)).length;
}
