/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error, no-console --
   developer tooling (npm start, npm run demo): starting n8n is its job; never shipped in dist/ */
/**
 * The `npm start` instance: a persistent local n8n with this package, the templates imported and
 * published, the sample policies and the sample shop. One flow for both deployments:
 * - regular (default): one n8n process, SQLite, data in .n8n-local/
 * - queue (`npm start -- --queue`, scripts/localQueue.ts): Postgres, Redis, Qdrant, n8n main and two
 *   workers, data in .n8n-local-queue/
 * `npm run demo` uses startLocalInBackground (regular).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	PACKAGE_NAME,
	REPO_ROOT,
	ensureN8n,
	freePort,
	importAndPublishWorkflowsCli,
	importCredentialsCli,
	installLikeCommunityNodes,
	isPortFree,
	logTail,
	n8nEnv,
	packPackage,
	quiet,
	runN8nCli,
	safeKill,
	spawnN8n,
	stopN8n,
	vendorTrigger,
	waitForReadiness,
	waitForWebhooks,
	webhookTargets,
	withStableId,
	type CredentialSpec,
	type Log,
	type N8nPaths,
	type WorkflowJson,
} from './local-n8n';
import { CUSTOMERS, SAMPLE_TABLE, sampleRows, sampleTracking } from './sampleShop';

const LOCAL_DIR = path.join(REPO_ROOT, '.n8n-local');

/**
 * What differs between the regular and the queue deployment of `npm start`. The rest (package,
 * credentials, templates, sample data, the printed curls and the check) is one flow.
 */
export interface Deployment {
	/** The n8n user folder (and this tool's state.json). */
	dir: string;
	/** n8n settings for the main and the CLI commands (queue mode: Postgres, Redis). */
	env: Record<string, string>;
	/** Credentials besides the webhook Header Auth (queue mode: Qdrant). */
	credentials: CredentialSpec[];
	/** The template as this deployment imports it (queue mode: the policy store on Qdrant). */
	adapt(workflow: WorkflowJson): WorkflowJson;
	/** Passages in the policy store the templates read (0: seed it by running the ingestion template). */
	policyPassages(): Promise<number>;
	/** Where the sample policies are, for the banner. */
	policyStoreLabel: string;
	/** After the main is ready, before any webhook is called (queue mode: start the workers). */
	afterMain(log: Log): Promise<void>;
	/** Stop what the deployment started besides the main. */
	stop(): Promise<void>;
	/** Extra banner lines. */
	banner(): string[];
}

/** One n8n process on SQLite in .n8n-local/: the default. */
export function regularDeployment(): Deployment {
	const storeFile = path.join(LOCAL_DIR, '.n8n', 'support-coordination', 'policy-stores', 'policies.json');
	return {
		dir: LOCAL_DIR,
		env: {},
		credentials: [],
		adapt: (workflow) => workflow,
		policyPassages: async () => (fs.existsSync(storeFile) ? ((JSON.parse(fs.readFileSync(storeFile, 'utf8')) as { chunks?: unknown[] }).chunks ?? []).length : 0),
		policyStoreLabel: 'the embedded store "policies"',
		afterMain: async () => undefined,
		stop: async () => undefined,
		banner: () => [` Data:     .n8n-local/ (delete it for a fresh start)`],
	};
}
const ROUTER_TEMPLATE = 'support-router-webhook.json';

interface LocalState {
	/** Template file name -> sha256 of what was last imported, so unchanged templates are not re-imported over the user's edits. */
	imported: Record<string, string>;
	/** Credential ids already created. */
	credentials: string[];
	headerSecret?: string;
}

function readState(dir: string = LOCAL_DIR): LocalState {
	const file = path.join(dir, 'state.json');
	if (!fs.existsSync(file)) return { imported: {}, credentials: [] };
	return { imported: {}, credentials: [], ...JSON.parse(fs.readFileSync(file, 'utf8')) };
}

function writeState(dir: string, state: LocalState): void {
	fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** Header Auth credentials the templates reference, filled with this install's generated secret. */
function headerAuthCredentials(workflows: WorkflowJson[], secret: string): CredentialSpec[] {
	const byId = new Map<string, CredentialSpec>();
	for (const workflow of workflows) {
		for (const node of workflow.nodes) {
			const ref = node.credentials?.httpHeaderAuth;
			if (ref?.id && !byId.has(ref.id)) {
				byId.set(ref.id, { id: ref.id, name: ref.name, type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: secret } });
			}
		}
	}
	return [...byId.values()];
}

const PIPELINE_TEMPLATE = 'support-pipeline-webhook.json';
const SAMPLE_DATA_TEMPLATE = 'support-sample-shop-data.json';

/**
 * The tickets `npm start` prints for the pipeline, Zendesk-shaped. The first names a sample order on
 * its way (the answer quotes its tracking number); the second asks to return an order delivered 65
 * days ago (escalated: outside the 30-day return window).
 */
export const SAMPLE_TICKETS = {
	resolved: {
		ticket: {
			id: 35436,
			subject: 'Where is my order?',
			description: 'Hi, I ordered a pair of shoes last week (order 5531) and the parcel still has not arrived. Can you tell me where it is?',
			requester: { email: CUSTOMERS.jane.email, name: CUSTOMERS.jane.name },
		},
	},
	escalated: {
		ticket: {
			id: 35437,
			subject: 'Return',
			description: 'Hello, I would like to return the rain jacket from order #5525, it does not fit. Please refund me.',
			requester: { email: CUSTOMERS.tom.email, name: CUSTOMERS.tom.name },
		},
	},
} as const;
/** What the first sample answer must say: the tracking number of order #5531 in the sample shop. */
export const SAMPLE_RESOLUTION_TEXT = sampleTracking('5531');

function curlCommand(url: string, secret: string, ticket: unknown): string {
	const body = JSON.stringify(ticket).replace(/'/g, "'\\''");
	return `curl -sS -X POST '${url}' -H 'Content-Type: application/json' -H 'X-Support-Token: ${secret}' -d '${body}'`;
}

/**
 * Writes the sample shop's orders (dates relative to now) into n8n's own Data Table, through the
 * "Support sample shop data" template's webhook: the table is created if missing, each order upserted.
 */
export async function seedSampleShop(baseUrl: string, secret: string, now: Date = new Date()): Promise<number> {
	const target = templateWebhookPath(SAMPLE_DATA_TEMPLATE);
	if (!target) throw new Error(`workflows/${SAMPLE_DATA_TEMPLATE} is missing`);
	const res = await fetch(`${baseUrl}/webhook/${target}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'X-Support-Token': secret },
		body: JSON.stringify({ orders: sampleRows(now) }),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`seeding the sample shop data failed: HTTP ${res.status} ${text.slice(0, 500)}`);
	return Number((JSON.parse(text) as { orders?: unknown }).orders ?? 0);
}

const INGESTION_TEMPLATE = 'support-policy-ingestion.json';

interface PreparedLocal {
	paths: N8nPaths;
	env: NodeJS.ProcessEnv;
	state: LocalState & { headerSecret: string };
	loaded: Array<{ file: string; sha: string; workflow: WorkflowJson & { id: string } }>;
	passages: number;
}

/**
 * Everything `npm start` does before `n8n start`: install the packed package, create the Header
 * Auth credential, import and publish new or changed templates, seed the sample policies.
 */
async function prepareLocal(port: number, log: Log, deployment: Deployment): Promise<PreparedLocal> {
	const paths = ensureN8n(log);
	const dir = deployment.dir;
	fs.mkdirSync(dir, { recursive: true });
	const n8nFolder = path.join(dir, '.n8n');
	const env = n8nEnv(paths, { userFolder: dir, port, brokerPort: await freePort(), extra: deployment.env });

	const tarball = packPackage(fs.mkdtempSync(path.join(os.tmpdir(), 'support-coord-pack-')));
	installLikeCommunityNodes(tarball, n8nFolder, log);
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });

	const state = readState(dir);
	state.headerSecret ??= randomBytes(24).toString('hex');
	const templateDir = path.join(REPO_ROOT, 'workflows');
	const templates = fs.existsSync(templateDir)
		? fs.readdirSync(templateDir).filter((f) => f.endsWith('.json')).sort()
		: [];
	if (templates.length === 0) log('no workflows/*.json templates to import');
	const loaded = templates.map((file) => {
		const text = fs.readFileSync(path.join(templateDir, file), 'utf8');
		return { file, sha: createHash('sha256').update(text).digest('hex'), workflow: withStableId(deployment.adapt(JSON.parse(text) as WorkflowJson)) };
	});

	const newCredentials = [...headerAuthCredentials(loaded.map((t) => t.workflow), state.headerSecret), ...deployment.credentials].filter(
		(c) => !state.credentials.includes(c.id),
	);
	if (newCredentials.length > 0) {
		log(`creating credentials: ${newCredentials.map((c) => `"${c.name}"`).join(', ')}`);
		importCredentialsCli(paths, env, newCredentials);
		state.credentials.push(...newCredentials.map((c) => c.id));
		writeState(dir, state);
	}
	const changed = loaded.filter((t) => state.imported[t.file] !== t.sha);
	if (changed.length > 0) {
		log(`importing and publishing ${changed.map((t) => t.file).join(', ')} (new or changed since the last start)`);
		for (const t of changed) {
			const trigger = vendorTrigger(t.workflow);
			if (trigger) log(`  ${t.file}: imported, not published (its "${trigger}" registers with the helpdesk when published: set its credential in the editor, then publish)`);
		}
		importAndPublishWorkflowsCli(paths, env, changed.map((t) => t.workflow), { publish: (w) => !vendorTrigger(w) });
		for (const t of changed) state.imported[t.file] = t.sha;
		writeState(dir, state);
	}

	// The pipeline retrieves policy from the policy store: fill it with the sample policies by running
	// the ingestion template once (re-running replaces passages, it never duplicates them). `n8n execute`
	// runs in its own process, in regular mode even when the deployment is in queue mode.
	const ingestion = loaded.find((t) => t.file === INGESTION_TEMPLATE);
	if (ingestion && (changed.includes(ingestion) || (await deployment.policyPassages()) === 0)) {
		log('seeding the sample policies (runs the policy-ingestion template once)');
		runN8nCli(paths, env, ['execute', `--id=${ingestion.workflow.id}`]);
	}
	const passages = await deployment.policyPassages();
	return { paths, env, state: state as LocalState & { headerSecret: string }, loaded, passages };
}

/** The port `npm start` uses: $PORT, else 5678 (check mode: a free one). */
export async function startPort(check: boolean): Promise<number | undefined> {
	const port = Number(process.env.PORT ?? (check ? await freePort() : 5678));
	if (await isPortFree(port)) return port;
	console.error(`[start] port ${port} is in use; set PORT=<free port> and run again`);
	return undefined;
}

/**
 * `npm start`: prepare, start the main in the foreground (check mode: in the background), seed the
 * sample shop, print the editor URL and the curls; check mode runs them and stops. Everything the
 * deployment started stops with it.
 */
export async function startLocal(check: boolean, port: number, deployment: Deployment, log: Log): Promise<number> {
	try {
		return await runLocal(check, port, deployment, log);
	} finally {
		await deployment.stop();
	}
}

async function runLocal(check: boolean, port: number, deployment: Deployment, log: Log): Promise<number> {
	const { paths, env, state, loaded, passages } = await prepareLocal(port, log, deployment);

	const baseUrl = `http://127.0.0.1:${port}`;
	const logFile = path.join(deployment.dir, 'n8n.log');
	const folder = path.relative(REPO_ROOT, deployment.dir);
	log(`starting n8n ${check ? `(check mode, log in ${folder}/n8n.log)` : 'in the foreground (Ctrl-C stops it)'}`);
	const child = spawnN8n(paths, env, logFile, { foreground: !check });
	let stopping = false;
	const onSignal = (): void => {
		// In the foreground n8n got the same Ctrl-C from the terminal and shuts down by itself.
		stopping = true;
		if (check && child.pid) safeKill(child.pid, 'SIGTERM');
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', () => {
		stopping = true;
		if (child.pid) safeKill(child.pid, 'SIGTERM');
	});

	const exitCode = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 0)));
	try {
		await waitForReadiness(baseUrl, child, logFile, 180_000);
		await waitForWebhooks(baseUrl, loaded.flatMap((t) => webhookTargets(t.workflow)), child, logFile, 60_000);
		await deployment.afterMain(log);
	} catch (error) {
		if (stopping) return await exitCode;
		console.error(`[start] ${(error as Error).message}`);
		await stopN8n(child, port);
		return 1;
	}

	let sampleOrders = 0;
	try {
		sampleOrders = await seedSampleShop(baseUrl, state.headerSecret);
	} catch (error) {
		console.error(`[start] ${(error as Error).message}\n${logTail(logFile)}`);
		await stopN8n(child, port);
		return 1;
	}

	const router = loaded.find((t) => t.file === ROUTER_TEMPLATE);
	const routerPath = router ? webhookTargets(router.workflow)[0]?.path : undefined;
	const pipeline = loaded.find((t) => t.file === PIPELINE_TEMPLATE);
	const pipelinePath = pipeline ? webhookTargets(pipeline.workflow)[0]?.path : undefined;
	const curls = pipelinePath
		? {
				resolved: curlCommand(`${baseUrl}/webhook/${pipelinePath}`, state.headerSecret, SAMPLE_TICKETS.resolved),
				escalated: curlCommand(`${baseUrl}/webhook/${pipelinePath}`, state.headerSecret, SAMPLE_TICKETS.escalated),
			}
		: undefined;
	const lines = [
		'',
		'='.repeat(78),
		` n8n is running with ${PACKAGE_NAME} installed as a community package.`,
		` Editor:   ${baseUrl}   (first visit: create the owner account)`,
		...deployment.banner(),
		` Templates published: ${loaded.filter((t) => !vendorTrigger(t.workflow)).map((t) => t.workflow.name).join('; ') || '(none)'}`,
		` Imported, publish after setting their credentials: ${loaded.filter((t) => vendorTrigger(t.workflow)).map((t) => t.workflow.name).join('; ') || '(none)'}`,
		` Sample policies: ${passages} passages in ${deployment.policyStoreLabel}`,
		` Sample shop: ${sampleOrders} orders in the n8n Data Table "${SAMPLE_TABLE}" (dates relative to now)`,
	];
	if (curls) {
		lines.push(
			` Webhook secret (header X-Support-Token): ${state.headerSecret}`,
			' A ticket about sample order #5531 (answered from the sample shop: its tracking number):',
			'',
			curls.resolved,
			'',
			' A return of sample order #5525, delivered 65 days ago (escalated to a person, with the reason):',
			'',
			curls.escalated,
			'',
		);
		if (routerPath) lines.push(` The router alone: POST the same JSON to ${baseUrl}/webhook/${routerPath}`, '');
	}
	lines.push(check ? ' Check mode: verifying the curl command, then stopping.' : ' Ctrl-C stops n8n.', '='.repeat(78), '');
	console.log(lines.join('\n'));

	if (!check) return await exitCode;

	let ok = true;
	if (curls) {
		ok = runCheckCurl('resolved', curls.resolved, logFile, (answer) => answer.route === 'handled' && String(answer.draftReply ?? '').includes(SAMPLE_RESOLUTION_TEXT));
		ok = runCheckCurl('escalated', curls.escalated, logFile, (answer) => answer.route === 'escalated' && /return window/i.test(String(answer.reason ?? ''))) && ok;
	}
	await stopN8n(child, port);
	console.log(`[start] check ${ok ? 'passed' : 'FAILED'}; n8n stopped`);
	return ok ? 0 : 1;
}

/** Runs one printed curl and checks its answer: a 2xx and what the sample data says it must contain. */
function runCheckCurl(label: string, curl: string, logFile: string, expected: (answer: Record<string, unknown>) => boolean): boolean {
	const result = spawnSync('bash', ['-c', `${curl} -w '\\nHTTP %{http_code}\\n'`], { encoding: 'utf8' });
	console.log(`[start] ${label} curl printed:\n${result.stdout.trim()}`);
	const status = Number(/HTTP (\d+)\s*$/.exec(result.stdout)?.[1] ?? 0);
	let answer: Record<string, unknown> = {};
	try {
		answer = JSON.parse(result.stdout.replace(/\nHTTP \d+\s*$/, '')) as Record<string, unknown>;
	} catch {
		// Not JSON: reported below.
	}
	const ok = result.status === 0 && status >= 200 && status < 300 && expected(answer);
	if (!ok) console.error(`[start] the ${label} curl did not give the expected answer (HTTP ${status})\n${logTail(logFile)}`);
	return ok;
}

// ---------------------------------------------------------------------------------------------
// For `npm run demo`: find the `npm start` instance, or run one in the background for a while.
// ---------------------------------------------------------------------------------------------

/** The `npm start` data folder and the files other tools read from it. */
export const LOCAL_N8N = {
	dir: LOCAL_DIR,
	database: path.join(LOCAL_DIR, '.n8n', 'database.sqlite'),
	log: path.join(LOCAL_DIR, 'n8n.log'),
	defaultPort: 5678,
} as const;

/** The Header Auth secret `npm start` generated for the templates' webhooks (undefined before the first start). */
export function localWebhookSecret(): string | undefined {
	return readState().headerSecret;
}

/** Production webhook path of a shipped template (e.g. 'support-pipeline-webhook.json'), or undefined. */
export function templateWebhookPath(file: string): string | undefined {
	const full = path.join(REPO_ROOT, 'workflows', file);
	if (!fs.existsSync(full)) return undefined;
	return webhookTargets(JSON.parse(fs.readFileSync(full, 'utf8')) as WorkflowJson)[0]?.path;
}

export interface BackgroundLocalN8n {
	baseUrl: string;
	port: number;
	headerSecret: string;
	/** Template file name -> workflow id in this instance. */
	workflowIds: Record<string, string>;
	logFile: string;
	stop(): Promise<void>;
}

/**
 * The same preparation and start as `npm start` (same .n8n-local folder, same templates, same sample
 * policies), but n8n runs in the background until stop(). The caller builds the package first if
 * it wants the current source (npm start runs scripts/build.sh).
 */
export async function startLocalInBackground(opts: { port?: number; log?: Log } = {}): Promise<BackgroundLocalN8n> {
	const log = opts.log ?? quiet;
	const port = opts.port ?? LOCAL_N8N.defaultPort;
	if (!(await isPortFree(port))) throw new Error(`port ${port} is in use`);
	const { paths, env, state, loaded } = await prepareLocal(port, log, regularDeployment());
	const baseUrl = `http://127.0.0.1:${port}`;
	const logFile = LOCAL_N8N.log;
	log('starting n8n in the background (log in .n8n-local/n8n.log)');
	const child = spawnN8n(paths, env, logFile);
	const stop = async (): Promise<void> => await stopN8n(child, port);
	try {
		await waitForReadiness(baseUrl, child, logFile, 180_000);
		await waitForWebhooks(baseUrl, loaded.flatMap((t) => webhookTargets(t.workflow)), child, logFile, 60_000);
		await seedSampleShop(baseUrl, state.headerSecret);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		baseUrl,
		port,
		headerSecret: state.headerSecret,
		workflowIds: Object.fromEntries(loaded.map((t) => [t.file, t.workflow.id])),
		logFile,
		stop,
	};
}
