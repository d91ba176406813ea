import { z } from 'zod/v4';

/**
 * A playbook is plain JSON an operator edits in the planner node: what to look up, what to change,
 * under which conditions, and what to tell the customer. Strings in `args` and reply text may hold
 * `[[path]]` placeholders (e.g. `[[ticket.orderRefs.0]]`; version 1 of the node also wrote `{{path}}`); an argument written as
 * `{"$expr": "min(facts.order.total, caps.refund)"}` is computed with the condition language.
 */
const Condition = z.object({
	/** Condition-language expression that must be true for the playbook to apply. */
	when: z.string().min(1),
	/** What to do when it is false: ask the customer, or hand the case to a person. */
	otherwise: z.enum(['escalate', 'clarify']).default('escalate'),
	/** Why, for the hand-off or the plan's assumptions; may hold placeholders. */
	reason: z.string().min(1),
	/** The question for the customer when `otherwise` is 'clarify'. */
	ask: z.string().optional(),
	/** When the facts it needs are absent: defaults to `otherwise`. */
	onMissing: z.enum(['escalate', 'clarify']).optional(),
});
export type PlaybookCondition = z.infer<typeof Condition>;

const Requirement = z.object({
	/** A path that must have a value, e.g. `ticket.orderRefs.0` or `facts.order`. */
	path: z.string().min(1),
	/** Question for the customer when it is absent; without one, the case escalates. */
	ask: z.string().optional(),
	reason: z.string().min(1),
	/**
	 * A path holding what `ask` would ask for, when the customer already gave it (e.g.
	 * `ticket.orderRefs.0` for the order number). With a value there, the case is not asked again: it
	 * escalates with why the fact is still missing ("order #5531: not found in Shopify", "no order
	 * source connected"), because asking a customer to repeat themselves is the failure to avoid.
	 */
	given: z.string().min(1).optional(),
});

const StepTemplate = z.object({
	id: z.string().min(1),
	tool: z.string().min(1),
	access: z.enum(['read', 'write']),
	args: z.record(z.string(), z.unknown()).default({}),
	why: z.string().min(1),
	/** Step included only when this is true; a write whose condition cannot be evaluated escalates. */
	when: z.string().optional(),
	/** Keywords or passage tags that find the policy passage allowing this step. */
	cite: z.array(z.string()).default([]),
	compensation: z.object({ tool: z.string().min(1), args: z.record(z.string(), z.unknown()).default({}) }).optional(),
});
export type PlaybookStep = z.infer<typeof StepTemplate>;

const ReplySection = z.object({
	/** Text with placeholders; `[[cite]]` becomes a short reference to the passages this section cites. */
	text: z.string().min(1),
	when: z.string().optional(),
	cite: z.array(z.string()).default([]),
	/**
	 * A greeting or sign-off: it frames the answer but is not one. A reply left with nothing but
	 * framing (every answering sentence dropped for want of a passage or a fact) is escalated
	 * instead of sent. Playbooks that mark nothing keep the old rule (any sentence counts).
	 */
	frame: z.boolean().optional(),
});
export type ReplySection = z.infer<typeof ReplySection>;

export const PlaybookSchema = z.object({
	id: z.string().min(1),
	/** Intents this playbook serves (the Intent Router's category names). */
	intents: z.array(z.string().min(1)).min(1),
	specialist: z.string().min(1),
	description: z.string().default(''),
	/** Policy values the conditions read as `policy.*`; the node's settings override them. */
	policyDefaults: z.record(z.string(), z.unknown()).default({}),
	requires: z.array(Requirement).default([]),
	conditions: z.array(Condition).default([]),
	steps: z.array(StepTemplate).default([]),
	/** Reply sections per language code ('en', 'de', ...); the first key is the fallback. */
	reply: z.record(z.string(), z.array(ReplySection).min(1)).refine((r) => Object.keys(r).length > 0, {
		message: 'needs at least one language',
	}),
	/** Every write must cite an in-force passage, or the case escalates. */
	writesNeedCitation: z.boolean().default(true),
});
export type Playbook = z.infer<typeof PlaybookSchema>;
export type PlaybookInput = z.input<typeof PlaybookSchema>;

export class PlaybookError extends Error {
	constructor(
		readonly playbookId: string,
		readonly where: string,
		detail: string,
	) {
		super(`Playbook "${playbookId}", ${where}: ${detail}`);
		this.name = 'PlaybookError';
	}
}
