import { classifyModelError, extractRawAnswer, noneLabel, parseModelAnswer, retryAfterMs } from '../../../../engine/routing/model';
import { answer, INTENTS } from './helpers';

describe('parseModelAnswer', () => {
	it('reads JSON inside a code fence or surrounded by prose', () => {
		const fenced = parseModelAnswer({ text: 'Here you go:\n```json\n' + JSON.stringify(answer('shipping')) + '\n```' }, INTENTS);
		const prose = parseModelAnswer({ text: 'Sure! ' + JSON.stringify(answer('account')) + ' Hope that helps.' }, INTENTS);
		expect(fenced).toMatchObject({ ok: true, category: 'shipping' });
		expect(prose).toMatchObject({ ok: true, category: 'account' });
	});
	it('rejects a confidence outside 0..1 and a missing field as malformed, naming the field', () => {
		expect(parseModelAnswer({ value: answer('refunds', { confidence: 87 }) }, INTENTS)).toMatchObject({ ok: false, kind: 'malformed', error: expect.stringContaining('"confidence"') });
		const noUrgency: Record<string, unknown> = answer('refunds');
		delete noUrgency.urgency;
		expect(parseModelAnswer({ value: noUrgency }, INTENTS)).toMatchObject({ ok: false, kind: 'malformed', error: expect.stringContaining('"urgency" is missing') });
	});
	it('accepts quoted numbers and upper-case labels, and shortens a long reason', () => {
		const parsed = parseModelAnswer({ value: answer('refunds', { confidence: '0.7', urgency: 'HIGH', reason: 'x'.repeat(1000) }) }, INTENTS);
		expect(parsed).toMatchObject({ ok: true, confidence: 0.7, urgency: 'high' });
		if (parsed.ok) expect(parsed.reason).toHaveLength(300);
	});
	it('uses another none label when an intent is called "none"', () => {
		const intents = [...INTENTS, { name: 'none', examples: ['x'], rolloutMode: 'shadow' as const }];
		expect(noneLabel(intents)).toBe('no_intent');
		expect(parseModelAnswer({ value: answer('none') }, intents)).toMatchObject({ ok: true, category: 'none' });
		expect(parseModelAnswer({ value: answer('no_intent') }, intents)).toMatchObject({ ok: true, category: null });
	});
});

describe('extractRawAnswer', () => {
	it('reads string content, content parts (Responses API) and tool-call arguments', () => {
		expect(extractRawAnswer({ content: '{"a":1}' })).toEqual({ text: '{"a":1}' });
		expect(extractRawAnswer({ content: [{ type: 'text', text: '{"a":' }, { type: 'text', text: '1}' }] })).toEqual({ text: '{"a":1}' });
		expect(extractRawAnswer({ content: '', tool_calls: [{ name: 'classify', args: { a: 1 } }] })).toEqual({ value: { a: 1 } });
		expect(extractRawAnswer('plain')).toEqual({ text: 'plain' });
	});
});

describe('classifyModelError', () => {
	it('finds a 429 and its Retry-After inside an n8n NodeApiError wrapping', () => {
		const original = Object.assign(new Error('429 Rate limit reached'), { status: 429, headers: new Headers({ 'retry-after': '4' }) });
		const wrapped = Object.assign(new Error('The service is receiving too many requests from you'), { httpCode: '429', cause: original });
		expect(classifyModelError(wrapped)).toMatchObject({ kind: 'rate_limited', status: 429, retryable: true, retryAfterMs: 4000 });
	});
	it('reads retry-after-ms and HTTP dates', () => {
		expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
		expect(retryAfterMs({ 'Retry-After': 'Wed, 21 Oct 2015 07:28:10 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
		expect(retryAfterMs({})).toBeUndefined();
	});
	it('retries server and network errors but not client errors', () => {
		expect(classifyModelError(Object.assign(new Error('boom'), { status: 503 })).retryable).toBe(true);
		expect(classifyModelError(Object.assign(new Error('bad'), { status: 400 })).retryable).toBe(false);
		expect(classifyModelError(Object.assign(new Error('Connection error.'), { code: 'ECONNREFUSED' })).retryable).toBe(true);
		expect(classifyModelError(Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' })).kind).toBe('timeout');
	});
});
