import { IntentSettings, type CaseFile } from '../../../engine/contracts';
import { executorScope } from '../../../engine/execution/executorLayer';
import { DEFAULT_INTENT_SCOPES, POLICY_DEFAULTS, runPlanner } from '../../../engine/planning';
import { intentSettingsFromEntry } from '../../../engine/routing/intentEntry';
import { DEFAULT_CRITIC_RULES, DEFAULT_MAX_REVISIONS, runCritic } from '../../../engine/verification';
import { buildCase, NOW, orderFact, passage, daysAgo } from '../../support/caseFiles';

/** An intent entry as the Router's version-3 form hands it over, mapped as the Router maps it. */
function settingsOf(entry: Record<string, unknown>, name = 'return_refund') {
	return intentSettingsFromEntry(entry, 'Intents[1]', name);
}

function withSettings(cf: CaseFile, settings: IntentSettings): CaseFile {
	return { ...cf, intent: { ...cf.intent!, settings } };
}

/** A return of order #1001, delivered `days` ago. */
function returnCase(days: number): CaseFile {
	return buildCase({ facts: [orderFact({ fulfillments: [{ id: 1, status: 'success', shipment_status: 'delivered', updated_at: daysAgo(days) }] })] });
}

const planner = { engine: 'playbook' as const, policy: {}, scopes: DEFAULT_INTENT_SCOPES, useIntentSettings: true };
const critic = { stage: 'plan' as const, rules: DEFAULT_CRITIC_RULES, maxRevisions: DEFAULT_MAX_REVISIONS, useIntentSettings: true };

async function planAndReview(cf: CaseFile) {
	const planned = await runPlanner(cf, planner, NOW);
	if (planned.outcome !== 'plan') return { planned, reviewed: undefined };
	return { planned, reviewed: await runCritic(planned.caseFile, critic, NOW) };
}

describe('intent settings: one place per intent', () => {
	it('the return window is one number: the built-in playbook and the Critic read the same default', () => {
		expect(POLICY_DEFAULTS.returnWindowDays).toBe(30);
		expect(DEFAULT_CRITIC_RULES.return_refund.windows).toEqual([{ id: 'return_window', date: 'facts.order.delivered_at', maxDays: POLICY_DEFAULTS.returnWindowDays }]);
	});

	it('changing the return window once (in the intent entry) changes what the playbook plans and what the Critic accepts', async () => {
		const cf = returnCase(45);
		const thirty = await planAndReview(withSettings(cf, settingsOf({ playbook: 'return_refund' })));
		expect(thirty.planned.outcome).toBe('escalate');
		expect(thirty.planned.caseFile.escalation?.reason).toMatch(/more than 30 days ago: outside the return window/);

		const sixty = await planAndReview(withSettings(cf, settingsOf({ playbook: 'return_refund', returnWindowDays: 60 })));
		expect(sixty.planned.outcome).toBe('plan');
		expect(sixty.planned.caseFile.plan!.steps.map((s) => s.tool)).toContain('shopify.refundOrder');
		expect(sixty.reviewed!.verdict).toBe('approve');
		const window = sixty.reviewed!.caseFile.review!.checks.find((c) => c.id === 'eligibility.window')!;
		expect(window.passed).toBe(true);
		expect(window.reason).toMatch(/60 days/);

		// The same 60-day plan under a 30-day intent entry: the Critic refuses what the playbook would not plan.
		const planUnder30 = withSettings(sixty.planned.caseFile, settingsOf({ playbook: 'return_refund' }));
		const strict = await runCritic(planUnder30, critic, NOW);
		expect(strict.verdict).toBe('escalate');
		expect(strict.caseFile.review!.checks.find((c) => c.id === 'eligibility.window')!.passed).toBe(false);
	});

	it('answer from policy: the operator text, cited, with no refund step even for a refund-minded message', async () => {
		const warranty = passage({ chunkId: 'warranty-1', documentId: 'warranty', title: 'Warranty', tags: ['intent:warranty'], text: 'All products come with a 2-year limited warranty from the delivery date. Start a claim with a photo of the fault; we repair or replace the item.' });
		const cf = buildCase({ intent: 'warranty_claim', message: 'My blender #1001 stopped working after 8 months, I want it fixed or my money back', facts: [orderFact()] });
		const withPassage: CaseFile = { ...cf, context: { ...cf.context!, passages: [warranty] } };
		const settings = settingsOf({ playbook: 'answer_from_policy', eligibleWithinDays: 730, replyText: 'Your order [[facts.order.name]] is covered by our 2-year warranty. Please reply with a photo of the fault and we will repair or replace it [[cite]].', citeTopics: 'warranty', tools: 'choose', allowedTools: ['shopify.getOrder', 'zendesk.addInternalNote'] }, 'warranty_claim');
		const { planned, reviewed } = await planAndReview(withSettings(withPassage, settings));
		expect(planned.outcome).toBe('plan');
		const plan = planned.caseFile.plan!;
		expect(plan.draftReply.body).toMatch(/Your order #1001 is covered by our 2-year warranty/);
		expect(plan.draftReply.citations).toEqual(['warranty-1']);
		expect(plan.steps.map((s) => s.tool)).not.toContain('shopify.refundOrder');
		expect(reviewed!.verdict).toBe('approve');
		expect(settings.scope!.writeTools).toEqual(['zendesk.addInternalNote']);
	});

	it('mismatches are loud: a custom playbook nobody wrote, an empty answer, an unknown tool', async () => {
		const cf = withSettings(buildCase({ intent: 'warranty_claim' }), settingsOf({ playbook: 'custom', tools: 'choose', allowedTools: ['shopify.getOrder'] }, 'warranty_claim'));
		const out = await runPlanner(cf, planner, NOW);
		expect(out.outcome).toBe('escalate');
		expect(out.caseFile.escalation?.reason).toBe('Intent "warranty_claim" is set to a custom playbook, but none of the Planner\'s custom playbooks lists "warranty_claim" in its intents.');
		expect(() => settingsOf({ playbook: 'answer_from_policy' }, 'warranty_claim')).toThrow(/Intents\[1\]\.Reply Text.*is empty.*warranty_claim/);
		expect(() => settingsOf({ tools: 'choose', allowedTools: ['shopify.refundEverything'] })).toThrow(/Allowed Tools.*shopify\.refundEverything/);
		expect(() => settingsOf({ playbook: 'custom' })).toThrow(/Tools.*Choose Tools/);
		expect(() => settingsOf({ playbook: 'no_such_playbook' })).toThrow(/Playbook.*no_such_playbook/);
	});

	it('hand to a person: the planner escalates with the reason the operator chose', async () => {
		const out = await runPlanner(withSettings(buildCase(), settingsOf({ playbook: 'handoff' })), planner, NOW);
		expect(out.outcome).toBe('escalate');
		expect(out.caseFile.escalation?.reason).toMatch(/set to go to a person/);
	});

	it('the Executor enforces the tools chosen in the intent entry, not the node defaults; node overrides win; older nodes keep their scopes', () => {
		const settings = settingsOf({ playbook: 'return_refund', tools: 'choose', allowedTools: ['shopify.getOrder'] });
		const cf = { ...withSettings(buildCase(), settings), plan: { intent: 'return_refund' } } as unknown as CaseFile;
		expect(executorScope(cf, { scopes: DEFAULT_INTENT_SCOPES, useIntentSettings: true })).toEqual({ allowedTools: ['shopify.getOrder'], writeTools: [], maxWritesPerTicket: 3 });
		expect(executorScope(cf, { scopes: DEFAULT_INTENT_SCOPES })).toBe(DEFAULT_INTENT_SCOPES.return_refund);
		const override = { allowedTools: ['zendesk.addInternalNote'] };
		expect(executorScope(cf, { scopes: DEFAULT_INTENT_SCOPES, useIntentSettings: true, scopeOverrides: { return_refund: override } })).toBe(override);
		// A plan for another intent than the one the Router chose never borrows its settings.
		const other = { ...cf, plan: { intent: 'general' } } as unknown as CaseFile;
		expect(executorScope(other, { scopes: DEFAULT_INTENT_SCOPES, useIntentSettings: true })).toBe(DEFAULT_INTENT_SCOPES.general);
	});

	it('a refund cap chosen in the form caps the refund at the Critic', async () => {
		const settings = settingsOf({ playbook: 'return_refund', tools: 'choose', allowedTools: ['shopify.getOrder', 'shopify.refundOrder'], refundCap: 20, capCurrencies: 'EUR' });
		expect(settings.scope!.amountCaps).toEqual([{ currency: 'EUR', max: 20 }]);
		const { planned, reviewed } = await planAndReview(withSettings(returnCase(5), settings));
		expect(planned.outcome).toBe('plan');
		expect(reviewed!.verdict).not.toBe('approve');
		expect(reviewed!.caseFile.review!.checks.find((c) => c.id === 'amount.cap')!.passed).toBe(false);
	});
});
