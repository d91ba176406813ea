#!/usr/bin/env node
/**
 * support-coordination: the package's command-line tools, for operators who want answers before
 * they deploy. Each command runs the same engines the n8n nodes use, without n8n.
 */
import { caseFileJsonSchema } from '../engine/contracts/jsonSchema';
import { DatasetFileError } from './datasetFiles';
import { REPLAY_USAGE, parseReplayArgs, runReplay } from './replay';
import { formatReplayReport } from './replayReport';
import { EVAL_ROUTER_USAGE, evaluateRouter, formatReport, parseEvalRouterArgs, reportJson, UsageError } from './evalRouter';

const USAGE = `Usage: support-coordination <command> [options]

Commands:
  schema       Print the case-file JSON Schema (the contract carried in item.json.support)
  eval-router  Train the built-in intent engine on labelled tickets and report on held-out ones
               (run "support-coordination eval-router --help" for its options)
  replay       Run the six layers in-process (no n8n) on a tickets file and report what they
               would do (run "support-coordination replay --help" for its options)
  help         Show this help
`;

/**
 * Exit codes: 0 done, 2 wrong use or unusable input file, 1 anything unexpected. Commands that run
 * the pipeline (replay) are asynchronous and return a promise of the code.
 */
export function runCli(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number | Promise<number> {
	const [command, ...rest] = argv;
	switch (command) {
		case 'schema':
			out(JSON.stringify(caseFileJsonSchema(), null, 2) + '\n');
			return 0;
		case 'eval-router':
			return evalRouterCommand(rest, out, err);
		case 'replay':
			return replayCommand(rest, out, err);
		case undefined:
		case 'help':
		case '--help':
		case '-h':
			out(USAGE);
			return 0;
		default:
			err(`Unknown command "${command}".\n\n${USAGE}`);
			return 2;
	}
}

async function evalRouterCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		out(EVAL_ROUTER_USAGE);
		return 0;
	}
	try {
		const options = parseEvalRouterArgs(argv);
		const run = await evaluateRouter(options);
		for (const warning of run.warnings) err(`warning: ${warning}\n`);
		out(options.json ? reportJson(run.report) + '\n' : formatReport(run, options));
		return 0;
	} catch (error) {
		if (error instanceof UsageError) {
			err(`eval-router: ${error.message}\n\n${EVAL_ROUTER_USAGE}`);
			return 2;
		}
		if (error instanceof DatasetFileError) {
			err(`eval-router: ${error.message}\n`);
			return 2;
		}
		err(`eval-router: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		return 1;
	}
}

async function replayCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		out(REPLAY_USAGE);
		return 0;
	}
	try {
		const options = parseReplayArgs(argv);
		const report = await runReplay(options, { progress: (line) => err(`${line}\n`) });
		out(options.json ? JSON.stringify(report, null, 2) + '\n' : formatReplayReport(report));
		return 0;
	} catch (error) {
		if (error instanceof UsageError) {
			err(`replay: ${error.message}\n\n${REPLAY_USAGE}`);
			return 2;
		}
		if (error instanceof DatasetFileError) {
			err(`replay: ${error.message}\n`);
			return 2;
		}
		err(`replay: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		return 1;
	}
}

if (require.main === module) {
	void Promise.resolve(
		runCli(
			process.argv.slice(2),
			(s) => process.stdout.write(s),
			(s) => process.stderr.write(s),
		),
	).then((code) => {
		process.exitCode = code;
	});
}
