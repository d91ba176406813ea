/* eslint-disable no-console -- a benchmark script: printing is its output */
/**
 * Prints how long the harness takes to start an n8n instance (per phase) and the latency of
 * sequential webhook calls. Not a test: timings depend on the machine and its load.
 *   npx tsx test/e2e/benchStart.ts [rest|cli] [requests]
 * Uses dist/ as built (run `npm run build` first); prepares its own package template.
 */
import { loadWorkflow, startN8n } from './harness';

async function main(): Promise<void> {
	const importVia = process.argv[2] === 'cli' ? 'cli' : 'rest';
	const requests = Number(process.argv[3] ?? 30);
	const n8n = await startN8n({ importVia, workflows: [loadWorkflow('smoke-webhook-set.json')] });
	try {
		console.log(`start (${importVia} import), ms per phase: ${JSON.stringify(n8n.startTimings)}`);
		const latencies: number[] = [];
		for (let i = 0; i < requests; i++) {
			const t = performance.now();
			const response = await n8n.webhook('smoke', { name: 'bench', n: i });
			latencies.push(performance.now() - t);
			if (response.status !== 201) throw new Error(`unexpected HTTP ${response.status}`);
		}
		latencies.sort((a, b) => a - b);
		const pick = (q: number): string => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(0);
		console.log(`webhook Webhook->Set->Respond, ${requests} sequential calls, ms: p50 ${pick(0.5)}, p90 ${pick(0.9)}, max ${pick(1)}`);
	} finally {
		const t = Date.now();
		await n8n.stop();
		console.log(`stop: ${Date.now() - t} ms`);
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
