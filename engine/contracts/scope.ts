import { z } from 'zod/v4';

/**
 * What an operator allows for one intent. The planner plans within it, the Critic checks plans
 * against it and the executor enforces it whatever the plan says: one schema, so a scope copied
 * from one node's parameter into another's means the same thing.
 */
export const ToolScope = z.object({
	/** Tool names; a trailing `*` matches a prefix (e.g. `mcp.store.*`). */
	allowedTools: z.array(z.string()),
	/** Tools that may write. Absent or empty: this intent may not write at all. */
	writeTools: z.array(z.string()).optional(),
	/** A money-moving step must match one cap's currency and stay at or under its max (major units). */
	amountCaps: z.array(z.object({ currency: z.string().min(3), max: z.number().min(0) })).optional(),
	maxWritesPerTicket: z.number().int().min(0).optional(),
});
export type ToolScope = z.infer<typeof ToolScope>;

/** Scopes by intent name; `*` applies to intents without their own entry. */
export const ToolScopes = z.record(z.string(), ToolScope);
export type ToolScopes = z.infer<typeof ToolScopes>;
