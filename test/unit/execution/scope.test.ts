import { executePlan, type IntentScope } from '../../../engine/execution';
import type { Review } from '../../../engine/contracts';
import { approval, FULL_SCOPE, fakeClock, input, plan, startVendors, step, type Vendors } from './fixtures';

let v: Vendors;
beforeAll(async () => {
	v = await startVendors();
});
afterAll(async () => v.close());
beforeEach(() => {
	for (const s of [v.zendesk, v.shopify, v.stripe]) s.requests.length = 0;
	v.zendesk.tickets.clear();
	v.zendesk.addTicket({ id: 4242 });
});

const sent = () => v.zendesk.requests.length + v.shopify.requests.length + v.stripe.requests.length;
const refund = (amount: number, currency = 'usd') => step('r', 'stripe.createRefund', 'write', { chargeId: 'ch_1', amount, currency });
const read = step('a', 'zendesk.getTicket', 'read', {});

async function refusedFor(steps = [read, refund(10)], scope: IntentScope = FULL_SCOPE, review?: Review) {
	const p = plan(steps);
	const result = await executePlan(input(p, v, { scope, ...(review !== undefined ? { review } : {}) }), fakeClock().options);
	expect(result.execution.outcome).toBe('refused');
	expect(sent()).toBe(0);
	expect(result.escalation?.layer).toBe('toolExecutor');
	return result;
}

describe('scope is enforced whatever the plan says', () => {
	it('an unknown tool', async () => {
		const { execution, escalation } = await refusedFor([read, step('x', 'zendesk.deleteTicket', 'write', {})]);
		expect(execution.steps.map((s) => s.status)).toEqual(['not_run', 'refused']);
		expect(execution.steps[1].error).toBe('zendesk.deleteTicket is not a known tool');
		expect(escalation).toMatchObject({ code: 'scope', field: 'support.plan.steps[1]' });
	});

	it('a tool not allowed for the intent', async () => {
		const { execution } = await refusedFor(undefined, { ...FULL_SCOPE, allowedTools: ['zendesk.*'] });
		expect(execution.steps[1].error).toBe('stripe.createRefund is not allowed for intent "refund_request"');
	});

	it('a write where the intent may only read', async () => {
		const { execution } = await refusedFor(undefined, { ...FULL_SCOPE, writeTools: ['zendesk.*'] });
		expect(execution.steps[1].error).toContain('may only read');
	});

	it('no writeTools at all means no writes', async () => {
		await refusedFor(undefined, { ...FULL_SCOPE, writeTools: undefined });
	});

	it('a step declared read whose tool writes', async () => {
		const { execution } = await refusedFor([step('n', 'zendesk.addInternalNote', 'read', { body: 'x' })]);
		expect(execution.steps[0].error).toContain('the plan declares this step a read');
	});

	it('an amount over the cap, a currency without a cap, money without an amount', async () => {
		expect((await refusedFor([refund(100.01)])).execution.steps[0].error).toContain('over the cap of 100 USD');
		expect((await refusedFor([refund(5, 'gbp')])).execution.steps[0].error).toContain('no amount cap in GBP');
		expect((await refusedFor([step('r', 'stripe.createRefund', 'write', { chargeId: 'ch_1', currency: 'usd' })])).execution.steps[0].error).toContain(
			'needs a positive args.amount',
		);
	});

	it('more writes than the per-ticket limit', async () => {
		const notes = [1, 2, 3].map((i) => step(`n${i}`, 'zendesk.addInternalNote', 'write', { body: `note ${i}` }));
		const { execution } = await refusedFor(notes, { ...FULL_SCOPE, maxWritesPerTicket: 2 });
		expect(execution.steps.map((s) => s.status)).toEqual(['not_run', 'not_run', 'refused']);
	});

	it('a connector the node has not configured', async () => {
		const p = plan([read]);
		const { execution } = await executePlan(input(p, { connectors: {} }), fakeClock().options);
		expect(execution.outcome).toBe('refused');
		expect(execution.steps[0].error).toBe('zendesk.getTicket: the Zendesk connector is not configured on this node');
	});
});

describe('writes need the Critic to have approved this plan', () => {
	it.each<[string, Review | undefined]>([
		['no review', undefined],
		['verdict revise', approval('plan-1', 'revise')],
		['approval of another plan', approval('plan-0')],
		['a reply-stage review whose history has no plan approval', { ...approval(), stage: 'reply', history: [{ stage: 'plan', verdict: 'escalate', planId: 'plan-1', reviewedAt: '2026-01-10T10:00:02Z' }] }],
	])('%s: refused, nothing sent', async (_label, review) => {
		const p = plan([read, refund(10)]);
		const result = await executePlan({ ...input(p, v), review }, fakeClock().options);
		expect(result.execution.outcome).toBe('refused');
		expect(result.escalation?.code).toBe('not_approved');
		expect(sent()).toBe(0);
	});

	it('a later reply-stage review does not hide the plan approval in its history', async () => {
		const review: Review = { ...approval(), stage: 'reply', verdict: 'revise', history: [{ stage: 'plan', verdict: 'approve', planId: 'plan-1', reviewedAt: '2026-01-10T10:00:02Z' }] };
		const result = await executePlan({ ...input(plan([step('n', 'zendesk.addInternalNote', 'write', { body: 'x' })]), v), review }, fakeClock().options);
		expect(result.execution.outcome).toBe('completed');
	});
});
