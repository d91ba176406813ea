import { backoffDelay, canonicalJson, DEFAULT_RETRY_POLICY, idempotencyKey, ledgerMarker, parseRetryAfter, toTransportError } from '../../../engine/execution';
import { redactBody } from '../../../engine/execution/redact';

describe('idempotency keys', () => {
	it('canonical JSON ignores key order and undefined', () => {
		expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
	});

	it('depend on ticket, step, tool and arguments only', () => {
		const k = idempotencyKey('t1', 's1', 'stripe.createRefund', { amount: 5, currency: 'usd' });
		expect(idempotencyKey('t1', 's1', 'stripe.createRefund', { currency: 'usd', amount: 5 })).toBe(k);
		expect(idempotencyKey('t2', 's1', 'stripe.createRefund', { amount: 5, currency: 'usd' })).not.toBe(k);
		expect(idempotencyKey('t1', 's2', 'stripe.createRefund', { amount: 5, currency: 'usd' })).not.toBe(k);
		expect(idempotencyKey('t1', 's1', 'stripe.createRefund', { amount: 6, currency: 'usd' })).not.toBe(k);
		expect(k).toMatch(/^[0-9a-f]{64}$/);
		expect(ledgerMarker(k)).toBe(`sc_${k.slice(0, 16)}`);
	});
});

describe('retry timing', () => {
	it('reads Retry-After as seconds, decimal seconds or an HTTP date', () => {
		const now = Date.parse('2026-01-10T10:00:00Z');
		expect(parseRetryAfter('30', now)).toBe(30_000);
		expect(parseRetryAfter('2.0', now)).toBe(2_000);
		expect(parseRetryAfter('Sat, 10 Jan 2026 10:00:05 GMT', now)).toBe(5_000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('backs off exponentially with full jitter, capped', () => {
		const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, p, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
		expect(backoffDelay(3, p, () => 0)).toBe(0);
	});
});

describe('transport errors', () => {
	it('are classified without quoting the request', () => {
		expect(toTransportError(Object.assign(new Error('x'), { name: 'AbortError' })).kind).toBe('timeout');
		expect(toTransportError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })).kind).toBe('reset');
		expect(toTransportError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })).kind).toBe('connect');
		const other = toTransportError(new Error('GET https://user:pw@host/ failed'));
		expect(other.kind).toBe('other');
		expect(other.message).not.toContain('pw');
	});
});

describe('redaction', () => {
	it('masks secret-looking fields and clips long text', () => {
		const out = redactBody({ api_key: 'k', nested: { Authorization: 'Bearer x', card_number: '4242' }, note: 'a'.repeat(300) }) as Record<string, unknown>;
		expect(out.api_key).toBe('[redacted]');
		expect(out.nested).toEqual({ Authorization: '[redacted]', card_number: '[redacted]' });
		expect((out.note as string).length).toBe(201);
	});
});
