/**
 * Reads the labelled files `eval-router` takes: a CSV with the header `text,category` (what a
 * helpdesk export or BANKING77 looks like) or a JSON array of `[text, intent]` pairs (CLINC150's
 * row shape). Errors name the file and the line, because the operator fixes them in an editor.
 */
import * as fs from 'fs';
import { CsvSyntaxError, parseCsvRecords, type CsvRecord } from '../engine/replay/csv';

export interface LabelledRow {
	text: string;
	label: string;
}

/** A problem with an input file; the command prints the message and exits with code 2. */
export class DatasetFileError extends Error {
	constructor(
		readonly file: string,
		readonly line: number | undefined,
		detail: string,
	) {
		super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
		this.name = 'DatasetFileError';
	}
}

// The CSV reader is shared with the shadow replay's tickets file (CLI and node).
export { CsvSyntaxError, parseCsvRecords, type CsvRecord } from '../engine/replay/csv';

const isBlank = (record: CsvRecord) => record.fields.length === 1 && record.fields[0].trim() === '';

/** Rows of a `text,category` CSV. `file` only names the source in errors. */
export function parseLabelledCsv(text: string, file: string): LabelledRow[] {
	const parsed = attempt(() => parseCsvRecords(text.replace(/^\uFEFF/, '')));
	if (!parsed.ok) {
		const error = parsed.error;
		throw error instanceof CsvSyntaxError ? new DatasetFileError(file, error.line, error.message) : error;
	}
	const records = parsed.value.filter((r) => !isBlank(r));
	if (records.length === 0) throw new DatasetFileError(file, undefined, 'the file is empty (expected the header "text,category" and rows)');
	const [header, ...rows] = records;
	const names = header.fields.map((f) => f.trim().toLowerCase());
	if (names.length !== 2 || names[0] !== 'text' || names[1] !== 'category') {
		throw new DatasetFileError(file, header.line, `bad header "${header.fields.join(',')}" (expected "text,category")`);
	}
	if (rows.length === 0) throw new DatasetFileError(file, header.line, 'no rows after the header');
	return rows.map((record) => {
		if (record.fields.length !== 2) {
			throw new DatasetFileError(
				file,
				record.line,
				`expected 2 fields (text,category), found ${record.fields.length}; quote text that contains commas`,
			);
		}
		return toRow(record.fields[0], record.fields[1], file, record.line);
	});
}

/** Rows of a JSON array of `[text, intent]` pairs. */
export function parseLabelledJson(text: string, file: string): LabelledRow[] {
	if (text.trim() === '') throw new DatasetFileError(file, undefined, 'the file is empty (expected a JSON array of [text, intent] pairs)');
	const parsed = attempt((): unknown => JSON.parse(text));
	if (!parsed.ok) {
		const message = parsed.error instanceof Error ? parsed.error.message : String(parsed.error);
		const position = /position (\d+)/.exec(message);
		throw new DatasetFileError(file, position ? lineAt(text, Number(position[1])) : undefined, `invalid JSON: ${message}`);
	}
	const data = parsed.value;
	if (!Array.isArray(data)) {
		throw new DatasetFileError(file, 1, 'expected a JSON array of [text, intent] pairs (for CLINC150, extract one split such as "train")');
	}
	if (data.length === 0) throw new DatasetFileError(file, 1, 'the array is empty');
	const lines = entryLines(text);
	return data.map((entry: unknown, i) => {
		const line = lines[i];
		if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
			throw new DatasetFileError(file, line, `entry ${i + 1} is not a [text, intent] pair of strings`);
		}
		return toRow(entry[0], entry[1], file, line);
	});
}

function toRow(text: string, label: string, file: string, line: number | undefined): LabelledRow {
	const cleanLabel = label.trim();
	if (cleanLabel === '') throw new DatasetFileError(file, line, 'empty category');
	if (text.trim() === '') throw new DatasetFileError(file, line, 'empty text');
	return { text, label: cleanLabel };
}

/** Reads a labelled file; `.json` files (or content starting with `[`) are JSON, others CSV. */
export function readLabelledFile(file: string): LabelledRow[] {
	const read = attempt(() => fs.readFileSync(file, 'utf8'));
	if (!read.ok) {
		const code = (read.error as NodeJS.ErrnoException).code;
		const detail =
			code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? String(read.error)})`;
		throw new DatasetFileError(file, undefined, detail);
	}
	const text = read.value;
	const json = file.toLowerCase().endsWith('.json') || /^\uFEFF?\s*\[/.test(text);
	return json ? parseLabelledJson(text.replace(/^\uFEFF/, ''), file) : parseLabelledCsv(text, file);
}

/** Runs `fn` and hands back its value or what it threw, so errors are translated outside a catch block. */
function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

function lineAt(text: string, position: number): number {
	let line = 1;
	for (let i = 0; i < position && i < text.length; i++) if (text[i] === '\n') line++;
	return line;
}

/**
 * The line on which each top-level array entry starts, found by a small scan that skips strings;
 * only used to point errors at the right place.
 */
function entryLines(text: string): number[] {
	const lines: number[] = [];
	let line = 1;
	let depth = 0;
	let inString = false;
	let expectEntry = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '\n') line++;
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (/\s/.test(c)) continue;
		if (expectEntry && c !== ']') {
			lines.push(line);
			expectEntry = false;
		}
		if (c === '"') inString = true;
		else if (c === '[' || c === '{') {
			depth++;
			if (depth === 1) expectEntry = true;
		} else if (c === ']' || c === '}') {
			depth--;
			expectEntry = false;
		} else if (c === ',' && depth === 1) expectEntry = true;
	}
	return lines;
}
