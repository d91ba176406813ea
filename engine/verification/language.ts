/**
 * A small stopword-based language guess: enough to notice an English reply to a German ticket,
 * with no model. Short texts stay undecided rather than guessed.
 */
const STOPWORDS: Record<string, string[]> = {
	en: ['the', 'and', 'is', 'you', 'your', 'to', 'of', 'we', 'it', 'for', 'my', 'have', 'with', 'this', 'that', 'be', 'are', 'not', 'please', 'was', 'will', 'i', 'our', 'can'],
	de: ['der', 'die', 'das', 'und', 'ist', 'ich', 'sie', 'nicht', 'mit', 'ein', 'eine', 'zu', 'den', 'mein', 'meine', 'wir', 'ihre', 'ihr', 'bitte', 'haben', 'auf', 'für', 'es', 'noch', 'wurde'],
	fr: ['le', 'la', 'les', 'et', 'est', 'je', 'vous', 'pas', 'une', 'un', 'des', 'pour', 'mon', 'ma', 'nous', 'votre', 'avec', 'que', 'qui', 'dans', 'merci', 'sur', 'ai', 'ce'],
	es: ['el', 'la', 'los', 'las', 'y', 'es', 'yo', 'usted', 'no', 'una', 'un', 'para', 'mi', 'su', 'nosotros', 'con', 'que', 'por', 'del', 'gracias', 'pedido', 'está', 'tengo', 'se'],
	nl: ['de', 'het', 'een', 'en', 'is', 'ik', 'je', 'u', 'niet', 'van', 'voor', 'mijn', 'we', 'wij', 'uw', 'met', 'dat', 'die', 'op', 'bedankt', 'heb', 'nog', 'zijn', 'graag'],
	it: ['il', 'la', 'gli', 'le', 'e', 'è', 'io', 'non', 'una', 'un', 'per', 'mio', 'mia', 'noi', 'suo', 'con', 'che', 'del', 'della', 'grazie', 'ho', 'sono', 'ordine', 'di'],
	pt: ['o', 'a', 'os', 'as', 'e', 'é', 'eu', 'você', 'não', 'uma', 'um', 'para', 'meu', 'minha', 'nós', 'seu', 'com', 'que', 'do', 'da', 'obrigado', 'pedido', 'tenho', 'está'],
};

export interface LanguageGuess {
	/** ISO 639-1 code, or undefined when the text is too short or too mixed to tell. */
	language?: string;
	/** Share of stopword hits that belong to the winner. */
	confidence: number;
}

export function guessLanguage(text: string): LanguageGuess {
	const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
	const counts: Record<string, number> = {};
	let total = 0;
	for (const w of words) {
		for (const [lang, list] of Object.entries(STOPWORDS)) {
			if (list.includes(w)) {
				counts[lang] = (counts[lang] ?? 0) + 1;
				total++;
			}
		}
	}
	const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1]);
	if (!ranked.length || ranked[0][1] < 3) return { confidence: 0 };
	const [lang, hits] = ranked[0];
	const runnerUp = ranked[1]?.[1] ?? 0;
	if (hits < runnerUp * 1.5) return { confidence: hits / total };
	return { language: lang, confidence: hits / total };
}

/** 'de-CH' -> 'de'. */
export function baseLanguage(locale: string | undefined): string | undefined {
	if (!locale) return undefined;
	const base = locale.toLowerCase().split(/[-_]/)[0];
	return base.length === 2 ? base : undefined;
}
