import type { CaseFile } from '../../../engine/contracts';
import { buildHandoff } from '../../../engine/escalation';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, review, type CriticRules } from '../../../engine/verification';
import { buildCase, NOW } from '../../support/caseFiles';

const CAPPED: CriticRules = { ...DEFAULT_CRITIC_RULES.return_refund, scope: { ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max: 20 }] } };

/** A refund case as the plan-stage Critic leaves it (verdict and escalation request set as the node does). */
function reviewed(message?: string, maxRevisions = 2): CaseFile {
	const cf = buildCase(message ? { message } : {});
	const out = planWithPlaybook(cf, { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
	if (out.outcome !== 'plan') throw new Error(out.outcome);
	const withPlan = { ...cf, plan: out.plan };
	return { ...withPlan, review: review({ stage: 'plan', caseFile: withPlan, rules: CAPPED, now: NOW, maxRevisions }) };
}

describe('hand-off of a refund over the cap', () => {
	it('when the customer asked for more than the cap, the next action is a person deciding the amount, naming both', () => {
		const cf = reviewed();
		expect(cf.review!.verdict).toBe('escalate');
		const h = buildHandoff(cf);
		expect(h.fromLayer).toBe('critic');
		expect(h.reason).toContain('The customer asked for a refund of everything paid, 49.90 EUR, over the cap of 20.00 EUR for automatic refunds');
		expect(h.suggestedNextAction).toBe(
			'Decide the refund amount yourself: The customer asked for a refund of everything paid, 49.90 EUR, over the cap of 20.00 EUR. Nothing was refunded automatically. Refund what you decide by hand (at most what was paid) and tell the customer; check the amount in the draft reply before sending it.',
		);
		expect(h.note.markdown).toContain('Decide the refund amount yourself');
		expect(h.note.html).toContain('over the cap of 20.00 EUR');
		// The Critic's wording of the step stays in "Why"; the advice does not repeat it.
		expect(h.suggestedNextAction).not.toContain('step refund would move');
		expect(h.note.html).toContain('<h3>Escalation: refund over the automatic cap (full refund of 49.90 EUR asked, cap 20.00 EUR)</h3>');
	});

	it('a named amount appears as the customer wrote it', () => {
		const h = buildHandoff(reviewed('Please refund €45.00 for order #1001, it does not fit.'));
		expect(h.suggestedNextAction).toMatch(/^Decide the refund amount yourself: The customer asked for 45\.00 EUR \("€45\.00" in their message\), over the cap of 20\.00 EUR/);
		expect(h.note.html).toContain('<h3>Escalation: refund over the automatic cap (45.00 EUR asked, cap 20.00 EUR)</h3>');
	});

	it('a plan over the cap that ran out of revisions keeps the generic advice', () => {
		const cf = reviewed('One item of order #1001 was missing, please refund 12.50 EUR for it.', 0);
		expect(cf.review!.checks.find((c) => c.id === 'amount.cap')).toMatchObject({ passed: false, onFail: 'revise' });
		expect(buildHandoff(cf).suggestedNextAction).toMatch(/^Approve or adjust the amount by hand/);
	});
});
