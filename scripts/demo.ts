/**
 * npm run demo: the sample set of workflows/samples/demo-tickets.json (52 tickets in Zendesk,
 * Freshdesk, Intercom and Help Scout shapes, each with what a good human agent would do) through
 * the same in-process replay as `support-coordination replay`, then the table and totals.
 */
import * as path from 'path';
import { runReplay } from '../cli/replay';
import { formatReplayReport } from '../cli/replayReport';

const SAMPLES = path.join(__dirname, '..', 'workflows', 'samples', 'demo-tickets.json');

async function main(): Promise<void> {
	const json = process.argv.includes('--json');
	const report = await runReplay({ file: SAMPLES, json }, { progress: (line) => process.stderr.write(`${line}\n`) });
	if (json) {
		process.stdout.write(JSON.stringify(report, null, 2) + '\n');
		return;
	}
	process.stdout.write(formatReplayReport(report));
	process.stdout.write(
		'\nThis ran in-process. The same six layers run in n8n: `npm start` brings up n8n with the pipeline\n' +
			'template (workflows/support-pipeline-webhook.json) imported; replay any file with\n' +
			'`support-coordination replay FILE` (--mode suggest|auto to see a promoted rollout).\n',
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
