import type { CaseFile, Execution, Plan } from '../../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, review, RULE } from '../../../engine/verification';
import { unfilledSlots } from '../../../engine/verification/unfilledSlots';
import { buildCase, NOW } from '../../support/caseFiles';

const RULES = DEFAULT_CRITIC_RULES.return_refund;

/** The approved refund case with its reply body replaced, and the execution done, at the reply stage. */
function withReply(body: string): CaseFile {
	const out = planWithPlaybook(buildCase(), { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
	if (out.outcome !== 'plan') throw new Error(out.outcome);
	const plan: Plan = { ...out.plan, draftReply: { ...out.plan.draftReply, body } };
	const execution: Execution = {
		planId: plan.id,
		mode: 'auto',
		outcome: 'completed',
		dryRun: false,
		steps: plan.steps.map((s) => ({ stepId: s.id, tool: s.tool, status: 'done', idempotencyKey: `k-${s.id}`, attempts: 1 })),
		compensations: [],
	} as unknown as Execution;
	return { ...buildCase(), plan, execution };
}

const reviewReply = (body: string) => review({ stage: 'reply', caseFile: withReply(body), rules: RULES, now: NOW });
const slotCheck = (body: string) => reviewReply(body).checks.find((c) => c.id === RULE.unfilledSlots)!;

describe('Critic: a reply with empty or unfilled slots never reaches the customer', () => {
	it('the baseline reply passes (control)', () => {
		const out = planWithPlaybook(buildCase(), { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		expect(unfilledSlots(out.plan.draftReply.body)).toEqual([]);
		expect(slotCheck(out.plan.draftReply.body)).toMatchObject({ passed: true });
	});

	it.each([
		['a greeting with no name', 'Hi ,\n\nYour refund of 49.00 EUR is on its way.\n\nBest regards'],
		['a dangling "of ."', 'Hi Jane,\n\nYour refund of . is on its way.'],
		['"against defects ."', 'Hi Jane,\n\nYour order is covered against defects .'],
		['a leftover {{', 'Hi {{ticket.customer.name}},\n\nYour refund is on its way.'],
		['a half-evaluated {{', 'Hi {{,\n\nYour refund is on its way.'],
		['a leftover [[placeholder]]', 'Hi [[ticket.customer.name]],\n\nYour refund is on its way.'],
		['an empty slot between words', 'Hi Jane,\n\nOrders leave our warehouse within  business days.'],
		['an object rendered as text', 'Hi Jane,\n\nYour order [object Object] is on its way.'],
		['empty quotes', 'Hi Jane,\n\nYour tracking number is "".'],
		['an empty reply', '   '],
	])('%s: the reply stage escalates, naming the check', (_what, body) => {
		const r = reviewReply(body);
		const c = r.checks.find((x) => x.id === RULE.unfilledSlots)!;
		expect(c).toMatchObject({ passed: false, onFail: 'escalate' });
		expect(c.reason).toMatch(/^The reply has empty or unfilled slots: /);
		expect(r.verdict).toBe('escalate');
	});

	it('the plan stage refuses it too, before anything is executed', () => {
		const cf = withReply('Hi ,\n\nYour refund is on its way.');
		const r = review({ stage: 'plan', caseFile: { ...cf, execution: undefined }, rules: RULES, now: NOW });
		expect(r.verdict).toBe('escalate');
		expect(r.checks.find((c) => c.id === RULE.unfilledSlots)!.reason).toContain('("Hi , Your refund is on');
	});

	it.each([
		['a bare greeting', 'Hi,\n\nYour refund is on its way.\n\nBest regards,\nCustomer Support'],
		['French spacing before ! and ?', 'Bonjour Jeanne,\n\nVotre remboursement est en cours !\n\nDes questions ?'],
		['a decimal and an ellipsis', 'Hi Jane,\n\nWe refunded 49.50 EUR... and more.'],
		['a sentence after a line break', 'Hi Jane,\n\nThanks.\n\nBest regards'],
	])('%s passes', (_what, body) => {
		expect(unfilledSlots(body)).toEqual([]);
	});
});
