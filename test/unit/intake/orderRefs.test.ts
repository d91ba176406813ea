import { extractOrderRefs, normaliseTicket } from '../../../engine/intake';
import { opts } from './helpers';

describe('extractOrderRefs', () => {
	it.each([
		['Refund for order #1234 please', ['1234']],
		['my order 55120 never came', ['55120']],
		['Order number: 7781', ['7781']],
		['order no. 9912 and order nr 9913', ['9912', '9913']],
		['Re: ORD-1234 / ord-2000', ['ORD-1234', 'ord-2000']],
		['order ORD-1234 (ORD-1234 again, #1234 too)', ['ORD-1234', '1234']],
		['Order ID is A1001-X', ['A1001-X']],
		['#1001, #1002 and #1001', ['1001', '1002']],
	])('%s -> %j', (text, expected) => {
		expect(extractOrderRefs(text)).toEqual(expected);
	});

	it.each([
		'Call me on +1 555 123 4567',
		'I paid $649 on 24/11/2026',
		'my order status is unclear',
		'I want to order more',
		'ticket #12 is short',
		'error code 502',
	])('takes nothing from %s', (text) => {
		expect(extractOrderRefs(text)).toEqual([]);
	});

	it('puts explicit order fields first and merges those found in subject and message without duplicates', () => {
		const t = normaliseTicket(
			{ freshdesk_webhook: { ticket_id: 1, ticket_subject: 'Order #7001', ticket_description: 'and order 7002, also #7001', ticket_cf_order_number: '7003' } },
			opts(),
		);
		expect(t.orderRefs).toEqual(['7003', '7001', '7002']);
	});
});
