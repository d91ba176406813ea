/**
 * HTML to plain text for helpdesk message bodies. Help Scout, Intercom and Freshdesk send HTML;
 * the classifier and every later layer want the words the customer wrote, not markup. A small
 * hand-written converter is enough here: we never render the result, we only read it.
 */

const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	ndash: '\u2013',
	mdash: '\u2014',
	hellip: '\u2026',
	lsquo: '\u2018',
	rsquo: '\u2019',
	ldquo: '\u201c',
	rdquo: '\u201d',
	laquo: '\u00ab',
	raquo: '\u00bb',
	bull: '\u2022',
	middot: '\u00b7',
	euro: '\u20ac',
	pound: '\u00a3',
	yen: '\u00a5',
	cent: '\u00a2',
	copy: '\u00a9',
	reg: '\u00ae',
	trade: '\u2122',
	deg: '\u00b0',
	times: '\u00d7',
	eacute: '\u00e9',
	egrave: '\u00e8',
	agrave: '\u00e0',
	aacute: '\u00e1',
	ccedil: '\u00e7',
	ouml: '\u00f6',
	uuml: '\u00fc',
	auml: '\u00e4',
	Ouml: '\u00d6',
	Uuml: '\u00dc',
	Auml: '\u00c4',
	szlig: '\u00df',
	ntilde: '\u00f1',
	iexcl: '\u00a1',
	iquest: '\u00bf',
	shy: '',
	zwnj: '',
	zwj: '',
};

/** Decodes named (common ones) and numeric character references; unknown names stay as written. */
export function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
		if (ref[0] === '#') {
			const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
			// Lone surrogates and out-of-range code points would throw in fromCodePoint.
			if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
			return String.fromCodePoint(code);
		}
		const named = NAMED_ENTITIES[ref];
		return named === undefined ? whole : named;
	});
}

const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i;
const BLOCK_TAGS = 'p|div|tr|h[1-6]|blockquote|pre|table|ul|ol|section|article|header|footer|hr';

/**
 * Plain text from an HTML (or plain) body: tags removed, block boundaries kept as line breaks,
 * entities decoded, runs of spaces and blank lines collapsed, trimmed.
 */
export function htmlToText(input: string): string {
	let text = input.replace(/\r\n?/g, '\n');
	if (LOOKS_LIKE_HTML.test(text)) {
		text = text
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
			// Source line breaks inside HTML are not meaningful; tags say where lines break.
			.replace(/\n/g, ' ')
			.replace(/<br\s*\/?>/gi, '\n')
			.replace(/<li\b[^>]*>/gi, '\n- ')
			.replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n')
			.replace(/<\/?(?:td|th)\b[^>]*>/gi, ' ')
			.replace(/<[^>]*>/g, '');
	}
	text = decodeEntities(text).replace(/\u00a0/g, ' ');
	const lines = text.split('\n').map((line) => line.replace(/[ \t\f\v]+/g, ' ').trim());
	return lines
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
