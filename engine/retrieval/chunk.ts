import { createHash } from 'node:crypto';
import type { Block } from './blocks';
import { htmlToBlocks } from './htmlBlocks';
import { markdownToBlocks } from './markdownBlocks';
import { textToBlocks } from './textBlocks';
import type { PolicyChunk, PolicyDocument } from './types';

export interface ChunkOptions {
	/** Upper bound of a chunk's text; one list item or sentence longer than this is cut anyway. */
	maxChars?: number;
	/** A section's trailing piece shorter than this joins the piece before it. */
	minChars?: number;
}

export const DEFAULT_CHUNK_OPTIONS: Required<ChunkOptions> = { maxChars: 900, minChars: 200 };

export function documentBlocks(document: Pick<PolicyDocument, 'format' | 'content'>): Block[] {
	if (document.format === 'html') return htmlToBlocks(document.content);
	if (document.format === 'text') return textToBlocks(document.content);
	return markdownToBlocks(document.content);
}

/**
 * Derived only from what identifies a passage's place, not its text: re-ingesting an edited
 * document overwrites the same ids instead of adding duplicates.
 */
export function chunkIdFor(documentId: string, version: string, headingPath: string[], ordinal: number): string {
	const digest = createHash('sha256')
		.update([documentId, version, headingPath.join('\u001f'), String(ordinal)].join('\u0000'))
		.digest('hex');
	return `${documentId}:${version}:${digest.slice(0, 24)}`;
}

/** Qdrant accepts only UUIDs or integers as point ids: a name-based UUID (v5 layout) of the chunk id. */
export function pointIdFor(chunkId: string): string {
	const h = createHash('sha1').update(chunkId).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function splitSentences(text: string, maxChars: number): string[] {
	const sentences = text.match(/[^.!?]+(?:[.!?]+["')\]]*\s*|$)/g) ?? [text];
	const pieces: string[] = [];
	let current = '';
	for (const sentence of sentences) {
		if (current && current.length + sentence.length > maxChars) {
			pieces.push(current.trim());
			current = '';
		}
		if (sentence.length > maxChars) {
			for (let i = 0; i < sentence.length; i += maxChars) pieces.push(sentence.slice(i, i + maxChars).trim());
		} else {
			current += sentence;
		}
	}
	if (current.trim()) pieces.push(current.trim());
	return pieces;
}

/** Turns a section's blocks into units that are never cut: a paragraph, or a list with its lead-in. */
function sectionUnits(body: Block[], maxChars: number): string[] {
	const units: string[] = [];
	for (let i = 0; i < body.length; i++) {
		const block = body[i];
		if (block.kind === 'heading') continue;
		if (block.kind === 'paragraph') {
			const next = body[i + 1];
			if (next?.kind === 'list' && /:\s*$/.test(block.text)) continue; // Emitted with its list.
			units.push(...splitSentences(block.text, maxChars));
			continue;
		}
		const previous = body[i - 1];
		const leadIn = previous?.kind === 'paragraph' && /:\s*$/.test(previous.text) ? previous.text : '';
		const lines = block.items.map((item, n) => (block.ordered ? `${n + 1}. ` : '- ') + item);
		// A long list is cut between items; each part repeats the lead-in so it still reads on its own.
		let current = leadIn;
		for (const line of lines) {
			if (current && current !== leadIn && current.length + line.length + 1 > maxChars) {
				units.push(current);
				current = leadIn;
			}
			current = current ? `${current}\n${line}` : line;
		}
		if (current && current !== leadIn) units.push(current);
	}
	return units;
}

function packUnits(units: string[], { maxChars, minChars }: Required<ChunkOptions>): string[] {
	const chunks: string[] = [];
	let current = '';
	for (const unit of units) {
		if (current && current.length + unit.length + 1 > maxChars) {
			chunks.push(current);
			current = '';
		}
		current = current ? `${current}\n${unit}` : unit;
	}
	if (current) {
		const previous = chunks[chunks.length - 1];
		if (previous !== undefined && current.length < minChars && previous.length + current.length < maxChars * 1.25) {
			chunks[chunks.length - 1] = `${previous}\n${current}`;
		} else {
			chunks.push(current);
		}
	}
	return chunks;
}

/** Cuts a document into passages along its headings; each passage keeps its heading path. */
export function chunkDocument(document: PolicyDocument, options: ChunkOptions = {}): PolicyChunk[] {
	const settings = { ...DEFAULT_CHUNK_OPTIONS, ...options };
	const blocks = documentBlocks(document);
	const sections: Array<{ path: string[]; body: Block[] }> = [];
	const stack: Array<{ level: number; text: string }> = [];
	let body: Block[] = [];
	const closeSection = () => {
		if (body.length) sections.push({ path: stack.map((h) => h.text), body });
		body = [];
	};
	for (const block of blocks) {
		if (block.kind === 'heading') {
			closeSection();
			while (stack.length && stack[stack.length - 1].level >= block.level) stack.pop();
			stack.push({ level: block.level, text: block.text });
		} else {
			body.push(block);
		}
	}
	closeSection();

	const chunks: PolicyChunk[] = [];
	// Two sections with the same heading path (a repeated heading) continue one ordinal sequence,
	// so their ids cannot collide.
	const nextOrdinal = new Map<string, number>();
	for (const section of sections) {
		const key = section.path.join('\u001f');
		for (const text of packUnits(sectionUnits(section.body, settings.maxChars), settings)) {
			const ordinal = nextOrdinal.get(key) ?? 0;
			nextOrdinal.set(key, ordinal + 1);
			chunks.push({
				chunkId: chunkIdFor(document.documentId, document.version, section.path, ordinal),
				documentId: document.documentId,
				title: document.title,
				version: document.version,
				effectiveFrom: new Date(document.effectiveFrom).toISOString(),
				effectiveTo: document.effectiveTo ? new Date(document.effectiveTo).toISOString() : null,
				headingPath: section.path,
				ordinal,
				text,
				tags: document.tags ?? [],
			});
		}
	}
	return chunks;
}

/** What is embedded and matched lexically: the title and headings carry much of a passage's topic. */
export function searchableText(chunk: Pick<PolicyChunk, 'title' | 'headingPath' | 'text'>): string {
	const context = [chunk.title, ...chunk.headingPath.filter((h) => h !== chunk.title)].join(' > ');
	return context ? `${context}\n${chunk.text}` : chunk.text;
}
