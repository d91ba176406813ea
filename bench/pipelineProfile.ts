/**
 * Where an execution's time goes, from n8n's own execution data (read over its REST API): per node,
 * the `executionTime` n8n records around each node's execute(); the rest of the execution's wall
 * time (startedAt..stoppedAt) is n8n's own work between nodes (routing items, expressions, hooks)
 * when the execution ran alone, or other executions' turns on the event loop when it did not.
 * Saving the execution happens after stoppedAt, so it does not show here: compare the with- and
 * without-saving throughput for that.
 */
import type { Execution, ExecutionSummary, N8nRestClient } from '../test/e2e/n8nRestClient';

export interface NodeStat {
	node: string;
	/** Node runs over the sampled executions (a node may run more than once in one execution). */
	runs: number;
	/** Mean ms per execution that ran the node at least once. */
	meanMsPerExecution: number;
	/** Share of the summed node time over all sampled executions. */
	share: number;
}

export interface ExecutionProfile {
	workflowId: string;
	executions: number;
	meanWallMs: number;
	meanNodeSumMs: number;
	/** Wall time not inside any node's execute(). */
	meanBetweenNodesMs: number;
	/** Size of the run data n8n stores per execution (JSON text, KiB): what saving writes to its database. */
	meanRunDataKiB: number;
	nodes: NodeStat[];
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The newest `sample` successful executions of a workflow, with their run data. */
export async function recentExecutions(rest: N8nRestClient, workflowId: string, sample: number): Promise<Execution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest.request<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=${sample}`);
	const done = page.results.filter((s) => s.workflowId === workflowId && s.status === 'success').slice(0, sample);
	const out: Execution[] = [];
	// One at a time: the bench is over, but n8n shares the machine with the rest of the suite.
	for (const s of done) out.push(await rest.getExecution(s.id));
	return out;
}

export function profileExecutions(workflowId: string, executions: readonly Execution[]): ExecutionProfile {
	const perNode = new Map<string, { runs: number; executionsRan: number; totalMs: number }>();
	let wall = 0;
	let nodeSum = 0;
	let dataChars = 0;
	for (const e of executions) {
		dataChars += JSON.stringify(e.data).length;
		if (e.startedAt && e.stoppedAt) wall += Date.parse(e.stoppedAt) - Date.parse(e.startedAt);
		for (const [node, runs] of Object.entries(e.data.resultData.runData)) {
			const ms = runs.reduce((s, r) => s + (r.executionTime ?? 0), 0);
			const stat = perNode.get(node) ?? { runs: 0, executionsRan: 0, totalMs: 0 };
			stat.runs += runs.length;
			stat.executionsRan += 1;
			stat.totalMs += ms;
			perNode.set(node, stat);
			nodeSum += ms;
		}
	}
	const n = Math.max(1, executions.length);
	return {
		workflowId,
		executions: executions.length,
		meanWallMs: round(wall / n),
		meanNodeSumMs: round(nodeSum / n),
		meanBetweenNodesMs: round((wall - nodeSum) / n),
		meanRunDataKiB: round(dataChars / n / 1024),
		nodes: [...perNode.entries()]
			.map(([node, s]) => ({ node, runs: s.runs, meanMsPerExecution: round(s.totalMs / s.executionsRan), share: nodeSum ? round(s.totalMs / nodeSum, 3) : 0 }))
			.sort((a, b) => b.share - a.share),
	};
}

export function formatProfile(title: string, p: ExecutionProfile): string {
	const lines = [
		`${title}: ${p.executions} execution(s); mean wall ${p.meanWallMs} ms = ${p.meanNodeSumMs} ms inside nodes + ${p.meanBetweenNodesMs} ms between them; ${p.meanRunDataKiB} KiB of run data saved per execution`,
		'  node                              runs  ms/execution  share of node time',
	];
	for (const s of p.nodes) {
		lines.push(`  ${s.node.padEnd(32).slice(0, 32)} ${String(s.runs).padStart(5)} ${s.meanMsPerExecution.toFixed(1).padStart(13)} ${`${Math.round(s.share * 100)}%`.padStart(8)}`);
	}
	return lines.join('\n');
}
