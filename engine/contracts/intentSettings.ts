import { z } from 'zod/v4';
import { ToolScope } from './scope';

/**
 * What an operator configured for one intent, in one place: the Intent Router's intent entry. The
 * Router copies the chosen intent's entry into the case file (`intent.settings`), and the Planner,
 * the Critic and the Executor read it from there, so an intent's playbook, numbers, allowed tools
 * and caps are never kept in step by hand across nodes. Only the Router writes it, from its own
 * parameters: no model output reaches this section, so the Critic and the Executor enforce what the
 * operator configured.
 */
export const IntentSettings = z.object({
	/**
	 * The playbook that plans this intent: a built-in id (engine/planning/playbookCatalogue.ts),
	 * 'custom' (the Planner's own playbook that lists this intent) or 'handoff' (always to a person).
	 */
	playbook: z.string().min(1),
	/** Numbers the playbook and the Critic read as `policy.*` (e.g. returnWindowDays), over the built-in defaults. */
	policy: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
	/** The answer the reply gives, replacing the playbook's own answering sentences; may hold [[placeholders]]. */
	replyText: z.string().optional(),
	/** Policy topics the answer cites (keywords or passage tags); the sentence is sent only with such a passage in force. */
	citeTopics: z.array(z.string()).default([]),
	/** What this intent may do. Absent: the chosen built-in playbook's own scope. */
	scope: ToolScope.optional(),
	/** Critic check ids switched off for this intent (engine/verification/ruleIds.ts). */
	disabledChecks: z.array(z.string()).default([]),
});
export type IntentSettings = z.infer<typeof IntentSettings>;

/** Playbook choices that are not built-in playbooks. */
export const CUSTOM_PLAYBOOK = 'custom';
export const HANDOFF_PLAYBOOK = 'handoff';
