/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * How many tickets per second n8n runs the pipeline at, and what each ticket costs in CPU per process:
 *   npm run bench:capacity -- [--json] [--tickets N] [--in-flight C] [--only regular|queue1|queue2]
 *
 * The shipped pipeline template (workflows/support-pipeline-webhook.json, every intent in auto) in a
 * real n8n 2.41.1 against the loopback Zendesk, Shopify and Stripe stand-ins, with refund tickets
 * (look the order up, refund it, note it): the path with the most work. Three deployments, one after
 * the other, each on fresh processes:
 * - regular: one n8n process (SQLite)
 * - queue1 / queue2: n8n's queue mode (Postgres, Redis, main + 1 or 2 workers; scripts/queueInfra.ts)
 * Per deployment: 3 warm-up tickets (not counted), then N tickets (default 40) with at most C
 * (default 8) waiting for their answer at a time, as a helpdesk's webhook sender does.
 * Printed: tickets/s (wall clock, from the first send to the last execution finished), and
 * CPU-seconds per ticket per role (user + system time of the process and all its descendants, from
 * /proc: main, workers, Postgres with its backends, Redis), their sum, and the projection
 * "tickets/s if CPU were the only limit" = cores / total CPU-s per ticket. The stand-ins and this
 * script run on the same machine and are not counted.
 * Uses dist/ as built; run it under the shared e2e lock (flock /tmp/support-e2e.lock).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

import { Rig, type RigProcesses } from './concurrency';

type Role = keyof RigProcesses;
const ROLES: Role[] = ['main', 'workers', 'postgres', 'redis'];
const DEPLOYMENTS = { regular: { queue: false, workers: 0 }, queue1: { queue: true, workers: 1 }, queue2: { queue: true, workers: 2 } } as const;
type DeploymentName = keyof typeof DEPLOYMENTS;
/** Linux reports process times in clock ticks of 1/100 s on every architecture Node supports here. */
const TICKS_PER_SECOND = 100;

export interface CapacityResult {
	deployment: DeploymentName;
	tickets: number;
	inFlight: number;
	seconds: number;
	ticketsPerSecond: number;
	/** Tickets whose execution ended handled or with a person (the rest: n8n errors). */
	ended: number;
	cpuSecondsPerTicket: Record<Role, number> & { total: number };
	/** cores / total CPU-s per ticket: the ceiling if CPU were the only limit. */
	cpuBoundTicketsPerSecond: number;
}

/** ppid of every live process, from /proc/<pid>/stat. */
function parents(): Map<number, number> {
	const map = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const fields = statFields(Number(entry));
		if (fields) map.set(Number(entry), Number(fields[1]));
	}
	return map;
}

/** The fields after the command name (which may hold spaces): [state, ppid, ...]. */
function statFields(pid: number): string[] | undefined {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return text.slice(text.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined; // gone
	}
}

/** CPU seconds of `roots` and every live descendant (utime + stime + the times of reaped children). */
function cpuSeconds(roots: number[], ppid: Map<number, number>): number {
	const tree = new Set(roots);
	for (let grew = true; grew; ) {
		grew = false;
		for (const [pid, parent] of ppid) {
			if (tree.has(parent) && !tree.has(pid)) {
				tree.add(pid);
				grew = true;
			}
		}
	}
	let ticks = 0;
	for (const pid of tree) {
		const f = statFields(pid);
		// After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
		if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
	}
	return ticks / TICKS_PER_SECOND;
}

function snapshot(processes: RigProcesses): Record<Role, number> {
	const ppid = parents();
	return Object.fromEntries(ROLES.map((role) => [role, cpuSeconds(processes[role], ppid)])) as Record<Role, number>;
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

export async function measure(name: DeploymentName, tickets: number, inFlight: number, log: (line: string) => void): Promise<CapacityResult> {
	const { queue, workers } = DEPLOYMENTS[name];
	const rig = await Rig.start(queue, log, workers);
	try {
		// No artificial hold here: this measures work, not the concurrency windows.
		rig.shopify.holdWritesMs = 0;
		rig.stripe.holdWritesMs = 0;
		await rig.batch('pipeline', 3, 3);
		const before = snapshot(rig.processes());
		const run = await rig.batch('pipeline', tickets, inFlight);
		const after = snapshot(rig.processes());
		const perTicket = Object.fromEntries(ROLES.map((role) => [role, round((after[role] - before[role]) / tickets)])) as Record<Role, number>;
		const total = round(ROLES.reduce((sum, role) => sum + perTicket[role], 0));
		return {
			deployment: name,
			tickets,
			inFlight,
			seconds: round(run.seconds, 1),
			ticketsPerSecond: round(tickets / run.seconds, 2),
			ended: run.records.filter((r) => r.ended).length,
			cpuSecondsPerTicket: { ...perTicket, total },
			cpuBoundTicketsPerSecond: round(os.cpus().length / total, 2),
		};
	} finally {
		await rig.stop();
	}
}

function parseArgs(argv: string[]): { json: boolean; tickets: number; inFlight: number; only?: DeploymentName } {
	const at = (flag: string) => {
		const i = argv.indexOf(flag);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const only = at('--only');
	if (only !== undefined && !(only in DEPLOYMENTS)) throw new Error(`--only must be one of ${Object.keys(DEPLOYMENTS).join(', ')}`);
	return { json: argv.includes('--json'), tickets: Number(at('--tickets') ?? 40), inFlight: Number(at('--in-flight') ?? 8), only: only as DeploymentName | undefined };
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const log = (line: string) => console.error(line);
	const results: CapacityResult[] = [];
	for (const name of (Object.keys(DEPLOYMENTS) as DeploymentName[]).filter((d) => !args.only || d === args.only)) {
		const r = await measure(name, args.tickets, args.inFlight, log);
		results.push(r);
		log(`${name}: ${r.ticketsPerSecond} tickets/s (${r.tickets} in ${r.seconds} s, ${r.ended} ended), CPU-s per ticket ${JSON.stringify(r.cpuSecondsPerTicket)}, CPU-bound ceiling ${r.cpuBoundTicketsPerSecond} tickets/s`);
	}
	const byName = Object.fromEntries(results.map((r) => [r.deployment, r])) as Partial<Record<DeploymentName, CapacityResult>>;
	const ratio = byName.queue1 && byName.queue2 ? round(byName.queue2.ticketsPerSecond / byName.queue1.ticketsPerSecond, 2) : undefined;
	const summary = { cores: os.cpus().length, results, secondWorkerThroughputRatio: ratio };
	if (args.json) console.log(JSON.stringify(summary, null, 2));
	else {
		console.log(`\n${summary.cores} cores; refund tickets through the pipeline template, ${args.inFlight} in flight`);
		console.log('deployment  tickets/s  CPU-s/ticket: main  workers  postgres  redis  total   CPU-bound tickets/s');
		for (const r of results) {
			const c = r.cpuSecondsPerTicket;
			console.log(`${r.deployment.padEnd(10)}  ${String(r.ticketsPerSecond).padStart(9)}  ${String(c.main).padStart(18)}  ${String(c.workers).padStart(7)}  ${String(c.postgres).padStart(8)}  ${String(c.redis).padStart(5)}  ${String(c.total).padStart(5)}   ${r.cpuBoundTicketsPerSecond}`);
		}
		if (ratio !== undefined) console.log(`second worker: x${ratio} tickets/s`);
	}
	process.exitCode = results.every((r) => r.ended === r.tickets) ? 0 : 1;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
