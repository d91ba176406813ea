import { CASE_FILE_VERSION, CaseFile, SECTION_SCHEMAS, type Sections } from './caseFile';
import { ContractError, contractErrorFromZod } from './errors';
import { LAYERS, SECTION_WRITERS, type LayerId, type SectionName } from './layers';
import { LayerIdSchema } from './common';
import { TraceEntry } from './trace';

/** Where the case file lives on an n8n item: `item.json.support`. */
export const CASE_FILE_KEY = 'support';

export function newCaseFile(): CaseFile {
	return { v: CASE_FILE_VERSION, trace: [] };
}

/**
 * Checks the envelope (`support` is an object of a version we understand) without validating
 * sections, which each layer validates only for what it reads.
 */
export function readCaseFile(support: unknown, layer: LayerId): CaseFile {
	if (support === undefined || support === null) {
		throw new ContractError({
			field: CASE_FILE_KEY,
			problem: 'is missing: this item carries no case file',
			layer,
			writer: 'intentRouter',
			hint: 'Put the Intent Router first in the workflow, directly after the helpdesk trigger.',
		});
	}
	if (typeof support !== 'object' || Array.isArray(support)) {
		throw new ContractError({ field: CASE_FILE_KEY, problem: 'is not an object', layer, writer: 'intentRouter' });
	}
	const v = (support as { v?: unknown }).v;
	if (v !== CASE_FILE_VERSION) {
		throw new ContractError({
			field: `${CASE_FILE_KEY}.v`,
			problem: `is ${JSON.stringify(v)}; this version of the package reads case files of version ${CASE_FILE_VERSION}`,
			layer,
			writer: 'intentRouter',
		});
	}
	const trace = (support as { trace?: unknown }).trace;
	if (trace !== undefined && !Array.isArray(trace)) {
		throw new ContractError({ field: `${CASE_FILE_KEY}.trace`, problem: 'is not a list of trace entries', layer, writer: 'intentRouter' });
	}
	return { ...(support as CaseFile), trace: (trace as CaseFile['trace'] | undefined) ?? [] };
}

/**
 * Reads and validates one section for a layer. Fails with a ContractError naming the field, the
 * problem, the reading layer and the layer that should have written the section.
 */
export function readSection<S extends SectionName>(support: unknown, section: S, layer: LayerId): Sections[S] {
	const caseFile = readCaseFile(support, layer);
	const writer = SECTION_WRITERS[section];
	const value = (caseFile as Record<string, unknown>)[section];
	if (value === undefined || value === null) {
		throw new ContractError({
			field: `${CASE_FILE_KEY}.${section}`,
			problem: 'is missing',
			layer,
			writer,
			hint: `Check that a ${LAYERS[writer]} node runs before this one and is connected to it.`,
		});
	}
	const parsed = SECTION_SCHEMAS[section].safeParse(value);
	if (!parsed.success) {
		throw contractErrorFromZod(parsed.error, value, { base: `${CASE_FILE_KEY}.${section}`, layer, writer });
	}
	return parsed.data as Sections[S];
}

/**
 * Validates a section a layer is about to write: our own output breaking the contract is a bug we
 * want to see at the layer that made it, not three nodes later.
 */
export function writeSection<S extends SectionName>(
	caseFile: CaseFile,
	section: S,
	value: Sections[S],
	layer: LayerId,
): CaseFile {
	const parsed = SECTION_SCHEMAS[section].safeParse(value);
	if (!parsed.success) {
		throw contractErrorFromZod(parsed.error, value, { base: `${CASE_FILE_KEY}.${section}`, layer, writer: layer });
	}
	return { ...caseFile, [section]: parsed.data };
}

/** Appends one trace entry (validated) and returns the new case file; the input is not mutated. */
export function appendTrace(caseFile: CaseFile, entry: TraceEntry): CaseFile {
	const trace = caseFile.trace ?? [];
	const parsed = TraceEntry.safeParse(entry);
	if (!parsed.success) {
		const layer = LayerIdSchema.safeParse(entry?.layer).data ?? 'intentRouter';
		throw contractErrorFromZod(parsed.error, entry, { base: `${CASE_FILE_KEY}.trace[${trace.length}]`, layer, writer: layer });
	}
	return { ...caseFile, trace: [...trace, parsed.data] };
}

/** Validates the whole case file, e.g. for integrators and the replay tool. */
export function validateCaseFile(support: unknown, layer: LayerId): CaseFile {
	readCaseFile(support, layer);
	const parsed = CaseFile.safeParse(support);
	if (!parsed.success) throw contractErrorFromZod(parsed.error, support, { base: CASE_FILE_KEY, layer });
	return parsed.data;
}
