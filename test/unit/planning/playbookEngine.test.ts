import { PlanSection } from '../../../engine/contracts';
import { compilePlaybook, DEFAULT_INTENT_SCOPES, DEFAULT_PLAYBOOKS, PlaybookError, planWithPlaybook, type PlaybookInput } from '../../../engine/planning';
import { review, DEFAULT_CRITIC_RULES } from '../../../engine/verification';
import { buildCase, CUSTOMER, daysAgo, NOW, orderFact, PASSAGES, SCENARIOS } from '../../support/caseFiles';

const plan = (cf = buildCase(), opts = {}) => planWithPlaybook(cf, { now: NOW, ...opts });

describe('default playbooks', () => {
	it('are plain JSON that survives a round trip and compiles', () => {
		const copy = JSON.parse(JSON.stringify(DEFAULT_PLAYBOOKS)) as unknown[];
		expect(copy).toEqual(DEFAULT_PLAYBOOKS);
		for (const p of copy) expect(() => compilePlaybook(p)).not.toThrow();
	});

	it('cover every shipped intent', () => {
		const intents = DEFAULT_PLAYBOOKS.flatMap((p) => p.intents);
		for (const i of ['order_status', 'return_refund', 'cancel_order', 'change_address', 'damaged_item', 'billing_question', 'account_access', 'technical_issue', 'general', '*']) expect(intents).toContain(i);
	});

	it.each(Object.keys(SCENARIOS))('%s: produces a valid plan the Critic approves', (intent) => {
		const cf = SCENARIOS[intent]();
		const out = plan(cf, { scope: DEFAULT_INTENT_SCOPES[intent] });
		expect(out.outcome).toBe('plan');
		if (out.outcome !== 'plan') return;
		expect(PlanSection.safeParse(out.plan).success).toBe(true);
		expect(out.plan.intent).toBe(intent);
		expect(out.plan.engine).toBe('playbook');
		expect(out.plan.draftReply.body).toContain('Jane Doe');
		for (const s of out.plan.steps) expect(Object.values(s.args).join(' ')).not.toMatch(/\{\{/);
		const verdict = review({ stage: 'plan', caseFile: { ...cf, plan: out.plan }, rules: DEFAULT_CRITIC_RULES[intent], now: NOW });
		expect(verdict.checks.filter((c) => !c.passed)).toEqual([]);
		expect(verdict.verdict).toBe('approve');
	});

	it('refund plan: refunds the order total with a citation and cites passages in the reply', () => {
		const out = plan();
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		const refund = out.plan.steps.find((s) => s.tool === 'shopify.refundOrder')!;
		expect(refund.args).toMatchObject({ orderId: 5823957483821, amount: 49.9, currency: 'EUR' });
		expect(refund.citations).toContain('returns-1');
		expect(out.plan.draftReply.citations).toEqual(expect.arrayContaining(['returns-2']));
		expect(out.plan.draftReply.citations).not.toContain('returns-old');
		expect(out.plan.draftReply.body).toContain('49.90 EUR');
		expect(out.plan.specialist).toBe('refunds');
	});

	it('plans helpdesk notes only for Zendesk tickets, so a Freshdesk refund is not refused for a missing Zendesk id', () => {
		const zendesk = plan(buildCase());
		const cf = buildCase();
		const freshdesk = plan({ ...cf, ticket: { ...cf.ticket!, source: 'freshdesk' } });
		if (zendesk.outcome !== 'plan' || freshdesk.outcome !== 'plan') throw new Error(`${zendesk.outcome}/${freshdesk.outcome}`);
		expect(zendesk.plan.steps.map((s) => s.tool)).toContain('zendesk.addInternalNote');
		expect(freshdesk.plan.steps.map((s) => s.tool).filter((t) => t.startsWith('zendesk.'))).toEqual([]);
		expect(freshdesk.plan.steps.map((s) => s.tool)).toContain('shopify.refundOrder');
	});

	it('answers in German when the ticket is German and the playbook has a German template', () => {
		const out = plan(buildCase({ message: 'Hallo, ich möchte meine Bestellung #1001 zurückgeben, die Schuhe passen nicht. Bitte erstatten Sie mir das Geld.' }));
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		expect(out.plan.draftReply.locale).toBe('de');
		expect(out.plan.draftReply.body).toContain('Wir haben 49.90 EUR');
	});

	it('falls back to the first template language and says so', () => {
		const out = plan(buildCase({ intent: 'technical_issue', locale: 'fr-FR', orderRefs: [], facts: [] }));
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		expect(out.plan.draftReply.locale).toBe('en');
		expect(out.plan.assumptions.join(' ')).toMatch(/No "fr" reply template/);
	});

	it('uses the general playbook for an unknown intent and records it', () => {
		const out = plan(buildCase({ intent: 'wholesale_inquiry', orderRefs: [], facts: [] }));
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		expect(out.plan.specialist).toBe('general');
		expect(out.plan.assumptions[0]).toMatch(/No playbook for intent "wholesale_inquiry"/);
	});
});

describe('conditions and missing data', () => {
	it('asks for the order number when no order was found', () => {
		const out = plan(buildCase({ orderRefs: [], facts: [], message: 'I want to return my shoes, they do not fit.' }));
		expect(out.outcome).toBe('clarify');
		if (out.outcome !== 'clarify') return;
		expect(out.question).toMatch(/order number/);
		expect(out.plan.steps).toEqual([]);
		expect(out.plan.draftReply.body).toContain('order number');
		expect(out.plan.assumptions).toEqual(expect.arrayContaining(['No order could be found for this ticket']));
	});

	it('escalates a return outside the window, naming the window', () => {
		const out = plan(buildCase({ facts: [orderFact({ fulfillments: [{ shipment_status: 'delivered', updated_at: daysAgo(45) }] })] }));
		expect(out).toMatchObject({ outcome: 'escalate', code: 'condition' });
		if (out.outcome === 'escalate') expect(out.reason).toBe('Order #1001 was delivered more than 30 days ago: outside the return window');
	});

	it("escalates an order someone else refunded, but re-plans this ticket's own earlier refund (a retried execution)", () => {
		const ticketId = buildCase().ticket!.id;
		const refundedBy = (note: string) => buildCase({ facts: [orderFact({ financial_status: 'refunded', refunds: [{ id: 1, note }] })] });
		const other = plan(refundedBy('Refunded by an agent'));
		expect(other).toMatchObject({ outcome: 'escalate', code: 'condition', reason: 'Order #1001 is already refunded' });
		const anotherTicket = plan(refundedBy(`Return within the return window [sc_0123456789abcdef] [ticket:${ticketId}9]`));
		expect(anotherTicket.outcome).toBe('escalate');
		const ours = plan(refundedBy(`Return within the return window [sc_0123456789abcdef] [ticket:${ticketId}]`));
		expect(ours.outcome).toBe('plan');
		const fresh = plan();
		if (ours.outcome !== 'plan' || fresh.outcome !== 'plan') throw new Error('expected plans');
		// The same refund step as the first attempt: same idempotency key, so the executor finds it.
		expect(ours.plan.steps.find((s) => s.tool === 'shopify.refundOrder')!.args).toEqual(fresh.plan.steps.find((s) => s.tool === 'shopify.refundOrder')!.args);
	});

	it('escalates instead of sending a reply that would only greet the customer', () => {
		const unshipped = SCENARIOS.order_status();
		const withoutDispatch = { ...unshipped, context: { ...unshipped.context!, passages: unshipped.context!.passages.filter((p) => !/dispatch|ship/i.test(`${p.title} ${p.headingPath.join(' ')} ${p.text} ${p.tags.join(' ')}`)) } };
		const out = plan(withoutDispatch);
		expect(out).toMatchObject({ outcome: 'escalate', code: 'no_content' });
		if (out.outcome === 'escalate') expect(out.reason).toMatch(/^The reply would only greet the customer: .*no policy passage in force about dispatch/);
		// With the passage, the same case gets a real answer.
		const answered = plan(unshipped);
		if (answered.outcome !== 'plan') throw new Error(answered.outcome);
		expect(answered.plan.draftReply.body).toMatch(/not been shipped|not yet shipped|has not shipped/i);
	});

	it('an operator policy value changes the window', () => {
		const cf = buildCase({ facts: [orderFact({ fulfillments: [{ shipment_status: 'delivered', updated_at: daysAgo(45) }] })] });
		expect(plan(cf, { policy: { returnWindowDays: 60 } }).outcome).toBe('plan');
	});

	it('escalates when the order belongs to another email (identity)', () => {
		const out = plan(buildCase({ customer: { email: 'mallory@example.net', name: 'Mallory' } }));
		expect(out).toMatchObject({ outcome: 'escalate', code: 'condition' });
		if (out.outcome === 'escalate') expect(out.reason).toMatch(/different email address/);
	});

	it('escalates a return for an order that shows no delivery', () => {
		const out = plan(buildCase({ facts: [orderFact({ fulfillments: [] })] }));
		expect(out).toMatchObject({ outcome: 'escalate', code: 'condition' });
	});

	it('escalates a cancellation of a shipped order', () => {
		const out = plan(buildCase({ intent: 'cancel_order' }));
		expect(out).toMatchObject({ outcome: 'escalate', code: 'condition' });
		if (out.outcome === 'escalate') expect(out.reason).toMatch(/already shipped/);
	});

	it('escalates a possible account takeover', () => {
		const out = plan(buildCase({ intent: 'account_access', message: 'Someone hacked my account and changed my password!', orderRefs: [], facts: [] }));
		expect(out).toMatchObject({ outcome: 'escalate', code: 'condition' });
	});

	it('escalates a write no passage in force allows', () => {
		const out = plan(buildCase({ passages: [PASSAGES.oldReturns, PASSAGES.shipping] }));
		expect(out).toMatchObject({ outcome: 'escalate', code: 'no_citation' });
	});

	it('escalates without a ticket or an intent', () => {
		const noIntent = buildCase({ without: ['intent'] });
		expect(plan(noIntent)).toMatchObject({ outcome: 'escalate', code: 'contract' });
		expect(plan(buildCase({ intent: null }))).toMatchObject({ outcome: 'escalate', code: 'contract' });
	});
});

describe('stable plan ids', () => {
	it('the same case gives the same id, whatever the clock', () => {
		const a = plan(buildCase());
		const b = planWithPlaybook(buildCase(), { now: new Date('2026-03-11T00:00:00.000Z') });
		if (a.outcome !== 'plan' || b.outcome !== 'plan') throw new Error('no plan');
		expect(a.plan.id).toMatch(/^plan_[0-9a-f]{20}$/);
		expect(b.plan.id).toBe(a.plan.id);
		expect(b.plan.createdAt).not.toBe(a.plan.createdAt);
	});

	it('changes with the ticket message, the ticket id or the plan content', () => {
		const base = plan(buildCase());
		const otherMessage = plan(buildCase({ message: 'Return order #1001 please, wrong colour.' }));
		const otherTicket = buildCase();
		otherTicket.ticket!.id = '9999';
		const otherId = plan(otherTicket);
		const otherAmount = plan(buildCase({ facts: [orderFact({ total_price: '59.90' })] }));
		const ids = [base, otherMessage, otherId, otherAmount].map((o) => (o.outcome === 'plan' ? o.plan.id : o.outcome));
		expect(new Set(ids).size).toBe(4);
	});
});

describe('operator playbooks', () => {
	const minimal: PlaybookInput = {
		id: 'loyalty',
		intents: ['loyalty'],
		specialist: 'loyalty',
		steps: [{ id: 'tag', tool: 'zendesk.updateTicket', access: 'write', args: { tags: ['vip'] }, why: 'Tag', when: 'facts.order.total > 40' }],
		reply: { en: [{ text: 'Thanks {{ticket.customer.name}}!' }] },
	};

	it('adds a specialist and runs step conditions', () => {
		const cf = buildCase({ intent: 'loyalty' });
		const out = planWithPlaybook(cf, { now: NOW, playbooks: [minimal] });
		if (out.outcome !== 'plan') throw new Error(out.outcome);
		expect(out.plan.specialist).toBe('loyalty');
		expect(out.plan.steps.map((s) => s.id)).toEqual(['tag']);
		const cheap = planWithPlaybook(buildCase({ intent: 'loyalty', facts: [orderFact({ total_price: '10.00' })] }), { now: NOW, playbooks: [minimal] });
		if (cheap.outcome !== 'plan') throw new Error(cheap.outcome);
		expect(cheap.plan.steps).toEqual([]);
		expect(cheap.plan.draftReply.body).toBe(`Thanks ${CUSTOMER.name}!`);
	});

	it.each([
		[{ ...minimal, conditions: [{ when: 'facts.order.total >', reason: 'x' }] }, /Playbook "loyalty", condition 1: Unexpected end of expression/],
		[{ ...minimal, steps: [{ ...minimal.steps![0], when: 'exists(facts.order' }] }, /Playbook "loyalty", step "tag" condition: Expected '\)'/],
		[{ ...minimal, steps: [{ ...minimal.steps![0], tool: 'shopify.deleteEverything' }] }, /step "tag": unknown tool "shopify.deleteEverything"/],
		[{ ...minimal, steps: [{ ...minimal.steps![0], tool: 'shopify.refundOrder', access: 'read' }] }, /"shopify.refundOrder" writes; declare access "write"/],
		[{ ...minimal, steps: [minimal.steps![0], minimal.steps![0]] }, /step ids must be unique/],
		[{ ...minimal, reply: {} }, /Playbook "loyalty", field reply: needs at least one language/],
		[{ ...minimal, steps: [{ ...minimal.steps![0], args: { n: { $expr: 'foo(1)' } } }] }, /step "tag" argument: Unknown function 'foo'/],
	])('reports a broken playbook by name, step and expression (%#)', (input, message) => {
		expect(() => compilePlaybook(input)).toThrow(PlaybookError);
		expect(() => compilePlaybook(input)).toThrow(message);
	});

	it('turns a runtime evaluation error into an escalation naming the playbook', () => {
		const broken: PlaybookInput = { ...minimal, conditions: [{ when: "ticket.message > 3", reason: 'x' }] };
		const out = planWithPlaybook(buildCase({ intent: 'loyalty' }), { now: NOW, playbooks: [broken] });
		expect(out).toMatchObject({ outcome: 'escalate', code: 'playbook_error' });
		if (out.outcome === 'escalate') expect(out.reason).toMatch(/^Playbook "loyalty", condition 1: /);
	});
});

describe('policy values and caps in conditions', () => {
	it('reads caps.refund from the intent scope in the order currency', () => {
		const pb: PlaybookInput = {
			id: 'small_refund',
			intents: ['return_refund'],
			specialist: 'refunds',
			conditions: [{ when: 'facts.order.total <= caps.refund', reason: 'Order total {{facts.order.total}} is over the cap {{caps.refund}} {{caps.currency}}' }],
			reply: { en: [{ text: 'ok' }] },
		};
		const scope = { allowedTools: [], amountCaps: [{ currency: 'eur', max: 40 }] };
		const out = planWithPlaybook(buildCase(), { now: NOW, playbooks: [pb], scope });
		expect(out).toMatchObject({ outcome: 'escalate', code: 'condition', reason: 'Order total 49.90 is over the cap 40 EUR' });
		expect(planWithPlaybook(buildCase(), { now: NOW, playbooks: [pb], scope: { ...scope, amountCaps: [{ currency: 'EUR', max: 50 }] } }).outcome).toBe('plan');
		// No cap configured: the condition cannot be decided, so a person decides.
		expect(planWithPlaybook(buildCase(), { now: NOW, playbooks: [pb] })).toMatchObject({ outcome: 'escalate', code: 'missing_data' });
	});
});
