import { compileCondition, ConditionEvalError, ConditionSyntaxError, evaluateCondition, evaluateExpression } from '../../../engine/planning/conditions';
import { renderArgs, renderText } from '../../../engine/planning/template';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const scope = {
	ticket: { orderRefs: ['#1001'], message: 'My account was HACKED' },
	facts: { order: { total: 49.9, total_price: '49.90', delivered_at: '2026-02-28T12:00:00.000Z', cancelled_at: null, lines: [{ sku: 'A' }] } },
	policy: { returnWindowDays: 30 },
	caps: { refund: 100 },
};
const ev = (src: string) => evaluateCondition(compileCondition(src), scope, NOW);

describe('condition language: parsing', () => {
	it.each([
		['daysSince(facts.order.delivered_at) < policy.returnWindowDays'],
		['facts.order.total <= caps.refund && !exists(facts.order.cancelled_at)'],
		["lower(ticket.message) == 'my account was hacked' || (1 + 2) * 3 > 8"],
		['contains(ticket.orderRefs, "#1001") and not empty(facts.order.lines)'],
	])('parses %s', (src) => {
		expect(() => compileCondition(src)).not.toThrow();
	});

	it('collects the paths an expression reads', () => {
		expect(compileCondition('facts.order.total <= caps.refund').paths).toEqual(['facts.order.total', 'caps.refund']);
	});

	it.each([
		['', 'Empty expression'],
		['facts.order.total <=', 'Unexpected end of expression'],
		['(facts.order.total', "Expected ')'"],
		['a < b < c', 'Chained comparison'],
		["'open", 'Unterminated string'],
		['facts.order.total ; 1', "Unexpected character ';'"],
		['eval(1)', "Unknown function 'eval'"],
		['facts.', "Expected a name or index after '.'"],
	])('rejects %j with a message naming the problem', (src, message) => {
		let err: unknown;
		try {
			compileCondition(src);
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(ConditionSyntaxError);
		expect((err as Error).message).toContain(message);
		expect((err as Error).message).toContain(`"${src}"`);
	});

	it('cannot reach prototypes or constructors', () => {
		expect(ev('facts.constructor == null')).toEqual({ status: 'true' });
		expect(ev('exists(facts.__proto__)')).toEqual({ status: 'false' });
	});
});

describe('condition language: evaluation', () => {
	it('counts days since a date against a policy value', () => {
		expect(ev('daysSince(facts.order.delivered_at) < policy.returnWindowDays')).toEqual({ status: 'true' });
		expect(ev('daysSince(facts.order.delivered_at) > 11')).toEqual({ status: 'false' });
		expect(ev('daysUntil(facts.order.delivered_at) < 0')).toEqual({ status: 'true' });
	});

	it('compares numeric strings as numbers', () => {
		expect(ev('facts.order.total_price == 49.9')).toEqual({ status: 'true' });
		expect(ev('facts.order.total_price > 100')).toEqual({ status: 'false' });
	});

	it('reports missing facts instead of guessing', () => {
		expect(ev('daysSince(facts.order.returned_at) < 30')).toEqual({ status: 'missing', paths: ['facts.order.returned_at'] });
	});

	it('short-circuits around missing facts when the answer is already known', () => {
		expect(ev('false && facts.nope > 1')).toEqual({ status: 'false' });
		expect(ev('true || facts.nope > 1')).toEqual({ status: 'true' });
		expect(ev('facts.nope > 1 && 1 > 2')).toEqual({ status: 'false' });
		expect(ev('true && facts.nope > 1')).toEqual({ status: 'missing', paths: ['facts.nope'] });
	});

	it('treats missing and null as equal to null', () => {
		expect(ev('facts.order.cancelled_at == null')).toEqual({ status: 'true' });
		expect(ev('facts.order.nothing == null')).toEqual({ status: 'true' });
		expect(ev('facts.order.total != null')).toEqual({ status: 'true' });
	});

	it('supports helper functions', () => {
		expect(ev("contains(ticket.message, 'hacked')")).toEqual({ status: 'true' });
		expect(ev('len(facts.order.lines) == 1')).toEqual({ status: 'true' });
		expect(ev('min(facts.order.total, caps.refund) == 49.9')).toEqual({ status: 'true' });
		expect(ev('coalesce(facts.order.missing, facts.order.total) == 49.9')).toEqual({ status: 'true' });
		expect(evaluateExpression(compileCondition('max(1, 5, 3) - -1'), scope, NOW)).toEqual({ status: 'value', value: 6 });
	});

	it('throws an evaluation error naming the expression on type mismatches', () => {
		expect(() => ev("ticket.message < 3")).toThrow(ConditionEvalError);
		expect(() => ev("daysSince('not a date') > 1")).toThrow(/Expected a date.*daysSince/);
		expect(() => ev('1 / 0 > 1')).toThrow(/Division by zero/);
		expect(() => ev('len(1) > 0')).toThrow(/len\(\) needs/);
	});
});

describe('templates', () => {
	it('renders placeholders and reports the missing ones', () => {
		expect(renderText('Order {{ ticket.orderRefs.0 }} costs {{facts.order.total}}', scope)).toEqual({ value: 'Order #1001 costs 49.90', missing: [] });
		expect(renderText('Hi {{ticket.customer.name}}', scope)).toEqual({ value: 'Hi ', missing: ['ticket.customer.name'] });
	});

	it('keeps the type of a whole-placeholder argument and computes $expr arguments', () => {
		const r = renderArgs({ amount: '{{facts.order.total}}', capped: { $expr: 'min(facts.order.total, 20)' }, note: 'for {{ticket.orderRefs.0}}' }, scope, NOW);
		expect(r).toEqual({ value: { amount: 49.9, capped: 20, note: 'for #1001' }, missing: [] });
	});
});
