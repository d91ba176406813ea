import { z } from 'zod/v4';
import { IsoDateTime } from './common';

/** Hard ceilings of the contract. A node may set a lower, operator-chosen limit on the message. */
export const TICKET_LIMITS = {
	idLength: 256,
	subjectLength: 2_000,
	messageLength: 200_000,
	conversationEntries: 500,
} as const;

export const TicketSource = z.enum(['zendesk', 'helpscout', 'freshdesk', 'intercom', 'custom']);
export type TicketSource = z.infer<typeof TicketSource>;

export const ConversationEntry = z.object({
	author: z.enum(['customer', 'agent', 'system']),
	body: z.string(),
	at: IsoDateTime.optional(),
	/** false for internal notes: they must never be quoted back to the customer. */
	public: z.boolean().default(true),
});
export type ConversationEntry = z.infer<typeof ConversationEntry>;

export const Customer = z.object({
	id: z.string().optional(),
	email: z.string().optional(),
	name: z.string().optional(),
});

/** The ticket as every later layer sees it, whatever helpdesk it came from. */
export const TicketSection = z.object({
	id: z.string().min(1).max(TICKET_LIMITS.idLength),
	source: TicketSource,
	channel: z.string().default('unknown'),
	subject: z.string().max(TICKET_LIMITS.subjectLength).default(''),
	/** The customer's latest message: what the router classifies. */
	message: z.string().trim().min(1).max(TICKET_LIMITS.messageLength),
	customer: Customer.default({}),
	orderRefs: z.array(z.string()).default([]),
	locale: z.string().optional(),
	receivedAt: IsoDateTime,
	/** Earlier messages, oldest first (the latest customer message is `message`). */
	conversation: z.array(ConversationEntry).max(TICKET_LIMITS.conversationEntries).default([]),
	tags: z.array(z.string()).default([]),
	/** Ids in the source system that later layers need to write back (e.g. Help Scout mailbox). */
	sourceRefs: z.record(z.string(), z.string()).default({}),
});
export type Ticket = z.infer<typeof TicketSection>;
