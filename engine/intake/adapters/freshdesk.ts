import type { ConversationEntry } from '../../contracts';
import {
	asRecord,
	at,
	channelName,
	entry,
	isRecord,
	messageText,
	optId,
	optText,
	readTags,
	refs,
	reqId,
	requireMessage,
	toIsoTime,
	type Json,
} from '../fields';
import { orderRefsFromFields } from '../orderRefs';
import type { IntakeContext, TicketDraft } from '../types';

/**
 * Freshdesk automation rules ("Trigger webhook" action) send a body the operator writes with
 * placeholders. We support the body of Freshdesk's classic webhook, which wraps the fields in
 * `freshdesk_webhook` with `ticket_` names. Recommended body (Content: JSON, Advanced):
 *
 * {"freshdesk_webhook": {
 *   "ticket_id": "{{ticket.id}}",
 *   "ticket_subject": "{{ticket.subject}}",
 *   "ticket_description": "{{ticket.description}}",
 *   "ticket_latest_public_comment": "{{ticket.latest_public_comment}}",
 *   "ticket_contact_name": "{{ticket.contact.name}}",
 *   "ticket_contact_email": "{{ticket.contact.email}}",
 *   "ticket_source": "{{ticket.source}}",
 *   "ticket_tags": "{{ticket.tags}}",
 *   "ticket_url": "{{ticket.url}}",
 *   "ticket_portal_url": "{{ticket.portal_url}}",
 *   "triggered_event": "{{triggered_event}}"
 * }}
 *
 * Older and hand-written bodies use `ticket_requester_*` or `requester_*` for the contact: read too.
 * Custom ticket fields sent as `ticket_cf_order_number` (any `..._order_number`/`..._order_id`)
 * become explicit order references. A Freshdesk Ticket API object (`GET /api/v2/tickets/{id}`,
 * optionally with `include=requester,conversations`) is read as well.
 */

const FRESHDESK_SOURCES: Record<number, string> = {
	1: 'email',
	2: 'portal',
	3: 'phone',
	4: 'forum',
	5: 'twitter',
	6: 'facebook',
	7: 'chat',
	8: 'mobihelp',
	9: 'feedback_widget',
	10: 'outbound_email',
	11: 'ecommerce',
	12: 'bot',
	13: 'whatsapp',
};

const WEBHOOK_HINT =
	'Send {{ticket.description}} as "ticket_description" in the Freshdesk rule\'s webhook body (see the Support Intent Router docs for the full recommended body).';

export function readFreshdeskWebhook(body: Json, ctx: IntakeContext): TicketDraft {
	const fw = asRecord(body.freshdesk_webhook) ?? {};
	const f = (key: string) => at(ctx, `freshdesk_webhook.${key}`);
	const id = reqId(fw.ticket_id, f('ticket_id'));
	const latest = messageText(fw.ticket_latest_public_comment, f('ticket_latest_public_comment'), ctx);
	const description = requireMessageOrUndefined(fw.ticket_description, f('ticket_description'), ctx, latest);
	const message = latest ?? description!;
	const conversation: ConversationEntry[] = [];
	if (latest && description && description !== latest) {
		conversation.push({ author: 'customer', body: description, public: true });
	}
	return {
		id,
		channel: channelName(fw.ticket_source),
		subject: optText(fw.ticket_subject, f('ticket_subject')),
		message,
		customer: {
			id: optId(fw.ticket_contact_id ?? fw.ticket_requester_id ?? fw.requester_id, f('ticket_contact_id')),
			email: optText(fw.ticket_contact_email ?? fw.ticket_requester_email ?? fw.requester_email, f('ticket_contact_email')),
			name: optText(fw.ticket_contact_name ?? fw.ticket_requester_name ?? fw.requester_name, f('ticket_contact_name')),
		},
		explicitOrderRefs: orderRefsFromFields(fw),
		locale: optText(fw.ticket_contact_language ?? fw.ticket_requester_language, f('ticket_contact_language')),
		receivedAt: toIsoTime(fw.ticket_created_at),
		conversation,
		tags: readTags(fw.ticket_tags, /\s*,\s*/),
		sourceRefs: refs({
			ticketId: id,
			ticketUrl: fw.ticket_url,
			portalUrl: fw.ticket_portal_url,
			triggeredEvent: fw.triggered_event,
		}),
	};
}

/** The description is required only when there is no latest comment to use instead. */
function requireMessageOrUndefined(
	value: unknown,
	field: string,
	ctx: IntakeContext,
	fallback: string | undefined,
): string | undefined {
	if (fallback !== undefined) return messageText(value, field, ctx);
	return requireMessage([{ field, value }], ctx, WEBHOOK_HINT).text;
}

/** Ticket API object; `description` is HTML, `description_text` its plain form. */
export function readFreshdeskTicket(ticket: Json, ctx: IntakeContext): TicketDraft {
	const f = (key: string) => at(ctx, key);
	const id = reqId(ticket.id, f('id'));
	const first = requireMessage(
		[
			{ field: f('description_text'), value: ticket.description_text },
			{ field: f('description'), value: ticket.description },
		],
		ctx,
	);
	const entries: ConversationEntry[] = [{ author: 'customer', body: first.text, public: true }];
	const created = toIsoTime(ticket.created_at);
	if (created) entries[0].at = created;
	let messageIndex = 0;
	const conversations = Array.isArray(ticket.conversations) ? ticket.conversations : [];
	conversations.forEach((raw, index) => {
		if (!isRecord(raw)) return;
		const customer = raw.incoming === true && raw.private !== true;
		const read = entry(customer ? 'customer' : 'agent', raw.body_text ?? raw.body, f(`conversations[${index}].body_text`), ctx, {
			at: raw.created_at,
			public: raw.private !== true,
		});
		if (!read) return;
		if (customer) {
			// The latest incoming reply is the message; re-read it under the message limit.
			const text = messageText(raw.body_text ?? raw.body, f(`conversations[${index}].body_text`), ctx);
			if (text) read.body = text;
			messageIndex = entries.length;
		}
		entries.push(read);
	});
	const message = entries[messageIndex];
	const requester = asRecord(ticket.requester);
	const sourceCode = typeof ticket.source === 'number' ? FRESHDESK_SOURCES[ticket.source] : undefined;
	return {
		id,
		channel: sourceCode ?? channelName(ticket.source),
		subject: optText(ticket.subject, f('subject')),
		message: message.body,
		customer: {
			id: optId(ticket.requester_id ?? requester?.id, f('requester_id')),
			email: optText(requester?.email ?? ticket.email, f('requester.email')),
			name: optText(requester?.name ?? ticket.name, f('requester.name')),
		},
		explicitOrderRefs: orderRefsFromFields(asRecord(ticket.custom_fields)),
		receivedAt: message.at ?? created,
		conversation: entries.filter((_, i) => i !== messageIndex),
		tags: readTags(ticket.tags, /\s*,\s*/),
		sourceRefs: refs({ ticketId: id, requesterId: ticket.requester_id, companyId: ticket.company_id, groupId: ticket.group_id }),
	};
}
