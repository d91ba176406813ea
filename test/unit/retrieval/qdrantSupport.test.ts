import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXPECTED_QDRANT_VERSION, qdrantVersion, startQdrant } from '../../support/qdrant';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('test/support/qdrant', () => {
	it('runs the shipped binary of the expected version', () => {
		expect(qdrantVersion()).toBe(EXPECTED_QDRANT_VERSION);
	});

	it('refuses a binary that reports another version, without starting it', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'fake-qdrant-'));
		const fake = path.join(dir, 'qdrant');
		writeFileSync(fake, '#!/bin/sh\necho "qdrant 9.9.9"\n');
		chmodSync(fake, 0o755);
		await expect(startQdrant({ binary: fake })).rejects.toThrow(/reports "qdrant 9.9.9", expected "qdrant 1.16.3"/);
		rmSync(dir, { recursive: true, force: true });
	});

	it('answers on loopback and is gone after stop', async () => {
		const qdrant = await startQdrant();
		expect(qdrant.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect((await fetch(`${qdrant.url}/readyz`)).ok).toBe(true);
		await qdrant.stop();
		expect(isAlive(qdrant.pid)).toBe(false);
	}, 30_000);
});
