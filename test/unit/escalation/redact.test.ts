import { redactDeep, redactText } from '../../../engine/escalation';

describe('redaction of payment data', () => {
	it.each([
		['4111 1111 1111 1111'],
		['4111-1111-1111-1111'],
		['5555555555554444'],
		['3782 822463 10005'],
	])('removes the card number %s', (card) => {
		const out = redactText(`my card is ${card} thanks`);
		expect(out).toBe('my card is [card number removed] thanks');
	});

	it('finds a card inside a longer run of numbers', () => {
		expect(redactText('order 1001 4111 1111 1111 1111')).toBe('order 1001 [card number removed]');
	});

	it('leaves numbers that fail the Luhn check or are not card-shaped', () => {
		expect(redactText('4111 1111 1111 1112')).toBe('4111 1111 1111 1112');
		expect(redactText('Shopify order 5823957483821')).toBe('Shopify order 5823957483821');
		expect(redactText('tracking 1Z999AA10123456784, phone +49 30 1234567')).toBe('tracking 1Z999AA10123456784, phone +49 30 1234567');
	});

	it('removes valid IBANs only', () => {
		expect(redactText('IBAN DE89 3704 0044 0532 0130 00 please')).toBe('IBAN [IBAN removed] please');
		expect(redactText('GB82WEST12345698765432')).toBe('[IBAN removed]');
		expect(redactText('DE89 3704 0044 0532 0130 01')).toBe('DE89 3704 0044 0532 0130 01');
	});

	it('removes CVV codes but keeps the label', () => {
		expect(redactText('CVV: 123')).toBe('CVV: [removed]');
		expect(redactText('security code 9876')).toBe('security code [removed]');
	});
});

describe('redaction of secrets', () => {
	it.each([
		['Authorization: Bearer abcdefghijklmnop123456', 'Authorization: Bearer [secret removed]'],
		['key sk_live_51Habcdefghijklmnop', 'key [secret removed]'],
		['token shpat_0123456789abcdef0123456789abcdef', 'token [secret removed]'],
		['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abcdefghijk', '[token removed]'],
		['my password is hunter2. Thanks', 'my password is [removed]. Thanks'],
		['api_key=abc123def', 'api_key=[removed]'],
		['Passwort: geheim123', 'Passwort: [removed]'],
		['https://admin:s3cret@shop.example/api', 'https://[credentials removed]@shop.example/api'],
		['AKIAABCDEFGHIJKLMNOP', '[secret removed]'],
	])('%s', (input, expected) => {
		expect(redactText(input)).toBe(expected);
	});

	it('redacts every string in a structure and the values of secret-named keys', () => {
		const out = redactDeep({ note: 'card 4111111111111111', nested: [{ apiKey: 'plain-looking', accessToken: 42, ok: 'fine' }], password: 'x' });
		expect(out).toEqual({ note: 'card [card number removed]', nested: [{ apiKey: '[removed]', accessToken: '[removed]', ok: 'fine' }], password: '[removed]' });
	});
});
