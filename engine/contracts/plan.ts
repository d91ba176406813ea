import { z } from 'zod/v4';
import { IsoDateTime } from './common';

export const ToolCall = z.object({
	tool: z.string().min(1),
	args: z.record(z.string(), z.unknown()).default({}),
});

export const PlanStep = ToolCall.extend({
	id: z.string().min(1),
	access: z.enum(['read', 'write']),
	why: z.string(),
	/** chunkIds of the policy passages that allow this step. */
	citations: z.array(z.string()).default([]),
	/** What undoes this step if a later one fails, where anything can. */
	compensation: ToolCall.optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const PlanSection = z.object({
	/** Stable: a hash of the ticket and the plan's content. */
	id: z.string().min(1),
	specialist: z.string().min(1),
	intent: z.string().min(1),
	engine: z.enum(['playbook', 'model']),
	steps: z.array(PlanStep),
	draftReply: z.object({ body: z.string(), citations: z.array(z.string()).default([]), locale: z.string().optional() }),
	assumptions: z.array(z.string()).default([]),
	createdAt: IsoDateTime,
	/** 0 for the first plan, +1 for every revision the Critic asked for. */
	revision: z.number().int().min(0).default(0),
});
export type Plan = z.infer<typeof PlanSection>;
