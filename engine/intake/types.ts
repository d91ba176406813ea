import type { TicketSource } from '../contracts';

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
