import type { ConversationEntry } from '../../contracts';
import {
	asRecord,
	at,
	channelName,
	entry,
	fullName,
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
 * Zendesk sends three shapes we read:
 * 1. n8n's Zendesk Trigger: the node registers a Zendesk trigger whose webhook body is a flat JSON
 *    object with one key per chosen field, the key being the placeholder name (`"ticket.id":
 *    "{{ticket.id}}"`), so every value arrives as text. Only `ticket.id` is sent unless the
 *    operator adds fields, so the message needs "Description" in the node's Fields option.
 * 2. Zendesk event webhooks (`type: "zen:event-type:ticket.created"`, `detail`, `event`).
 * 3. A Ticket API object (`{ ticket: { id, subject, description, requester_id, ... } }`), e.g.
 *    from a Zendesk node "Get ticket" step or a hand-built webhook.
 */

const TRIGGER_HINT =
	'In the Zendesk Trigger node, add "Description" (and "Title", "Requester Email") under Options > Fields.';

/**
 * `{{ticket.description}}` and comment placeholders can render with a separator line and an
 * "Author, date" line before the text; that header is not the customer's words.
 */
export function stripZendeskCommentHeader(text: string): string {
	const match = /^\s*-{10,}\s*\n+([^\n]*)\n+/.exec(text);
	if (match && match[1].includes(',') && /\d/.test(match[1])) return text.slice(match[0].length).trim();
	return text;
}

/** `{{ticket.requester.language}}` renders a language name; later layers want a locale code. */
const LANGUAGE_CODES: Record<string, string> = {
	english: 'en',
	german: 'de',
	deutsch: 'de',
	french: 'fr',
	'fran\u00e7ais': 'fr',
	spanish: 'es',
	'espa\u00f1ol': 'es',
	italian: 'it',
	italiano: 'it',
	dutch: 'nl',
	nederlands: 'nl',
	portuguese: 'pt',
	'portugu\u00eas': 'pt',
	swedish: 'sv',
	danish: 'da',
	norwegian: 'no',
	finnish: 'fi',
	polish: 'pl',
	japanese: 'ja',
	chinese: 'zh',
	korean: 'ko',
};

export function zendeskLocale(value: string | undefined): string | undefined {
	if (value === undefined || /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return value;
	const name = value.toLowerCase().replace(/\s*\(.*\)\s*$/, '').trim();
	return LANGUAGE_CODES[name] ?? value;
}

export function readZendeskTrigger(body: Json, ctx: IntakeContext): TicketDraft {
	const f = (key: string) => at(ctx, key);
	const id = reqId(body['ticket.id'], f('ticket.id'));
	const latest = messageText(body['ticket.latest_comment'], f('ticket.latest_comment'), ctx);
	const found = latest
		? { text: latest, field: f('ticket.latest_comment') }
		: requireMessage([{ field: f('ticket.description'), value: body['ticket.description'] }], ctx, TRIGGER_HINT);
	return zendeskTriggerDraft(body, ctx, id, found);
}

function zendeskTriggerDraft(
	body: Json,
	ctx: IntakeContext,
	id: string,
	found: { text: string; field: string },
): TicketDraft {
	const f = (key: string) => at(ctx, key);
	const message = stripZendeskCommentHeader(found.text);
	const conversation: ConversationEntry[] = [];
	if (found.field === f('ticket.latest_comment')) {
		const first = entry('customer', body['ticket.description'], f('ticket.description'), ctx);
		if (first && stripZendeskCommentHeader(first.body) !== message) {
			conversation.push({ ...first, body: stripZendeskCommentHeader(first.body) });
		}
	}
	return {
		id,
		channel: channelName(body['ticket.via']),
		subject: optText(body['ticket.title'], f('ticket.title')),
		message,
		customer: {
			id: optId(body['ticket.requester.id'] ?? body['ticket.requester.external_id'], f('ticket.requester.id')),
			email: optText(body['ticket.requester.email'], f('ticket.requester.email')),
			name:
				optText(body['ticket.requester.name'], f('ticket.requester.name')) ??
				fullName(body['ticket.requester.first_name'], body['ticket.requester.last_name']),
		},
		explicitOrderRefs: orderRefsFromFields(body),
		locale: zendeskLocale(optText(body['ticket.requester.language'], f('ticket.requester.language'))),
		receivedAt: toIsoTime(body['ticket.created_at_with_timestamp']),
		conversation,
		tags: readTags(body['ticket.tags'], /[\s,]+/),
		sourceRefs: refs({
			ticketId: id,
			ticketUrl: body['ticket.url'],
			externalId: body['ticket.external_id'],
			brand: body['ticket.brand.name'],
			group: body['ticket.group.name'],
		}),
	};
}

/** Event webhooks: ticket.created carries the description; comment_added carries the new comment. */
export function readZendeskEvent(body: Json, ctx: IntakeContext): TicketDraft {
	const f = (key: string) => at(ctx, key);
	const detail = asRecord(body.detail) ?? {};
	const event = asRecord(body.event) ?? {};
	const type = String(body.type);
	const subjectRef = typeof body.subject === 'string' ? /^zen:ticket:(\d+)$/.exec(body.subject)?.[1] : undefined;
	const id = reqId(detail.id ?? subjectRef, f('detail.id'));
	const comment = asRecord(event.comment);
	const isComment = type.endsWith('.comment_added') && comment !== undefined;
	const candidates = isComment
		? [
				{ field: f('event.comment.body'), value: comment.body },
				{ field: f('detail.description'), value: detail.description },
			]
		: [{ field: f('detail.description'), value: detail.description }];
	const found = requireMessage(candidates, ctx);
	const conversation: ConversationEntry[] = [];
	if (found.field === f('event.comment.body')) {
		const first = entry('customer', detail.description, f('detail.description'), ctx, { at: detail.created_at });
		if (first && first.body !== found.text) conversation.push(first);
	}
	const author = asRecord(comment?.author);
	return {
		id,
		channel: channelName(asRecord(detail.via)?.channel),
		subject: optText(detail.subject, f('detail.subject')),
		message: found.text,
		customer: { id: optId(detail.requester_id, f('detail.requester_id')) },
		explicitOrderRefs: [],
		receivedAt: toIsoTime(isComment ? body.time : (detail.created_at ?? body.time)),
		conversation,
		tags: readTags(detail.tags, /[\s,]+/),
		sourceRefs: refs({
			ticketId: id,
			eventId: body.id,
			eventType: type,
			accountId: body.account_id,
			requesterId: detail.requester_id,
			brandId: detail.brand_id,
			groupId: detail.group_id,
			commentId: comment?.id,
			commentAuthorId: author?.id,
		}),
	};
}

/** Ticket API object; `base` is the path of the ticket object (`ticket` or '' for a bare one). */
export function readZendeskTicket(ticket: Json, ctx: IntakeContext, base: string): TicketDraft {
	const f = (key: string) => at(ctx, base ? `${base}.${key}` : key);
	const id = reqId(ticket.id, f('id'));
	const found = requireMessage([{ field: f('description'), value: ticket.description }], ctx);
	const requester = asRecord(ticket.requester);
	const customFields = Array.isArray(ticket.custom_fields) ? undefined : asRecord(ticket.custom_fields);
	return {
		id,
		channel: channelName(asRecord(ticket.via)?.channel),
		subject: optText(ticket.subject ?? ticket.raw_subject, f('subject')),
		message: found.text,
		customer: {
			id: optId(ticket.requester_id ?? requester?.id, f('requester_id')),
			email: optText(requester?.email, f('requester.email')),
			name: optText(requester?.name, f('requester.name')),
		},
		explicitOrderRefs: orderRefsFromFields(customFields),
		locale: optText(requester?.locale, f('requester.locale')),
		receivedAt: toIsoTime(ticket.created_at),
		conversation: [],
		tags: readTags(ticket.tags, /[\s,]+/),
		sourceRefs: refs({
			ticketId: id,
			requesterId: ticket.requester_id,
			externalId: ticket.external_id,
			brandId: ticket.brand_id,
			groupId: ticket.group_id,
			apiUrl: ticket.url,
		}),
	};
}
