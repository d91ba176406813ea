import type { TicketSource } from '../contracts';
import { asRecord, isRecord, type Json } from './fields';
import type { PayloadShape } from './types';
import { unwrapPayload } from './unwrap';

export const SHAPE_SOURCE: Record<PayloadShape, TicketSource> = {
	'zendesk-trigger': 'zendesk',
	'zendesk-event': 'zendesk',
	'zendesk-ticket': 'zendesk',
	'helpscout-conversation': 'helpscout',
	'freshdesk-webhook': 'freshdesk',
	'freshdesk-ticket': 'freshdesk',
	'intercom-notification': 'intercom',
	'intercom-conversation': 'intercom',
};

/** Said in the error when nothing matches, so the operator knows what would have. */
export const RECOGNISED_SHAPES =
	'a Zendesk Trigger item ("ticket.id", "ticket.description", ...), a Zendesk ticket event ("type": "zen:event-type:ticket.*"), ' +
	'a Zendesk ticket ({"ticket": {...}}), a Help Scout conversation webhook (with "_embedded.threads" or "threads"), ' +
	'a Freshdesk webhook ({"freshdesk_webhook": {...}}), a Freshdesk ticket ("description_text"), ' +
	'an Intercom notification ("type": "notification_event") or an Intercom conversation ("type": "conversation")';

function hasFlatTicketKeys(body: Json): boolean {
	return Object.keys(body).some((key) => key.startsWith('ticket.'));
}

/**
 * Which shape a vendor body has. Checks go from the most specific marker to the least, so a body
 * that happens to carry a generic key (`ticket`, `id`) is not mistaken for another vendor's.
 */
export function detectShape(body: unknown, headers: Record<string, string> = {}): PayloadShape | undefined {
	if (!isRecord(body)) return undefined;
	if (isRecord(body.freshdesk_webhook)) return 'freshdesk-webhook';
	if (typeof body.type === 'string' && body.type.startsWith('zen:event-type:ticket.')) return 'zendesk-event';
	if (body.type === 'notification_event' && isRecord(asRecord(body.data)?.item)) return 'intercom-notification';
	if (hasFlatTicketKeys(body)) return 'zendesk-trigger';
	const embedded = asRecord(body._embedded);
	if (
		Array.isArray(embedded?.threads) ||
		(Array.isArray(body.threads) && ('mailboxId' in body || isRecord(body.mailbox))) ||
		(headers['x-helpscout-event'] !== undefined && 'id' in body)
	) {
		return 'helpscout-conversation';
	}
	if (body.type === 'conversation' && (isRecord(body.source) || isRecord(body.conversation_parts) || isRecord(body.conversation_message))) {
		return 'intercom-conversation';
	}
	if (isRecord(body.ticket) && 'id' in body.ticket) return 'zendesk-ticket';
	if ('description_text' in body || (typeof body.status === 'number' && typeof body.source === 'number' && 'requester_id' in body)) {
		return 'freshdesk-ticket';
	}
	return undefined;
}

/**
 * Looser reading used only when the operator has said which helpdesk it is: a bare ticket object
 * is then unambiguous.
 */
export function shapeForSource(body: unknown, source: TicketSource): PayloadShape | undefined {
	if (!isRecord(body)) return undefined;
	const detected = detectShape(body);
	if (detected && SHAPE_SOURCE[detected] === source) return detected;
	switch (source) {
		case 'zendesk':
			return 'id' in body && 'description' in body ? 'zendesk-ticket' : undefined;
		case 'freshdesk':
			return 'id' in body && 'description' in body ? 'freshdesk-ticket' : undefined;
		case 'intercom':
			return 'id' in body && (isRecord(body.source) || isRecord(body.conversation_parts)) ? 'intercom-conversation' : undefined;
		case 'helpscout':
			return 'id' in body && (Array.isArray(body.threads) || isRecord(body._embedded)) ? 'helpscout-conversation' : undefined;
		default:
			return undefined;
	}
}

/** The helpdesk a payload (vendor body or n8n Webhook item) comes from, or undefined if unknown. */
export function detectSource(payload: unknown): TicketSource | undefined {
	if (!isRecord(payload)) return undefined;
	const { body, headers } = unwrapPayload(payload);
	const shape = detectShape(body, headers);
	return shape ? SHAPE_SOURCE[shape] : undefined;
}
