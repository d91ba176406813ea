import { TICKET_LIMITS } from '../../../engine/contracts';
import { normaliseTicket } from '../../../engine/intake';
import { contractError, fixture, opts, webhookItem, type Loose } from './helpers';

function without(name: string, mutate: (body: Loose) => void): Record<string, unknown> {
	const body = fixture(name);
	mutate(body);
	return body;
}

describe('normaliseTicket: bad input gives a ContractError naming the field', () => {
	describe('no message text names the vendor field', () => {
		it.each([
			['zendesk-trigger', (b: Loose) => delete b['ticket.description'], 'ticket.description'],
			['zendesk-event', (b: Loose) => (b.detail.description = ''), 'detail.description'],
			['zendesk-ticket', (b: Loose) => (b.ticket.description = null), 'ticket.description'],
			['freshdesk-webhook', (b: Loose) => (b.freshdesk_webhook.ticket_description = '<div><br></div>'), 'freshdesk_webhook.ticket_description'],
			['freshdesk-ticket', (b: Loose) => { delete b.description_text; delete b.description; }, 'description_text'],
			['helpscout-convo-created', (b: Loose) => (b._embedded.threads[0].body = '<p> </p>'), '_embedded.threads'],
			['intercom-conversation-created', (b: Loose) => (b.data.item.source.body = ''), 'data.item.source.body'],
		])('%s -> %s', (name, mutate, field) => {
			const raw = contractError(() => normaliseTicket(without(name, mutate), opts()));
			expect(raw.field).toBe(field);
			expect(raw.layer).toBe('intentRouter');
			expect(raw.writer).toBe('intentRouter');
			expect(raw.message).toContain(field);
			// Inside a Webhook item the path starts at the item's body, where the operator sees it.
			const wrapped = contractError(() => normaliseTicket(webhookItem(without(name, mutate)), opts()));
			expect(wrapped.field).toBe(`body.${field}`);
		});

		it('tells a Zendesk Trigger user which field to add', () => {
			const error = contractError(() => normaliseTicket({ 'ticket.id': '17' }, opts()));
			expect(error.field).toBe('ticket.description');
			expect(error.message).toContain('Options > Fields');
		});
	});

	describe('message longer than the limit states length and limit', () => {
		it('default limit is the contract ceiling', () => {
			const body = { 'ticket.id': '1', 'ticket.description': 'a'.repeat(TICKET_LIMITS.messageLength + 1) };
			const error = contractError(() => normaliseTicket(body, opts()));
			expect(error.field).toBe('ticket.description');
			expect(error.problem).toBe(`is ${TICKET_LIMITS.messageLength + 1} characters long; the limit is ${TICKET_LIMITS.messageLength} characters`);
			expect(normaliseTicket({ ...body, 'ticket.description': 'a'.repeat(TICKET_LIMITS.messageLength) }, opts()).message).toHaveLength(
				TICKET_LIMITS.messageLength,
			);
		});

		it('honours the operator limit, counting the text after HTML removal', () => {
			const body = (description: string) => ({ freshdesk_webhook: { ticket_id: 3, ticket_description: description } });
			const error = contractError(() => normaliseTicket(body('x'.repeat(101)), opts({ maxMessageLength: 100 })));
			expect(error.field).toBe('freshdesk_webhook.ticket_description');
			expect(error.message).toContain('is 101 characters long; the limit is 100 characters');
			const html = `<div style="font-family: Arial, sans-serif">${'y'.repeat(90)}</div>`;
			expect(normaliseTicket(body(html), opts({ maxMessageLength: 100 })).message).toHaveLength(90);
		});

		it('refuses a 1 MB message', () => {
			const huge = `<p>${'refund '.repeat(150_000)}</p>`;
			const error = contractError(() => normaliseTicket({ id: 1, threads: [{ type: 'customer', body: huge }], mailboxId: 2 }, opts()));
			expect(error.field).toBe('threads[0].body');
			// Counted on the text the customer wrote: tags and the trailing space are gone.
			expect(error.problem).toBe(`is ${150_000 * 7 - 1} characters long; the limit is ${TICKET_LIMITS.messageLength} characters`);
		});

		it('refuses a body far beyond the limit before spending time stripping it', () => {
			const error = contractError(() => normaliseTicket({ 'ticket.id': '1', 'ticket.description': '<b>a</b>'.repeat(2000) }, opts({ maxMessageLength: 100 })));
			expect(error.problem).toBe('is 16000 characters long before HTML removal; the limit is 100 characters');
			expect(contractError(() => normaliseTicket({ 'ticket.id': '1', 'ticket.description': '<b>a</b>'.repeat(200) }, opts({ maxMessageLength: 100 }))).problem).toBe(
				'is 200 characters long; the limit is 100 characters',
			);
		});

		it('an operator limit above the ceiling is clamped to it; a nonsense limit is refused', () => {
			const body = { 'ticket.id': '1', 'ticket.description': 'a'.repeat(TICKET_LIMITS.messageLength + 1) };
			expect(contractError(() => normaliseTicket(body, opts({ maxMessageLength: 10_000_000 }))).problem).toContain(
				`the limit is ${TICKET_LIMITS.messageLength} characters`,
			);
			for (const bad of [0, -5, 1.5, Number.NaN]) {
				expect(contractError(() => normaliseTicket(body, opts({ maxMessageLength: bad }))).field).toBe('options.maxMessageLength');
			}
		});

		it('cuts an overlong earlier message instead of refusing the ticket', () => {
			const body = fixture('helpscout-customer-reply') as Loose;
			body._embedded.threads[4].body = 'z'.repeat(500);
			const t = normaliseTicket(body, opts({ maxMessageLength: 300 }));
			expect(t.conversation[0].body).toHaveLength(300);
		});
	});

	describe('non-string where text is needed', () => {
		it.each([
			['zendesk-trigger', (b: Loose) => (b['ticket.description'] = 12345), 'ticket.description', 'must be text, got number 12345'],
			['zendesk-trigger', (b: Loose) => (b['ticket.title'] = { text: 'x' }), 'ticket.title', 'must be text, got an object'],
			['zendesk-event', (b: Loose) => (b.detail.description = ['a']), 'detail.description', 'must be text, got an array'],
			['helpscout-convo-created', (b: Loose) => (b._embedded.threads[0].body = { html: '<p>x</p>' }), '_embedded.threads[0].body', 'must be text, got an object'],
			['freshdesk-webhook', (b: Loose) => (b.freshdesk_webhook.ticket_subject = 404), 'freshdesk_webhook.ticket_subject', 'must be text, got number 404'],
			['freshdesk-webhook', (b: Loose) => (b.freshdesk_webhook.ticket_contact_email = true), 'freshdesk_webhook.ticket_contact_email', 'must be text, got boolean true'],
			['intercom-user-replied', (b: Loose) => (b.data.item.conversation_parts.conversation_parts[2].body = 7), 'data.item.conversation_parts.conversation_parts[2].body', 'must be text, got number 7'],
			['zendesk-ticket', (b: Loose) => (b.ticket.id = { id: 1 }), 'ticket.id', 'must be a string or a number, got an object'],
		])('%s: %s', (name, mutate, field, problem) => {
			const error = contractError(() => normaliseTicket(without(name, mutate), opts()));
			expect(error.field).toBe(field);
			expect(error.problem).toBe(problem);
		});

		it('a missing id is refused', () => {
			const error = contractError(() => normaliseTicket(without('freshdesk-webhook', (b) => delete b.freshdesk_webhook.ticket_id), opts()));
			expect(error.field).toBe('freshdesk_webhook.ticket_id');
			expect(error.problem).toMatch(/^is missing/);
		});
	});

	describe('payloads that are not a ticket', () => {
		it.each([
			['a string', 'hello'],
			['null', null],
			['a number', 42],
			['an array', [{ 'ticket.id': '1' }]],
			['undefined', undefined],
		])('%s is refused as "payload"', (_label, payload) => {
			const error = contractError(() => normaliseTicket(payload, opts()));
			expect(error.field).toBe('payload');
			expect(error.problem).toMatch(/^is not an object/);
		});

		it('a Webhook item whose body is not JSON is refused as "body"', () => {
			const error = contractError(() => normaliseTicket(webhookItem('name=Ann&msg=refund'), opts()));
			expect(error.field).toBe('body');
			expect(error.message).toContain('Content-Type: application/json');
		});

		it('an unknown shape under auto says which shapes are recognised', () => {
			const error = contractError(() => normaliseTicket({ text: 'refund please', from: 'ann@example.com' }, opts()));
			expect(error.field).toBe('payload');
			for (const name of ['Zendesk Trigger', 'Zendesk ticket event', 'Help Scout', 'Freshdesk webhook', 'Intercom notification']) {
				expect(error.problem).toContain(name);
			}
			expect(error.message).toContain('Custom');
			expect(contractError(() => normaliseTicket(webhookItem({ text: 'x' }), opts())).field).toBe('body');
		});
	});

	describe('the output is validated against the contract', () => {
		it('an id longer than the contract allows fails at support.ticket.id', () => {
			const error = contractError(() => normaliseTicket({ 'ticket.id': 'x'.repeat(300), 'ticket.description': 'help' }, opts()));
			expect(error.field).toBe('support.ticket.id');
			expect(error.layer).toBe('intentRouter');
		});

		it('an overlong subject is shortened, not fatal', () => {
			const t = normaliseTicket({ 'ticket.id': '1', 'ticket.title': 's'.repeat(5000), 'ticket.description': 'help' }, opts());
			expect(t.subject).toHaveLength(TICKET_LIMITS.subjectLength);
		});
	});
});
