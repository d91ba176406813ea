/**
 * Removes payment data and secrets from anything a hand-off shows a person. The helpdesk note is
 * stored and searchable for years; a card number or API token pasted into a ticket must not be.
 */

function luhnValid(digits: string): boolean {
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let d = digits.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return sum % 10 === 0;
}

/** Card brands by prefix and length; ids that merely pass Luhn (Shopify's 13-digit ids) are left alone. */
function looksLikeCard(digits: string): boolean {
	const n = digits.length;
	if (n < 14 || n > 19) return false;
	const brand =
		(/^4/.test(digits) && (n === 16 || n === 19)) ||
		(/^(5[1-5]|2[2-7])/.test(digits) && n === 16) ||
		(/^3[47]/.test(digits) && n === 15) ||
		(/^3(0[0-5]|[68])/.test(digits) && n === 14) ||
		(/^6(011|5|4[4-9])/.test(digits) && n >= 16) ||
		(/^35/.test(digits) && n >= 16) ||
		(/^62/.test(digits) && n >= 16);
	return brand && luhnValid(digits);
}

function ibanValid(raw: string): boolean {
	const iban = raw.replace(/\s+/g, '').toUpperCase();
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
	const rearranged = iban.slice(4) + iban.slice(0, 4);
	let rem = 0;
	for (const ch of rearranged) {
		const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
		for (const d of v) rem = (rem * 10 + Number(d)) % 97;
	}
	return rem === 1;
}

const SECRET_PATTERNS: Array<[RegExp, string]> = [
	[/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, '$1 [secret removed]'],
	[/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{8,}\b/g, '[secret removed]'],
	[/\bwhsec_[A-Za-z0-9]{8,}\b/g, '[secret removed]'],
	[/\bshp(?:at|ss|ca|pa)_[A-Za-z0-9]{16,}\b/g, '[secret removed]'],
	[/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '[secret removed]'],
	[/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, '[secret removed]'],
	[/\bAKIA[0-9A-Z]{16}\b/g, '[secret removed]'],
	[/\bAIza[0-9A-Za-z\-_]{35}\b/g, '[secret removed]'],
	[/\bsk-[A-Za-z0-9_-]{20,}\b/g, '[secret removed]'],
	[/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[token removed]'],
	[/\b(https?:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1[credentials removed]@'],
	[
		/\b(password|passwd|pwd|passcode|pass ?phrase|api[_ -]?key|apikey|secret|client[_ -]?secret|access[_ -]?token|auth[_ -]?token|token|passwort|kennwort|mot de passe|contraseña|wachtwoord)(\s*(?:is|ist|est|es|:|=)\s*)("[^"]*"|'[^']*'|[^\s,;"']*[^\s,;"'.!?])/gi,
		'$1$2[removed]',
	],
	[/\b(cvv2?|cvc2?|csc|cid|security code|card verification (?:code|value)|prüfnummer|cryptogramme)(\s*(?:is|:|=|#)?\s*)\d{3,4}\b/gi, '$1$2[removed]'],
];

/**
 * A run of digit groups ("order 1001 4111 1111 1111 1111") may hold a card among other numbers:
 * test every contiguous span of groups, longest first, and replace the ones that are cards.
 */
function redactCardsInRun(run: string): string {
	const groups = run.split(/([ -])/);
	const parts: string[] = groups.filter((_, i) => i % 2 === 0);
	const seps: string[] = groups.filter((_, i) => i % 2 === 1);
	if (parts.join('').length < 14) return run;
	const out: string[] = [];
	let i = 0;
	while (i < parts.length) {
		let matched = -1;
		for (let j = parts.length - 1; j >= i; j--) {
			const digits = parts.slice(i, j + 1).join('');
			if (digits.length <= 19 && looksLikeCard(digits)) {
				matched = j;
				break;
			}
		}
		if (matched >= 0) {
			out.push('[card number removed]');
			if (matched + 1 < parts.length) out.push(seps[matched]);
			i = matched + 1;
		} else {
			out.push(parts[i]);
			if (i + 1 < parts.length) out.push(seps[i]);
			i++;
		}
	}
	return out.join('');
}

export function redactText(text: string): string {
	let out = text;
	out = out.replace(/\b\d+(?:[ -]\d+)*\b/g, redactCardsInRun);
	out = out.replace(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, (m) => (ibanValid(m) ? '[IBAN removed]' : m));
	for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
	return out;
}

const SECRET_KEY = /pass(word|wd|phrase)?$|secret|token|api[_-]?key|authori[sz]ation|cookie|credential|^cvv|^cvc|card_?number|^pan$/i;

/**
 * Keys whose whole value describes a payment instrument (Stripe's payment_method_details, a card's
 * last4 and expiry, a bank account): an agent never needs them to answer, so none of it is shown.
 */
const PAYMENT_KEY = /^(payment_method_details|payment_details|card|bank_account|sepa_debit|us_bank_account|last_?4|exp_month|exp_year|expiry|fingerprint|iban)$/i;
const PAYMENT_OBJECT = /^(card|bank_account|source|payment_method)$/;

/**
 * Redacts every string in a value, drops the values of keys that name secrets and removes payment
 * instrument details whole.
 */
export function redactDeep<T>(value: T): T {
	const walk = (v: unknown, key?: string): unknown => {
		if (key && PAYMENT_KEY.test(key) && v !== null && v !== undefined) return '[payment details removed]';
		if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { object?: unknown }).object === 'string' && PAYMENT_OBJECT.test((v as { object: string }).object)) return '[payment details removed]';
		if (key && SECRET_KEY.test(key) && v !== null && v !== undefined && typeof v !== 'object') return '[removed]';
		if (typeof v === 'string') return redactText(v);
		if (Array.isArray(v)) return v.map((x) => walk(x));
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
		return v;
	};
	return walk(value) as T;
}
