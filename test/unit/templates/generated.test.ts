/**
 * workflows/*.json are generated from scripts/templates/*.ts. This regenerates every one into a
 * temporary folder and fails on any difference, so a template edited by hand (or a generator
 * changed without regenerating) cannot reach main unnoticed. Fix: `npx tsx scripts/templates/<name>.ts`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Each generator and the files it writes, relative to workflows/. */
const GENERATORS: Array<[string, string[]]> = [
	['pipelineWebhook.ts', ['support-pipeline-webhook.json']],
	['zendesk.ts', ['support-zendesk.json']],
	['helpScout.ts', ['support-helpscout.json']],
	['shadowReplay.ts', ['support-shadow-replay.json', 'samples/demo-tickets.csv']],
	['sampleShopData.ts', ['support-sample-shop-data.json']],
];

describe('generated templates', () => {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'templates-'));
	afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

	it.each(GENERATORS)('%s regenerates the committed workflows files byte for byte', (generator, files) => {
		execFileSync(TSX, [path.join(ROOT, 'scripts/templates', generator)], {
			cwd: ROOT,
			env: { ...process.env, SUPPORT_COORD_TEMPLATES_OUT: out },
			stdio: 'pipe',
			timeout: 120_000,
		});
		for (const file of files) {
			const committed = fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8');
			const regenerated = fs.readFileSync(path.join(out, file), 'utf8');
			expect({ file, text: regenerated }).toEqual({ file, text: committed });
		}
	}, 120_000);
});
