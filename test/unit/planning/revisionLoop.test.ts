import type { CaseFile, Review } from '../../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook, type PlannerOutcome, type ToolScope } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, review, RULE, type CriticRules } from '../../../engine/verification';
import { buildCase, NOW } from '../../support/caseFiles';

/** Planner -> Critic -> (revise -> Planner)* as the workflow wires it; returns every step taken. */
function runLoop(cf: CaseFile, opts: { scope?: ToolScope; rules?: CriticRules; policy?: Record<string, unknown>; maxRevisions?: number }) {
	const history: Array<{ outcome: PlannerOutcome; review?: Review }> = [];
	let current = cf;
	for (let i = 0; i < 6; i++) {
		const outcome = planWithPlaybook(current, { now: NOW, scope: opts.scope, policy: opts.policy });
		if (outcome.outcome === 'escalate') {
			history.push({ outcome });
			break;
		}
		current = { ...current, plan: outcome.plan };
		const r = review({ stage: 'plan', caseFile: current, rules: opts.rules, now: NOW, maxRevisions: opts.maxRevisions });
		current = { ...current, review: r };
		history.push({ outcome, review: r });
		if (r.verdict !== 'revise') break;
	}
	return { history, final: current };
}

const refundScope = (max: number): ToolScope => ({ ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max }] });

describe('revision loop between Critic and planner', () => {
	it('lowers a refund over the cap that the customer did not ask for (a planner mistake) to what they asked for, and the reply follows', () => {
		const scope = refundScope(30);
		// The customer asks for 25 EUR, the playbook refunds the whole 49.90: the plan, not the customer, is over the cap.
		const cf = buildCase({ message: 'One item of order #1001 was missing, please refund 25.00 EUR for it.' });
		const { history, final } = runLoop(cf, { scope, rules: { ...DEFAULT_CRITIC_RULES.return_refund, scope } });
		expect(history.map((h) => h.review?.verdict)).toEqual(['revise', 'approve']);
		expect(history[0].review!.checks.find((c) => c.id === RULE.amountCap)).toMatchObject({ passed: false, onFail: 'revise' });
		const plan = final.plan!;
		expect(plan.revision).toBe(1);
		expect(plan.steps.find((s) => s.tool === 'shopify.refundOrder')!.args.amount).toBe(25);
		expect(plan.draftReply.body).toContain('25.00 EUR');
		expect(plan.draftReply.body).not.toContain('49.90');
		expect(plan.assumptions.join(' ')).toMatch(/lowered from 49.90 to 25.00, the amount the customer asked for \(cap 30.00\)/);
		expect(plan.id).not.toBe(history[0].review!.planId);
	});

	it('removes a policy figure no cited passage backs', () => {
		// The operator set 3 days, but the refund-timing passage says 5: the Critic catches the drift.
		const { history, final } = runLoop(buildCase(), { scope: DEFAULT_INTENT_SCOPES.return_refund, rules: DEFAULT_CRITIC_RULES.return_refund, policy: { refundProcessingDays: 3 } });
		expect(history.map((h) => h.review?.verdict)).toEqual(['revise', 'approve']);
		expect(history[0].review!.checks.find((c) => c.id === RULE.claimsBacked)!.reason).toContain('"3 business days"');
		expect(final.plan!.draftReply.body).not.toMatch(/3 business days/);
		expect(final.plan!.draftReply.body).toContain('We have refunded 49.90 EUR');
	});

	it('escalates when the planner cannot fix what the Critic asks (no template in the language)', () => {
		const cf = buildCase({ intent: 'technical_issue', message: 'Die Kasse lädt nicht und ich kann nicht bezahlen. Ich habe es schon zweimal mit meinem Konto versucht, bitte helfen Sie mir.', orderRefs: [], facts: [] });
		const { history } = runLoop(cf, { scope: DEFAULT_INTENT_SCOPES.technical_issue, rules: DEFAULT_CRITIC_RULES.technical_issue });
		expect(history[0].review!.checks.find((c) => c.id === RULE.language)).toMatchObject({ passed: false });
		const last = history[history.length - 1].outcome;
		expect(last).toMatchObject({ outcome: 'escalate', code: 'revision' });
		if (last.outcome === 'escalate') expect(last.reason).toMatch(/no reply template in "de"/);
	});

	it('is bounded: a revise-able failure that persists escalates after maxRevisions', () => {
		const cf = buildCase();
		const out = planWithPlaybook(cf, { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		// An operator rule the planner cannot satisfy, marked revise-able.
		const rules: CriticRules = { ...DEFAULT_CRITIC_RULES.return_refund, conditions: [{ id: 'never', when: 'false', reason: 'never passes', onFail: 'revise' }] };
		const verdicts = [0, 1, 2].map((n) => review({ stage: 'plan', caseFile: { ...cf, plan: out.plan }, rules, revisionCount: n, now: NOW }));
		expect(verdicts.map((v) => v.verdict)).toEqual(['revise', 'revise', 'escalate']);
		expect(verdicts.map((v) => v.revisionCount)).toEqual([1, 2, 2]);
		expect(review({ stage: 'plan', caseFile: { ...cf, plan: out.plan }, rules, revisionCount: 0, maxRevisions: 0, now: NOW }).verdict).toBe('escalate');
	});

	it('the planner escalates a revision it has no fix for instead of repeating the plan', () => {
		const cf = buildCase();
		const out = planWithPlaybook(cf, { now: NOW });
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		const r: Review = { stage: 'plan', verdict: 'revise', planId: out.plan.id, reviewedAt: NOW.toISOString(), revisionCount: 1, history: [], checks: [{ id: 'custom.never', passed: false, reason: 'never passes', onFail: 'revise' }] };
		expect(planWithPlaybook({ ...cf, plan: out.plan, review: r }, { now: NOW })).toMatchObject({ outcome: 'escalate', code: 'revision' });
	});

	it('ignores a revise review of an older plan', () => {
		const cf = buildCase();
		const r: Review = { stage: 'plan', verdict: 'revise', planId: 'plan_someotherplan', reviewedAt: NOW.toISOString(), revisionCount: 1, history: [], checks: [{ id: 'custom.never', passed: false, reason: 'x', onFail: 'revise' }] };
		const out = planWithPlaybook({ ...cf, review: r }, { now: NOW });
		expect(out.outcome).toBe('plan');
		if (out.outcome === 'plan') expect(out.plan.revision).toBe(0);
	});
});
