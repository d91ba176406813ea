import { namedAmounts, parseMoneyNumber, requestedAmount } from '../../../engine/verification';
import { buildCase } from '../../support/caseFiles';

describe('amounts the customer names', () => {
	it('reads currency-marked amounts before or after the number, with decimal commas and thousands separators', () => {
		expect(namedAmounts('I want 824.22 EUR back')).toEqual([{ amount: 824.22, currency: 'EUR', text: '824.22 EUR' }]);
		expect(namedAmounts('Refund order #41208 in full ($433.57) now')).toEqual([{ amount: 433.57, currency: 'USD', text: '$433.57' }]);
		expect(namedAmounts('Bitte 12,50 € erstatten')).toEqual([{ amount: 12.5, currency: 'EUR', text: '12,50 €' }]);
		expect(namedAmounts('£1,234.50 or EUR 1.234,50')).toEqual([
			{ amount: 1234.5, currency: 'GBP', text: '£1,234.50' },
			{ amount: 1234.5, currency: 'EUR', text: 'EUR 1.234,50' },
		]);
	});

	it('ignores bare numbers (order numbers, dates) and counts "$5 USD" once', () => {
		expect(namedAmounts('Order 41207 from 12.03. - 3 items')).toEqual([]);
		expect(namedAmounts('refund $5 USD')).toHaveLength(1);
	});

	it('parses numbers as people write them', () => {
		expect(parseMoneyNumber('1,234')).toBe(1234);
		expect(parseMoneyNumber('1.234,5')).toBe(1234.5);
		expect(parseMoneyNumber('99')).toBe(99);
	});
});

describe('requestedAmount', () => {
	it('takes the largest named amount; without one, a refund request asks for everything paid', () => {
		const named = buildCase({ message: 'Refund 20 EUR now, or 30 EUR if you must ship it back.' });
		expect(requestedAmount(named, { asksForRefund: true, paid: 49.9, currency: 'eur' })).toMatchObject({ amount: 30, how: 'named', text: '30 EUR' });
		const unnamed = buildCase();
		expect(requestedAmount(unnamed, { asksForRefund: true, paid: 49.9, currency: 'eur' })).toEqual({ amount: 49.9, currency: 'EUR', how: 'everything_paid', text: 'a refund of what was paid' });
		expect(requestedAmount(unnamed, { asksForRefund: false, paid: 49.9 })).toBeUndefined();
		expect(requestedAmount(unnamed, { asksForRefund: true })).toBeUndefined();
	});
});
