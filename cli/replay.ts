/**
 * `support-coordination replay FILE`: runs the pipeline template's six layers in-process (no n8n)
 * on a file of tickets and reports what they would have done, for operators who want figures
 * before they deploy. Shadow by default and always without connectors or live facts: a replay never
 * reaches a helpdesk, a shop or a payment provider.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { RolloutMode } from '../engine/contracts';
import { runPipeline } from '../engine/pipeline';
import { previewOnlyClient, type Connectors } from '../engine/execution';
import { BuiltinEmbedder, EmbeddedStore, ingestDocuments, type Embedder } from '../engine/retrieval';
import type { IntentDefinition } from '../engine/routing/types';
import { DatasetFileError } from './datasetFiles';
import { UsageError } from './evalRouter';
import {
	findTemplate,
	INGESTION_TEMPLATE,
	PIPELINE_TEMPLATE,
	readIntentsFile,
	readPolicyDir,
	readTemplatePolicies,
	readTemplateRouterSettings,
	readTicketsFile,
	type ReplayTicket,
} from './replayInputs';
import { computeAgreement, computeTotals, replayRow } from '../engine/replay';
import type { ReplayReport } from './replayReport';

export const REPLAY_USAGE = `Usage: support-coordination replay FILE [options]

Runs the pipeline template's six layers in-process (no n8n) on FILE and prints a
per-ticket table and totals: routed, auto-resolved, suggested, escalated (with
reasons) and time per layer. No live facts; connectors inert: nothing is sent.

FILE: a JSON array of helpdesk payloads (Zendesk, Help Scout, Freshdesk,
Intercom: the shapes the router detects), or of records
{ "payload": ..., "expected": { "intent": "...", "action": "..." } } with what
the human agent did (then agreement per intent is reported; actions: refund,
cancel, clarify, reply, escalate; intent "human" when no intent fits), or a CSV
with the header id,subject,message,email[,intent].

Options:
  --mode M         shadow | suggest | auto: rollout mode for every intent
                   (default: each intent's mode in the template, shadow)
  --intents FILE   intents: a JSON array of { name, description?, examples,
                   rolloutMode? } or a workflow with a Support Intent Router
                   (default: the pipeline template's router)
  --policies DIR   Markdown policy files (default: the ingestion template's
                   sample policies), ingested into a temporary embedded store
  --json           print one JSON object instead of the report
`;

export interface ReplayOptions {
	file: string;
	json: boolean;
	mode?: RolloutMode;
	intentsFile?: string;
	policiesDir?: string;
}

export interface ReplayDeps {
	/** Embedder for the temporary store; default the built-in sentence encoder (as the template). */
	embedder?: Embedder;
	/** Progress lines (stderr in the CLI). */
	progress?: (line: string) => void;
	/** Folders to look for the templates in; default next to the CLI. */
	templateDirs?: string[];
}

export function parseReplayArgs(argv: readonly string[]): ReplayOptions {
	const files: string[] = [];
	const values = new Map<string, string>();
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--json') {
			json = true;
			continue;
		}
		if (!arg.startsWith('--')) {
			files.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(0, eq) : arg;
		if (!['--mode', '--intents', '--policies'].includes(name)) throw new UsageError(`unknown option "${arg}"`);
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
		values.set(name, value);
	}
	if (files.length === 0) throw new UsageError('FILE is required');
	if (files.length > 1) throw new UsageError(`one FILE only, got ${files.length}: ${files.join(' ')}`);
	const mode = values.get('--mode');
	if (mode !== undefined && !RolloutMode.safeParse(mode).success) throw new UsageError(`--mode must be shadow, suggest or auto, got "${mode}"`);
	return {
		file: files[0],
		json,
		...(mode ? { mode: mode as RolloutMode } : {}),
		...(values.has('--intents') ? { intentsFile: values.get('--intents') } : {}),
		...(values.has('--policies') ? { policiesDir: values.get('--policies') } : {}),
	};
}

/**
 * Connectors that are configured (as in the template, so the executor plans the same way) but send
 * nothing: every call is answered 403 on the spot. In shadow mode the executor makes no call; in
 * suggest or auto mode a step that needs a call fails and the ticket goes to a person, with the reason.
 */
export function inertConnectors(): Connectors {
	const client = previewOnlyClient('replay sends nothing');
	return { zendesk: { client }, shopify: { client }, stripe: { client } };
}

function template(name: string, dirs: string[] | undefined): string {
	const found = findTemplate(name, dirs);
	if (!found) throw new DatasetFileError(name, undefined, 'template not found next to the CLI; pass --intents FILE and --policies DIR');
	return found;
}

/** Runs every ticket through runPipeline and builds the report; throws DatasetFileError on unusable input. */
export async function runReplay(options: ReplayOptions, deps: ReplayDeps = {}): Promise<ReplayReport> {
	const tickets: ReplayTicket[] = readTicketsFile(options.file, (warning) => deps.progress?.(`replay: warning: ${warning}`));
	let intents: IntentDefinition[];
	let intentsLabel: string;
	let router: ReturnType<typeof readTemplateRouterSettings>;
	if (options.intentsFile) {
		intents = readIntentsFile(options.intentsFile);
		router = readTemplateRouterSettings(options.intentsFile);
		intentsLabel = options.intentsFile;
	} else {
		const file = template(PIPELINE_TEMPLATE, deps.templateDirs);
		intents = readIntentsFile(file);
		router = readTemplateRouterSettings(file);
		intentsLabel = `the pipeline template's router (${PIPELINE_TEMPLATE})`;
	}
	if (options.mode) intents = intents.map((i) => ({ ...i, rolloutMode: options.mode! }));
	intentsLabel += `: ${intents.map((i) => `${i.name} [${i.rolloutMode}]`).join(', ')}`;

	const documents = options.policiesDir ? readPolicyDir(options.policiesDir) : readTemplatePolicies(template(INGESTION_TEMPLATE, deps.templateDirs));
	const embedder = deps.embedder ?? new BuiltinEmbedder();
	const dir = mkdtempSync(path.join(tmpdir(), 'support-replay-'));
	try {
		const store = new EmbeddedStore(path.join(dir, 'policies.json'));
		deps.progress?.(`replay: ingesting ${documents.length} policy document(s) with ${embedder.id}...`);
		await ingestDocuments(documents, { store, embedder });
		const connectors = inertConnectors();
		const rows = [];
		for (const [i, t] of tickets.entries()) {
			const result = await runPipeline({
				payload: t.payload,
				intents,
				policies: { store, embedder },
				connectors,
				options: { liveFacts: false, sendReply: false, ...router },
			});
			// The same row the Support Shadow Replay node reads from an n8n item's case file.
			rows.push(replayRow({ id: t.id, position: i + 1, ...(t.expected ? { expected: t.expected } : {}) }, result.caseFile));
			const done = i + 1;
			if (tickets.length > 10 && (done % 10 === 0 || done === tickets.length)) deps.progress?.(`replay: ${done}/${tickets.length} tickets`);
		}
		return {
			settings: {
				file: options.file,
				mode: options.mode ?? 'from each intent',
				intents: intentsLabel,
				policies: `${documents.length} document(s) from ${options.policiesDir ?? `the ingestion template (${INGESTION_TEMPLATE})`}, temporary embedded store, ${embedder.id}`,
				liveFacts: false,
				connectors: 'inert',
			},
			tickets: rows,
			totals: computeTotals(rows),
			agreement: computeAgreement(rows),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
