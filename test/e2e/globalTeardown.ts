/**
 * After the e2e run: kill any n8n a failed or crashed test left running, then delete the run
 * folder (kept, with every instance's n8n.log, when SUPPORT_COORD_E2E_KEEP=1).
 */
import * as fs from 'node:fs';

import { RUN_DIR_ENV } from './harness';
import { killRecorded } from './processRegistry';

export default async function globalTeardown(): Promise<void> {
	const runDir = process.env[RUN_DIR_ENV];
	if (!runDir) return;
	const killed = killRecorded(runDir);
	if (killed > 0) process.stderr.write(`[e2e] killed ${killed} n8n process group(s) left running by the tests\n`);
	if (process.env.SUPPORT_COORD_E2E_KEEP === '1') {
		process.stderr.write(`[e2e] kept ${runDir}\n`);
	} else {
		fs.rmSync(runDir, { recursive: true, force: true });
	}
}
