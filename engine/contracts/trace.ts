import { z } from 'zod/v4';
import { IsoDateTime, LayerIdSchema } from './common';

export const TraceEntry = z.object({
	layer: LayerIdSchema,
	/** The node's name in the workflow (an operator may have several routers). */
	node: z.string(),
	engine: z.string().optional(),
	startedAt: IsoDateTime,
	durationMs: z.number().min(0),
	outcome: z.string(),
	contractErrors: z.array(z.string()).default([]),
});
export type TraceEntry = z.infer<typeof TraceEntry>;

/**
 * Set by whichever layer decides a person must take over, before the Escalation Packager runs.
 * It is what lets an item that failed validation still travel, with its reason, to a human.
 */
export const EscalationRequest = z.object({
	reason: z.string().min(1),
	layer: LayerIdSchema,
	/** 'contract' for bad or missing input, 'low_confidence', 'ungrounded', 'critic', 'execution', ... */
	code: z.string().min(1),
	field: z.string().optional(),
	at: IsoDateTime,
});
export type EscalationRequest = z.infer<typeof EscalationRequest>;
