/**
 * RFC 4180 reading, shared by the tickets file of the shadow replay (CLI and node) and the labelled
 * files of `eval-router`. Lines are kept, because the operator fixes a file in an editor.
 */

export interface CsvRecord {
	fields: string[];
	/** 1-based line on which the record starts (a quoted field may span several lines). */
	line: number;
}

/** Syntax error inside CSV text, before the file name is known. */
export class CsvSyntaxError extends Error {
	constructor(
		readonly line: number,
		detail: string,
	) {
		super(detail);
		this.name = 'CsvSyntaxError';
	}
}

/**
 * Fields in double quotes may hold commas, newlines and doubled quotes; CRLF and LF both end a
 * record. Throws on a quote that is never closed or text straight after a closing quote, since both
 * mean the file is not what the operator thinks it is.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let afterQuote = false;
	let line = 1;
	let recordLine = 1;
	let quoteLine = 1;
	const endField = () => {
		fields.push(field);
		field = '';
		afterQuote = false;
	};
	const endRecord = () => {
		endField();
		records.push({ fields, line: recordLine });
		fields = [];
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
				afterQuote = true;
			} else {
				if (c === '\n') line++;
				field += c;
			}
			continue;
		}
		if (c === ',') endField();
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else if (afterQuote) {
			throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
		} else if (c === '"' && field === '') {
			quoted = true;
			quoteLine = line;
		} else field += c;
	}
	if (quoted) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed');
	if (field !== '' || fields.length > 0 || afterQuote) endRecord();
	return records;
}
