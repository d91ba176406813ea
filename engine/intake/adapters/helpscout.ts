import type { ConversationEntry } from '../../contracts';
import {
	asRecord,
	at,
	channelName,
	fullName,
	intakeError,
	isRecord,
	messageText,
	optId,
	optText,
	readTags,
	refs,
	reqId,
	toIsoTime,
	entry,
	type Json,
} from '../fields';
import type { IntakeContext, TicketDraft } from '../types';

/**
 * Help Scout conversation webhooks (`convo.created`, `convo.customer.reply.created`, ...), as n8n's
 * Help Scout Trigger passes them on: the conversation object with its threads. Current webhooks
 * use the Mailbox API 2.0 form (`mailboxId`, `primaryCustomer`, `_embedded.threads`, people with
 * `first`/`last`); older ones the 1.0 form (`mailbox.id`, `customer`, `threads`, `firstName`).
 * Both are read.
 */

interface ReadThread {
	entry: ConversationEntry;
	id?: string;
	createdAt?: string;
	rawIndex: number;
}

function person(value: unknown): { id?: string; email?: string; name?: string; type?: string } {
	const p = asRecord(value);
	if (!p) return {};
	const emails = Array.isArray(p.emails) ? p.emails : [];
	const firstEmail = asRecord(emails[0])?.value ?? (typeof emails[0] === 'string' ? emails[0] : undefined);
	return {
		id: typeof p.id === 'number' || typeof p.id === 'string' ? String(p.id) : undefined,
		email: typeof p.email === 'string' && p.email !== '' ? p.email : typeof firstEmail === 'string' ? firstEmail : undefined,
		name: fullName(p.first ?? p.firstName, p.last ?? p.lastName),
		type: typeof p.type === 'string' ? p.type : undefined,
	};
}

function authorOf(thread: Json): ConversationEntry['author'] | undefined {
	switch (thread.type) {
		case 'lineitem':
			return undefined; // status changes and assignments, not messages
		case 'customer':
			return 'customer';
		case 'message':
		case 'note':
			return 'agent';
		default:
			return person(thread.createdBy).type === 'customer' ? 'customer' : 'agent';
	}
}

export function readHelpScout(convo: Json, ctx: IntakeContext): TicketDraft {
	const f = (key: string) => at(ctx, key);
	const id = reqId(convo.id, f('id'));
	const embedded = asRecord(convo._embedded);
	const threadsPath = Array.isArray(embedded?.threads) ? '_embedded.threads' : 'threads';
	const rawThreads: unknown[] = Array.isArray(embedded?.threads)
		? embedded.threads
		: Array.isArray(convo.threads)
			? convo.threads
			: [];

	const threads: ReadThread[] = [];
	rawThreads.forEach((raw, index) => {
		if (!isRecord(raw) || raw.state === 'draft') return;
		const author = authorOf(raw);
		if (!author) return;
		const read = entry(author, raw.body, f(`${threadsPath}[${index}].body`), ctx, {
			at: raw.createdAt,
			public: raw.type !== 'note',
		});
		if (read) {
			threads.push({ entry: read, id: optId(raw.id, f(`${threadsPath}[${index}].id`)), createdAt: read.at, rawIndex: index });
		}
	});
	// Help Scout lists threads newest first; sort by time when every thread has one, else reverse.
	if (threads.every((t) => t.createdAt)) threads.sort((a, b) => a.createdAt!.localeCompare(b.createdAt!));
	else threads.reverse();

	let latest = -1;
	for (let i = threads.length - 1; i >= 0; i--) {
		if (threads[i].entry.author === 'customer') {
			latest = i;
			break;
		}
	}
	if (latest === -1) {
		throw intakeError(
			f(threadsPath),
			'has no customer thread with text: there is no customer message to classify',
			'The Help Scout Trigger should listen to "Conversation - Created" or "Conversation - Customer Reply Created".',
		);
	}
	// Re-read the message under the message rules: earlier entries are cut to the limit, the message is refused.
	const messageThread = threads[latest];
	const messageField = f(`${threadsPath}[${messageThread.rawIndex}].body`);
	const message = messageText((rawThreads[messageThread.rawIndex] as Json).body, messageField, ctx) ?? messageThread.entry.body;

	const customer = person(convo.primaryCustomer ?? convo.customer);
	const mailboxId = convo.mailboxId ?? asRecord(convo.mailbox)?.id;
	return {
		id,
		channel: channelName(convo.type ?? asRecord(convo.source)?.type),
		subject: optText(convo.subject, f('subject')),
		message,
		customer: { id: customer.id, email: customer.email, name: customer.name },
		explicitOrderRefs: [],
		receivedAt: messageThread.createdAt ?? toIsoTime(convo.createdAt),
		conversation: threads.filter((_, i) => i !== latest).map((t) => t.entry),
		tags: readTags(convo.tags, /\s*,\s*/),
		sourceRefs: refs({
			conversationId: id,
			conversationNumber: convo.number,
			mailboxId,
			customerId: customer.id,
			threadId: messageThread.id,
			folderId: convo.folderId,
		}),
	};
}
