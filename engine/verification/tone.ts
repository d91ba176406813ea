/** Words a support reply never contains, in the languages the language guess knows. */
const PROFANITY = [
	'fuck', 'fucking', 'shit', 'bullshit', 'damn', 'crap', 'asshole', 'bastard', 'bitch', 'idiot', 'stupid', 'moron', 'dumb',
	'scheiße', 'scheisse', 'arschloch', 'idiot', 'blöd', 'merde', 'putain', 'connard', 'mierda', 'joder', 'gilipollas',
	'kut', 'klootzak', 'cazzo', 'stronzo', 'merda', 'porra',
];

/** Phrases that blame or talk down to the customer. */
const RUDE = [
	/\byour (own )?fault\b/i,
	/\byou should have\b/i,
	/\bobviously\b/i,
	/\bas (i|we) (already )?(said|told you)\b/i,
	/\bcalm down\b/i,
	/\bnot our problem\b/i,
	/\bread the (manual|instructions)\b/i,
];

export interface ToneFinding {
	problem: string;
	text: string;
}

export function toneFindings(text: string, extraWords: string[] = []): ToneFinding[] {
	const findings: ToneFinding[] = [];
	const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
	const banned = new Set([...PROFANITY, ...extraWords.map((w) => w.toLowerCase())]);
	for (const w of words) if (banned.has(w)) findings.push({ problem: 'profanity', text: w });
	for (const r of RUDE) {
		const m = r.exec(text);
		if (m) findings.push({ problem: 'condescending or blaming phrase', text: m[0] });
	}
	const shouted = (text.match(/\b[A-Z]{4,}\b/g) ?? []).filter((w) => !/^(HTTP|HTTPS|JSON|HTML|EUR|USD|GBP|FAQ|ASAP|IBAN|SEPA|PDF|UTC)$/.test(w));
	if (shouted.length >= 3) findings.push({ problem: 'shouting (words in capitals)', text: shouted.slice(0, 3).join(' ') });
	if (/!{3,}/.test(text)) findings.push({ problem: 'excessive exclamation marks', text: '!!!' });
	return findings;
}
