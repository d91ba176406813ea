import { z } from 'zod/v4';
import { IsoDateTime, RolloutMode } from './common';

export const StepStatus = z.enum([
	'succeeded',
	/** Found already done by an earlier run (idempotency key or ledger): not sent again. */
	'already_done',
	'failed',
	/** Never started because an earlier step failed. */
	'not_run',
	/** Recorded but not sent: shadow mode, or a write suggest mode does not allow. */
	'dry_run',
	/** Outside the intent's scope; nothing sent. */
	'refused',
	'compensated',
]);

export const StepResult = z.object({
	stepId: z.string().min(1),
	tool: z.string().min(1),
	status: StepStatus,
	idempotencyKey: z.string().optional(),
	attempts: z.number().int().min(0),
	responseSummary: z.string().optional(),
	externalIds: z.record(z.string(), z.string()).default({}),
	error: z.string().optional(),
});
export type StepResult = z.infer<typeof StepResult>;

export const ExecutionSection = z.object({
	planId: z.string().min(1),
	mode: RolloutMode,
	dryRun: z.boolean(),
	outcome: z.enum(['completed', 'partial', 'failed', 'dry_run', 'refused']),
	steps: z.array(StepResult),
	compensations: z.array(StepResult).default([]),
	startedAt: IsoDateTime,
	finishedAt: IsoDateTime,
});
export type Execution = z.infer<typeof ExecutionSection>;
