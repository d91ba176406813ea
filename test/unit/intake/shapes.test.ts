import { TicketSection } from '../../../engine/contracts';
import { normaliseTicket } from '../../../engine/intake';
import { FIXTURES, NOW, fixture, opts, webhookItem } from './helpers';

describe('normaliseTicket: each helpdesk shape', () => {
	it('maps the n8n Zendesk Trigger item (flat placeholder keys)', () => {
		const t = normaliseTicket(fixture('zendesk-trigger'), opts());
		expect(t).toMatchObject({
			id: '48213',
			source: 'zendesk',
			channel: 'mail',
			subject: 'Refund for damaged blender - order #10457',
			customer: { name: 'Maria Schneider', email: 'maria.schneider@example.com' },
			orderRefs: ['10457'],
			locale: 'en',
			tags: ['damaged_item', 'web_order'],
			sourceRefs: { ticketId: '48213', ticketUrl: 'acmehome.zendesk.com/agent/tickets/48213', brand: 'Acme Home' },
			conversation: [],
		});
		// The "----- / Author, date" header of {{ticket.description}} is not the customer's words.
		expect(t.message.startsWith('Hello,\n\nmy order #10457 arrived yesterday')).toBe(true);
		expect(t.message).not.toContain('-----');
		expect(t.message).not.toContain('Nov 24, 2026');
		// No timestamp among the trigger's fields: the injected clock is used.
		expect(t.receivedAt).toBe(NOW.toISOString());
	});

	it('uses ticket.latest_comment as the message and keeps the description as history', () => {
		const t = normaliseTicket(
			{
				'ticket.id': '7',
				'ticket.description': 'My blender arrived broken.',
				'ticket.latest_comment': '----------------------------------------------\n\nMaria, Nov 25, 2026, 09:00\n\nAny news on my refund?',
				'ticket.created_at_with_timestamp': '2026-11-24T17:05Z',
			},
			opts(),
		);
		expect(t.message).toBe('Any news on my refund?');
		expect(t.conversation).toEqual([{ author: 'customer', body: 'My blender arrived broken.', public: true }]);
		expect(t.receivedAt).toBe('2026-11-24T17:05:00.000Z');
	});

	it('maps the Zendesk ticket.created event webhook', () => {
		const t = normaliseTicket(fixture('zendesk-event'), opts());
		expect(t).toMatchObject({
			id: '48190',
			source: 'zendesk',
			channel: 'web_form',
			subject: 'Where is my package?',
			customer: { id: '1903882716533' },
			orderRefs: ['ORD-77120'],
			receivedAt: '2026-11-24T09:14:51.000Z',
			tags: ['web_widget', 'shipping'],
			sourceRefs: {
				ticketId: '48190',
				eventType: 'zen:event-type:ticket.created',
				accountId: '22871344',
				requesterId: '1903882716533',
			},
		});
		expect(t.message).toMatch(/^Hi, I placed order ORD-77120 eight days ago/);
	});

	it('reads a Zendesk comment_added event: the comment is the message, the description history', () => {
		const event = fixture('zendesk-event');
		event.type = 'zen:event-type:ticket.comment_added';
		event.event = { comment: { id: '991', body: 'Still nothing. Please refund order ORD-77120 instead.', is_public: true, author: { id: '1903882716533', is_staff: false } } };
		const t = normaliseTicket(event, opts());
		expect(t.message).toBe('Still nothing. Please refund order ORD-77120 instead.');
		expect(t.conversation).toHaveLength(1);
		expect(t.conversation[0].body).toMatch(/^Hi, I placed order ORD-77120/);
		expect(t.receivedAt).toBe('2026-11-24T09:14:52.000Z');
		expect(t.sourceRefs.commentId).toBe('991');
	});

	it('maps a Zendesk Ticket API object, converting numeric ids to strings', () => {
		const t = normaliseTicket(fixture('zendesk-ticket'), opts());
		expect(t).toMatchObject({
			id: '48244',
			source: 'zendesk',
			channel: 'email',
			subject: 'Charged twice for order 10512',
			customer: { id: '1903882719021' },
			orderRefs: ['10512'],
			receivedAt: '2026-11-24T14:03:27.000Z',
			tags: ['billing'],
		});
		expect(t.message).toMatch(/two charges of \$89\.90/);
	});

	it('maps Help Scout convo.created: HTML stripped, entities decoded, ids kept for write-back', () => {
		const t = normaliseTicket(fixture('helpscout-convo-created'), opts());
		expect(t).toMatchObject({
			id: '2391938111',
			source: 'helpscout',
			channel: 'email',
			subject: "Can't log in after password reset",
			customer: { id: '412993821', email: 'priya.raman@example.com', name: 'Priya Raman' },
			receivedAt: '2026-11-24T08:41:07.000Z',
			tags: ['login'],
			conversation: [],
			sourceRefs: { conversationId: '2391938111', mailboxId: '85044', conversationNumber: '30871', threadId: '6633001201' },
		});
		expect(t.message).toBe(
			"Hi,\n\nI reset my password this morning but the login page keeps saying my credentials are invalid. I also never receive the two-factor code by SMS. I'm locked out of my account & can't see my subscriptions.\n\nPriya",
		);
	});

	it('maps Help Scout convo.customer.reply.created: latest customer thread is the message, the rest history in time order', () => {
		const t = normaliseTicket(fixture('helpscout-customer-reply'), opts());
		expect(t.message).toMatch(/^It's been another three days and still nothing/);
		expect(t.receivedAt).toBe('2026-11-24T11:20:15.000Z');
		expect(t.orderRefs).toEqual(['10388']);
		expect(t.sourceRefs.threadId).toBe('6633009904');
		// The line item (an assignment) is not a message; the note is kept but never public.
		expect(t.conversation.map((e) => [e.author, e.public, e.at])).toEqual([
			['customer', true, '2026-11-18T10:02:44.000Z'],
			['agent', true, '2026-11-19T09:28:40.000Z'],
			['agent', false, '2026-11-19T09:31:02.000Z'],
		]);
		expect(t.conversation[2].body).toBe('Carrier ticket opened, ref DHL-55120. Do not promise a date yet.');
	});

	it('reads the Help Scout 1.0 webhook form (mailbox object, customer with firstName, threads array)', () => {
		const t = normaliseTicket(
			{
				id: 501,
				subject: 'Refund',
				mailbox: { id: 9, name: 'Support' },
				customer: { id: 77, firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' },
				createdAt: '2026-11-20T10:00:00Z',
				threads: [
					{ id: 2, type: 'message', body: 'We are on it.', createdBy: { type: 'user' } },
					{ id: 1, type: 'customer', body: 'I want my money back for order 4410.', createdBy: { type: 'customer' } },
				],
			},
			opts({ source: 'helpscout' }),
		);
		expect(t.message).toBe('I want my money back for order 4410.');
		expect(t.customer).toEqual({ id: '77', email: 'ann@example.com', name: 'Ann Lee' });
		expect(t.sourceRefs.mailboxId).toBe('9');
		// Without thread times the vendor's newest-first order is reversed, so the agent reply comes after.
		expect(t.conversation).toEqual([{ author: 'agent', body: 'We are on it.', public: true }]);
		expect(t.receivedAt).toBe('2026-11-20T10:00:00.000Z');
	});

	it('maps the Freshdesk webhook body (freshdesk_webhook.ticket_*)', () => {
		const t = normaliseTicket(fixture('freshdesk-webhook'), opts());
		expect(t).toMatchObject({
			id: '10931',
			source: 'freshdesk',
			channel: 'portal',
			subject: 'App crashes when I upload a photo',
			customer: { email: 'jonas.weber@example.com', name: 'Jonas Weber' },
			tags: ['mobile-app', 'ios'],
			orderRefs: [],
			sourceRefs: { ticketId: '10931', ticketUrl: 'https://acmehome.freshdesk.com/helpdesk/tickets/10931' },
		});
		expect(t.message).toContain('I\u2019m on an iPhone 13');
		expect(t.message).toContain('"Something went wrong (code 502)"');
		expect(t.message).toMatch(/Can you help\?\nJonas$/);
	});

	it('uses the Freshdesk latest public comment as the message when the rule fires on a reply', () => {
		const body = fixture('freshdesk-webhook');
		const fw = body.freshdesk_webhook as Record<string, unknown>;
		fw.ticket_latest_public_comment = '<p>Update: it also crashes on my iPad.</p>';
		fw.ticket_cf_order_number = 'A-5521';
		const t = normaliseTicket(body, opts());
		expect(t.message).toBe('Update: it also crashes on my iPad.');
		expect(t.conversation).toHaveLength(1);
		expect(t.conversation[0]).toMatchObject({ author: 'customer', public: true });
		expect(t.orderRefs).toEqual(['A-5521']);
	});

	it('maps a Freshdesk Ticket API object with its custom order field and source code', () => {
		const t = normaliseTicket(fixture('freshdesk-ticket'), opts());
		expect(t).toMatchObject({
			id: '10944',
			source: 'freshdesk',
			channel: 'email',
			message: 'I returned the coffee grinder from order 10630 two weeks ago and still have no refund.',
			customer: { id: '77000412365', email: 'lena.fischer@example.com', name: 'Lena Fischer' },
			orderRefs: ['10630'],
			receivedAt: '2026-11-24T12:10:00.000Z',
		});
	});

	it('maps Intercom conversation.user.created', () => {
		const t = normaliseTicket(fixture('intercom-conversation-created'), opts());
		expect(t).toMatchObject({
			id: '184736920011',
			source: 'intercom',
			channel: 'chat',
			customer: { id: '6512f0c4a1b2c3d4e5f60718', email: 'ana.costa@example.com', name: 'Ana Costa' },
			receivedAt: '2026-11-24T10:15:12.000Z',
			conversation: [],
			sourceRefs: { conversationId: '184736920011', appId: 'x7k2p9qa', topic: 'conversation.user.created', contactId: '6512f0c4a1b2c3d4e5f60718' },
		});
		expect(t.message).toMatch(/can't sign in to my account/);
		expect(t.message).toContain('update it to ana.costa.new@example.com?');
	});

	it('maps Intercom conversation.user.replied: latest user part is the message, notes private', () => {
		const t = normaliseTicket(fixture('intercom-user-replied'), opts());
		expect(t.message).toBe(
			"The carrier picked up the desk on Monday. When will I get my money back? I paid $649 and I'd like the refund on my original card.",
		);
		expect(t.receivedAt).toBe('2026-11-24T10:44:04.000Z');
		expect(t.orderRefs).toEqual(['10471']);
		expect(t.tags).toEqual(['returns']);
		expect(t.sourceRefs.partId).toBe('30112233007');
		expect(t.conversation.map((e) => [e.author, e.public])).toEqual([
			['customer', true],
			['agent', true],
			['agent', false],
		]);
		expect(t.conversation[0].at).toBe('2026-11-23T10:30:00.000Z');
	});

	it.each(FIXTURES)('%s: raw body and n8n Webhook item give the same ticket, valid against the contract', (name) => {
		const raw = normaliseTicket(fixture(name), opts());
		const wrapped = normaliseTicket(webhookItem(fixture(name)), opts());
		expect(wrapped).toEqual(raw);
		expect(TicketSection.safeParse(raw).success).toBe(true);
		expect(raw.message).toBe(raw.message.trim());
		expect(raw.message).not.toMatch(/<[a-z/][^>]*>/i);
	});

	it('parses a Webhook item whose body arrived as JSON text', () => {
		const t = normaliseTicket(webhookItem(JSON.stringify(fixture('freshdesk-webhook'))), opts());
		expect(t.id).toBe('10931');
	});
});
