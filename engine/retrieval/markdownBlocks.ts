import { type Block, collapseSpaces } from './blocks';

const ATX_HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$/;
const FENCE = /^ {0,3}(```|~~~)/;
const SETEXT = /^ {0,3}(=+|-+)\s*$/;

/** Strips inline Markdown that carries no meaning for search or citation (emphasis, link targets). */
export function stripInlineMarkdown(text: string): string {
	return collapseSpaces(
		text
			.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
			.replace(/(\*\*|__)(.+?)\1/g, '$2')
			.replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
			.replace(/`([^`]+)`/g, '$1'),
	);
}

/** A small, forgiving Markdown reader: ATX and setext headings, lists, tables, fences, paragraphs. */
export function markdownToBlocks(source: string): Block[] {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	const blocks: Block[] = [];
	let paragraph: string[] = [];
	let list: { items: string[]; ordered: boolean; indent: number } | null = null;

	const flushParagraph = () => {
		const text = stripInlineMarkdown(paragraph.join(' '));
		if (text) blocks.push({ kind: 'paragraph', text });
		paragraph = [];
	};
	const flushList = () => {
		if (list && list.items.length) {
			blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(stripInlineMarkdown) });
		}
		list = null;
	};

	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (FENCE.test(line)) {
			// Code in a policy is rare; keep it verbatim as one paragraph so nothing is lost.
			flushParagraph();
			flushList();
			const body: string[] = [];
			for (i++; i < lines.length && !FENCE.test(lines[i]); i++) body.push(lines[i]);
			if (body.join('').trim()) blocks.push({ kind: 'paragraph', text: body.join('\n').trim() });
			continue;
		}
		const atx = ATX_HEADING.exec(line);
		if (atx) {
			flushParagraph();
			flushList();
			blocks.push({ kind: 'heading', level: atx[1].length, text: stripInlineMarkdown(atx[2]) });
			continue;
		}
		if (paragraph.length === 1 && !list && SETEXT.test(line) && line.trim().length >= 2) {
			const text = stripInlineMarkdown(paragraph[0]);
			paragraph = [];
			blocks.push({ kind: 'heading', level: line.trim().startsWith('=') ? 1 : 2, text });
			continue;
		}
		if (/^\s*$/.test(line)) {
			flushParagraph();
			// A blank line inside a list does not end it when the next line continues the list.
			const next = lines.slice(i + 1).find((l) => l.trim() !== '');
			if (list && next !== undefined && (LIST_ITEM.test(next) || /^\s{2,}\S/.test(next))) continue;
			flushList();
			continue;
		}
		const item = LIST_ITEM.exec(line);
		if (item && !/^\s*[-*_]{3,}\s*$/.test(line)) {
			flushParagraph();
			const indent = item[1].length;
			const ordered = /\d/.test(item[2]);
			if (!list) list = { items: [], ordered, indent };
			// Nested items stay inside their parent item: a sub-condition belongs with its rule.
			if (indent > list.indent && list.items.length) list.items[list.items.length - 1] += '; ' + item[3];
			else list.items.push(item[3]);
			continue;
		}
		if (/^\s*\|/.test(line)) {
			flushParagraph();
			flushList();
			if (/^\s*\|?[\s:|-]+\|?\s*$/.test(line)) continue;
			const cells = line
				.split('|')
				.map((c) => c.trim())
				.filter(Boolean);
			blocks.push({ kind: 'paragraph', text: stripInlineMarkdown(cells.join(' | ')) });
			continue;
		}
		if (/^\s*[-*_]{3,}\s*$/.test(line)) {
			flushParagraph();
			flushList();
			continue;
		}
		if (list && list.items.length) {
			// A lazy continuation line of the current item.
			list.items[list.items.length - 1] += ' ' + line.trim();
			continue;
		}
		paragraph.push(line.replace(/^\s*>\s?/, ''));
	}
	flushParagraph();
	flushList();
	return blocks;
}
