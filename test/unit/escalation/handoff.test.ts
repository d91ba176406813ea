import { CaseFile, HandoffSection, type Execution, type Review } from '../../../engine/contracts';
import { buildHandoff, escapeHtml, priorityFor } from '../../../engine/escalation';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, review } from '../../../engine/verification';
import { buildCase, NOW, orderFact } from '../../support/caseFiles';

function fullCase(): CaseFile {
	const cf = buildCase({ conversation: [{ author: 'agent', body: 'Customer called, very upset.', public: false, at: '2026-03-09T10:00:00.000Z' }], urgency: 'high', sentimentScore: -0.7 });
	const out = planWithPlaybook(cf, { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
	if (out.outcome !== 'plan') throw new Error(out.outcome);
	const withPlan = { ...cf, plan: out.plan };
	const r: Review = review({ stage: 'plan', caseFile: withPlan, rules: DEFAULT_CRITIC_RULES.return_refund, now: NOW });
	const execution: Execution = {
		planId: out.plan.id,
		mode: 'auto',
		dryRun: false,
		outcome: 'partial',
		steps: [
			{ stepId: 'lookup_order', tool: 'shopify.getOrder', status: 'succeeded', attempts: 1, externalIds: { orderId: '5823957483821' }, responseSummary: 'order #1001 paid' },
			{ stepId: 'refund', tool: 'shopify.refundOrder', status: 'failed', attempts: 4, externalIds: {}, error: '503 Service Unavailable' },
			{ stepId: 'note', tool: 'zendesk.addInternalNote', status: 'not_run', attempts: 0, externalIds: {} },
		],
		compensations: [],
		startedAt: NOW.toISOString(),
		finishedAt: NOW.toISOString(),
	};
	return { ...withPlan, review: r, execution };
}

describe('buildHandoff: a full case', () => {
	const h = buildHandoff(fullCase(), { groupsByIntent: { return_refund: 'Billing' } });

	it('is a valid handoff section', () => {
		expect(HandoffSection.safeParse(h).success).toBe(true);
	});

	it('explains why, from the layer that stopped, with a next action', () => {
		expect(h.fromLayer).toBe('toolExecutor');
		expect(h.reason).toMatch(/Execution partial: refund \(shopify.refundOrder\) failed - 503/);
		expect(h.suggestedNextAction).toMatch(/shopify.getOrder succeeded/);
		expect(h.suggestedNextAction).toMatch(/do not re-run/);
	});

	it('summarises customer, intent, plan and execution in one paragraph', () => {
		expect(h.summary).toMatch(/^Jane Doe <jane.doe@example.com> wrote via zendesk\/email about order #1001/);
		expect(h.summary).toMatch(/Classified as return_refund \(confidence 91%, urgency high, sentiment negative\)/);
		expect(h.summary).toMatch(/Execution partial/);
		expect(h.summary).not.toMatch(/\n/);
	});

	it('keeps every part of the case as evidence', () => {
		const kinds = new Set(h.evidence.map((e) => e.kind));
		for (const k of ['customer', 'conversation', 'message', 'intent', 'policy', 'fact', 'plan_step', 'execution']) expect(kinds).toContain(k);
		expect(h.evidence.find((e) => e.kind === 'policy' && e.label.includes('returns-old'))!.detail).toMatch(/to 2025-01-01/);
		expect(h.whatWasTried).toEqual(expect.arrayContaining(['shopify.getOrder (lookup_order): succeeded [orderId=5823957483821]']));
	});

	it('raises priority for high urgency plus anger plus a half-done plan, and targets the group', () => {
		expect(h.priority).toBe('urgent');
		expect(h.group).toBe('Billing');
		expect(h.tags).toEqual(expect.arrayContaining(['support-escalated', 'escalated-toolexecutor', 'intent-return_refund', 'partial-execution']));
		for (const t of h.tags) expect(t).toMatch(/^[a-z0-9_-]+$/);
	});

	it('renders a note with every section in HTML and Markdown', () => {
		for (const heading of ['Customer', 'Conversation', 'Intent', 'Policy passages used', 'Live facts', 'Plan (refunds', 'Executed actions (partial', 'Critic findings']) {
			expect(h.note.html).toContain(`<h3>${escapeHtml(heading)}`);
			expect(h.note.markdown).toContain(`### ${heading.replace(/[()]/g, (c) => c)}`);
		}
		expect(h.note.html).toContain('<td>503 Service Unavailable</td>');
		expect(h.note.html).toContain('customer (internal note)'.replace('customer', 'agent'));
		expect(h.note.markdown).toContain('| Step | Tool | Status | External ids | Result |');
	});
});

describe('buildHandoff: partial case files', () => {
	it('works with only a ticket and an escalation request from the router', () => {
		const partial = CaseFile.parse({
			v: 1,
			ticket: buildCase().ticket,
			escalation: { reason: 'support.intent.confidence is invalid: expected number', layer: 'intentRouter', code: 'contract', at: NOW.toISOString() },
			trace: [{ layer: 'intentRouter', node: 'Router', startedAt: NOW.toISOString(), durationMs: 3, outcome: 'contract_error', contractErrors: ['support.intent.confidence is invalid'] }],
		});
		const h = buildHandoff(partial);
		expect(HandoffSection.safeParse(h).success).toBe(true);
		expect(h.fromLayer).toBe('intentRouter');
		expect(h.reason).toBe('support.intent.confidence is invalid: expected number');
		expect(h.suggestedNextAction).toMatch(/incomplete data/);
		expect(h.priority).toBe('normal');
		expect(h.note.html).toContain('I would like to return order #1001');
		expect(h.note.html).toContain('contract_error');
		expect(h.note.html).not.toContain('<h3>Plan');
	});

	it('works with no ticket at all', () => {
		const h = buildHandoff(CaseFile.parse({ v: 1, trace: [] }), { reason: 'Manual escalation' });
		expect(h.reason).toBe('Manual escalation');
		expect(h.summary).toMatch(/ticket itself is missing/);
		expect(HandoffSection.safeParse(h).success).toBe(true);
	});

	it('takes the reason from a low-confidence route or an ungrounded context', () => {
		const low = buildCase({ intent: null, without: ['context'] });
		low.intent!.humanReason = 'Confidence 41% is below the threshold 60%';
		expect(buildHandoff(low)).toMatchObject({ fromLayer: 'intentRouter', reason: 'Confidence 41% is below the threshold 60%' });
		const ungrounded = buildCase();
		ungrounded.context = { ...ungrounded.context!, grounded: false, groundingReason: 'No passage scored above 0.5' };
		expect(buildHandoff(ungrounded)).toMatchObject({ fromLayer: 'policyRetriever', reason: 'No passage scored above 0.5' });
	});

	it('takes the reason from a Critic escalation', () => {
		const cf = buildCase({ customer: { email: 'mallory@example.net', name: 'Mallory' } });
		const plan = planWithPlaybook(buildCase(), { now: NOW });
		if (plan.outcome !== 'plan') throw new Error(plan.outcome);
		const withPlan = { ...cf, plan: plan.plan };
		const r = review({ stage: 'plan', caseFile: withPlan, rules: DEFAULT_CRITIC_RULES.return_refund, now: NOW });
		const h = buildHandoff({ ...withPlan, review: r });
		expect(h.fromLayer).toBe('critic');
		expect(h.reason).toMatch(/not the customer on record/);
		expect(h.suggestedNextAction).toMatch(/Verify that the requester owns/);
	});
});

describe('note safety', () => {
	it('escapes every piece of customer text in HTML and Markdown', () => {
		const cf = buildCase({ message: '<script>alert("x")</script> <img src=x onerror=alert(1)> & | *bold* [link](http://evil)', customer: { email: 'jane.doe@example.com', name: '<b>Jane</b>' } });
		const h = buildHandoff(cf, { reason: 'Test <i>reason</i>' });
		expect(h.note.html).not.toMatch(/<script|<img|<b>Jane|<i>reason/);
		expect(h.note.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		expect(h.note.html).toContain('&amp; |');
		expect(h.note.markdown).not.toMatch(/<script|<img/);
		expect(h.note.markdown).toContain('\\[link\\](http://evil)');
		expect(h.note.markdown).toContain('\\*bold\\*');
	});

	it('redacts payment data and secrets everywhere in the handoff', () => {
		const cf = buildCase({
			message: 'Refund to my card 4111 1111 1111 1111 (CVV 123), or IBAN DE89370400440532013000. My password is hunter22.',
			facts: [orderFact({ note: 'staff token sk_live_51Habcdefghijklmnopqr', api_key: 'plaintext-key' })],
		});
		const h = buildHandoff(cf);
		const all = JSON.stringify(h);
		for (const secret of ['4111 1111 1111 1111', 'DE89370400440532013000', 'hunter22', 'sk_live_51Habcdefghijklmnopqr', 'plaintext-key', 'CVV 123']) expect(all).not.toContain(secret);
		expect(h.note.html).toContain('[card number removed]');
		expect(h.note.markdown).toContain('\\[card number removed\\]');
	});
});

describe('priority', () => {
	it('starts from urgency and only goes up', () => {
		expect(priorityFor(buildCase({ urgency: 'low', facts: [] })).priority).toBe('low');
		expect(priorityFor(buildCase({ urgency: 'critical' })).priority).toBe('urgent');
		expect(priorityFor(buildCase({ urgency: 'normal', sentimentScore: -0.8 })).priority).toBe('high');
		expect(priorityFor(buildCase({ facts: [orderFact({ total_price: '300.00' })] })).priority).toBe('high');
		expect(priorityFor(buildCase({ facts: [orderFact({ total_price: '1500.00' })] })).priority).toBe('urgent');
		expect(priorityFor(buildCase({ tags: ['VIP'] }), { vipTags: ['vip'] }).priority).toBe('high');
		expect(priorityFor(buildCase({ urgency: 'low', facts: [] }), { minimum: 'normal' }).priority).toBe('normal');
	});
});
