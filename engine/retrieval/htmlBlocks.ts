// One HTML entity decoder for the package: helpdesk bodies and policy documents are the same HTML.
import { decodeEntities } from '../intake/html';
import { type Block, collapseSpaces } from './blocks';

/** Elements whose start or end ends the running paragraph. */
const BLOCK_TAGS = new Set([
	'p',
	'div',
	'section',
	'article',
	'header',
	'footer',
	'main',
	'aside',
	'blockquote',
	'table',
	'thead',
	'tbody',
	'tr',
	'dl',
	'dt',
	'dd',
	'br',
	'hr',
	'pre',
	'figure',
	'figcaption',
	'nav',
	'body',
]);

/**
 * Reads HTML into blocks with a tolerant tag scanner rather than a DOM: policy pages come from CMSs
 * and help centres with unclosed tags, and only headings, paragraphs, lists and table rows matter.
 */
export function htmlToBlocks(source: string): Block[] {
	const html = source
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(/<(head|script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ');
	const blocks: Block[] = [];
	let text = '';
	let heading: { level: number; text: string } | null = null;
	// One entry per open <ul>/<ol>; a nested list folds into the parent's open item, because a
	// sub-condition belongs with its rule.
	const lists: Array<{ items: string[]; ordered: boolean; current: string | null }> = [];
	let rowCells: string[] | null = null;
	const top = () => lists[lists.length - 1];

	const flushText = () => {
		const clean = collapseSpaces(decodeEntities(text));
		text = '';
		if (!clean) return;
		if (heading) heading.text += ' ' + clean;
		else if (rowCells) rowCells.push(clean);
		else if (lists.length && top().current !== null) top().current += ' ' + clean;
		else if (lists.length) top().current = clean;
		else blocks.push({ kind: 'paragraph', text: clean });
	};
	const closeItem = () => {
		flushText();
		const list = top();
		if (!list || list.current === null) return;
		const clean = collapseSpaces(list.current);
		if (clean) list.items.push(clean);
		list.current = null;
	};
	const closeList = () => {
		closeItem();
		const done = lists.pop();
		if (!done || !done.items.length) return;
		const parent = top();
		if (parent) {
			const joined = done.items.join('; ');
			parent.current = parent.current === null ? joined : `${parent.current}: ${joined}`;
		} else {
			blocks.push({ kind: 'list', ordered: done.ordered, items: done.items });
		}
	};

	const tagPattern = /<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
	let last = 0;
	for (let match = tagPattern.exec(html); match; match = tagPattern.exec(html)) {
		text += html.slice(last, match.index);
		last = tagPattern.lastIndex;
		const name = match[1].toLowerCase();
		const closing = match[0][1] === '/';
		if (/^h[1-6]$/.test(name)) {
			flushText();
			if (!closing) {
				while (lists.length) closeList();
				heading = { level: Number(name[1]), text: '' };
			} else if (heading) {
				const headingText = collapseSpaces(heading.text);
				if (headingText) blocks.push({ kind: 'heading', level: heading.level, text: headingText });
				heading = null;
			}
		} else if (name === 'ul' || name === 'ol') {
			flushText();
			if (!closing) lists.push({ items: [], ordered: name === 'ol', current: null });
			else if (lists.length) closeList();
		} else if (name === 'li') {
			if (!lists.length) continue;
			closeItem();
			if (!closing) top().current = '';
		} else if (name === 'tr') {
			flushText();
			if (!closing) rowCells = [];
			else if (rowCells) {
				if (rowCells.length) blocks.push({ kind: 'paragraph', text: rowCells.join(' | ') });
				rowCells = null;
			}
		} else if (name === 'td' || name === 'th' || BLOCK_TAGS.has(name)) {
			flushText();
		}
	}
	text += html.slice(last);
	flushText();
	while (lists.length) closeList();
	return blocks;
}
