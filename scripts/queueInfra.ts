/* eslint-disable @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions -- tooling (starting servers is its job), not node code */
/**
 * What n8n's queue mode needs besides n8n, on this machine: Redis (the job queue, and our write
 * lock) and Postgres (the shared database), from the Debian packages postgresql and redis-server,
 * installed with apt-get on first use. Each runs as a child process in a folder of its own, on a free
 * loopback port (or a fixed one), and stops with the caller. Also `n8n worker` processes. Used by
 * `npm start -- --queue` (scripts/local-queue.ts), bench/concurrency.ts --queue and the queue-mode e2e test.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { REPO_ROOT, ensureN8n, freePort, killGroup, n8nEnv, sleep } from './local-n8n';

export interface Service {
	port: number;
	/** The server process (for Postgres: the runuser or postgres process; its backends are descendants). */
	pid: number | undefined;
	stop(): Promise<void>;
}

function have(cmd: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** The newest Postgres server binaries Debian installed (/usr/lib/postgresql/<major>/bin). */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
	return majors[0] ? path.join(root, majors[0], 'bin') : undefined;
}

/** Postgres and Redis from Debian's packages, installed when missing (scripts/ensure-queue-services.sh, which `npm test` also runs). */
export function ensureQueuePackages(log: (line: string) => void = () => undefined): void {
	if (postgresBin() && have('redis-server')) return;
	log('installing postgresql and redis-server with apt-get (first use)');
	execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-queue-services.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function listening(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitListening(port: number, child: ChildProcess, what: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before listening on ${port}`);
		if (await listening(port)) return;
		await sleep(100);
	}
	throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
}

/** A timer that does not keep the process alive (a caller that has stopped everything may exit). */
const grace = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill(signal);
	await Promise.race([exited, grace(15_000).then(() => child.kill('SIGKILL'))]);
}

export async function startRedis(dir: string, fixedPort?: number): Promise<Service> {
	fs.mkdirSync(dir, { recursive: true });
	const port = fixedPort ?? (await freePort());
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	await waitListening(port, child, 'redis-server');
	return { port, pid: child.pid, stop: () => stopChild(child) };
}

/** The postmaster's pid from `<data>/postmaster.pid`, if that process is alive. */
function runningPostmaster(data: string): number | undefined {
	const file = path.join(data, 'postmaster.pid');
	if (!fs.existsSync(file)) return undefined;
	const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
	if (!pid) return undefined;
	try {
		process.kill(pid, 0);
		return pid;
	} catch {
		return undefined;
	}
}

/**
 * Fast shutdown (SIGINT to the postmaster itself: runuser, between us and the server, does not pass
 * it on), then SIGKILL if it is still there after 30 s.
 */
async function stopPostmaster(data: string): Promise<void> {
	const pid = runningPostmaster(data);
	if (!pid) return;
	process.kill(pid, 'SIGINT');
	const deadline = Date.now() + 30_000;
	while (runningPostmaster(data) === pid) {
		if (Date.now() > deadline) {
			process.kill(pid, 'SIGKILL');
			break;
		}
		await sleep(100);
	}
}

/**
 * A throwaway Postgres cluster in `dir` (initdb; trust authentication on loopback), run as the
 * `postgres` system user because the server refuses to run as root. Database `n8n`, user `n8n`.
 */
export async function startPostgres(dir: string, fixedPort?: number): Promise<Service & { database: string; user: string; password: string }> {
	const bin = postgresBin();
	if (!bin) throw new Error('Postgres server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
	const data = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const run = (cmd: string, args: string[]) => (asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' }));
	await stopPostmaster(data); // one left running by a run that was killed
	const fresh = !fs.existsSync(path.join(data, 'PG_VERSION'));
	if (fresh) run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
	const port = fixedPort ?? (await freePort());
	const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'];
	const child = asRoot ? spawn('runuser', ['-u', 'postgres', '--', path.join(bin, 'postgres'), ...args], { stdio: 'ignore' }) : spawn(path.join(bin, 'postgres'), args, { stdio: 'ignore' });
	await waitListening(port, child, 'postgres');
	const psql = (sql: string) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
	for (let i = 0; fresh; i++) {
		try {
			psql("CREATE USER n8n WITH PASSWORD 'n8n'");
			psql('CREATE DATABASE n8n OWNER n8n');
			break;
		} catch (error) {
			if (i >= 20) throw error;
			await sleep(250); // the server accepts connections a moment before it accepts logins
		}
	}
	const stop = async (): Promise<void> => {
		await stopPostmaster(data);
		await stopChild(child, 'SIGINT');
	};
	return { port, pid: child.pid, database: 'n8n', user: 'n8n', password: 'n8n', stop };
}

/** n8n's own settings for queue mode against these services (the same on main and every worker). */
export function queueModeEnv(pg: { port: number; database: string; user: string; password: string }, redis: { port: number }): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface QueueServices {
	/** n8n's queue-mode settings for these services (the same on main and every worker). */
	env: Record<string, string>;
	redis: Service;
	postgres: Service;
	stop(): Promise<void>;
}

/**
 * Redis and Postgres for queue mode in `dir` (kept between runs when the caller keeps the folder;
 * a new cluster is initialised only when there is none). Ports: free ones unless given; removeOnStop
 * deletes `dir` (a throw-away cluster for a bench or a test); postgresDir puts Postgres's cluster
 * elsewhere (it runs as the postgres user, who must reach it).
 */
export async function startQueueServices(
	dir: string,
	log: (line: string) => void,
	opts: { redis?: number; postgres?: number; removeOnStop?: boolean; postgresDir?: string } = {},
): Promise<QueueServices> {
	ensureQueuePackages(log);
	fs.mkdirSync(dir, { recursive: true });
	fs.chmodSync(dir, 0o755); // Postgres runs as the postgres user and must reach its folder
	const redis = await startRedis(path.join(dir, 'redis'), opts.redis);
	let postgres: Service & { database: string; user: string; password: string };
	try {
		postgres = await startPostgres(opts.postgresDir ?? path.join(dir, 'postgres'), opts.postgres);
	} catch (error) {
		await redis.stop();
		throw error;
	}
	log(`queue mode: Redis on ${redis.port}, Postgres on ${postgres.port}`);
	return {
		env: queueModeEnv(postgres, redis),
		redis,
		postgres,
		async stop() {
			await postgres.stop().catch(() => undefined);
			await redis.stop().catch(() => undefined);
			if (opts.removeOnStop) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

export interface Worker {
	index: number;
	child: ChildProcess;
	healthPort: number;
	logFile: string;
	/** SIGTERM (n8n waits for running executions) or SIGKILL (a crash), and wait for the exit. */
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * One `n8n worker` on the main's user folder (so it has the package, the encryption key and the
 * embedded policy store), with its own task-runner broker port and health-check port: the defaults
 * (5679 and 5678) collide with the main and with each other on one host. Ready when
 * /healthz/readiness answers 200 (it connects to Postgres and Redis first).
 */
export async function startWorker(userFolder: string, queueEnv: Record<string, string>, index: number, log: (line: string) => void, concurrency = 10): Promise<Worker> {
	const paths = ensureN8n();
	const healthPort = await freePort();
	const env = n8nEnv(paths, { userFolder, port: await freePort(), brokerPort: await freePort(), extra: { ...queueEnv, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) } });
	const logFile = path.join(userFolder, `worker-${index}.log`);
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(paths.n8nBin, ['worker', `--concurrency=${concurrency}`], { env, stdio: ['ignore', fd, fd], detached: true });
	fs.closeSync(fd);
	const worker: Worker = {
		index,
		child,
		healthPort,
		logFile,
		async stop(signal: NodeJS.Signals = 'SIGTERM') {
			if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			killGroup(child.pid, signal);
			await Promise.race([exited, grace(20_000).then(() => child.pid && killGroup(child.pid, 'SIGKILL'))]);
		},
	};
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`worker ${index} exited (${child.exitCode}):\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
		const ok = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`).then((r) => r.status === 200, () => false);
		if (ok) break;
		if (Date.now() > deadline) {
			await worker.stop('SIGKILL');
			throw new Error(`worker ${index} not ready within 180 s:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
		}
		await sleep(500);
	}
	log(`worker ${index} ready (health port ${healthPort}, log ${logFile})`);
	return worker;
}
