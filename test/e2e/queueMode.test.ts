/**
 * n8n's queue mode for real: Postgres and Redis from Debian's packages (scripts/queueInfra.ts), an n8n
 * 2.41.1 main taking the webhooks and two `n8n worker` processes running the executions, all on one
 * user folder so every process has this package. The shipped pipeline template (every intent in
 * auto) against the loopback Zendesk, Shopify and Stripe stand-ins.
 *
 * A refund ticket is sent; Shopify applies the refund and its answer is held; the worker running the
 * execution is SIGKILLed while it waits. n8n 2.x does not re-run a job whose worker died: the main
 * declares it stalled (lock 60 s, check every 30 s) and marks the execution failed. The ticket is then
 * recovered as an operator would: the helpdesk re-delivers the webhook (the surviving or the
 * replacement worker runs it: our write lock is in the queue's Redis, so it waits for the dead
 * worker's lock to lapse), then n8n's own Retry of the failed execution (which, in n8n 2.41's queue
 * mode, ends again with the stalled job's error and runs nothing). The refund must exist once and the
 * re-delivery must find it by its key (already done, not its own write) and complete.
 * The scenario lives in bench/faultsN8n.ts (also `tsx bench/faultsN8n.ts` for regular mode).
 */
import { N8nKillRig, describeOutcome } from '../../bench/faultsN8n';

// Start: Postgres, Redis, main and two workers (2-4 min on a busy 2-core machine); the cycle waits
// for n8n's stalled-job check (up to 90 s) and for the dead worker's write lock to lapse.
jest.setTimeout(900_000);

describe('queue mode: a worker killed mid-plan, the ticket re-delivered (real n8n main + 2 workers, Postgres, Redis)', () => {
	let rig: N8nKillRig;

	beforeAll(async () => {
		rig = await N8nKillRig.start({ queue: true });
	}, 600_000);
	afterAll(async () => {
		await rig?.stop();
	});

	it('the execution dies with its worker and is marked failed, not re-run; the re-delivery refunds nothing more and completes; n8n\'s retry writes nothing', async () => {
		const r = await rig.runCycle('after-vendor-commit');
		const story = `killed ${r.killedProcess}; crashed ${r.crashed?.status}; redelivery ${describeOutcome(r.redelivery)}; retry ${r.retry ? describeOutcome(r.retry) : '-'}; ${r.details.join('; ')}; ms ${JSON.stringify(r.timings)}`;
		expect({ story, killed: r.killed, killedProcess: r.killedProcess?.startsWith('worker ') }).toEqual({ story, killed: true, killedProcess: true });
		// Not re-run by n8n: the interrupted execution ends in error (stalled job), not success.
		expect({ story, crashed: ['error', 'crashed'].includes(r.crashed?.status ?? '') }).toEqual({ story, crashed: true });
		// One refund at the vendor, whatever ran afterwards; no write twice, none unaccounted for.
		expect({ story, refunds: r.refunds, duplicateWrites: r.duplicateWrites, unrecorded: r.unrecordedPartialWrites }).toEqual({ story, refunds: 1, duplicateWrites: 0, unrecorded: 0 });
		// The re-delivery completes the ticket and finds the refund by its key: it does not claim it.
		expect({ story, redelivery: r.redelivery.route, outcome: r.redelivery.outcome }).toEqual({ story, redelivery: 'handled', outcome: 'completed' });
		expect(r.redelivery.steps.find((s) => s.stepId === 'refund')?.status).toBe('already_done');
		// n8n's Retry of that execution afterwards (n8n 2.41 in queue mode ends it again with the stalled
		// job's error, without running the workflow): whatever it does, never a second refund.
		expect(r.retry).toBeDefined();
		expect(r.retry?.steps.filter((s) => s.stepId === 'refund' && s.status === 'succeeded')).toEqual([]);
		expect(rig.shopify.writesForOrder(r.orderId).filter((w) => w.path.endsWith('graphql.json'))).toHaveLength(1);
	});
});
