import { z } from 'zod/v4';
import { IsoDateTime } from './common';

export const PolicyPassage = z.object({
	chunkId: z.string().min(1),
	documentId: z.string().min(1),
	title: z.string(),
	version: z.string().min(1),
	effectiveFrom: IsoDateTime,
	effectiveTo: IsoDateTime.nullable().default(null),
	/** Headings above the passage, outermost first: what a reply cites. */
	headingPath: z.array(z.string()).default([]),
	text: z.string(),
	score: z.number(),
	tags: z.array(z.string()).default([]),
});
export type PolicyPassage = z.infer<typeof PolicyPassage>;

export const LiveFact = z.object({
	kind: z.string().min(1),
	/** Connector it came from, e.g. 'shopify', 'stripe', 'zendesk', 'http', 'mcp'. */
	source: z.string().min(1),
	fetchedAt: IsoDateTime,
	data: z.record(z.string(), z.unknown()),
});
export type LiveFact = z.infer<typeof LiveFact>;

export const ContextSection = z.object({
	passages: z.array(PolicyPassage),
	facts: z.array(LiveFact).default([]),
	grounded: z.boolean(),
	groundingReason: z.string().optional(),
	store: z.enum(['qdrant', 'embedded']),
	embedder: z.string(),
	/** The moment the passages had to be in force at (the ticket's time). */
	asOf: IsoDateTime,
});
export type PolicyContext = z.infer<typeof ContextSection>;
