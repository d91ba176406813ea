import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DatasetFileError, parseCsvRecords, parseLabelledCsv, parseLabelledJson, readLabelledFile } from '../../../cli/datasetFiles';

describe('parseCsvRecords (RFC 4180)', () => {
	it('reads quoted commas, doubled quotes and newlines inside quotes, with CRLF or LF', () => {
		const records = parseCsvRecords('text,category\r\n"a, b","x"\r\n"say ""hi""\nthere",y\nplain,z');
		expect(records.map((r) => r.fields)).toEqual([
			['text', 'category'],
			['a, b', 'x'],
			['say "hi"\nthere', 'y'],
			['plain', 'z'],
		]);
		expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
	});
	it('keeps an empty quoted field', () => {
		expect(parseCsvRecords('"",a\n').map((r) => r.fields)).toEqual([['', 'a']]);
	});
	it('rejects an unclosed quote, naming the line where it opened', () => {
		expect(() => parseCsvRecords('text,category\n"open,x\nmore')).toThrow(expect.objectContaining({ line: 2 }));
	});
});

describe('parseLabelledCsv', () => {
	it('reads rows, trims labels and skips blank lines', () => {
		expect(parseLabelledCsv('\uFEFFtext,category\nhello,greet \n\nbye,"leave"\n', 'f.csv')).toEqual([
			{ text: 'hello', label: 'greet' },
			{ text: 'bye', label: 'leave' },
		]);
	});
	it('names the file and line of a bad header', () => {
		expect(() => parseLabelledCsv('utterance,label\na,b\n', 'f.csv')).toThrow('f.csv:1: bad header "utterance,label"');
	});
	it('names the line of a row with the wrong number of fields', () => {
		expect(() => parseLabelledCsv('text,category\na,b\nc,d,e\n', 'f.csv')).toThrow(/^f\.csv:3: expected 2 fields/);
	});
	it('rejects an empty file and a header without rows', () => {
		expect(() => parseLabelledCsv('', 'f.csv')).toThrow('f.csv: the file is empty');
		expect(() => parseLabelledCsv('text,category\n', 'f.csv')).toThrow('f.csv:1: no rows after the header');
	});
	it('rejects an empty category', () => {
		expect(() => parseLabelledCsv('text,category\nhello,\n', 'f.csv')).toThrow('f.csv:2: empty category');
	});
});

describe('parseLabelledJson', () => {
	it('reads [text, intent] pairs', () => {
		expect(parseLabelledJson('[["hi","greet"],["bye","leave"]]', 'f.json')).toEqual([
			{ text: 'hi', label: 'greet' },
			{ text: 'bye', label: 'leave' },
		]);
	});
	it('names the line of a malformed entry', () => {
		const text = '[\n  ["hi", "greet"],\n  ["a, [b]", "x"],\n  ["only text"]\n]';
		expect(() => parseLabelledJson(text, 'f.json')).toThrow('f.json:4: entry 3 is not a [text, intent] pair');
	});
	it('explains that an object (like CLINC150 train_val.json) is not accepted', () => {
		expect(() => parseLabelledJson('{"train": []}', 'f.json')).toThrow(/expected a JSON array/);
	});
	it('rejects invalid JSON and empty files', () => {
		expect(() => parseLabelledJson('[["a", "b"],', 'f.json')).toThrow(/^f\.json.*invalid JSON/);
		expect(() => parseLabelledJson('  ', 'f.json')).toThrow('f.json: the file is empty');
		expect(() => parseLabelledJson('[]', 'f.json')).toThrow('f.json:1: the array is empty');
	});
});

describe('readLabelledFile', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-router-files-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('chooses JSON for .json files and CSV otherwise', () => {
		const json = path.join(dir, 'a.json');
		const csv = path.join(dir, 'a.csv');
		fs.writeFileSync(json, '[["hi","greet"]]');
		fs.writeFileSync(csv, 'text,category\nhi,greet\n');
		expect(readLabelledFile(json)).toEqual([{ text: 'hi', label: 'greet' }]);
		expect(readLabelledFile(csv)).toEqual([{ text: 'hi', label: 'greet' }]);
	});
	it('reports a missing file as a DatasetFileError naming it', () => {
		const missing = path.join(dir, 'nope.csv');
		expect(() => readLabelledFile(missing)).toThrow(DatasetFileError);
		expect(() => readLabelledFile(missing)).toThrow(`${missing}: file not found`);
	});
});
