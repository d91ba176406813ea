/**
 * The shadow replay's tickets file: historical tickets with what the human agent did. One reader for
 * `support-coordination replay FILE` and for the Support Shadow Replay node (Read Tickets File), so a
 * file the CLI reads is read the same way in n8n. Problems name the field and, where known, the entry
 * or line (in `where`, not in the message), because the operator fixes the file in an editor; the
 * CLI adds the file name and line, the node answers them as the webhook's 400.
 */
import { attempt } from '../planning/attempt';
import { CsvSyntaxError, parseCsvRecords } from './csv';

/** What the human agent did with a historical ticket. */
export interface ExpectedOutcome {
	/** The intent a person would file it under; 'human' (or null) when no configured intent fits. */
	intent?: string | null;
	/** The action taken, in replay's vocabulary: one of TICKET_ACTIONS. */
	action?: string;
}

export interface ReplayTicket {
	/** The ticket's id when the file or payload names one, else its 1-based position (or CSV line). */
	id: string;
	payload: unknown;
	expected?: ExpectedOutcome;
}

export interface TicketsFile {
	format: 'JSON' | 'CSV';
	tickets: ReplayTicket[];
	/** Things that do not stop the replay but skew its figures (an action no pipeline can take). */
	warnings: string[];
}

/** What the pipeline can be found to have done (replayRow's `action`): an agent's action outside it never agrees. */
export const TICKET_ACTIONS = ['refund', 'cancel', 'clarify', 'reply', 'escalate'] as const;

export const TICKETS_FILE_FORMAT = `A JSON array of helpdesk payloads or of { "id", "payload", "expected": { "intent", "action" } } records (intent "human" when no intent fits; action one of ${TICKET_ACTIONS.join(', ')}), or CSV text with the header id,subject,message,email[,intent[,action]].`;

/** A tickets file that cannot be replayed: which field, and where. */
export class TicketsFileProblem extends Error {
	constructor(
		readonly field: string,
		detail: string,
		readonly where: { entry?: number; line?: number } = {},
	) {
		super(detail);
		this.name = 'TicketsFileProblem';
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A tickets file in any of the shapes it arrives in: its text (JSON when it starts with "[", else
 * CSV), a parsed JSON array, or an object `{ tickets: [...] }` or `{ csv: "..." }`.
 */
export function readTicketsFile(input: unknown): TicketsFile {
	const warnings: string[] = [];
	if (typeof input === 'string') {
		const text = input.replace(/^\uFEFF/, '');
		if (text.trim() === '') throw new TicketsFileProblem('body', 'the file is empty');
		return /^\s*\[/.test(text) ? { format: 'JSON', tickets: ticketsFromJson(parseJsonText(text), warnings), warnings } : { format: 'CSV', tickets: ticketsFromCsv(text, warnings), warnings };
	}
	if (Array.isArray(input)) return { format: 'JSON', tickets: ticketsFromJson(input, warnings), warnings };
	if (isRecord(input) && typeof input.csv === 'string') return { format: 'CSV', tickets: ticketsFromCsv(input.csv, warnings), warnings };
	if (isRecord(input) && 'tickets' in input) return { format: 'JSON', tickets: ticketsFromJson(input.tickets, warnings), warnings };
	const keys = isRecord(input) ? Object.keys(input).slice(0, 5).join(', ') : '';
	throw new TicketsFileProblem('body', `expected a JSON array of tickets (or { "tickets": [...] }, or { "csv": "..." }, or CSV text), got ${isRecord(input) ? `an object with ${keys || 'no keys'}` : JSON.stringify(input) ?? 'nothing'}`);
}

/** JSON text; a syntax error names the line. */
export function parseJsonText(text: string): unknown {
	const parsed = attempt((): unknown => JSON.parse(text));
	if (parsed.ok) return parsed.value;
	const message = parsed.error instanceof Error ? parsed.error.message : String(parsed.error);
	const position = /position (\d+)/.exec(message);
	const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
	throw new TicketsFileProblem('body', `invalid JSON: ${message}`, { line });
}

/** A JSON array of helpdesk payloads, or of `{ id?, payload, expected? }` records. */
export function ticketsFromJson(data: unknown, warnings: string[] = []): ReplayTicket[] {
	if (!Array.isArray(data)) throw new TicketsFileProblem('body', 'expected a JSON array of helpdesk payloads or { payload, expected } records');
	if (data.length === 0) throw new TicketsFileProblem('body', 'the array is empty');
	return data.map((entry: unknown, i): ReplayTicket => {
		if (!isRecord(entry)) throw new TicketsFileProblem(`[${i}]`, `entry ${i + 1} is not an object`, { entry: i + 1 });
		// A record wraps the payload; no helpdesk body the router reads has a top-level "payload" key.
		if ('payload' in entry) {
			const expected = entry.expected === undefined ? undefined : readExpected(entry.expected, `entry ${i + 1}`, { entry: i + 1 }, warnings);
			const id = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : (payloadId(entry.payload) ?? String(i + 1));
			return { id, payload: entry.payload, ...(expected ? { expected } : {}) };
		}
		return { id: payloadId(entry) ?? String(i + 1), payload: entry };
	});
}

function readExpected(raw: unknown, label: string, where: { entry?: number; line?: number }, warnings: string[]): ExpectedOutcome {
	if (!isRecord(raw)) throw new TicketsFileProblem('expected', `${label}: "expected" must be an object { intent?, action? }`, where);
	const out: ExpectedOutcome = {};
	if (raw.intent !== undefined) {
		if (raw.intent !== null && typeof raw.intent !== 'string') throw new TicketsFileProblem('expected.intent', `${label}: expected.intent must be a string or null, got ${JSON.stringify(raw.intent)}`, where);
		out.intent = raw.intent;
	}
	if (raw.action !== undefined) {
		if (typeof raw.action !== 'string' || !raw.action.trim()) throw new TicketsFileProblem('expected.action', `${label}: expected.action must be a non-empty string, got ${JSON.stringify(raw.action)}`, where);
		out.action = raw.action.trim().toLowerCase();
		if (!(TICKET_ACTIONS as readonly string[]).includes(out.action)) warnings.push(`${label}: expected.action "${out.action}" is not one of ${TICKET_ACTIONS.join(', ')}, so it can never agree`);
	}
	return out;
}

/** Best-effort ticket id for the table, from the shapes the router reads. */
function payloadId(payload: unknown): string | undefined {
	if (!isRecord(payload)) return undefined;
	const body = isRecord(payload.body) ? payload.body : payload;
	const candidates: unknown[] = [
		isRecord(body.ticket) ? body.ticket.id : undefined,
		isRecord(body.freshdesk_webhook) ? body.freshdesk_webhook.ticket_id : undefined,
		isRecord(body.data) && isRecord(body.data.item) ? body.data.item.id : undefined,
		isRecord(body.detail) ? body.detail.id : undefined,
		body['ticket.id'],
		body.number,
		body.id,
	];
	const found = candidates.find((c) => typeof c === 'string' || typeof c === 'number');
	return found === undefined ? undefined : String(found);
}

const CSV_COLUMNS = ['id', 'subject', 'message', 'email'];

/** CSV with the header `id,subject,message,email[,intent[,action]]`; each row becomes a Zendesk Ticket API body. */
export function ticketsFromCsv(text: string, warnings: string[] = []): ReplayTicket[] {
	const parsed = attempt(() => parseCsvRecords(text.replace(/^\uFEFF/, '')));
	if (!parsed.ok) {
		const error = parsed.error;
		throw error instanceof CsvSyntaxError ? new TicketsFileProblem('csv', error.message, { line: error.line }) : error;
	}
	const records = parsed.value.filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
	if (records.length === 0) throw new TicketsFileProblem('csv', 'the file is empty');
	const [header, ...rows] = records;
	const names = header.fields.map((f) => f.trim().toLowerCase());
	const withIntent = names.length >= 5 && names[4] === 'intent';
	const withAction = names.length === 6 && withIntent && names[5] === 'action';
	if (!CSV_COLUMNS.every((c, i) => names[i] === c) || !(names.length === 4 || (names.length === 5 && withIntent) || withAction)) {
		throw new TicketsFileProblem('csv header', `bad header "${header.fields.join(',')}" (expected "id,subject,message,email", optionally followed by ",intent" or ",intent,action")`, { line: header.line });
	}
	if (rows.length === 0) throw new TicketsFileProblem('csv', 'no rows after the header', { line: header.line });
	return rows.map((r): ReplayTicket => {
		if (r.fields.length !== names.length) {
			throw new TicketsFileProblem('csv row', `expected ${names.length} fields, found ${r.fields.length}; quote text that contains commas`, { line: r.line });
		}
		const [id, subject, message, email, intent, action] = r.fields.map((f) => f.trim());
		if (!message) throw new TicketsFileProblem('message', 'empty message', { line: r.line });
		const numeric = /^\d+$/.test(id) ? Number(id) : undefined;
		const payload = {
			ticket: {
				// A helpdesk id like "ZE-70001" is still the ticket's id: without one the router cannot
				// name the ticket and sends it to a person.
				...(numeric !== undefined ? { id: numeric } : id ? { id, external_id: id } : {}),
				subject,
				description: message,
				status: 'new',
				via: { channel: 'email' },
				...(email ? { requester: { email } } : {}),
				tags: [],
			},
		};
		const expected: ExpectedOutcome = {
			...(withIntent && intent ? { intent } : {}),
			...(withAction && action ? readExpected({ action }, `line ${r.line}`, { line: r.line }, warnings) : {}),
		};
		return { id: id || String(r.line), payload, ...(Object.keys(expected).length ? { expected } : {}) };
	});
}
