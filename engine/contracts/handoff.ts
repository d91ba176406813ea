import { z } from 'zod/v4';
import { LayerIdSchema } from './common';

export const HandoffSection = z.object({
	reason: z.string().min(1),
	fromLayer: LayerIdSchema,
	summary: z.string(),
	whatWasTried: z.array(z.string()).default([]),
	evidence: z.array(z.object({ kind: z.string(), label: z.string(), detail: z.string() })).default([]),
	suggestedNextAction: z.string(),
	priority: z.enum(['low', 'normal', 'high', 'urgent']),
	group: z.string().optional(),
	tags: z.array(z.string()).default([]),
	note: z.object({ html: z.string(), markdown: z.string() }),
});
export type Handoff = z.infer<typeof HandoffSection>;
