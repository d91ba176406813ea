import type { CaseFile, Execution } from '../../../engine/contracts';
import { buildHandoff, escapeHtml, factView, headlineOf, MAX_HEADLINE, readableTime } from '../../../engine/escalation';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, review } from '../../../engine/verification';
import { buildCase, chargeFact, NOW, orderFact, PASSAGES } from '../../support/caseFiles';

const CARD = '4111 1111 1111 1111';

/** The README's case: a refund of 480 EUR asked, over the default cap of 100 EUR, escalated by the plan-stage Critic. */
function overCapCase(facts = [orderFact({ total_price: '480.00', line_items: [{ title: 'Espresso machine Barista One', quantity: 1, price: '480.00' }] })]): CaseFile {
	const cf = buildCase({
		subject: 'Broken espresso machine - refund',
		message: `The espresso machine from order #1001 stopped heating. I want a full refund of 480 EUR. Send it to my other card ${CARD}, my password is Espresso-2024!`,
		urgency: 'high',
		sentimentScore: -0.6,
		facts,
	});
	const out = planWithPlaybook(cf, { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
	if (out.outcome !== 'plan') throw new Error(out.outcome);
	const withPlan = { ...cf, plan: out.plan };
	return { ...withPlan, review: review({ stage: 'plan', caseFile: withPlan, rules: DEFAULT_CRITIC_RULES.return_refund, now: NOW }) };
}

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const withoutDetails = (html: string) => html.replace(/<details>[\s\S]*?<\/details>/g, '');
const heading = (html: string) => /^<h3>(.*?)<\/h3>/.exec(html)![1];

describe('the note says why once', () => {
	const cf = overCapCase();
	const h = buildHandoff(cf, { groupsByIntent: { return_refund: 'Billing' } });

	it('has a short, specific heading that does not restate the reason', () => {
		expect(cf.review!.verdict).toBe('escalate');
		expect(heading(h.note.html)).toBe('Escalation: refund over the automatic cap (480.00 EUR asked, cap 100.00 EUR)');
		expect(heading(h.note.html).length).toBeLessThan(120);
		expect(h.note.markdown.split('\n')[0]).toBe('### Escalation: refund over the automatic cap (480.00 EUR asked, cap 100.00 EUR)');
	});

	it('shows the full reason exactly once, under Why', () => {
		expect(h.reason).toMatch(/^Critic \(plan\) escalated: The customer asked for 480\.00 EUR .* over the cap of 100\.00 EUR for automatic refunds \(step refund would move 480\.00 EUR\): a person decides on the amount\.$/);
		expect(count(h.note.html, escapeHtml(h.reason))).toBe(1);
		expect(h.note.html).toContain(`<p><strong>Why:</strong> ${escapeHtml(h.reason)}</p>`);
		// Not even the Critic's own sentence (the reason without its prefix) appears a second time.
		const criticSentence = cf.review!.checks.find((c) => !c.passed)!.reason;
		expect(count(h.note.html, escapeHtml(criticSentence))).toBe(1);
		expect(count(h.note.markdown, 'step refund would move 480.00 EUR')).toBe(1);
	});

	it('summarises who wrote about what, what ran and where it stopped, without the reason text', () => {
		expect(h.summary).toBe(
			'Jane Doe <jane.doe@example.com> wrote via zendesk/email about order #1001 ("Broken espresso machine - refund"). Classified as return_refund (confidence 91%, urgency high, sentiment negative). The refunds specialist planned 3 step(s): shopify.getOrder, shopify.refundOrder, zendesk.addInternalNote. The Support Critic stopped it at the plan review (failed: amount.cap), so nothing was executed.',
		);
		expect(h.summary).not.toContain('over the cap');
	});

	it('points the failed check that caused the escalation to Why instead of repeating it', () => {
		expect(h.note.html).toContain('<tr><td>amount.cap</td><td>failed (escalate)</td><td>See Why above.</td></tr>');
		expect(h.note.markdown).toContain('| amount.cap | failed (escalate) | See Why above. |');
	});

	it('a check whose reason is not the escalation reason keeps its own text', () => {
		const other = { ...cf, escalation: { reason: 'Customer asked for a manager', layer: 'critic' as const, code: 'critic', at: NOW.toISOString() } };
		expect(buildHandoff(other).note.html).toMatch(/<td>amount\.cap<\/td><td>failed \(escalate\)<\/td><td>The customer asked for 480\.00 EUR/);
	});

	it('keeps every guarantee: no card number or password anywhere', () => {
		const all = JSON.stringify(h);
		for (const secret of [CARD, CARD.replace(/ /g, ''), 'Espresso-2024!']) expect(all).not.toContain(secret);
		expect(h.note.html).not.toMatch(/<script|<img|<link|<iframe|src=|href=/i);
	});
});

describe('live facts read as fields, with the raw data collapsed', () => {
	const h = buildHandoff(overCapCase());

	it('shows the order\'s key fields in a table', () => {
		for (const [k, v] of [
			['Order', '#1001'],
			['Status', 'open'],
			['Financial status', 'paid'],
			['Total', '480.00 EUR'],
			['Created', '2026-02-24 12:00 UTC'],
			['Fulfilment', 'fulfilled; delivered, tracking 1Z999AA10123456784'],
			['Delivered', '2026-02-28 12:00 UTC'],
			['Items', '1 × Espresso machine Barista One'],
		]) {
			expect(h.note.html).toContain(`<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`);
			expect(h.note.markdown).toContain(`| ${k} | ${v.replace('#', '\\#')} |`);
		}
	});

	it('puts the raw order JSON only inside a collapsed <details> (HTML) and a code block (Markdown)', () => {
		const rawKey = escapeHtml('"financial_status": "paid"');
		expect(h.note.html).toMatch(/<details><summary>Full order data \(JSON\)<\/summary><pre>\{\n {2}&quot;id&quot;: 5823957483821,/);
		expect(count(h.note.html, rawKey)).toBe(1);
		expect(withoutDetails(h.note.html)).not.toContain('&quot;financial_status&quot;');
		expect(withoutDetails(h.note.html)).not.toContain('{&quot;id&quot;');
		expect(h.note.markdown).toContain('**Full order data (JSON):**\n\n```json\n{\n  "id": 5823957483821,');
		expect(count(h.note.markdown, '"financial_status": "paid"')).toBe(1);
	});

	it('a backtick run in the data cannot close the Markdown code block early', () => {
		const md = buildHandoff(buildCase({ facts: [orderFact({ note: 'see ```x``` and ````y````' })] })).note.markdown;
		expect(md).toContain('`````json\n');
		expect(md).toMatch(/\n`````(\n|$)/);
	});

	it('escapes markup in the raw data', () => {
		const html = buildHandoff(buildCase({ facts: [orderFact({ note: '<script>alert(1)</script>' })] })).note.html;
		expect(html).not.toContain('<script');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});

	it('reads charges and customers; leaves payment instrument details and secrets out of fields and JSON', () => {
		const charge = chargeFact({
			amount_refunded: 1000,
			status: 'succeeded',
			payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', exp_month: 9, exp_year: 2028, fingerprint: 'Fp7Xk2' } },
			source: { object: 'card', last4: '4242', exp_year: 2028 },
			metadata: { internal: `copied ${CARD}`, api_key: 'plaintext-key' },
		});
		const customer = { kind: 'customer', source: 'zendesk', fetchedAt: NOW.toISOString(), data: { id: 91, name: 'Jane Doe', email: 'jane.doe@example.com', created_at: '2024-05-01T08:00:00Z', tags: ['vip'] } };
		const h2 = buildHandoff(buildCase({ facts: [charge, customer] }));
		for (const [k, v] of [['Amount', '49.90 EUR'], ['Currency', 'EUR'], ['Refunded', 'partly (10.00 EUR refunded)'], ['Status', 'succeeded'], ['Receipt email', 'jane.doe@example.com'], ['Name', 'Jane Doe'], ['Customer since', '2024-05-01 08:00 UTC'], ['Tags', 'vip']]) {
			expect(h2.note.html).toContain(`<tr><td>${k}</td><td>${escapeHtml(v)}</td></tr>`);
		}
		expect(h2.note.html).toContain('<strong>Charge ch_3Nabc123:</strong> from stripe, fetched 2026-03-10 12:00 UTC');
		expect(h2.note.html).toContain('<details><summary>Full charge data (JSON)</summary>');
		expect(h2.note.html).toContain('<details><summary>Full customer data (JSON)</summary>');
		const all = JSON.stringify(h2);
		for (const secret of ['4242', 'Fp7Xk2', '2028', CARD, 'plaintext-key']) expect(all).not.toContain(secret);
		expect(h2.note.html).toContain('[payment details removed]');
	});

	it('factView: fully refunded charge, cancelled order, unknown kinds', () => {
		expect(factView(chargeFact({ refunded: true, amount_refunded: 4990 })).rows).toContainEqual(['Refunded', 'yes (49.90 EUR refunded)']);
		expect(factView(chargeFact()).rows).toContainEqual(['Refunded', 'no']);
		expect(factView(orderFact({ cancelled_at: '2026-03-01T10:00:00Z', cancel_reason: 'customer', fulfillment_status: null, fulfillments: [] })).rows).toEqual(
			expect.arrayContaining([['Status', 'cancelled 2026-03-01 10:00 UTC (customer)'], ['Fulfilment', 'unfulfilled']]),
		);
		expect(factView({ kind: 'subscription', source: 'http', fetchedAt: NOW.toISOString(), data: { plan: 'pro' } })).toEqual({ title: 'subscription', rows: [] });
		expect(readableTime(1_700_000_000)).toBe('2023-11-14 22:13 UTC');
		expect(readableTime('not a date')).toBe('not a date');
	});
});

describe('passages', () => {
	it('lists only the passages in force at the ticket\'s time, with version and dates', () => {
		const future = { ...PASSAGES.returns, chunkId: 'returns-next', version: '4', effectiveFrom: '2026-06-01T00:00:00.000Z', text: 'From June: 45 days.' };
		const ending = { ...PASSAGES.refundTiming, effectiveTo: '2026-12-31T00:00:00.000Z' };
		const h = buildHandoff(buildCase({ passages: [PASSAGES.returns, ending, PASSAGES.oldReturns, future] }));
		const table = /<h3>Policy passages used<\/h3>\n<table[\s\S]*?<\/table>/.exec(h.note.html)![0];
		expect(table).toContain('<tr><td>returns-1</td><td>Returns &amp; Refunds › Returns</td><td>3</td><td>from 2025-01-01</td>');
		expect(table).toContain('<td>returns-2</td><td>Returns &amp; Refunds › Refund timing</td><td>3</td><td>2025-01-01 – 2026-12-31</td>');
		expect(table).not.toContain('returns-old');
		expect(table).not.toContain('returns-next');
		expect(h.note.html).toContain('(2 retrieved passages not in force on 2026-03-10 not shown.)');
		// The evidence still carries every retrieved passage, for audits.
		expect(h.evidence.filter((e) => e.kind === 'policy')).toHaveLength(4);
	});

	it('says so when none is in force', () => {
		const h = buildHandoff(buildCase({ passages: [PASSAGES.oldReturns] }));
		expect(h.note.html).toContain('<h3>Policy passages used</h3>\n<p>None in force.</p>');
	});
});

describe('headings for other reasons', () => {
	it('an execution failure names the failed tool', () => {
		const cf = overCapCase();
		const execution: Execution = {
			planId: cf.plan!.id,
			mode: 'auto',
			dryRun: false,
			outcome: 'partial',
			steps: [
				{ stepId: 'lookup_order', tool: 'shopify.getOrder', status: 'succeeded', attempts: 1, externalIds: {} },
				{ stepId: 'refund', tool: 'shopify.refundOrder', status: 'failed', attempts: 4, externalIds: {}, error: '503 Service Unavailable' },
			],
			compensations: [],
			startedAt: NOW.toISOString(),
			finishedAt: NOW.toISOString(),
		};
		const h = buildHandoff({ ...cf, review: undefined, execution });
		expect(heading(h.note.html)).toBe('Escalation: shopify.refundOrder failed (execution partial)');
		expect(h.summary).toMatch(/It stopped in the Support Action Executor at step refund \(shopify\.refundOrder\)\.$/);
		expect(count(h.note.html, escapeHtml(h.reason))).toBe(1);
	});

	it('low confidence shows the figures; a confident router escalation and an operator\'s reason show the reason', () => {
		const low = buildCase({ intent: null, confidence: 0.41, without: ['context'] });
		low.intent!.humanReason = 'Confidence 41% is below the threshold 60%';
		expect(heading(buildHandoff(low).note.html)).toBe('Escalation: intent unclear (confidence 41%, threshold 60%)');
		expect(buildHandoff(low).summary).toMatch(/The Support Intent Router sent it to a person before any policy lookup or plan\.$/);
		const manager = { ...buildCase(), escalation: { reason: 'Customer asked for a manager', layer: 'intentRouter' as const, code: 'low_confidence', at: NOW.toISOString() } };
		expect(heading(buildHandoff(manager).note.html)).toBe('Escalation: Customer asked for a manager');
		expect(heading(buildHandoff(overCapCase(), { reason: 'VIP: call back' }).note.html)).toBe('Escalation: VIP: call back');
	});

	it('a long reason is clipped in the heading and shown whole under Why', () => {
		const reason = `Something unusual happened: ${'details '.repeat(40)}end.`;
		const h = buildHandoff(buildCase(), { reason });
		expect(heading(h.note.html).length).toBeLessThan(120);
		expect(heading(h.note.html)).toMatch(/…$/);
		expect(count(h.note.html, reason.trim())).toBe(1);
	});

	it('headlineOf uses a few words per failed check, and the over-cap figures the Critic recorded (not its wording)', () => {
		const cf = buildCase();
		const withChecks: CaseFile = {
			...cf,
			review: { stage: 'reply', verdict: 'escalate', planId: 'p1', reviewedAt: NOW.toISOString(), revisionCount: 0, history: [], checks: [{ id: 'identity.verified', passed: false, onFail: 'escalate', reason: 'x' }, { id: 'safety.injection', passed: false, onFail: 'escalate', reason: 'y' }, { id: 'reply.tone', passed: false, onFail: 'revise', reason: 'z' }, { id: 'custom.judge', passed: false, onFail: 'escalate', reason: 'w' }] },
		};
		const line = headlineOf(withChecks, { reason: 'r', fromLayer: 'critic', code: 'critic' });
		expect(line).toBe('requester not verified as the customer on record; possible injected instructions (+2 more)');
		expect(line.length).toBeLessThanOrEqual(MAX_HEADLINE);
		const overCap: CaseFile = {
			...cf,
			review: {
				...withChecks.review!,
				// The reason says something else on purpose: the headline reads the figures.
				checks: [{ id: 'amount.cap', passed: false, onFail: 'escalate', reason: 'worded differently', overCap: [{ stepId: 'refund', asked: 49.9, askedCurrency: 'EUR', how: 'everythingPaid', cap: 20, planned: 49.9, currency: 'EUR' }] }],
			},
		};
		expect(headlineOf(overCap, { reason: 'r', fromLayer: 'critic', code: 'critic' })).toBe('refund over the automatic cap (full refund of 49.90 EUR asked, cap 20.00 EUR)');
		const noFigures: CaseFile = { ...overCap, review: { ...overCap.review!, checks: [{ id: 'amount.cap', passed: false, onFail: 'escalate', reason: 'worded differently' }] } };
		expect(headlineOf(noFigures, { reason: 'r', fromLayer: 'critic', code: 'critic' })).toBe('amount over the automatic cap');
	});
});
