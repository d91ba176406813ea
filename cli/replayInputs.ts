/**
 * What `replay` reads: the tickets file (JSON payloads, JSON `{ payload, expected }` records or a
 * CSV), the intents (the pipeline template's router, or an operator's file) and the policies (the
 * ingestion template's sample documents, or a folder of Markdown files). Errors name the file and,
 * where known, the line, and become exit code 2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { routerVersionDefaults, type BuiltinFeatures } from '../engine/routing/builtinEngine';
import { parseIntentDefinitions } from '../engine/routing/intentDefinitions';
import type { IntentDefinition } from '../engine/routing/types';
import { PolicyDocument } from '../engine/retrieval/types';
import { CsvSyntaxError, DatasetFileError, parseCsvRecords } from './datasetFiles';

/** What the human agent did with a historical ticket (issue 7's shadow replay). */
export interface ExpectedOutcome {
	/** The intent a person would file it under; 'human' (or null) when no configured intent fits. */
	intent?: string | null;
	/** The action taken, in replay's vocabulary: 'refund', 'cancel', 'clarify', 'reply' or 'escalate'. */
	action?: string;
}

export interface ReplayTicket {
	/** The ticket's id when the file or payload names one, else its 1-based position. */
	id: string;
	payload: unknown;
	expected?: ExpectedOutcome;
}

export const PIPELINE_TEMPLATE = 'support-pipeline-webhook.json';
export const INGESTION_TEMPLATE = 'support-policy-ingestion.json';

/** Runs `fn` and hands back its value or what it threw, so errors are translated outside a catch block. */
function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

function readText(file: string): string {
	const read = attempt(() => fs.readFileSync(file, 'utf8'));
	if (read.ok) return read.value.replace(/^\uFEFF/, '');
	const code = codeOf(read.error);
	const detail = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`;
	throw new DatasetFileError(file, undefined, detail);
}

function parseJson(text: string, file: string): unknown {
	const parsed = attempt((): unknown => JSON.parse(text));
	if (parsed.ok) return parsed.value;
	const message = parsed.error instanceof Error ? parsed.error.message : String(parsed.error);
	const position = /position (\d+)/.exec(message);
	const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
	throw new DatasetFileError(file, line, `invalid JSON: ${message}`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a tickets file: `.csv` (or text not starting with `[`) as CSV, otherwise a JSON array. */
export function readTicketsFile(file: string): ReplayTicket[] {
	const text = readText(file);
	if (text.trim() === '') throw new DatasetFileError(file, undefined, 'the file is empty');
	const csv = file.toLowerCase().endsWith('.csv') || !/^\s*\[/.test(text);
	return csv ? parseTicketsCsv(text, file) : parseTicketsJson(text, file);
}

export function parseTicketsJson(text: string, file: string): ReplayTicket[] {
	const data = parseJson(text, file);
	if (!Array.isArray(data)) throw new DatasetFileError(file, 1, 'expected a JSON array of helpdesk payloads or { payload, expected } records');
	if (data.length === 0) throw new DatasetFileError(file, 1, 'the array is empty');
	return data.map((entry: unknown, i) => {
		if (!isRecord(entry)) throw new DatasetFileError(file, undefined, `entry ${i + 1} is not an object`);
		// A record wraps the payload; no helpdesk body we read has a top-level "payload" key.
		if ('payload' in entry) {
			const expected = entry.expected === undefined ? undefined : readExpected(entry.expected, file, i);
			const id = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : (payloadId(entry.payload) ?? String(i + 1));
			return { id, payload: entry.payload, ...(expected ? { expected } : {}) };
		}
		return { id: payloadId(entry) ?? String(i + 1), payload: entry };
	});
}

function readExpected(raw: unknown, file: string, index: number): ExpectedOutcome {
	if (!isRecord(raw)) throw new DatasetFileError(file, undefined, `entry ${index + 1}: "expected" must be an object { intent?, action? }`);
	const out: ExpectedOutcome = {};
	if (raw.intent !== undefined) {
		if (raw.intent !== null && typeof raw.intent !== 'string') throw new DatasetFileError(file, undefined, `entry ${index + 1}: expected.intent must be a string or null`);
		out.intent = raw.intent;
	}
	if (raw.action !== undefined) {
		if (typeof raw.action !== 'string' || !raw.action.trim()) throw new DatasetFileError(file, undefined, `entry ${index + 1}: expected.action must be a non-empty string`);
		out.action = raw.action.trim().toLowerCase();
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
export function parseTicketsCsv(text: string, file: string): ReplayTicket[] {
	const parsed = attempt(() => parseCsvRecords(text));
	if (!parsed.ok) {
		const error = parsed.error;
		throw error instanceof CsvSyntaxError ? new DatasetFileError(file, error.line, error.message) : error;
	}
	const records = parsed.value.filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
	if (records.length === 0) throw new DatasetFileError(file, undefined, 'the file is empty');
	const [header, ...rows] = records;
	const names = header.fields.map((f) => f.trim().toLowerCase());
	const withIntent = names.length >= 5 && names[4] === 'intent';
	const withAction = names.length === 6 && withIntent && names[5] === 'action';
	if (!CSV_COLUMNS.every((c, i) => names[i] === c) || !(names.length === 4 || (names.length === 5 && withIntent) || withAction)) {
		throw new DatasetFileError(file, header.line, `bad header "${header.fields.join(',')}" (expected "id,subject,message,email", optionally followed by ",intent" or ",intent,action")`);
	}
	if (rows.length === 0) throw new DatasetFileError(file, header.line, 'no rows after the header');
	return rows.map((r) => {
		if (r.fields.length !== names.length) {
			throw new DatasetFileError(file, r.line, `expected ${names.length} fields, found ${r.fields.length}; quote text that contains commas`);
		}
		const [id, subject, message, email, intent, action] = r.fields.map((f) => f.trim());
		if (!message) throw new DatasetFileError(file, r.line, 'empty message');
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
		const expected = { ...(withIntent && intent ? { intent } : {}), ...(withAction && action ? { action } : {}) };
		return { id: id || String(r.line), payload, ...(Object.keys(expected).length ? { expected } : {}) };
	});
}

/** Where the templates are: next to the CLI in a build that copies them, else the repository's folder. */
export function findTemplate(name: string, dirs: readonly string[] = templateDirs()): string | undefined {
	return dirs.map((d) => path.join(d, name)).find((f) => fs.existsSync(f));
}

function templateDirs(): string[] {
	// cli/ (tsx) -> ../workflows; dist/cli -> ../workflows (copied by the build) or ../../workflows (repository).
	return [path.join(__dirname, '..', 'workflows'), path.join(__dirname, '..', '..', 'workflows')];
}

interface WorkflowNode {
	type?: string;
	typeVersion?: number;
	name?: string;
	parameters?: Record<string, unknown>;
}

function workflowNodes(data: unknown): WorkflowNode[] {
	return isRecord(data) && Array.isArray(data.nodes) ? (data.nodes as WorkflowNode[]) : [];
}

/**
 * Intents from a file: an n8n workflow (its Support Intent Router's intents, as the template's) or
 * a JSON array of `{ name, description?, examples, rolloutMode? }` (examples as array or lines).
 */
export function readIntentsFile(file: string): IntentDefinition[] {
	const data = parseJson(readText(file), file);
	let raw: unknown = data;
	if (!Array.isArray(data)) {
		const router = workflowNodes(data).find((n) => n.type?.endsWith('.supportIntentRouter'));
		const intents = router?.parameters?.intents;
		if (!isRecord(intents)) throw new DatasetFileError(file, undefined, 'expected a JSON array of intents or a workflow with a Support Intent Router');
		raw = intents.intent;
	}
	const intents = attempt(() => parseIntentDefinitions(raw));
	if (intents.ok) return intents.value;
	throw new DatasetFileError(file, undefined, intents.error instanceof Error ? intents.error.message : String(intents.error));
}

/**
 * The router's built-in features and confidence threshold in a workflow file: what the node sets,
 * else its version's defaults (a version 2 node learns from meaning at 0.7, version 1 from words at 0.5).
 * Undefined when the file has no router (a plain intents file): the pipeline's own defaults apply.
 */
export function readTemplateRouterSettings(file: string): { features: BuiltinFeatures; threshold: number } | undefined {
	const router = workflowNodes(parseJson(readText(file), file)).find((n) => n.type?.endsWith('.supportIntentRouter'));
	if (!router) return undefined;
	const defaults = routerVersionDefaults(typeof router.typeVersion === 'number' ? router.typeVersion : 1);
	const t = router.parameters?.confidenceThreshold;
	const f = router.parameters?.builtinFeatures;
	return { threshold: typeof t === 'number' ? t : defaults.threshold, features: f === 'lexical' || f === 'encoder' ? f : defaults.features };
}

/** The sample policy documents the ingestion template's Set node holds. */
export function readTemplatePolicies(file: string): PolicyDocument[] {
	const node = workflowNodes(parseJson(readText(file), file)).find((n) => n.type === 'n8n-nodes-base.set' && typeof n.parameters?.jsonOutput === 'string');
	if (!node) throw new DatasetFileError(file, undefined, 'no Set node with the sample policy documents');
	const body = parseJson(String(node.parameters!.jsonOutput).replace(/^=/, ''), `${file} (node "${node.name ?? 'Set'}")`);
	const docs = isRecord(body) && Array.isArray(body.documents) ? body.documents : [];
	return docs.map((d, i) => {
		const parsed = PolicyDocument.safeParse(d);
		if (!parsed.success) throw new DatasetFileError(file, undefined, `sample document ${i + 1} is not a policy document: ${parsed.error.message}`);
		return parsed.data;
	});
}

/**
 * Markdown files of a folder, one document each: id from the file name, title from the first
 * heading, in force since 2000 (a folder carries no dates; use the ingestion template for versions).
 */
export function readPolicyDir(dir: string): PolicyDocument[] {
	const listed = attempt(() => fs.readdirSync(dir).filter((n) => /\.(md|markdown)$/i.test(n)).sort());
	if (!listed.ok) {
		const code = codeOf(listed.error);
		throw new DatasetFileError(dir, undefined, code === 'ENOENT' ? 'folder not found' : code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot read (${code})`);
	}
	const names = listed.value;
	if (names.length === 0) throw new DatasetFileError(dir, undefined, 'no Markdown (.md) files in the folder');
	return names.map((n) => {
		const content = readText(path.join(dir, n));
		const base = n.replace(/\.(md|markdown)$/i, '');
		const heading = /^#\s+(.+)$/m.exec(content);
		return {
			documentId: base.replace(/[^A-Za-z0-9_-]+/g, '-'),
			title: heading ? heading[1].trim() : base,
			version: '1',
			effectiveFrom: '2000-01-01T00:00:00Z',
			format: 'markdown' as const,
			content,
			tags: [],
		};
	});
}
