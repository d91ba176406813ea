#!/usr/bin/env node
/**
 * support-coordination: the package's command-line tools, for operators who want answers before
 * they deploy. Each command runs the same engines the n8n nodes use, without n8n.
 */
import { caseFileJsonSchema } from '../engine/contracts/jsonSchema';

const USAGE = `Usage: support-coordination <command> [options]

Commands:
  schema      Print the case-file JSON Schema (the contract carried in item.json.support)
  help        Show this help
`;

function main(argv: string[]): number {
	const [command] = argv;
	switch (command) {
		case 'schema':
			process.stdout.write(JSON.stringify(caseFileJsonSchema(), null, 2) + '\n');
			return 0;
		case undefined:
		case 'help':
		case '--help':
		case '-h':
			process.stdout.write(USAGE);
			return 0;
		default:
			process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
			return 2;
	}
}

process.exitCode = main(process.argv.slice(2));
