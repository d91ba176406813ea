import { z } from 'zod/v4';

/** An ISO-8601 timestamp with offset, as every system we talk to prints them. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Rollout stage of one intent: see DESIGN.md "Rollout". */
export const RolloutMode = z.enum(['shadow', 'suggest', 'auto']);
export type RolloutMode = z.infer<typeof RolloutMode>;

export const LayerIdSchema = z.enum([
	'intentRouter',
	'policyRetriever',
	'caseFacts',
	'specialistPlanner',
	'toolExecutor',
	'critic',
	'escalationPackager',
]);
