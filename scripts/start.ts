/* eslint-disable no-console -- the npm start entry point prints its progress */
/**
 * `npm start` (scripts/start.sh runs it after building):
 *   npm start                      one n8n, SQLite, .n8n-local/           (scripts/localInstance.ts)
 *   npm start -- --queue           queue mode: Postgres, Redis, Qdrant,   (scripts/localQueue.ts)
 *                                  main + 2 workers, .n8n-local-queue/
 *   npm start -- --check [--queue] start, run the printed curls, stop; exit 0 only if they worked
 */
import { regularDeployment, startLocal, startPort, type Deployment } from './localInstance';
import { queueDeployment } from './localQueue';
import type { Log } from './local-n8n';

async function main(flags: string[]): Promise<number> {
	const unknown = flags.filter((f) => f !== '--check' && f !== '--queue');
	if (unknown.length > 0) {
		console.error(`unknown option ${unknown.join(' ')}; usage: npm start [-- --check] [-- --queue]`);
		return 2;
	}
	const check = flags.includes('--check') || process.env.SUPPORT_COORD_START_ONCE === '1';
	const log: Log = (m) => console.log(`[start] ${m}`);
	const port = await startPort(check);
	if (port === undefined) return 1;
	const deployment: Deployment = flags.includes('--queue') ? await queueDeployment(log) : regularDeployment();
	return await startLocal(check, port, deployment, log);
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`[start] ${(error as Error).stack ?? String(error)}`);
		process.exit(1);
	},
);
