import {
	CASE_FILE_VERSION,
	ContractError,
	appendTrace,
	newCaseFile,
	readCaseFile,
	writeSection,
	type LayerId,
	type Sections,
} from '../../../engine/contracts';
import { VALID, VALID_TRACE, fullCaseFile } from './examples';

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

describe('readCaseFile', () => {
	it.each([undefined, null])('a missing case file (%s) is named, with the router as its writer', (support) => {
		const error = caught(() => readCaseFile(support, 'critic'));
		expect(error.field).toBe('support');
		expect(error.layer).toBe('critic');
		expect(error.writer).toBe('intentRouter');
		expect(error.message).toContain('Put the Intent Router first');
	});

	it.each([['a string', 'case'], ['a number', 1], ['an array', [{ v: 1 }]]])('%s is not a case file', (_label, support) => {
		const error = caught(() => readCaseFile(support, 'toolExecutor'));
		expect(error.field).toBe('support');
		expect(error.problem).toBe('is not an object');
		expect(error.layer).toBe('toolExecutor');
	});

	it.each([[2], ['1'], [undefined]])('version %j is refused, naming support.v and the version we read', (v) => {
		const error = caught(() => readCaseFile({ v, trace: [] }, 'policyRetriever'));
		expect(error.field).toBe('support.v');
		expect(error.problem).toContain(`version ${CASE_FILE_VERSION}`);
		expect(error.problem).toContain(`is ${JSON.stringify(v)}`);
	});

	it('accepts a current case file and always returns a trace array', () => {
		expect(readCaseFile({ v: CASE_FILE_VERSION }, 'critic')).toEqual({ v: CASE_FILE_VERSION, trace: [] });
		expect(readCaseFile(fullCaseFile(), 'critic').trace).toHaveLength(1);
	});
});

describe('appendTrace', () => {
	it('appends a validated entry and leaves the input untouched', () => {
		const before = Object.freeze({ ...newCaseFile(), trace: Object.freeze([VALID_TRACE]) as never });
		const second = { ...VALID_TRACE, layer: 'policyRetriever' as const, node: 'Policy', outcome: 'grounded' };
		const after = appendTrace(before, second);
		expect(after.trace).toHaveLength(2);
		expect(after.trace[1]).toEqual(second);
		expect(before.trace).toHaveLength(1);
		expect(after).not.toBe(before);
	});

	it('fills the default contractErrors list', () => {
		const entry: Partial<typeof VALID_TRACE> = { ...VALID_TRACE };
		delete entry.contractErrors;
		expect(appendTrace(newCaseFile(), entry as typeof VALID_TRACE).trace[0].contractErrors).toEqual([]);
	});

	it('refuses an invalid entry with a ContractError naming the trace field and the layer', () => {
		const error = caught(() => appendTrace(newCaseFile(), { ...VALID_TRACE, startedAt: 'yesterday' }));
		expect(error).toBeInstanceOf(ContractError);
		expect(error.field).toBe('support.trace[0].startedAt');
		expect(error.layer).toBe(VALID_TRACE.layer);
	});

	it('refuses a case file whose trace is not a list', () => {
		const error = caught(() => readCaseFile({ v: 1, trace: 'lost' }, 'critic'));
		expect(error.field).toBe('support.trace');
	});
});

describe('writeSection', () => {
	const writers: Array<[keyof Sections, LayerId]> = [
		['ticket', 'intentRouter'],
		['intent', 'intentRouter'],
		['context', 'policyRetriever'],
		['plan', 'specialistPlanner'],
		['review', 'critic'],
		['execution', 'toolExecutor'],
		['handoff', 'escalationPackager'],
	];

	it.each(writers)('writes a valid %s without mutating the case file', (section, layer) => {
		const before = newCaseFile();
		const after = writeSection(before, section, VALID[section] as never, layer);
		expect(after[section]).toEqual(VALID[section]);
		expect(before).toEqual({ v: CASE_FILE_VERSION, trace: [] });
	});

	it.each(writers)('refuses an invalid %s, naming the field and the writer as the culprit', (section, layer) => {
		const bad = { ...(VALID[section] as object), [Object.keys(VALID[section] as object)[0]]: { wrong: true } };
		const error = caught(() => writeSection(newCaseFile(), section, bad as never, layer));
		expect(error.field).toBe(`support.${section}.${Object.keys(VALID[section] as object)[0]}`);
		expect(error.layer).toBe(layer);
		expect(error.writer).toBe(layer);
	});

	it('names the nested field of a bad plan step', () => {
		const plan = structuredClone(VALID.plan);
		plan.steps[0].tool = '';
		const error = caught(() => writeSection(newCaseFile(), 'plan', plan, 'specialistPlanner'));
		expect(error.field).toBe('support.plan.steps[0].tool');
		expect(error.message).toContain('Support Specialist Planner');
	});
});
