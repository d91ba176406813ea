/* eslint-disable @n8n/community-nodes/require-node-api-error -- tooling, not node code */
/**
 * What n8n's queue mode needs besides n8n, on this machine: Redis (the job queue, and our write
 * lock) and Postgres (the shared database), from the Debian packages postgresql and redis-server,
 * installed with apt-get on first use. Each runs as a child process in a folder of its own, on a free
 * loopback port, and stops with the caller. Used by bench/concurrency.ts --queue.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { freePort, sleep } from './local-n8n';

export interface Service {
	port: number;
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

/** apt-get install for whichever of postgresql and redis-server is missing (needs root, as the project's machines run). */
export function ensureQueuePackages(log: (line: string) => void = () => undefined): void {
	const missing = [...(postgresBin() ? [] : ['postgresql']), ...(have('redis-server') ? [] : ['redis-server'])];
	if (missing.length === 0) return;
	log(`installing ${missing.join(' and ')} with apt-get (first use)`);
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
	execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
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

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill(signal);
	await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
}

export async function startRedis(dir: string): Promise<Service> {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
	await waitListening(port, child, 'redis-server');
	return { port, stop: () => stopChild(child) };
}

/**
 * A throwaway Postgres cluster in `dir` (initdb; trust authentication on loopback), run as the
 * `postgres` system user because the server refuses to run as root. Database `n8n`, user `n8n`.
 */
export async function startPostgres(dir: string): Promise<Service & { database: string; user: string; password: string }> {
	const bin = postgresBin();
	if (!bin) throw new Error('Postgres server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
	const data = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const run = (cmd: string, args: string[]) => (asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' }));
	if (!fs.existsSync(path.join(data, 'PG_VERSION'))) run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
	const port = await freePort();
	const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=100'];
	const child = asRoot ? spawn('runuser', ['-u', 'postgres', '--', path.join(bin, 'postgres'), ...args], { stdio: 'ignore' }) : spawn(path.join(bin, 'postgres'), args, { stdio: 'ignore' });
	await waitListening(port, child, 'postgres');
	const psql = (sql: string) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
	for (let i = 0; ; i++) {
		try {
			psql("CREATE USER n8n WITH PASSWORD 'n8n'");
			psql('CREATE DATABASE n8n OWNER n8n');
			break;
		} catch (error) {
			if (i >= 20) throw error;
			await sleep(250); // the server accepts connections a moment before it accepts logins
		}
	}
	return { port, database: 'n8n', user: 'n8n', password: 'n8n', stop: () => stopChild(child, 'SIGINT') };
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
