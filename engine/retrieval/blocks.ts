/**
 * The format-neutral shape every parser produces: headings, paragraphs and lists. Chunking works on
 * these, so Markdown, HTML and plain text are cut by the same rules.
 */
export type Block =
	| { kind: 'heading'; level: number; text: string }
	| { kind: 'paragraph'; text: string }
	| { kind: 'list'; items: string[]; ordered: boolean };

export function collapseSpaces(text: string): string {
	return text.replace(/[ \t\f\v\u00a0]+/g, ' ').trim();
}
