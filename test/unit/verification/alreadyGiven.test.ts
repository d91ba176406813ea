import type { CaseFile, Plan } from '../../../engine/contracts';
import { planWithPlaybook } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, review, RULE } from '../../../engine/verification';
import { buildCase, NOW } from '../../support/caseFiles';

const withReply = (cf: CaseFile, body: string): CaseFile => {
	const base = planWithPlaybook(buildCase({ intent: 'general', message: 'Hello', orderRefs: [], facts: [] }), { now: NOW });
	if (base.outcome === 'escalate') throw new Error(base.reason);
	const plan: Plan = { ...base.plan, intent: cf.intent?.category ?? 'general', steps: [], draftReply: { body, citations: [] } };
	return { ...cf, plan };
};
const check = (cf: CaseFile, stage: 'plan' | 'reply' = 'plan') => {
	const r = review({ stage, caseFile: cf, rules: DEFAULT_CRITIC_RULES['*'] ?? {}, now: NOW });
	return { verdict: r.verdict, check: r.checks.find((c) => c.id === RULE.alreadyGiven) };
};

describe('Critic: never ask for what the customer already gave', () => {
	it('escalates a reply asking for the order number the customer quoted (any planner engine: it reads only the reply)', () => {
		const cf = withReply(buildCase({ intent: 'order_status', message: 'Hi, order #5531 arrived broken, I want my money back', orderRefs: ['#5531'], facts: [] }), 'Hi Jane,\n\nCould you reply with your order number? You will find it in your order confirmation email (it starts with #).');
		for (const stage of ['plan', 'reply'] as const) {
			const { verdict, check: c } = check(cf, stage);
			expect(verdict).toBe('escalate');
			expect(c).toMatchObject({ passed: false, onFail: 'escalate' });
			expect(c?.reason).toContain('order number (they gave #5531)');
		}
	});

	it('catches an order number the router did not pick up but the customer wrote in an earlier message', () => {
		const cf = withReply(
			buildCase({ intent: 'order_status', message: 'Any news?', orderRefs: [], facts: [], conversation: [{ author: 'customer', body: 'My order number is 5531.', public: true }] }),
			'Sorry to hear that. Can you tell us your order number?',
		);
		expect(check(cf).check?.passed).toBe(false);
	});

	it('catches asking again for the email or the name, in German too', () => {
		const email = withReply(buildCase({ intent: 'general', message: 'Hallo', orderRefs: [], facts: [] }), 'Könnten Sie uns Ihre E-Mail-Adresse nennen?');
		expect(check(email).check).toMatchObject({ passed: false });
		expect(check(email).check?.reason).toContain('email address');
		const name = withReply(buildCase({ intent: 'general', message: 'Hello', orderRefs: [], facts: [] }), 'Please tell us your full name.');
		expect(check(name).check?.reason).toContain('name');
	});

	it('lets a reply ask for what is really missing, and lets it mention what was given', () => {
		const missing = withReply(buildCase({ intent: 'order_status', message: 'Where is my parcel?', orderRefs: [], facts: [] }), 'Could you reply with your order number?');
		expect(check(missing).check?.passed).toBe(true);
		const mentions = withReply(buildCase({ intent: 'order_status', message: 'Where is #1001?', orderRefs: ['#1001'] }), 'Your order #1001 is on its way. Tracking number: 1Z999.');
		expect(check(mentions).check?.passed).toBe(true);
	});
});

describe('Planner: asks only for what is missing', () => {
	it('escalates "no order source connected" when the customer named an order and nothing could look it up', () => {
		const cf = buildCase({ intent: 'return_refund', message: 'Order #5531 arrived broken, I want my money back', orderRefs: ['#5531'], facts: [] });
		const planned = planWithPlaybook(cf, { now: NOW });
		expect(planned).toMatchObject({ outcome: 'escalate', code: 'missing_data' });
		expect(planned.outcome === 'escalate' && planned.reason).toMatch(/order #5531, but no order source is connected/);
	});

	it('names the source and its answer when the lookup ran and found nothing', () => {
		const cf = buildCase({ intent: 'order_status', orderRefs: ['5531'], facts: [{ kind: 'lookupFailed', source: 'shopify', fetchedAt: NOW.toISOString(), data: { lookup: 'order 5531', error: 'no order with that name' } }] });
		const planned = planWithPlaybook(cf, { now: NOW });
		expect(planned.outcome === 'escalate' && planned.reason).toContain('order 5531: no order with that name (shopify)');
	});

	it('still asks for the order number when the customer gave none', () => {
		const cf = buildCase({ intent: 'order_status', message: 'Where is my parcel?', orderRefs: [], facts: [] });
		const planned = planWithPlaybook(cf, { now: NOW });
		expect(planned.outcome).toBe('clarify');
		expect(check({ ...cf, plan: planned.outcome === 'clarify' ? planned.plan : undefined }).verdict).toBe('approve');
	});
});
