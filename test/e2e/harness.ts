/* eslint-disable @n8n/community-nodes/require-node-api-error -- test tooling, not node code */
/**
 * End-to-end harness: a real n8n 2.41.1 (Node 24, from scripts/ensure-n8n.sh) with this package
 * installed as Community Nodes installs it, fed workflow JSON, driven through its webhooks, and
 * read back through n8n's own REST API.
 *
 *   const n8n = await startN8n({ workflows: [routerWorkflow] });
 *   try {
 *     const res = await n8n.webhook('support-router', ticket, { headers: { 'X-Support-Token': 's' } });
 *     const run = await n8n.waitForExecution((e) => e.workflowId === n8n.workflowIds['My workflow']);
 *     nodeOutputs(run, 'Support Intent Router'); // items per output index
 *   } finally {
 *     await n8n.stop();
 *   }
 *
 * globalSetup builds, packs and installs the package once per run (see packageTemplate.ts) and
 * exports the run folder in SUPPORT_COORD_E2E_RUN_DIR; outside jest the harness prepares it lazily.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';

import {
	ensureN8n,
	freePort,
	importAndPublishWorkflowsCli,
	importCredentialsCli,
	isPortFree,
	killGroup,
	logTail,
	n8nEnv,
	sleep,
	spawnN8n,
	stopN8n,
	waitForReadiness,
	waitForWebhooks,
	webhookTargets,
	withStableId,
	type CredentialSpec,
	type N8nPaths,
	type WebhookTarget,
	type WorkflowJson,
} from '../../scripts/local-n8n';
import { N8nRestClient, OWNER_EMAIL, type Execution, type NodeRunItem } from './n8nRestClient';
import { copyTemplate, prepareTemplate, templateN8nFolder } from './packageTemplate';
import { RUN_DIR_PREFIX, killRecorded, registerProcess, unregisterProcess } from './processRegistry';

export type { CredentialSpec, WorkflowJson } from '../../scripts/local-n8n';
export type { Execution, ExecutionSummary, NodeRun, NodeRunItem, RunExecutionData } from './n8nRestClient';

export const RUN_DIR_ENV = 'SUPPORT_COORD_E2E_RUN_DIR';

export interface StartOptions {
	workflows: WorkflowJson[];
	credentials?: CredentialSpec[];
	/** Extra environment for n8n (overrides the harness defaults). */
	env?: Record<string, string>;
	/**
	 * How workflows get in. 'rest' (default): the editor's own calls after start (create workflow,
	 * publish), about 1 s. 'cli': `n8n import:credentials`, `import:workflow` and
	 * `publish:workflow` while stopped, the headless recipe `npm start` uses; about 5 s per command.
	 */
	importVia?: 'rest' | 'cli';
	readyTimeoutMs?: number;
	webhookTimeoutMs?: number;
}

export interface WebhookResponse {
	status: number;
	headers: Record<string, string>;
	/** Parsed JSON when the response is JSON, the raw text otherwise. */
	body: unknown;
}

export interface WebhookOptions {
	headers?: Record<string, string>;
	method?: string;
	query?: Record<string, string>;
	/** Use the test URL (/webhook-test) instead of the production one. */
	test?: boolean;
}

let lazyRunDir: Promise<string> | undefined;

/** The run folder globalSetup prepared, or (outside jest's globalSetup) one prepared now. */
async function runDir(): Promise<string> {
	const fromSetup = process.env[RUN_DIR_ENV];
	if (fromSetup && fs.existsSync(templateN8nFolder(fromSetup))) return fromSetup;
	lazyRunDir ??= (async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_DIR_PREFIX));
		fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
		// No globalTeardown out here: the folder goes when this process does (instances are killed first,
		// here too: this handler can run before the registry's, and n8n still writing would make rmSync throw).
		process.on('exit', () => {
			killRecorded(dir);
			try {
				fs.rmSync(dir, { recursive: true, force: true });
			} catch {
				// A later run's globalSetup (cleanStaleRuns) removes what is left.
			}
		});
		await prepareTemplate(dir, { build: !fs.existsSync(path.join(__dirname, '../../dist')) });
		process.env[RUN_DIR_ENV] = dir;
		return dir;
	})();
	return await lazyRunDir;
}

/** What restart() needs to launch n8n again exactly as startN8n did. */
export interface LaunchSpec {
	paths: N8nPaths;
	env: NodeJS.ProcessEnv;
	webhooks: WebhookTarget[];
	readyTimeoutMs: number;
	webhookTimeoutMs: number;
}

export class N8nInstance {
	readonly rest: N8nRestClient;
	/** Workflow name -> id in this instance. */
	readonly workflowIds: Record<string, string> = {};
	/** How long each start-up phase took, in ms (for benchmarks and slow-start diagnosis). */
	readonly startTimings: Record<string, number> = {};
	private stopped = false;

	constructor(
		readonly baseUrl: string,
		readonly port: number,
		readonly userFolder: string,
		readonly logFile: string,
		private child: ChildProcess,
		private readonly runDirPath: string,
		private readonly launch?: LaunchSpec,
	) {
		this.rest = new N8nRestClient(baseUrl);
	}

	/** Calls a production webhook (`/webhook/<path>`); a non-string body is sent as JSON. */
	async webhook(webhookPath: string, body?: unknown, opts: WebhookOptions = {}): Promise<WebhookResponse> {
		const method = opts.method ?? 'POST';
		const query = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
		const url = `${this.baseUrl}/${opts.test ? 'webhook-test' : 'webhook'}/${webhookPath.replace(/^\//, '')}${query}`;
		const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
		const headers: Record<string, string> = { ...opts.headers };
		if (hasBody && typeof body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json';
		}
		const response = await fetch(url, {
			method,
			headers,
			body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
			signal: AbortSignal.timeout(60_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		if ((response.headers.get('content-type') ?? '').includes('json') && text) {
			try {
				parsed = JSON.parse(text);
			} catch {
				// Keep the text: a test may be checking exactly this malformed answer.
			}
		}
		return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: parsed };
	}

	/** Every execution so far, newest first, each with its full run data. */
	async executions(): Promise<Execution[]> {
		const summaries = await this.rest.listExecutions();
		return await Promise.all(summaries.map(async (s) => await this.rest.getExecution(s.id)));
	}

	async execution(id: string): Promise<Execution> {
		return await this.rest.getExecution(id);
	}

	/**
	 * The first finished execution (not running/new/waiting) that matches, polling until timeoutMs.
	 * A webhook answered by Respond to Webhook returns before n8n has saved the execution.
	 */
	async waitForExecution(predicate: (e: Execution) => boolean = () => true, timeoutMs = 60_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		const seen = new Map<string, Execution>();
		for (;;) {
			for (const summary of await this.rest.listExecutions()) {
				if (['running', 'new', 'waiting'].includes(summary.status)) continue;
				const full = seen.get(summary.id) ?? (await this.rest.getExecution(summary.id));
				seen.set(summary.id, full);
				if (predicate(full)) return full;
			}
			if (Date.now() > deadline) {
				throw new Error(
					`no finished execution matched within ${timeoutMs} ms (saw ${seen.size}: ${[...seen.values()]
						.map((e) => `#${e.id} ${e.status}`)
						.join(', ')})\n--- n8n log tail ---\n${this.logTail()}`,
				);
			}
			await sleep(150);
		}
	}

	/** True when n8n loaded this node type (e.g. `n8n-nodes-support-coordination.supportIntentRouter`). */
	async hasNodeType(type: string): Promise<boolean> {
		return await this.rest.hasNodeType(type);
	}

	logTail(lines = 40): string {
		return logTail(this.logFile, lines);
	}

	/** The n8n main process id (its process group holds the task runner). */
	get pid(): number | undefined {
		return this.child.pid;
	}

	/**
	 * SIGKILL to n8n and its task runner at once, as an OOM killer or a lost machine would: nothing
	 * is flushed or shut down cleanly. The user folder (database, event log) stays for restart().
	 * Waits until the process has exited and the port is free.
	 */
	async kill(): Promise<void> {
		const child = this.child;
		const pid = child.pid;
		if (pid === undefined) return;
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			killGroup(pid, 'SIGKILL');
			await exited;
		}
		// The task runner is in the same group; make sure none of it is left before a restart.
		killGroup(pid, 'SIGKILL');
		unregisterProcess(this.runDirPath, pid);
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline && !(await isPortFree(this.port))) await sleep(100);
	}

	/**
	 * Starts n8n again on the same user folder, database, port and environment (after kill(), or
	 * while running: then it is killed first), logs the owner in again and waits until every webhook
	 * of the workflows startN8n published is registered. n8n's own start-up recovery runs, so an
	 * execution the kill interrupted shows up as 'crashed'.
	 */
	async restart(): Promise<void> {
		if (!this.launch) throw new Error('restart() needs an instance made by startN8n');
		if (this.stopped) throw new Error('restart() after stop(): the user folder is gone');
		await this.kill();
		const started = Date.now();
		const { paths, env, webhooks } = this.launch;
		const child = spawnN8n(paths, env, this.logFile);
		if (!child.pid) throw new Error('could not restart n8n');
		this.child = child;
		registerProcess(this.runDirPath, child.pid);
		await waitForReadiness(this.baseUrl, child, this.logFile, this.launch.readyTimeoutMs);
		await this.rest.request('POST', '/rest/login', { emailOrLdapLoginId: OWNER_EMAIL, password: this.rest.ownerSecret });
		await waitForWebhooks(this.baseUrl, webhooks, child, this.logFile, this.launch.webhookTimeoutMs);
		this.startTimings.restart = Date.now() - started;
	}

	/** SIGTERM, then SIGKILL after a grace period; waits until the port is free. Idempotent. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await stopN8n(this.child, this.port);
		if (this.child.pid) unregisterProcess(this.runDirPath, this.child.pid);
		if (process.env.SUPPORT_COORD_E2E_KEEP !== '1') fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * A fresh n8n with the package installed, the credentials and workflows imported and published,
 * and every Webhook node's path registered. Throws with the n8n log tail if any step fails,
 * after stopping n8n.
 */
export async function startN8n(opts: StartOptions): Promise<N8nInstance> {
	const started = Date.now();
	const run = await runDir();
	const paths = ensureN8n();
	const userFolder = fs.mkdtempSync(path.join(run, 'instance-'));
	copyTemplate(templateN8nFolder(run), userFolder);
	const logFile = path.join(userFolder, 'n8n.log');
	const port = await freePort();
	const env = n8nEnv(paths, { userFolder, port, brokerPort: await freePort(), extra: opts.env });
	const workflows = opts.workflows.map(withStableId);
	const credentials = opts.credentials ?? [];
	const viaCli = opts.importVia === 'cli';

	if (viaCli) {
		importCredentialsCli(paths, env, credentials);
		importAndPublishWorkflowsCli(paths, env, workflows);
	}
	const child = spawnN8n(paths, env, logFile);
	if (!child.pid) throw new Error('could not start n8n');
	registerProcess(run, child.pid);
	const launch: LaunchSpec = {
		paths,
		env,
		webhooks: workflows.flatMap(webhookTargets),
		readyTimeoutMs: opts.readyTimeoutMs ?? 120_000,
		webhookTimeoutMs: opts.webhookTimeoutMs ?? 60_000,
	};
	const instance = new N8nInstance(`http://127.0.0.1:${port}`, port, userFolder, logFile, child, run, launch);
	const phase = (name: string, since: number): number => {
		instance.startTimings[name] = Date.now() - since;
		return Date.now();
	};
	try {
		let t = phase('prepare', started);
		await waitForReadiness(instance.baseUrl, child, logFile, opts.readyTimeoutMs ?? 120_000);
		t = phase('ready', t);
		await instance.rest.setupOwnerAndLogin();
		if (!viaCli) await importViaRest(instance, workflows, credentials);
		for (const w of workflows) instance.workflowIds[w.name] = w.id;
		t = phase('ownerAndImport', t);
		await waitForWebhooks(
			instance.baseUrl,
			workflows.flatMap(webhookTargets),
			child,
			logFile,
			opts.webhookTimeoutMs ?? 60_000,
		);
		phase('webhooks', t);
		phase('total', started);
		return instance;
	} catch (error) {
		const message = (error as Error).message;
		// Read the log before stop() deletes the instance folder.
		const withLog = message.includes('n8n log tail') ? message : `${message}\n--- n8n log tail ---\n${logTail(logFile)}`;
		await instance.stop();
		throw new Error(withLog);
	}
}

/** Credentials get new ids over REST, so workflow references are re-pointed by their old id. */
async function importViaRest(instance: N8nInstance, workflows: Array<WorkflowJson & { id: string }>, credentials: CredentialSpec[]): Promise<void> {
	const newIds = new Map<string, string>();
	for (const c of credentials) newIds.set(c.id, await instance.rest.createCredential({ name: c.name, type: c.type, data: c.data }));
	for (const workflow of workflows) {
		const nodes = workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const refs = Object.fromEntries(
				Object.entries(node.credentials).map(([type, ref]) => [type, { ...ref, id: (ref.id && newIds.get(ref.id)) ?? ref.id }]),
			);
			return { ...node, credentials: refs };
		});
		// Exported workflow files carry `active`; publishing is what activates them here.
		const { active, ...rest } = workflow;
		void active;
		await instance.rest.createAndPublishWorkflow({ ...rest, nodes });
	}
}

/** A node's output items of one run, one array per output index (empty when nothing went there). */
export function nodeOutputs(execution: Execution, nodeName: string, runIndex = 0): NodeRunItem[][] {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs?.[runIndex]) {
		throw new Error(`node "${nodeName}" did not run (run ${runIndex}) in execution #${execution.id}; ran: ${nodesRun(execution).join(', ')}`);
	}
	return (runs[runIndex].data?.main ?? []).map((items) => items ?? []);
}

/** Names of the nodes that ran, in run order. */
export function nodesRun(execution: Execution): string[] {
	return Object.entries(execution.data.resultData.runData)
		.map(([name, runs]) => ({ name, start: runs[0]?.startTime ?? 0 }))
		.sort((a, b) => a.start - b.start)
		.map((r) => r.name);
}

/** The error a node reported, if any. */
export function nodeError(execution: Execution, nodeName: string, runIndex = 0): NodeRunItem['json'] | undefined {
	return execution.data.resultData.runData[nodeName]?.[runIndex]?.error;
}

/** Reads a workflow fixture: a file name in test/e2e/fixtures/, or an absolute path. */
export function loadWorkflow(file: string): WorkflowJson {
	const resolved = path.isAbsolute(file) ? file : path.join(__dirname, 'fixtures', file);
	return JSON.parse(fs.readFileSync(resolved, 'utf8')) as WorkflowJson;
}

/**
 * Shipped templates that hold only n8n's own nodes: the sample shop's data loader (Webhook -> Data
 * Table). Editor tests about our nodes skip them; a new template of ours is never skipped.
 */
export const DATA_ONLY_TEMPLATES: readonly string[] = ['support-sample-shop-data.json'];

/** Every shipped template with nodes of ours, including ones added after a test was written. */
export function templatesWithOurNodes(): string[] {
	return fs
		.readdirSync(path.join(__dirname, '../../workflows'))
		.filter((f) => f.endsWith('.json') && !DATA_ONLY_TEMPLATES.includes(f))
		.sort();
}

/** Reads a shipped template from workflows/ (what users import), e.g. 'support-router-webhook.json'. */
export function loadTemplate(file: string): WorkflowJson {
	return loadWorkflow(path.join(__dirname, '../../workflows', file));
}
