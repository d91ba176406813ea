import type { CaseFile } from '../contracts';

/**
 * How much money the customer asked for, in their own words. It decides what an over-cap refund
 * means: a customer who asked for more than the automation may refund needs a person to decide the
 * amount (capping it silently would close the case on less than they asked for), while a plan that
 * exceeds the cap on its own (a planner mistake) can simply be revised down to the cap.
 */

export interface NamedAmount {
	amount: number;
	/** ISO code when the text says it ("$" is read as USD, "€" as EUR, "£" as GBP). */
	currency?: string;
	/** The amount as written, for reasons a person reads. */
	text: string;
}

export interface RequestedAmount {
	amount: number;
	currency?: string;
	/** 'named': an amount in the customer's words; 'everything_paid': a refund request naming no amount. */
	how: 'named' | 'everything_paid';
	text: string;
}

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };
const CODES = 'eur|usd|gbp|chf|cad|aud|nzd|sek|nok|dkk|pln|czk|jpy';
// Thousands separators only with whole groups of three ("1,234.50", "1.234,50"); decimals have 1 or 2 digits.
const NUMBER = String.raw`\d{1,3}(?:[,.']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const PREFIXED = new RegExp(String.raw`(?:([$€£])|\b(${CODES})\b)\s?(${NUMBER})(?![\d.,]?\d)`, 'giu');
const SUFFIXED = new RegExp(String.raw`(?<![\d.,])(${NUMBER})\s?(?:([$€£])|\b(${CODES})\b)`, 'giu');

export function parseMoneyNumber(raw: string): number | undefined {
	const decimal = /[.,](\d{1,2})$/.exec(raw);
	const whole = (decimal ? raw.slice(0, decimal.index) : raw).replace(/[,.']/g, '');
	const n = Number(`${whole}${decimal ? `.${decimal[1]}` : ''}`);
	return Number.isFinite(n) ? n : undefined;
}

/** Currency-marked amounts in a text ("$433.57", "824.22 EUR", "€ 1.234,50"); bare numbers are order numbers as often as money. */
export function namedAmounts(text: string): NamedAmount[] {
	const found: Array<NamedAmount & { at: number; end: number }> = [];
	const add = (m: RegExpMatchArray, numberGroup: number, symbol: string | undefined, code: string | undefined) => {
		const amount = parseMoneyNumber(m[numberGroup]);
		const at = m.index ?? 0;
		const end = at + m[0].length;
		if (amount === undefined || found.some((f) => at < f.end && end > f.at)) return;
		const currency = symbol ? SYMBOLS[symbol] : code?.toUpperCase();
		found.push({ amount, ...(currency ? { currency } : {}), text: m[0].trim(), at, end });
	};
	for (const m of text.matchAll(PREFIXED)) add(m, 3, m[1], m[2]);
	for (const m of text.matchAll(SUFFIXED)) add(m, 1, m[2], m[3]);
	return found.sort((a, b) => a.at - b.at).map(({ amount, currency, text: t }) => ({ amount, ...(currency ? { currency } : {}), text: t }));
}

/** What the customer wrote: subject, latest message and their earlier public messages (never agents' or internal text). */
export function customerWords(caseFile: CaseFile): string {
	const t = caseFile.ticket;
	if (!t) return '';
	const earlier = t.conversation.filter((c) => c.author === 'customer' && c.public !== false).map((c) => c.body);
	return [t.subject, ...earlier, t.message].join('\n');
}

/**
 * The largest amount the customer named; or, when they ask for a refund without naming one, what
 * they paid (asking for your money back is asking for all of it). Undefined when neither is known.
 */
export function requestedAmount(caseFile: CaseFile, opts: { asksForRefund: boolean; paid?: number; currency?: string }): RequestedAmount | undefined {
	const named = namedAmounts(customerWords(caseFile));
	if (named.length) {
		const top = named.reduce((a, b) => (b.amount > a.amount ? b : a));
		return { amount: top.amount, ...(top.currency ? { currency: top.currency } : {}), how: 'named', text: top.text };
	}
	if (opts.asksForRefund && opts.paid !== undefined) {
		return { amount: opts.paid, ...(opts.currency ? { currency: opts.currency.toUpperCase() } : {}), how: 'everything_paid', text: 'a refund of what was paid' };
	}
	return undefined;
}
