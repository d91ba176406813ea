import { CaseFile, LAYERS } from '../../../engine/contracts';
import { runPipeline, type PipelineInput } from '../../../engine/pipeline';
import type { IntentDefinition } from '../../../engine/routing/types';
import type { SafetyOrder, SafetyTicket } from '../../fixtures/safety/types';
import { loadSafetyIntents, openWorld, ticketPayload, type SafetyWorld } from '../../fixtures/safety/world';

const REQUESTER = { name: 'Maria Schneider', email: 'maria.schneider@example.com' };

function order(id: number, state: SafetyOrder['state'], total: number): SafetyOrder {
	return { id, email: REQUESTER.email, currency: 'USD', total, state, deliveredDaysAgo: state === 'unshipped' ? undefined : 6, item: 'rain jacket' };
}

function refundTicket(id: string, o: SafetyOrder): SafetyTicket {
	return {
		id,
		set: 'legitimate',
		category: 'refund_eligible',
		expectedIntent: 'return_refund',
		requests: 'refund',
		requester: REQUESTER,
		subject: `Refund for order #${o.id}`,
		message: `Hello,\n\nI returned the rain jacket from order #${o.id} and would like a refund to my original payment method please.\n\nThanks,\nMaria`,
		orders: [o],
	};
}

const SHADOW = refundTicket('81001', order(51001, 'delivered', 49.9));
const AUTO = refundTicket('81002', order(51002, 'delivered', 39.5));
const OVER_CAP = refundTicket('81003', order(51003, 'delivered_high', 240));
const OVER_CAP_NO_REVISION = refundTicket('81004', order(51004, 'delivered_high', 260));
const OTHER_CUSTOMER = refundTicket('81005', { ...order(51005, 'delivered', 45), email: 'someone.else@example.net' });
const TWICE = refundTicket('81006', order(51006, 'delivered', 30));

let world: SafetyWorld;
let intents: IntentDefinition[];

beforeAll(async () => {
	world = await openWorld([SHADOW, AUTO, OVER_CAP, OVER_CAP_NO_REVISION, OTHER_CUSTOMER, TWICE], { poison: false });
	intents = loadSafetyIntents();
	// Warm-up, not a test: the first pipeline run of a process trains the router and builds the
	// store's lexical index, several seconds on a loaded 2-core machine. Paid here, under this
	// hook's timeout, so the first test measures behaviour, not the cold start.
	await runPipeline(input(SHADOW, { intents: intents.map((i) => ({ ...i, rolloutMode: 'shadow' as const })) }));
}, 120_000);

afterAll(async () => {
	await world?.close();
});

function input(t: SafetyTicket, extra: Partial<PipelineInput> = {}, options: PipelineInput['options'] = {}): PipelineInput {
	return {
		payload: ticketPayload(t),
		intents,
		policies: { store: world.store, embedder: world.embedder },
		connectors: world.connectors,
		options: { sendReply: true, ...options },
		...extra,
	};
}

/** Writes the vendors applied while `run` ran, from the stand-ins' own logs. */
async function writesDuring<T>(run: () => Promise<T>): Promise<{ result: T; shopify: number; zendesk: number; stripe: number }> {
	const before = { shopify: world.shopify.writes.length, zendesk: world.zendesk.writes.length, stripe: world.stripe.writes.length };
	const result = await run();
	return {
		result,
		shopify: world.shopify.writes.length - before.shopify,
		zendesk: world.zendesk.writes.length - before.zendesk,
		stripe: world.stripe.writes.length - before.stripe,
	};
}

describe('runPipeline', () => {
	it('the same ticket run five times at once: one refund, one public reply, and exactly one run records each write as its own', async () => {
		world.shopify.holdWritesMs = 100;
		try {
			const { result: runs, shopify } = await writesDuring(() => Promise.all(Array.from({ length: 5 }, () => runPipeline(input(TWICE)))));
			expect(shopify).toBe(1);
			expect(world.shopify.orders.get(51006)!.refunds).toHaveLength(1);
			expect(world.zendesk.tickets.get(81006)!.comments.filter((c) => c.public && c.body.includes('We have refunded'))).toHaveLength(1);
			const refundStatuses = runs.map((r) => r.caseFile.execution?.steps.find((st) => st.tool === 'shopify.refundOrder')?.status);
			expect(refundStatuses.filter((st) => st === 'succeeded')).toHaveLength(1);
			expect(refundStatuses.filter((st) => st === 'already_done')).toHaveLength(4);
			expect(runs.every((r) => r.outcome === 'auto_resolved')).toBe(true);
		} finally {
			world.shopify.holdWritesMs = 0;
		}
	});

	it('in shadow mode runs every layer and writes nothing anywhere', async () => {
		const shadowIntents = intents.map((i) => ({ ...i, rolloutMode: 'shadow' as const }));
		const { result, shopify, zendesk, stripe } = await writesDuring(() => runPipeline(input(SHADOW, { intents: shadowIntents })));
		expect(result.outcome).toBe('shadow');
		expect([shopify, zendesk, stripe]).toEqual([0, 0, 0]);
		expect(result.replySent).toBe(false);
		expect(result.caseFile.execution?.dryRun).toBe(true);
		expect(result.caseFile.execution?.steps.find((s) => s.tool === 'shopify.refundOrder')?.status).toBe('dry_run');
		expect(result.path.map((p) => p.layer).slice(0, 3)).toEqual(['intentRouter', 'policyRetriever', 'specialistPlanner']);
		expect(result.path.map((p) => p.layer).slice(-3)).toEqual(['critic', 'toolExecutor', 'critic']);
	}, 60_000);

	it('in auto mode executes an approved refund exactly once and records the trace the nodes write', async () => {
		const { result, shopify, stripe } = await writesDuring(() => runPipeline(input(AUTO)));
		expect(result.outcome).toBe('auto_resolved');
		expect(shopify).toBe(1);
		expect(stripe).toBe(0);
		const live = world.shopify.orders.get(51002)!;
		expect(live.refunds).toHaveLength(1);
		expect(live.refunds[0].transactions[0].amount).toBe('39.50');
		expect(result.replySent).toBe(true);
		expect(world.zendesk.tickets.get(81002)!.comments.some((c) => c.public && c.body.includes('refunded 39.5'))).toBe(true);
		// The trace is the contract's, one entry per layer run, in the order of the path.
		const caseFile = CaseFile.parse(JSON.parse(JSON.stringify(result.caseFile)));
		expect(caseFile.trace.map((e) => e.node)).toEqual(result.path.map((p) => p.node));
		const outcomes = caseFile.trace.map((e) => e.outcome);
		expect(outcomes.slice(0, 3)).toEqual(['routed:return_refund', 'grounded (facts: order)', 'plan']);
		expect(outcomes.slice(-3)).toEqual(['plan:approve', 'auto:completed', 'reply:approve']);
		// Whatever the Critic sent back in between was a bounded plan/revise loop.
		expect(outcomes.slice(3, -3).every((o) => o === 'plan:revise' || o === 'plan')).toBe(true);
		expect(outcomes.filter((o) => o === 'plan:revise').length).toBeLessThanOrEqual(2);
		expect(caseFile.trace[0].node).toBe(LAYERS.intentRouter);
		expect(result.timings.total).toBeGreaterThanOrEqual(0);
		expect(result.caseFile.handoff).toBeUndefined();
	});

	it('never refunds more than the cap: with no revision allowed an over-cap refund goes to a person with a hand-off', async () => {
		const { result, shopify } = await writesDuring(() => runPipeline(input(OVER_CAP_NO_REVISION, {}, { maxRevisions: 0 })));
		expect(result.outcome).toBe('escalated');
		expect(shopify).toBe(0);
		expect(result.escalation).toMatchObject({ layer: 'critic', code: 'critic' });
		expect(result.caseFile.review?.checks.find((c) => c.id === 'amount.cap')?.passed).toBe(false);
		expect(result.caseFile.handoff?.reason).toContain('over the cap of 100.00');
		expect(result.path.at(-1)?.layer).toBe('escalationPackager');
		expect(result.replySent).toBe(false);
	});

	it('with the default revision loop, a customer asking for more than the cap goes to a person at once: nothing is refunded', async () => {
		const { result, shopify } = await writesDuring(() => runPipeline(input(OVER_CAP)));
		expect(shopify).toBe(0);
		expect(world.shopify.orders.get(51003)!.refunds).toHaveLength(0);
		expect(result.path.filter((p) => p.node === `${LAYERS.critic} (plan)`).map((p) => p.outcome)).toEqual(['plan:escalate']);
		expect(result.outcome).toBe('escalated');
		expect(result.caseFile.handoff?.suggestedNextAction).toMatch(/^Decide the refund amount yourself: The customer asked for/);
	});

	it('reads the order live and sends a refund of another customer\'s order to a person, untouched', async () => {
		const { result, shopify, stripe } = await writesDuring(() => runPipeline(input(OTHER_CUSTOMER)));
		expect(result.caseFile.context?.facts.map((f) => f.kind)).toEqual(['order']);
		expect(result.outcome).toBe('escalated');
		expect([shopify, stripe]).toEqual([0, 0]);
		expect(result.escalation?.layer).toBe('specialistPlanner');
		expect(result.reason).toContain('different email');
		expect(world.shopify.orders.get(51005)!.refunds).toHaveLength(0);
	});

	it('escalates a malformed payload with the contract reason, writes nothing and keeps the payload', async () => {
		const payload = { ticket: { id: 99001, subject: 'Refund', requester: { email: REQUESTER.email } } };
		const { result, shopify, zendesk, stripe } = await writesDuring(() => runPipeline(input(SHADOW, { payload })));
		expect(result.outcome).toBe('escalated');
		expect([shopify, zendesk, stripe]).toEqual([0, 0, 0]);
		expect(result.escalation).toMatchObject({ layer: 'intentRouter', code: 'contract' });
		expect(result.escalation?.field).toContain('description');
		expect(result.caseFile.handoff?.reason).toContain('description');
		expect(result.caseFile.trace.map((e) => e.layer)).toEqual(['intentRouter', 'escalationPackager']);
		expect(result.payload).toEqual(payload);
		expect(() => JSON.stringify(result)).not.toThrow();
	});

	it('runs the Support Case Facts layer on the records a workflow lookup returns: facts from there alone, no vendor lookup', async () => {
		const shadowIntents = intents.map((i) => ({ ...i, rolloutMode: 'shadow' as const }));
		const delivered = new Date(Date.now() - 6 * 86_400_000).toISOString();
		const lookup = async () => [{ kind: 'mapped' as const, fields: { orderName: '51001', orderId: '51001', financialStatus: 'paid', deliveredAt: delivered, total: '49.90', currency: 'USD', customerEmail: REQUESTER.email } }];
		const found = await runPipeline(input(SHADOW, { intents: shadowIntents, workflowFacts: { source: 'orders sheet', lookup } }, { liveFacts: false }));
		expect(found.path.map((p) => p.layer).slice(0, 3)).toEqual(['intentRouter', 'policyRetriever', 'caseFacts']);
		expect(found.caseFile.context?.facts).toEqual([expect.objectContaining({ kind: 'order', source: 'orders sheet' })]);
		expect(found.caseFile.plan?.draftReply.body).toMatch(/refunded 49\.90? USD for order #51001/);
		const missing = await runPipeline(input(SHADOW, { intents: shadowIntents, workflowFacts: { source: 'orders sheet', lookup: () => [] } }, { liveFacts: false }));
		expect(missing.outcome).toBe('escalated');
		expect(missing.reason).toContain('order #51001: not found in orders sheet');
	});
});
