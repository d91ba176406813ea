import type { CaseFile, Plan, PlanStep } from '../contracts';
import { buildScope } from '../planning/scope';
import { isBusinessWrite } from '../planning/toolCatalogue';
import type { CriticRules } from './rules';

/** Everything a check reads, computed once per review. */
export interface CheckContext {
	stage: 'plan' | 'reply';
	caseFile: CaseFile;
	plan: Plan;
	rules: CriticRules;
	now: Date;
	/** The condition-language view of the case (facts by kind, enriched). */
	scope: Record<string, unknown>;
	/** Writes that change something outside this helpdesk ticket (money, orders, external systems). */
	businessWrites: PlanStep[];
}

export { isBusinessWrite };

export function makeContext(stage: 'plan' | 'reply', caseFile: CaseFile, plan: Plan, rules: CriticRules, now: Date): CheckContext {
	return {
		stage,
		caseFile,
		plan,
		rules,
		now,
		scope: buildScope(caseFile, { now, scope: rules.scope, policy: rules.policy }),
		businessWrites: plan.steps.filter(isBusinessWrite),
	};
}
