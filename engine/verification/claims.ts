import type { PolicyPassage } from '../contracts';

/**
 * What a reply asserts that the policy must back: durations, percentages and money amounts, and
 * promise phrases (compensation, guarantees, dates). Anything else in a reply is courtesy or a fact
 * the Critic checks elsewhere.
 */
export interface Claim {
	kind: 'duration' | 'percent' | 'amount' | 'promise';
	/** The text as written in the reply. */
	text: string;
	/** The number (durations, percentages, amounts) or the promise's key term. */
	key: string;
}

const DURATION = /(\d+(?:[.,]\d+)?)\s*(?:-\s*)?(?:business\s+|working\s+|calendar\s+)?(days?|hours?|weeks?|months?|years?|tage[n]?|werktage[n]?|stunden|wochen|jours?|semaines?|días|dias|semanas|dagen|weken|giorni|settimane|horas|heures|ore|uur)\b/giu;
const PERCENT = /(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|prozent\b|pour\s?cent\b|por\s?ciento\b|procent\b|per\s?cento\b)/giu;
const AMOUNT = /(?:[$€£]\s?(\d+(?:[.,]\d{1,2})?)|(\d+(?:[.,]\d{1,2})?)\s?(?:€|\$|£|eur\b|usd\b|gbp\b|chf\b|cad\b|aud\b))/giu;

/** Promise phrases, each with the key term a cited passage must contain to back it. */
const PROMISES: Array<{ pattern: RegExp; key: string }> = [
	{ pattern: /\bguarantee[sd]?\b|\bgarantier\w*|\bgarantie\b|\bgarantiza\w*/iu, key: 'guarantee' },
	{ pattern: /\bcompensat\w*|\bentschädig\w*|\bdédommag\w*|\bcompensación\b/iu, key: 'compensat' },
	{ pattern: /\bvouchers?\b|\bgutschein\w*|\bbon d'achat\b/iu, key: 'voucher' },
	{ pattern: /\bcoupons?\b|\bpromo(?:tion(?:al)?)? codes?\b/iu, key: 'coupon' },
	{ pattern: /\bdiscount\w*|\brabatt\w*|\bremise\b|\bdescuento\b/iu, key: 'discount' },
	{ pattern: /\bgift cards?\b/iu, key: 'gift card' },
	{ pattern: /\bstore credit\b/iu, key: 'store credit' },
	{ pattern: /\bfree of charge\b|\bat no (?:extra )?cost\b|\bkostenlos\w*|\bgratuit\w*|\bgratis\b/iu, key: 'free' },
	{ pattern: /\bfree (?:replacement|shipping|return|upgrade|delivery)\b/iu, key: 'free' },
	{ pattern: /\bfull refund\b|\bvolle[n]? (?:erstattung|rückerstattung)\b|\bremboursement (?:intégral|complet)\b/iu, key: 'full refund' },
	{ pattern: /\bmoney back\b|\bgeld zurück\b/iu, key: 'money back' },
	{ pattern: /\bprice match\w*/iu, key: 'price match' },
	{ pattern: /\bexpress (?:shipping|delivery)\b|\bexpedited\b|\bovernight\b/iu, key: 'express' },
	{ pattern: /\b(?:by|before) (?:tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bbis morgen\b/iu, key: 'date' },
];

function normaliseNumber(s: string): string {
	const n = Number(s.replace(',', '.'));
	return Number.isFinite(n) ? String(n) : s;
}

export function extractClaims(text: string): Claim[] {
	const claims: Claim[] = [];
	for (const m of text.matchAll(DURATION)) claims.push({ kind: 'duration', text: m[0], key: normaliseNumber(m[1]) });
	for (const m of text.matchAll(PERCENT)) claims.push({ kind: 'percent', text: m[0], key: normaliseNumber(m[1]) });
	for (const m of text.matchAll(AMOUNT)) claims.push({ kind: 'amount', text: m[0], key: normaliseNumber(m[1] ?? m[2]) });
	for (const p of PROMISES) {
		const m = p.pattern.exec(text);
		if (m) claims.push({ kind: 'promise', text: m[0], key: p.key });
	}
	return claims;
}

/** Standalone numbers in a text, normalised ("30", "49.9"), so "30 days" matches "30-day". */
export function numbersIn(text: string): Set<string> {
	return new Set([...text.matchAll(/\d+(?:[.,]\d+)?/g)].map((m) => normaliseNumber(m[0])));
}

export interface ClaimEvidence {
	/** Passages the reply cites that exist and are in force. */
	cited: PolicyPassage[];
	/** Numbers that are facts of this case (order total, charge amount, plan amounts, dates). */
	factNumbers: Set<string>;
}

/**
 * Claims with no backing. Durations and percentages are policy: only a cited passage backs them.
 * Amounts may also be facts of the case. Promises need their key term in a cited passage.
 */
export function unbackedClaims(text: string, evidence: ClaimEvidence): Claim[] {
	const passageText = evidence.cited.map((p) => p.text.toLowerCase()).join('\n');
	const passageNumbers = numbersIn(passageText);
	return extractClaims(text).filter((c) => {
		if (c.kind === 'promise') {
			if (c.key === 'date') return true;
			return !passageText.includes(c.key);
		}
		if (c.kind === 'amount') return !(evidence.factNumbers.has(c.key) || passageNumbers.has(c.key));
		return !passageNumbers.has(c.key);
	});
}

/** Sentences, for removing one claim without rewriting the whole reply. */
export function splitSentences(text: string): string[] {
	return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim().length > 0);
}
