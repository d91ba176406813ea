/**
 * Every n8n the harness starts is recorded as a file `<runDir>/pids/<pid>` so that no n8n outlives
 * a test run: the test process kills its own on 'exit', globalTeardown kills whatever a crashed
 * test file left, and the next globalSetup cleans up after a run that was itself killed.
 * Each n8n runs in its own process group (its task runner included), killed as a group.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { killGroup } from '../../scripts/local-n8n';

export const RUN_DIR_PREFIX = 'support-coord-e2e-';

const live = new Set<number>();
let exitHookInstalled = false;

function pidDir(runDir: string): string {
	return path.join(runDir, 'pids');
}

export function registerProcess(runDir: string, pid: number): void {
	fs.mkdirSync(pidDir(runDir), { recursive: true });
	fs.writeFileSync(path.join(pidDir(runDir), String(pid)), '');
	live.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		// Synchronous by necessity: 'exit' handlers cannot wait.
		process.on('exit', () => {
			for (const p of live) killGroup(p, 'SIGKILL');
		});
	}
}

export function unregisterProcess(runDir: string, pid: number): void {
	live.delete(pid);
	fs.rmSync(path.join(pidDir(runDir), String(pid)), { force: true });
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Only ever kills a pid that is still an n8n (pids get reused). */
function isN8n(pid: number): boolean {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('n8n');
	} catch {
		return false;
	}
}

/** Kills every n8n recorded under runDir; returns how many were still running. */
export function killRecorded(runDir: string): number {
	let killed = 0;
	let pids: string[] = [];
	try {
		pids = fs.readdirSync(pidDir(runDir));
	} catch {
		return 0;
	}
	for (const name of pids) {
		const pid = Number(name);
		if (Number.isInteger(pid) && isAlive(pid) && isN8n(pid)) {
			killGroup(pid, 'SIGKILL');
			killed++;
		}
		fs.rmSync(path.join(pidDir(runDir), name), { force: true });
	}
	return killed;
}

/** Run folders of earlier runs whose jest process is gone: kill their n8n, delete the folder. */
export function cleanStaleRuns(): void {
	for (const name of fs.readdirSync(os.tmpdir())) {
		if (!name.startsWith(RUN_DIR_PREFIX)) continue;
		const dir = path.join(os.tmpdir(), name);
		const ownerText = safeRead(path.join(dir, 'owner.pid'));
		const owner = Number(ownerText);
		if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
		// A folder another run has just created has no owner.pid yet: leave young ones alone.
		if (!ownerText && Date.now() - safeMtime(dir) < 120_000) continue;
		killRecorded(dir);
		try {
			// A just-killed n8n may still be flushing files into it; retry, then leave it for next time.
			fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
		} catch {
			// not worth failing a test run over
		}
	}
}

function safeMtime(file: string): number {
	try {
		return fs.statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}

function safeRead(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		return '';
	}
}
