import type { IDataObject } from 'n8n-workflow';
import {
	CASE_FILE_KEY,
	CASE_FILE_VERSION,
	contractErrorFromZod,
	EscalationRequest,
	newCaseFile,
	SECTION_SCHEMAS,
	SECTION_WRITERS,
	TraceEntry,
	type CaseFile,
	type SectionName,
} from '../../engine/contracts';
import { normaliseTicket } from '../../engine/intake';
import { attempt } from '../../engine/planning';

const LAYER = 'escalationPackager' as const;

export interface SalvagedCaseFile {
	caseFile: CaseFile;
	/** Sections left out because they broke the contract, one sentence each (for the trace). */
	problems: string[];
	/** True when the ticket was read from the item's own fields because the case file had none. */
	ticketRecovered: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The Packager is where broken cases end up, so it must not fail on them: it keeps every section
 * that is valid, leaves out (and reports) those that are not, and, when there is no ticket section,
 * tries to read the ticket from the helpdesk payload still on the item.
 */
export function salvageCaseFile(json: IDataObject, now: Date): SalvagedCaseFile {
	const problems: string[] = [];
	const raw = json[CASE_FILE_KEY];
	const support: Record<string, unknown> = isRecord(raw) ? raw : {};
	if (raw !== undefined && !isRecord(raw)) problems.push(`${CASE_FILE_KEY} is not an object; a new case file was started.`);
	if (isRecord(raw) && raw.v !== undefined && raw.v !== CASE_FILE_VERSION) problems.push(`${CASE_FILE_KEY}.v is ${JSON.stringify(raw.v)}, not ${CASE_FILE_VERSION}; sections were read as version ${CASE_FILE_VERSION}.`);

	const caseFile: CaseFile = newCaseFile();
	for (const name of Object.keys(SECTION_SCHEMAS) as SectionName[]) {
		const value = support[name];
		if (value === undefined || value === null) continue;
		const parsed = SECTION_SCHEMAS[name].safeParse(value);
		if (parsed.success) (caseFile as Record<string, unknown>)[name] = parsed.data;
		else problems.push(contractErrorFromZod(parsed.error, value, { base: `${CASE_FILE_KEY}.${name}`, layer: LAYER, writer: SECTION_WRITERS[name] }).message);
	}

	// A hand-made request (a Set node writing only a reason) is still a request: fill in the rest.
	const escalation = support.escalation;
	if (isRecord(escalation)) {
		const parsed = EscalationRequest.safeParse({ layer: LAYER, code: 'manual', at: now.toISOString(), ...escalation });
		if (parsed.success) caseFile.escalation = parsed.data;
		else problems.push(contractErrorFromZod(parsed.error, escalation, { base: `${CASE_FILE_KEY}.escalation`, layer: LAYER }).message);
	}

	const trace = Array.isArray(support.trace) ? support.trace : [];
	caseFile.trace = trace.flatMap((entry) => {
		const parsed = TraceEntry.safeParse(entry);
		return parsed.success ? [parsed.data] : [];
	});
	if (trace.length > caseFile.trace.length) problems.push(`${trace.length - caseFile.trace.length} invalid ${CASE_FILE_KEY}.trace entries were left out.`);

	let ticketRecovered = false;
	if (!caseFile.ticket) {
		const payload = { ...json };
		delete payload[CASE_FILE_KEY];
		const ticket = attempt(() => normaliseTicket(payload, { source: 'auto', now: () => now }));
		if (ticket.ok) {
			caseFile.ticket = ticket.value;
			ticketRecovered = true;
		}
	}
	return { caseFile, problems, ticketRecovered };
}
