import type { ConversationEntry } from '../../contracts';
import {
	asRecord,
	at,
	channelName,
	entry,
	intakeError,
	isRecord,
	messageText,
	optId,
	optText,
	readTags,
	refs,
	reqId,
	toIsoTime,
	type Json,
} from '../fields';
import { orderRefsFromFields } from '../orderRefs';
import type { IntakeContext, TicketDraft } from '../types';

/**
 * Intercom webhook notifications (`type: "notification_event"`, `topic:
 * "conversation.user.created" | "conversation.user.replied"`, the conversation in `data.item`), or
 * a bare Conversation object. The conversation opens with `source` (API 2.x; `conversation_message`
 * in 1.x) and continues in `conversation_parts.conversation_parts`; bodies are HTML and times are
 * Unix seconds. Authors of type user, lead or contact are the customer.
 */

const CUSTOMER_TYPES = new Set(['user', 'lead', 'contact']);

interface Part {
	entry: ConversationEntry;
	rawBody: unknown;
	field: string;
	author?: Json;
	id?: string;
}

function authorRole(author: Json | undefined): ConversationEntry['author'] {
	const type = typeof author?.type === 'string' ? author.type : '';
	if (CUSTOMER_TYPES.has(type)) return 'customer';
	return type === 'bot' ? 'system' : 'agent';
}

/** `base` is where the conversation sits: `data.item` in a notification, '' when bare. */
export function readIntercom(conv: Json, ctx: IntakeContext, base: string, notification?: Json): TicketDraft {
	const f = (key: string) => at(ctx, base ? `${base}.${key}` : key);
	const id = reqId(conv.id, f('id'));
	const sourceKey = isRecord(conv.source) ? 'source' : 'conversation_message';
	const source = asRecord(conv[sourceKey]);

	const parts: Part[] = [];
	if (source) {
		const author = asRecord(source.author);
		const read = entry(authorRole(author), source.body, f(`${sourceKey}.body`), ctx, { at: conv.created_at });
		if (read) parts.push({ entry: read, rawBody: source.body, field: f(`${sourceKey}.body`), author, id: optId(source.id, '') });
	}
	const partList = asRecord(conv.conversation_parts)?.conversation_parts;
	if (Array.isArray(partList)) {
		partList.forEach((raw, index) => {
			if (!isRecord(raw)) return;
			const author = asRecord(raw.author);
			const field = f(`conversation_parts.conversation_parts[${index}].body`);
			const read = entry(authorRole(author), raw.body, field, ctx, {
				at: raw.created_at,
				public: raw.part_type !== 'note',
			});
			if (read) parts.push({ entry: read, rawBody: raw.body, field, author, id: optId(raw.id, '') });
		});
	}

	let latest = -1;
	for (let i = parts.length - 1; i >= 0; i--) {
		if (parts[i].entry.author === 'customer' && parts[i].entry.public) {
			latest = i;
			break;
		}
	}
	if (latest === -1) {
		throw intakeError(
			f(`${sourceKey}.body`),
			'is missing or empty, and no conversation part from the customer has text: there is no customer message to classify',
			'Subscribe the Intercom webhook to "conversation.user.created" and "conversation.user.replied".',
		);
	}
	const message = parts[latest];
	const text = messageText(message.rawBody, message.field, ctx) ?? message.entry.body;

	const contactList = asRecord(conv.contacts)?.contacts;
	const firstContact = Array.isArray(contactList) ? asRecord(contactList[0]) : asRecord(conv.user);
	const author = message.author;
	const subject = typeof source?.subject === 'string' ? messageText(source.subject, f(`${sourceKey}.subject`), ctx) : undefined;
	const sourceType = typeof source?.type === 'string' ? source.type : undefined;
	return {
		id,
		channel: sourceType === 'conversation' ? 'chat' : channelName(sourceType),
		subject: subject ?? optText(conv.title, f('title')),
		message: text,
		customer: {
			id: optId(author?.id ?? firstContact?.id, f('contacts.contacts[0].id')),
			email: optText(author?.email ?? firstContact?.email, f(`${sourceKey}.author.email`)),
			name: optText(author?.name ?? firstContact?.name, f(`${sourceKey}.author.name`)),
		},
		explicitOrderRefs: orderRefsFromFields(asRecord(conv.custom_attributes)),
		receivedAt: message.entry.at ?? toIsoTime(conv.created_at) ?? toIsoTime(notification?.created_at),
		conversation: parts.filter((_, i) => i !== latest).map((p) => p.entry),
		tags: readTags(asRecord(conv.tags)?.tags ?? conv.tags, /\s*,\s*/),
		sourceRefs: refs({
			conversationId: id,
			appId: notification?.app_id,
			topic: notification?.topic,
			notificationId: notification?.id,
			contactId: firstContact?.id ?? author?.id,
			partId: message.id,
		}),
	};
}
