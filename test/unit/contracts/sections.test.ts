import {
	CASE_FILE_KEY,
	CaseFile,
	ContractError,
	LAYERS,
	SECTION_NAMES,
	SECTION_WRITERS,
	readSection,
	validateCaseFile,
	type LayerId,
	type SectionName,
} from '../../../engine/contracts';
import { VALID, fullCaseFile } from './examples';

type Loose = Record<string, unknown>;

function caught(fn: () => unknown): ContractError {
	let error: unknown;
	try {
		fn();
	} catch (e) {
		error = e;
	}
	if (error instanceof ContractError) return error;
	throw new Error(`expected a ContractError, got ${error === undefined ? 'nothing' : String(error)}`);
}

/** Sets a value at a path like ['passages', 0, 'version'] in a cloned case file's section. */
function breakField(section: SectionName, path: Array<string | number>, value: unknown): Loose {
	const support = fullCaseFile() as unknown as Loose;
	let cur = support[section] as Loose;
	for (const key of path.slice(0, -1)) cur = cur[key] as Loose;
	const last = path[path.length - 1];
	if (value === undefined) delete cur[last];
	else cur[last] = value;
	return support;
}

/** For every section: who reads it in the pipeline, and one field to break with the path the error must name. */
const CASES: Array<{ section: SectionName; reader: LayerId; path: Array<string | number>; bad: unknown; field: string }> = [
	{ section: 'ticket', reader: 'policyRetriever', path: ['customer', 'email'], bad: 42, field: 'support.ticket.customer.email' },
	{ section: 'intent', reader: 'policyRetriever', path: ['confidence'], bad: 1.7, field: 'support.intent.confidence' },
	{ section: 'context', reader: 'specialistPlanner', path: ['passages', 0, 'version'], bad: '', field: 'support.context.passages[0].version' },
	{ section: 'plan', reader: 'critic', path: ['steps', 0, 'access'], bad: 'delete', field: 'support.plan.steps[0].access' },
	{ section: 'review', reader: 'toolExecutor', path: ['checks', 0, 'passed'], bad: 'yes', field: 'support.review.checks[0].passed' },
	{ section: 'execution', reader: 'critic', path: ['steps', 0, 'attempts'], bad: -1, field: 'support.execution.steps[0].attempts' },
	{ section: 'handoff', reader: 'escalationPackager', path: ['note', 'markdown'], bad: undefined, field: 'support.handoff.note.markdown' },
];

describe('case-file sections', () => {
	it('covers every section the contract defines', () => {
		expect(CASES.map((c) => c.section).sort()).toEqual([...SECTION_NAMES].sort());
	});

	describe.each(CASES)('$section', ({ section, reader, path, bad, field }) => {
		const writer = SECTION_WRITERS[section];

		it('a valid example passes and reads back unchanged', () => {
			expect(readSection(fullCaseFile(), section, reader)).toEqual(VALID[section]);
		});

		it(`a missing section names support.${section} and its writer`, () => {
			for (const absent of [undefined, null]) {
				const support = fullCaseFile() as unknown as Loose;
				support[section] = absent;
				const error = caught(() => readSection(support, section, reader));
				expect(error.field).toBe(`${CASE_FILE_KEY}.${section}`);
				expect(error.problem).toBe('is missing');
				expect(error.layer).toBe(reader);
				expect(error.writer).toBe(writer);
				expect(error.message).toContain(LAYERS[writer]);
				expect(error.message).toContain(LAYERS[reader]);
			}
		});

		it(`an invalid field names ${field} and the reading layer`, () => {
			const error = caught(() => readSection(breakField(section, path, bad), section, reader));
			expect(error.field).toBe(field);
			expect(error.layer).toBe(reader);
			expect(error.writer).toBe(writer);
			expect(error.message.startsWith(`${LAYERS[reader]}: ${field} `)).toBe(true);
			expect(error.problem).toMatch(bad === undefined ? /^is missing/ : /^is invalid/);
		});

		it('a section that is not an object is refused at the section itself', () => {
			const support = fullCaseFile() as unknown as Loose;
			support[section] = 'oops';
			const error = caught(() => readSection(support, section, reader));
			expect(error.field).toBe(`support.${section}`);
			expect(error.problem).toContain('(got "oops")');
		});
	});

	it('fills documented defaults when reading', () => {
		const support = fullCaseFile() as unknown as Loose;
		support.ticket = { id: '1', source: 'custom', message: '  hi  ', receivedAt: '2026-11-24T18:02:00+02:00' };
		expect(readSection(support, 'ticket', 'policyRetriever')).toEqual({
			id: '1',
			source: 'custom',
			channel: 'unknown',
			subject: '',
			message: 'hi',
			customer: {},
			orderRefs: [],
			receivedAt: '2026-11-24T18:02:00+02:00',
			conversation: [],
			tags: [],
			sourceRefs: {},
		});
	});

	it('refuses timestamps without an offset', () => {
		const error = caught(() => readSection(breakField('ticket', ['receivedAt'], '2026-11-24 18:02'), 'ticket', 'critic'));
		expect(error.field).toBe('support.ticket.receivedAt');
	});
});

describe('trace entries and the escalation request (whole-file validation)', () => {
	it('a full valid case file passes', () => {
		expect(validateCaseFile(fullCaseFile(), 'escalationPackager')).toEqual(fullCaseFile());
		expect(CaseFile.safeParse(fullCaseFile()).success).toBe(true);
	});

	it('an invalid trace entry names its index and field', () => {
		const support = fullCaseFile() as unknown as Loose;
		(support.trace as Loose[])[0].durationMs = -3;
		const error = caught(() => validateCaseFile(support, 'escalationPackager'));
		expect(error.field).toBe('support.trace[0].durationMs');
		expect(error.layer).toBe('escalationPackager');
	});

	it('an invalid escalation request names the field', () => {
		const support = fullCaseFile() as unknown as Loose;
		(support.escalation as Loose).layer = 'someNode';
		const error = caught(() => validateCaseFile(support, 'escalationPackager'));
		expect(error.field).toBe('support.escalation.layer');
		const missing = fullCaseFile() as unknown as Loose;
		delete (missing.escalation as Loose).reason;
		expect(caught(() => validateCaseFile(missing, 'critic')).field).toBe('support.escalation.reason');
	});

	it('an escalation request is optional', () => {
		const support = fullCaseFile() as unknown as Loose;
		delete support.escalation;
		expect(validateCaseFile(support, 'critic').escalation).toBeUndefined();
	});
});
