import { PlanSection } from '../../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, planWithModel, type ChatMessage, type ChatModelLike } from '../../../engine/planning';
import { buildCase, NOW } from '../../support/caseFiles';

/** Answers from a script, one per call, and records what it was asked. */
class ScriptedModel implements ChatModelLike {
	calls: ChatMessage[][] = [];
	constructor(private readonly answers: unknown[]) {}
	async invoke(messages: ChatMessage[]) {
		this.calls.push(messages);
		const next = this.answers.shift();
		if (next === undefined) throw new Error('script exhausted');
		return { content: typeof next === 'string' ? next : JSON.stringify(next) };
	}
}

const goodPlan = {
	steps: [
		{ tool: 'shopify.getOrder', access: 'read', args: { orderId: 5823957483821 }, why: 'Check the order' },
		{ tool: 'shopify.refundOrder', access: 'write', args: { orderId: 5823957483821, amount: 49.9, currency: 'EUR' }, why: 'Return within 30 days', citations: ['returns-1'] },
	],
	reply: { body: 'Hi Jane, we have refunded 49.90 EUR to your original payment method.', citations: ['returns-1'] },
	assumptions: [],
};
const scope = DEFAULT_INTENT_SCOPES.return_refund;

describe('model planner', () => {
	it('accepts a valid plan (even inside a code fence) and shows the model only the allowed tools', async () => {
		const model = new ScriptedModel(['Here you go:\n```json\n' + JSON.stringify(goodPlan) + '\n```']);
		const out = await planWithModel(buildCase(), { model, scope, specialist: 'refunds', now: NOW });
		expect(out.outcome).toBe('plan');
		if (out.outcome !== 'plan') return;
		expect(PlanSection.safeParse(out.plan).success).toBe(true);
		expect(out.plan.engine).toBe('model');
		expect(out.plan.steps.map((s) => s.id)).toEqual(['step_1', 'step_2']);
		const system = model.calls[0][0].content;
		expect(system).toContain('shopify.refundOrder');
		expect(system).not.toContain('stripe.createRefund');
		expect(model.calls).toHaveLength(1);
	});

	it.each([
		['an unknown tool', { ...goodPlan, steps: [{ tool: 'shopify.deleteCustomer', access: 'write', args: {}, why: 'x' }] }, /not a known tool/],
		['a tool outside scope', { ...goodPlan, steps: [{ tool: 'stripe.createRefund', access: 'write', args: { chargeId: 'ch_1', amount: 5, currency: 'EUR' }, why: 'x' }] }, /not in this intent's tool scope/],
		['a write declared as a read', { ...goodPlan, steps: [{ ...goodPlan.steps[1], access: 'read' }] }, /writes, but the step declares a read/],
		['missing arguments', { ...goodPlan, steps: [{ tool: 'shopify.refundOrder', access: 'write', args: { orderId: 1 }, why: 'x' }] }, /missing argument "amount"/],
		['an invented citation', { ...goodPlan, reply: { body: 'ok', citations: ['made-up'] } }, /unknown passage "made-up"/],
		['not JSON at all', 'I would refund the customer.', /not a JSON object/],
	])('rejects %s, retries once with the reason, and accepts the corrected plan', async (_what, bad, reason) => {
		const model = new ScriptedModel([bad, goodPlan]);
		const out = await planWithModel(buildCase(), { model, scope, now: NOW });
		expect(out.outcome).toBe('plan');
		expect(model.calls).toHaveLength(2);
		const retryPrompt = model.calls[1][model.calls[1].length - 1].content;
		expect(retryPrompt).toMatch(/rejected/);
		expect(retryPrompt).toMatch(reason);
		if (out.outcome === 'plan') expect(out.plan.assumptions.join(' ')).toMatch(reason);
	});

	it('escalates after the second rejection without asking a third time', async () => {
		const bad = { ...goodPlan, steps: [{ tool: 'shopify.cancelOrder', access: 'write', args: { orderId: 1 }, why: 'x' }] };
		const model = new ScriptedModel([bad, bad, goodPlan]);
		const out = await planWithModel(buildCase(), { model, scope, now: NOW });
		expect(out).toMatchObject({ outcome: 'escalate', code: 'model_rejected' });
		if (out.outcome === 'escalate') expect(out.reason).toMatch(/shopify.cancelOrder/);
		expect(model.calls).toHaveLength(2);
	});

	it('passes revision reasons from the Critic into the prompt and stamps the revision', async () => {
		const cf = buildCase();
		const first = await planWithModel(cf, { model: new ScriptedModel([goodPlan]), scope, now: NOW });
		if (first.outcome !== 'plan') throw new Error(first.outcome);
		const model = new ScriptedModel([goodPlan]);
		const out = await planWithModel(
			{ ...cf, plan: first.plan, review: { stage: 'plan', verdict: 'revise', planId: first.plan.id, reviewedAt: NOW.toISOString(), revisionCount: 1, history: [], checks: [{ id: 'amount.cap', passed: false, reason: 'over the cap of 30.00', onFail: 'revise' }] } },
			{ model, scope, now: NOW },
		);
		expect(model.calls[0][1].content).toContain('amount.cap: over the cap of 30.00');
		if (out.outcome === 'plan') expect(out.plan.revision).toBe(1);
	});
});
