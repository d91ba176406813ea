import type { ConversationEntry, TicketSource } from '../contracts';

/** What the operator picks in the router's "Ticket Source" parameter. */
export type SourceSetting = 'auto' | TicketSource;

/**
 * Field values an operator maps with n8n expressions for a helpdesk we have no adapter for.
 * Values arrive already evaluated by n8n, so they can be of any type: the normaliser checks them.
 */
export interface CustomMapping {
	id?: unknown;
	subject?: unknown;
	message?: unknown;
	customerId?: unknown;
	customerEmail?: unknown;
	customerName?: unknown;
	orderRefs?: unknown;
	locale?: unknown;
	channel?: unknown;
	receivedAt?: unknown;
}

export interface NormaliseOptions {
	source: SourceSetting;
	custom?: CustomMapping;
	/** Operator's limit on message length, at most TICKET_LIMITS.messageLength. */
	maxMessageLength?: number;
	/** Injected clock for receivedAt when the payload has no timestamp. */
	now?: () => Date;
}

/**
 * The payload shapes we recognise. One helpdesk can send several (Zendesk has three), and each
 * needs its own reading, so detection works on shapes and maps them to sources.
 */
export type PayloadShape =
	| 'zendesk-trigger'
	| 'zendesk-event'
	| 'zendesk-ticket'
	| 'helpscout-conversation'
	| 'freshdesk-webhook'
	| 'freshdesk-ticket'
	| 'intercom-notification'
	| 'intercom-conversation';

/** What an adapter reads from a vendor body; the normaliser turns it into the ticket section. */
export interface TicketDraft {
	id: string;
	channel?: string;
	subject?: string;
	/** Plain text, already stripped of HTML and checked against the length limit. */
	message: string;
	customer: { id?: string; email?: string; name?: string };
	/** Order numbers the payload states explicitly (custom fields, mapped values). */
	explicitOrderRefs: string[];
	locale?: string;
	/** ISO-8601 with offset, or undefined to fall back to the clock. */
	receivedAt?: string;
	conversation: ConversationEntry[];
	tags: string[];
	sourceRefs: Record<string, string>;
}

/** Per-call settings every adapter reads through. */
export interface IntakeContext {
	/** 'body.' when the vendor JSON arrived inside an n8n Webhook item, so error fields point where the operator looks. */
	prefix: string;
	maxMessageLength: number;
}
