/**
 * Once per e2e run: clean up after earlier runs that were killed, then build, pack and install
 * the package into a template n8n folder that every instance copies (see packageTemplate.ts).
 * Test files find the folder through SUPPORT_COORD_E2E_RUN_DIR (jest's workers inherit it).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { RUN_DIR_ENV } from './harness';
import { prepareTemplate } from './packageTemplate';
import { RUN_DIR_PREFIX, cleanStaleRuns } from './processRegistry';

export default async function globalSetup(): Promise<void> {
	cleanStaleRuns();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_DIR_PREFIX));
	fs.writeFileSync(path.join(runDir, 'owner.pid'), String(process.pid));
	process.env[RUN_DIR_ENV] = runDir;
	const started = Date.now();
	// SUPPORT_COORD_E2E_SKIP_BUILD=1 reuses dist/ (e.g. right after `npm run build` in scripts/test.sh).
	const build = process.env.SUPPORT_COORD_E2E_SKIP_BUILD !== '1' || !fs.existsSync(path.join(__dirname, '../../dist'));
	await prepareTemplate(runDir, { build });
	process.stderr.write(`\n[e2e] package built, packed and installed in ${((Date.now() - started) / 1000).toFixed(1)} s (${runDir})\n`);
}
