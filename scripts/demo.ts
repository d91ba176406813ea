/**
 * npm run demo: the sample set of workflows/samples/demo-tickets.json (52 tickets in Zendesk,
 * Freshdesk, Intercom and Help Scout shapes, each with what a good human agent would do) sent to
 * the pipeline template in a real n8n, then a per-ticket table and the totals (routed,
 * auto-resolved, suggested, escalated with reasons, time per layer).
 *
 *   npm run demo                        # the `npm start` n8n if it answers, else one started for the run
 *   npm run demo -- --concurrency 2     # tickets in flight at once (default 1: clean per-ticket times)
 *   npm run demo -- --url http://127.0.0.1:5678 --secret S   # another n8n with the template active
 *   npm run demo -- --no-build          # when the demo starts n8n: use dist/ as built
 *   npm run demo -- --stand-ins         # a throwaway n8n (e2e harness) with Zendesk/Shopify/Stripe
 *                                       # credentials on loopback stand-ins; .n8n-local is not touched
 *   npm run demo -- --json              # the report as one JSON object on stdout
 *   npm run demo -- --in-process        # no n8n: the same six layers in-process (cli/replay)
 */
import * as path from 'path';
import { runReplay } from '../cli/replay';
import { formatReplayReport } from '../cli/replayReport';
import { DEFAULT_URL, runDemoInN8n } from './demoN8n';
import { formatDemoReport } from './demoReport';
import { runDemoWithStandIns } from './demoStandIns';

const SAMPLES = path.join(__dirname, '..', 'workflows', 'samples', 'demo-tickets.json');

function flagValue(argv: readonly string[], flag: string): string | undefined {
	const i = argv.indexOf(flag);
	return i >= 0 ? argv[i + 1] : undefined;
}

async function inProcess(json: boolean): Promise<void> {
	const report = await runReplay({ file: SAMPLES, json }, { progress: (line) => process.stderr.write(`${line}\n`) });
	if (json) {
		process.stdout.write(JSON.stringify(report, null, 2) + '\n');
		return;
	}
	process.stdout.write(formatReplayReport(report));
	process.stdout.write(
		'\nThis ran in-process (--in-process). Without that flag the demo sends the same tickets to the\n' +
			'pipeline template in a real n8n (the `npm start` instance, or one it starts for the run).\n',
	);
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const json = argv.includes('--json');
	if (argv.includes('--in-process')) return await inProcess(json);
	const concurrency = Number(flagValue(argv, '--concurrency') ?? 1);
	if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency needs a whole number >= 1');
	const run = argv.includes('--stand-ins') ? runDemoWithStandIns : runDemoInN8n;
	const report = await run(
		{
			url: flagValue(argv, '--url') ?? process.env.SUPPORT_DEMO_URL ?? DEFAULT_URL,
			file: SAMPLES,
			concurrency,
			build: !argv.includes('--no-build'),
			secret: flagValue(argv, '--secret') ?? process.env.SUPPORT_WEBHOOK_SECRET,
		},
		(line) => process.stderr.write(`${line}\n`),
	);
	process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatDemoReport(report));
	if (report.totals.errors > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
