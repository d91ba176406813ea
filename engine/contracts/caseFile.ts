import { z } from 'zod/v4';
import { ContextSection } from './context';
import { ExecutionSection } from './execution';
import { HandoffSection } from './handoff';
import { IntentSection } from './intent';
import { PlanSection } from './plan';
import { ReviewSection } from './review';
import { TicketSection } from './ticket';
import { EscalationRequest, TraceEntry } from './trace';

/** Bumped on any change that an older reader could misread. */
export const CASE_FILE_VERSION = 1;

/** Every section schema, by name: the single source of truth for the contract. */
export const SECTION_SCHEMAS = {
	ticket: TicketSection,
	intent: IntentSection,
	context: ContextSection,
	plan: PlanSection,
	review: ReviewSection,
	execution: ExecutionSection,
	handoff: HandoffSection,
} as const;

/**
 * `json.support` on every item. Sections are optional because each layer adds its own;
 * `readSection` is what insists on the ones a layer needs.
 */
export const CaseFile = z.object({
	v: z.literal(CASE_FILE_VERSION),
	ticket: TicketSection.optional(),
	intent: IntentSection.optional(),
	context: ContextSection.optional(),
	plan: PlanSection.optional(),
	review: ReviewSection.optional(),
	execution: ExecutionSection.optional(),
	handoff: HandoffSection.optional(),
	escalation: EscalationRequest.optional(),
	trace: z.array(TraceEntry).default([]),
});
export type CaseFile = z.infer<typeof CaseFile>;

export type Sections = { [K in keyof typeof SECTION_SCHEMAS]: z.infer<(typeof SECTION_SCHEMAS)[K]> };
