import { TICKET_LIMITS, TicketSection, contractErrorFromZod, type Ticket, type TicketSource } from '../contracts';
import { readCustom } from './adapters/custom';
import { readFreshdeskTicket, readFreshdeskWebhook } from './adapters/freshdesk';
import { readHelpScout } from './adapters/helpscout';
import { readIntercom } from './adapters/intercom';
import { readZendeskEvent, readZendeskTicket, readZendeskTrigger } from './adapters/zendesk';
import { RECOGNISED_SHAPES, SHAPE_SOURCE, detectShape, shapeForSource } from './detect';
import { describe, intakeError, isRecord, type Json } from './fields';
import { extractOrderRefs, mergeOrderRefs } from './orderRefs';
import type { IntakeContext, NormaliseOptions, PayloadShape, TicketDraft } from './types';
import { unwrapPayload } from './unwrap';

const SOURCE_NAMES: Record<TicketSource, string> = {
	zendesk: 'Zendesk',
	helpscout: 'Help Scout',
	freshdesk: 'Freshdesk',
	intercom: 'Intercom',
	custom: 'custom',
};

function maxMessageLength(opts: NormaliseOptions): number {
	const value = opts.maxMessageLength;
	if (value === undefined) return TICKET_LIMITS.messageLength;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
		throw intakeError('options.maxMessageLength', `must be a whole number of at least 1, got ${describe(value)}`);
	}
	// The contract's ceiling wins: a larger operator setting would only move the failure downstream.
	return Math.min(value, TICKET_LIMITS.messageLength);
}

function readShape(shape: PayloadShape, body: Json, ctx: IntakeContext): TicketDraft {
	switch (shape) {
		case 'zendesk-trigger':
			return readZendeskTrigger(body, ctx);
		case 'zendesk-event':
			return readZendeskEvent(body, ctx);
		case 'zendesk-ticket':
			return isRecord(body.ticket) ? readZendeskTicket(body.ticket, ctx, 'ticket') : readZendeskTicket(body, ctx, '');
		case 'helpscout-conversation':
			return readHelpScout(body, ctx);
		case 'freshdesk-webhook':
			return readFreshdeskWebhook(body, ctx);
		case 'freshdesk-ticket':
			return readFreshdeskTicket(body, ctx);
		case 'intercom-notification':
			return readIntercom((body.data as Json).item as Json, ctx, 'data.item', body);
		case 'intercom-conversation':
			return readIntercom(body, ctx, '');
	}
}

function draftToTicket(draft: TicketDraft, source: TicketSource, now: () => Date): Ticket {
	const subject = draft.subject ?? '';
	const conversation =
		draft.conversation.length > TICKET_LIMITS.conversationEntries
			? draft.conversation.slice(-TICKET_LIMITS.conversationEntries) // the most recent context matters most
			: draft.conversation;
	return {
		id: draft.id,
		source,
		channel: draft.channel ?? 'unknown',
		// An overlong subject is not worth failing a ticket over: the message is what we classify.
		subject: subject.length > TICKET_LIMITS.subjectLength ? `${subject.slice(0, TICKET_LIMITS.subjectLength - 1)}\u2026` : subject,
		message: draft.message,
		customer: Object.fromEntries(Object.entries(draft.customer).filter(([, v]) => v !== undefined)),
		orderRefs: mergeOrderRefs(draft.explicitOrderRefs, extractOrderRefs(`${subject}\n${draft.message}`)),
		...(draft.locale ? { locale: draft.locale } : {}),
		receivedAt: draft.receivedAt ?? now().toISOString(),
		conversation,
		tags: draft.tags,
		sourceRefs: draft.sourceRefs,
	};
}

/**
 * The `ticket` section from a helpdesk payload: a vendor body or an n8n Webhook item carrying one.
 * Throws a ContractError (layer and writer: the Intent Router) naming the payload field at fault.
 */
export function normaliseTicket(payload: unknown, opts: NormaliseOptions): Ticket {
	const ctx: IntakeContext = { prefix: '', maxMessageLength: maxMessageLength(opts) };
	const now = opts.now ?? (() => new Date());
	let draft: TicketDraft;
	let source: TicketSource;

	if (opts.source === 'custom') {
		draft = readCustom(opts.custom, ctx);
		source = 'custom';
	} else {
		if (!isRecord(payload)) {
			throw intakeError('payload', `is not an object (got ${describe(payload)}): expected the JSON of a helpdesk event`);
		}
		const { body, headers, wrapped } = unwrapPayload(payload);
		ctx.prefix = wrapped ? 'body.' : '';
		if (!isRecord(body)) {
			throw intakeError(
				wrapped ? 'body' : 'payload',
				`is not an object (got ${describe(body)}): expected the JSON of a helpdesk event`,
				wrapped ? 'Check that the helpdesk sends JSON with Content-Type: application/json.' : undefined,
			);
		}
		const shape = opts.source === 'auto' ? detectShape(body, headers) : shapeForSource(body, opts.source);
		if (!shape) {
			const field = wrapped ? 'body' : 'payload';
			if (opts.source === 'auto') {
				throw intakeError(
					field,
					`is not a helpdesk payload this node recognises; recognised shapes are ${RECOGNISED_SHAPES}`,
					'Set "Ticket Source" to "Custom" and map the fields yourself for any other helpdesk.',
				);
			}
			throw intakeError(
				field,
				`is not a ${SOURCE_NAMES[opts.source]} payload this node recognises; recognised shapes are ${RECOGNISED_SHAPES}`,
				'Check "Ticket Source" in the Support Intent Router, or set it to "Auto-detect".',
			);
		}
		draft = readShape(shape, body, ctx);
		source = SHAPE_SOURCE[shape];
	}

	const ticket = draftToTicket(draft, source, now);
	// Our own output must satisfy the contract; if an adapter ever lets something through, fail here.
	const parsed = TicketSection.safeParse(ticket);
	if (!parsed.success) {
		throw contractErrorFromZod(parsed.error, ticket, { base: 'support.ticket', layer: 'intentRouter', writer: 'intentRouter' });
	}
	return parsed.data;
}
