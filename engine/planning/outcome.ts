import type { Plan } from '../contracts';

/**
 * What a planner returns. A clarification is still a plan (no writes; the reply asks the customer),
 * so it travels through the Critic like any other; an escalation carries the reason for a person.
 */
export type PlannerOutcome =
	| { outcome: 'plan'; plan: Plan }
	| { outcome: 'clarify'; plan: Plan; question: string }
	| { outcome: 'escalate'; reason: string; code: EscalationCode; plan?: Plan };

export type EscalationCode =
	| 'contract'
	| 'no_playbook'
	| 'condition'
	| 'missing_data'
	| 'no_citation'
	| 'no_content'
	| 'playbook_error'
	| 'revision'
	| 'model_rejected';
