import { detectShape, detectSource, normaliseTicket } from '../../../engine/intake';
import { contractError, fixture, opts, webhookItem } from './helpers';

describe('detectSource / detectShape', () => {
	it.each([
		['zendesk-trigger', 'zendesk', 'zendesk-trigger'],
		['zendesk-event', 'zendesk', 'zendesk-event'],
		['zendesk-ticket', 'zendesk', 'zendesk-ticket'],
		['helpscout-convo-created', 'helpscout', 'helpscout-conversation'],
		['helpscout-customer-reply', 'helpscout', 'helpscout-conversation'],
		['freshdesk-webhook', 'freshdesk', 'freshdesk-webhook'],
		['freshdesk-ticket', 'freshdesk', 'freshdesk-ticket'],
		['intercom-conversation-created', 'intercom', 'intercom-notification'],
		['intercom-user-replied', 'intercom', 'intercom-notification'],
	])('%s is %s (%s), raw and inside a Webhook item', (name, source, shape) => {
		expect(detectSource(fixture(name))).toBe(source);
		expect(detectSource(webhookItem(fixture(name)))).toBe(source);
		expect(detectShape(fixture(name))).toBe(shape);
	});

	it('recognises a bare Intercom conversation object', () => {
		const item = (fixture('intercom-user-replied').data as { item: Record<string, unknown> }).item;
		expect(detectShape(item)).toBe('intercom-conversation');
		expect(normaliseTicket(item, opts()).id).toBe('184736920342');
	});

	it('uses the X-HelpScout-Event header of a Webhook item', () => {
		const body = { id: 5, subject: 'x', threads: [{ type: 'customer', body: 'Where is my order #5512?' }] };
		expect(detectSource(webhookItem(body))).toBeUndefined();
		expect(detectSource(webhookItem(body, { 'X-HelpScout-Event': 'convo.created' }))).toBe('helpscout');
	});

	it('returns undefined for anything unknown or not an object', () => {
		expect(detectSource({ hello: 'world' })).toBeUndefined();
		expect(detectSource('ticket')).toBeUndefined();
		expect(detectSource(null)).toBeUndefined();
		expect(detectSource([fixture('zendesk-event')])).toBeUndefined();
		expect(detectSource(webhookItem({ foo: 1 }))).toBeUndefined();
	});

	it('an explicit source accepts a bare ticket object that auto-detection would not', () => {
		const bare = { id: 91, subject: 'Refund', description: 'Please refund order 5531.' };
		expect(detectSource(bare)).toBeUndefined();
		expect(normaliseTicket(bare, opts({ source: 'zendesk' }))).toMatchObject({ id: '91', source: 'zendesk', orderRefs: ['5531'] });
		expect(normaliseTicket(bare, opts({ source: 'freshdesk' }))).toMatchObject({ id: '91', source: 'freshdesk' });
	});

	it('an explicit source refuses another helpdesk\'s payload, naming the recognised shapes', () => {
		const error = contractError(() => normaliseTicket(fixture('intercom-conversation-created'), opts({ source: 'zendesk' })));
		expect(error.field).toBe('payload');
		expect(error.layer).toBe('intentRouter');
		expect(error.message).toContain('is not a Zendesk payload this node recognises');
		expect(error.message).toContain('Ticket Source');
	});
});
