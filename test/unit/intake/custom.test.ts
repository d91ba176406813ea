import { normaliseTicket } from '../../../engine/intake';
import { NOW, contractError, opts } from './helpers';

describe('normaliseTicket: custom mapping', () => {
	it('maps evaluated expression values, converting ids and order numbers', () => {
		const t = normaliseTicket(
			{ anything: 'the payload is not read' },
			opts({
				source: 'custom',
				custom: {
					id: 3301,
					subject: 'Refund please',
					message: '<p>I was charged twice for order #88120.</p>',
					customerId: 'c-19',
					customerEmail: 'kai@example.com',
					customerName: 'Kai',
					orderRefs: [88120, 'SO-221'],
					locale: 'de-DE',
					channel: 'whatsapp',
					receivedAt: '2026-11-20T08:00:00+01:00',
				},
			}),
		);
		expect(t).toEqual({
			id: '3301',
			source: 'custom',
			channel: 'whatsapp',
			subject: 'Refund please',
			message: 'I was charged twice for order #88120.',
			customer: { id: 'c-19', email: 'kai@example.com', name: 'Kai' },
			orderRefs: ['88120', 'SO-221'],
			locale: 'de-DE',
			receivedAt: '2026-11-20T07:00:00.000Z',
			conversation: [],
			tags: [],
			sourceRefs: {},
		});
	});

	it('fills defaults when only id and message are mapped', () => {
		const t = normaliseTicket(undefined, opts({ source: 'custom', custom: { id: 'T-1', message: 'hello, my app crashes' } }));
		expect(t).toMatchObject({ channel: 'unknown', subject: '', customer: {}, orderRefs: [], receivedAt: NOW.toISOString() });
	});

	it('accepts a comma-separated order list, Unix seconds and a Luxon-like DateTime', () => {
		const a = normaliseTicket(null, opts({ source: 'custom', custom: { id: 1, message: 'x y', orderRefs: '1001, 1002', receivedAt: 1795515312 } }));
		expect(a.orderRefs).toEqual(['1001', '1002']);
		expect(a.receivedAt).toBe('2026-11-24T10:15:12.000Z');
		const luxonLike = { toISO: () => '2026-11-24T10:15:12.000+02:00' };
		const b = normaliseTicket(null, opts({ source: 'custom', custom: { id: 1, message: 'x y', receivedAt: luxonLike } }));
		expect(b.receivedAt).toBe('2026-11-24T08:15:12.000Z');
	});

	it.each([
		[{ id: 1, message: 42 }, 'custom.message', 'must be text, got number 42'],
		[{ id: 1, message: { text: 'hi' } }, 'custom.message', 'must be text, got an object'],
		[{ id: 1, message: '   ' }, 'custom.message', 'is missing or empty'],
		[{ id: 1 }, 'custom.message', 'is missing or empty'],
		[{ message: 'hi' }, 'custom.id', 'is missing'],
		[{ id: { n: 1 }, message: 'hi' }, 'custom.id', 'must be a string or a number, got an object'],
		[{ id: 1, message: 'hi', subject: 7 }, 'custom.subject', 'must be text, got number 7'],
		[{ id: 1, message: 'hi', customerEmail: ['a@b.c'] }, 'custom.customerEmail', 'must be text, got an array'],
		[{ id: 1, message: 'hi', orderRefs: { a: 1 } }, 'custom.orderRefs', 'must be a list of order numbers'],
		[{ id: 1, message: 'hi', orderRefs: ['1', null] }, 'custom.orderRefs[1]', 'must be a string or a number, got null'],
		[{ id: 1, message: 'hi', receivedAt: 'last tuesday' }, 'custom.receivedAt', 'must be an ISO-8601 date-time'],
	])('refuses %j naming %s', (custom, field, problem) => {
		const error = contractError(() => normaliseTicket({}, opts({ source: 'custom', custom })));
		expect(error.field).toBe(field);
		expect(error.problem).toContain(problem);
		expect(error.layer).toBe('intentRouter');
		expect(error.writer).toBe('intentRouter');
		expect(error.message).toContain(field);
	});

	it('refuses a missing or non-object mapping', () => {
		expect(contractError(() => normaliseTicket({}, opts({ source: 'custom' }))).problem).toMatch(/^is missing/);
		const error = contractError(() => normaliseTicket({}, opts({ source: 'custom', custom: 'id=1' as never })));
		expect(error.field).toBe('custom');
		expect(error.problem).toContain('must be an object');
	});
});
