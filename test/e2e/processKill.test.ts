/**
 * The n8n process killed mid-plan, for real: the shipped pipeline template (every intent in auto) in
 * a real n8n 2.41.1 against the loopback Zendesk, Shopify and Stripe stand-ins. A stand-in holds one
 * request of the refund plan (getOrder -> shopify.refundOrder -> zendesk.addInternalNote), n8n is
 * SIGKILLed while it waits, started again on the same user folder and database, and the case is
 * recovered as operators do: the helpdesk re-delivers the webhook, then n8n's own "Retry" of the
 * crashed execution (POST /rest/executions/:id/retry). Whatever the kill point: one refund at the
 * vendor, never two writes, and no write that the case record or a person's hand-off leaves out.
 * The scenario lives in bench/faultsN8n.ts, which `bench/faults.ts --n8n-kills N` also runs.
 */
import { N8nKillRig, caseEnd, describeOutcome, type KillCycleResult } from '../../bench/faultsN8n';

// Each cycle starts n8n a second time (about 10 s on an idle machine, a minute on a busy one).
jest.setTimeout(600_000);

/** What must hold at every kill point. */
function expectSafeRecovery(r: KillCycleResult): void {
	const story = `${r.killPoint} (${r.variant}): redelivery ${describeOutcome(r.redelivery)}; retry ${r.retry ? describeOutcome(r.retry) : '-'}; ${r.details.join('; ')}`;
	expect({ story, killed: r.killed, crashed: r.crashed?.status }).toEqual({ story, killed: true, crashed: 'crashed' });
	expect({ story, refunds: r.refunds, duplicateWrites: r.duplicateWrites }).toEqual({ story, refunds: 1, duplicateWrites: 0 });
	// Both recoveries ran the workflow to one of its two ends: handled, or handed to a person.
	for (const run of [r.redelivery, r.retry]) {
		expect(run?.error).toBeUndefined();
		expect(['handled', 'escalated']).toContain(run?.route);
	}
	const last = caseEnd(r);
	if (last.route === 'handled') {
		// Completed means every write of the plan is in the record, none unaccounted for.
		expect({ story, outcome: last.outcome, unrecorded: r.unrecordedPartialWrites }).toEqual({ story, outcome: 'completed', unrecorded: 0 });
	} else {
		// Escalated: any vendor write the executor's record does not name must be named to the person.
		const named = [r.redelivery, r.retry].some((c) => c?.route === 'escalated' && (c.reason ?? '').includes(`#${r.orderId}`));
		expect({ story, silentPartial: r.unrecordedPartialWrites > 0 && !named }).toEqual({ story, silentPartial: false });
	}
}

describe('n8n killed mid-plan, restarted on the same database, the execution retried (real n8n)', () => {
	let rig: N8nKillRig;

	beforeAll(async () => {
		rig = await N8nKillRig.start();
	}, 300_000);
	afterAll(async () => {
		await rig?.stop();
	});

	it('killed before the refund reaches Shopify: the re-delivered webhook refunds once and completes; the retry refunds nothing more', async () => {
		const r = await rig.runCycle('before-write');
		expectSafeRecovery(r);
		expect(r.redelivery).toMatchObject({ route: 'handled', outcome: 'completed' });
		expect(r.redelivery.steps.map((s) => `${s.stepId}:${s.status}`)).toEqual(['lookup_order:succeeded', 'refund:succeeded', 'note:succeeded']);
		expect(rig.shopify.writesForOrder(r.orderId)).toHaveLength(1);
	});

	it('killed after Shopify made the refund but before n8n heard back: still one refund, and the re-run finds it by its key and completes', async () => {
		// The re-run's live facts show the order refunded; the refund note carries this ticket's tag, so
		// the planner plans the same refund again and the executor finds it instead of escalating.
		const r = await rig.runCycle('after-vendor-commit');
		expectSafeRecovery(r);
		expect(r.redelivery).toMatchObject({ route: 'handled', outcome: 'completed' });
		expect(r.redelivery.steps.find((s) => s.stepId === 'refund')?.status).toBe('already_done');
		expect(r.unrecordedPartialWrites).toBe(0);
	});

	it('killed between the refund and the Zendesk note: one refund, no note written twice', async () => {
		const r = await rig.runCycle('between-writes');
		expectSafeRecovery(r);
		expect(caseEnd(r)).toMatchObject({ route: 'handled', outcome: 'completed' });
		expect(rig.zendesk.writes.filter((w) => w.path === `/api/v2/tickets/${r.ticketId}.json`).length).toBeLessThanOrEqual(1);
	});

	it('with "Save execution progress" on, n8n\'s retry resumes at the executor, finds the refund by its key and completes', async () => {
		const r = await rig.runCycle('after-vendor-commit', 'save-progress');
		expectSafeRecovery(r);
		expect(r.retry).toMatchObject({ route: 'handled', outcome: 'completed' });
		expect(r.retry?.steps.find((s) => s.stepId === 'refund')?.status).toBe('already_done');
		expect(r.unrecordedPartialWrites).toBe(0);
	});
});
