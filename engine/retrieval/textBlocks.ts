import { type Block, collapseSpaces } from './blocks';

const BULLET = /^\s*(?:[-*•·–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+(.*)$/;
const NUMBERED_HEADING = /^\s*((?:\d{1,2}\.)+\d{0,2}|\d{1,2})\.?\s+(\S.*)$/;

function looksLikeTitle(line: string): boolean {
	const t = line.trim();
	return t.length > 0 && t.length <= 80 && !/[.;,:!?]$/.test(t) && /[A-Za-z]/.test(t);
}

function isAllCaps(line: string): boolean {
	const letters = line.replace(/[^A-Za-z]/g, '');
	return letters.length >= 3 && letters === letters.toUpperCase();
}

/**
 * Plain text has no markup, so headings are recognised the way a reader does: a short line alone
 * in its block that is underlined, written in capitals, numbered like "2.1 Title", or ends with a
 * colon. Bulleted or numbered lines are list items.
 */
export function textToBlocks(source: string): Block[] {
	const paragraphs = source.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
	const blocks: Block[] = [];
	for (const raw of paragraphs) {
		const lines = raw.split('\n').filter((l) => l.trim() !== '');
		if (!lines.length) continue;
		let start = 0;
		// A heading line may sit directly on top of its text without a blank line between.
		const first = lines[0];
		const underline = lines[1] !== undefined && /^\s*(=+|-+)\s*$/.test(lines[1]);
		if (underline && looksLikeTitle(first)) {
			blocks.push({ kind: 'heading', level: lines[1].trim().startsWith('=') ? 1 : 2, text: collapseSpaces(first) });
			start = 2;
		} else if (looksLikeTitle(first) && (isAllCaps(first) || (lines.length === 1 && NUMBERED_HEADING.test(first)))) {
			const numbered = NUMBERED_HEADING.exec(first);
			const depth = numbered ? numbered[1].split('.').filter(Boolean).length : 1;
			blocks.push({
				kind: 'heading',
				level: isAllCaps(first) && !numbered ? 1 : depth + 1,
				text: collapseSpaces(numbered ? numbered[2] : first),
			});
			start = 1;
		} else if (
			lines.length > 1 &&
			looksLikeTitle(first) &&
			first.trim().length <= 50 &&
			/^[A-Z0-9]/.test(first.trim()) &&
			!BULLET.test(first) &&
			lines[1].trim().length > first.trim().length
		) {
			// "Late parcels" on its own line directly above a longer sentence.
			blocks.push({ kind: 'heading', level: 2, text: collapseSpaces(first) });
			start = 1;
		} else if (lines.length === 1 && /:\s*$/.test(first) && first.trim().length <= 60 && !BULLET.test(first)) {
			// "Refund timing:" alone in its block titles what follows.
			blocks.push({ kind: 'heading', level: 2, text: collapseSpaces(first.replace(/:\s*$/, '')) });
			continue;
		}
		let paragraph: string[] = [];
		let items: string[] = [];
		const flushParagraph = () => {
			const text = collapseSpaces(paragraph.join(' '));
			if (text) blocks.push({ kind: 'paragraph', text });
			paragraph = [];
		};
		const flushItems = () => {
			if (items.length) blocks.push({ kind: 'list', ordered: false, items: items.map(collapseSpaces) });
			items = [];
		};
		for (const line of lines.slice(start)) {
			const bullet = BULLET.exec(line);
			if (bullet) {
				flushParagraph();
				items.push(bullet[1]);
			} else if (items.length && /^\s{2,}/.test(line)) {
				items[items.length - 1] += ' ' + line.trim();
			} else {
				flushItems();
				paragraph.push(line.trim());
			}
		}
		flushParagraph();
		flushItems();
	}
	return blocks;
}
