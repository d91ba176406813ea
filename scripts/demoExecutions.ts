/* eslint-disable @n8n/community-nodes/no-dangerous-functions --
   developer tooling (npm run demo): runs Node 24 to read n8n's database; never shipped in dist/ */
/**
 * Reads the execution data n8n saved for the demo's tickets, straight from the `npm start`
 * instance's SQLite database (read-only). Why not n8n's REST API: it needs a login (the editor's
 * owner account, which the operator creates and the demo does not know) or an API key (which
 * `npm start` does not create). n8n saves each execution's run data as `flatted` JSON; Node 24's
 * built-in `node:sqlite` (the Node that runs n8n) reads it without any extra package.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

import { parse as parseFlatted } from 'flatted';

import type { RunExecutionData } from '../test/e2e/n8nRestClient';
import { ensureN8n } from './local-n8n';

export interface SavedExecution {
	id: number;
	workflowId: string;
	status: string;
	startedAt: string | null;
	stoppedAt: string | null;
	data: RunExecutionData;
}

// Runs under Node 24: prints one JSON line per execution (its run data still flatted-encoded).
const READER = `
const { DatabaseSync } = require('node:sqlite');
const [file, workflowId, afterId] = process.argv.slice(1);
const db = new DatabaseSync(file, { readOnly: true });
const rows = db.prepare('SELECT e.id, e.workflowId, e.status, e.startedAt, e.stoppedAt, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? AND e.id > ? ORDER BY e.id').all(workflowId, Number(afterId));
for (const r of rows) process.stdout.write(JSON.stringify(r) + '\\n');
`;

function runReader(database: string, args: string[], script = READER): string {
	const { node24Bin } = ensureN8n();
	const result = spawnSync(`${node24Bin}/node`, ['--no-warnings', '-e', script, database, ...args], {
		encoding: 'utf8',
		maxBuffer: 512 * 1024 * 1024,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) throw new Error(`reading ${database} failed: ${result.stderr.trim().slice(0, 1000)}`);
	return result.stdout;
}

/** The highest execution id so far (0 for none), so a run reads only its own executions. */
export function lastExecutionId(database: string): number {
	if (!fs.existsSync(database)) return 0;
	const out = runReader(database, [], `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
process.stdout.write(String(db.prepare('SELECT MAX(id) AS id FROM execution_entity').get().id ?? 0));
`);
	return Number(out.trim()) || 0;
}

/** A workflow's executions with an id above afterId, oldest first, run data decoded. */
export function savedExecutions(database: string, workflowId: string, afterId: number): SavedExecution[] {
	if (!fs.existsSync(database)) return [];
	return runReader(database, [workflowId, String(afterId)])
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => {
			const row = JSON.parse(line) as Omit<SavedExecution, 'data'> & { data: string };
			return { ...row, data: parseFlatted(row.data) as RunExecutionData };
		});
}
