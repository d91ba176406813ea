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
import { readTicketsFile as readTickets, TicketsFileProblem, type ReplayTicket } from '../engine/replay';
import { DatasetFileError } from './datasetFiles';

// The tickets file's types and reader are the engine's, shared with the Support Shadow Replay node.
export type { ExpectedOutcome, ReplayTicket } from '../engine/replay';

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

/**
 * Reads a tickets file: `.csv` (or text not starting with `[`) as CSV, otherwise a JSON array.
 * Warnings (an agent's action the pipeline can never take) go to `warn`.
 */
export function readTicketsFile(file: string, warn: (warning: string) => void = () => undefined): ReplayTicket[] {
	const text = readText(file);
	if (text.trim() === '') throw new DatasetFileError(file, undefined, 'the file is empty');
	// A .csv file is CSV whatever its first character; the engine tells the rest apart by the "[".
	const read = attempt(() => readTickets(file.toLowerCase().endsWith('.csv') ? { csv: text } : text));
	if (!read.ok) {
		const error = read.error;
		throw error instanceof TicketsFileProblem ? new DatasetFileError(file, error.where.line, error.message) : error;
	}
	for (const warning of read.value.warnings) warn(`${file}: ${warning}`);
	return read.value.tickets;
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
