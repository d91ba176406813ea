import type { CaseFile, Plan, Review } from '../contracts';
import { makeContext } from './checkContext';
import { checkAmounts, checkArgs, checkCustom, checkIdentity, checkRequested, checkScope, checkWindows, type Check } from './planChecks';
import { checkCitations, checkClaims, checkExecution, checkInjection, checkInternalLeak, checkLanguage, checkOtherCustomer, checkTone } from './replyChecks';
import type { CriticRules } from './rules';
import { checkUnfilledSlots } from './unfilledSlots';
import { checkAlreadyGiven } from './alreadyGiven';

export const DEFAULT_MAX_REVISIONS = 2;

export interface ReviewInput {
	stage: 'plan' | 'reply';
	caseFile: CaseFile;
	rules?: CriticRules;
	/** Revisions already asked for in this case; defaults to the case's last review (or the plan's revision). */
	revisionCount?: number;
	maxRevisions?: number;
	now?: Date;
}

/**
 * approve: nothing failed. revise: only failures the planner can fix, and revisions left. Anything
 * else (a failure that needs a person, or revisions used up) escalates.
 */
export function verdictFor(checks: Check[], revisionCount: number, maxRevisions: number): Review['verdict'] {
	const failed = checks.filter((c) => !c.passed && c.onFail !== 'info');
	if (!failed.length) return 'approve';
	if (failed.every((c) => c.onFail === 'revise') && revisionCount < maxRevisions) return 'revise';
	return 'escalate';
}

function priorRevisions(caseFile: CaseFile): number {
	return Math.max(caseFile.review?.revisionCount ?? 0, caseFile.plan?.revision ?? 0);
}

/** Runs every built-in check for the stage and decides. Pure and synchronous: no model involved. */
export function review(input: ReviewInput): Review {
	const { stage, caseFile } = input;
	const rules = input.rules ?? {};
	const now = input.now ?? new Date();
	const maxRevisions = input.maxRevisions ?? DEFAULT_MAX_REVISIONS;
	const revisionCount = input.revisionCount ?? priorRevisions(caseFile);
	const plan = caseFile.plan;
	const history = caseFile.review
		? [...caseFile.review.history, { stage: caseFile.review.stage, verdict: caseFile.review.verdict, planId: caseFile.review.planId, reviewedAt: caseFile.review.reviewedAt }]
		: [];
	if (!plan) {
		return {
			stage,
			verdict: 'escalate',
			planId: 'none',
			reviewedAt: now.toISOString(),
			checks: [{ id: 'contract.plan', passed: false, reason: 'The case file has no plan to review (support.plan is written by the Support Specialist Planner).', onFail: 'escalate' }],
			revisionCount,
			history,
		};
	}
	const checks = runChecks(stage, caseFile, plan, rules, now);
	return finishReview({ stage, plan, checks, revisionCount, maxRevisions, now, history });
}

export function runChecks(stage: 'plan' | 'reply', caseFile: CaseFile, plan: Plan, rules: CriticRules, now: Date): Check[] {
	const ctx = makeContext(stage, caseFile, plan, rules, now);
	const checks: Check[] = [
		checkScope(ctx),
		checkArgs(ctx),
		...checkAmounts(ctx),
		checkWindows(ctx),
		checkIdentity(ctx),
		checkRequested(ctx),
		checkCitations(ctx),
		...checkClaims(ctx),
		checkOtherCustomer(ctx),
		checkInternalLeak(ctx),
		checkLanguage(ctx),
		checkTone(ctx),
		checkUnfilledSlots(ctx),
		checkInjection(ctx),
		checkAlreadyGiven(ctx),
		...checkCustom(ctx),
	];
	if (stage === 'reply') checks.push(checkExecution(ctx));
	const disabled = new Set(rules.disabled ?? []);
	return checks.filter((c) => !disabled.has(c.id));
}

export function finishReview(p: {
	stage: 'plan' | 'reply';
	plan: Plan;
	checks: Check[];
	revisionCount: number;
	maxRevisions: number;
	now: Date;
	history: Review['history'];
}): Review {
	const verdict = verdictFor(p.checks, p.revisionCount, p.maxRevisions);
	return {
		stage: p.stage,
		verdict,
		planId: p.plan.id,
		reviewedAt: p.now.toISOString(),
		checks: p.checks.map((c) => ({ id: c.id, passed: c.passed, reason: c.reason, onFail: c.onFail ?? 'escalate', ...(c.overCap ? { overCap: c.overCap } : {}) })),
		// Counts the revisions asked for so far, this one included: the planner stamps it on the new plan.
		revisionCount: verdict === 'revise' ? p.revisionCount + 1 : p.revisionCount,
		history: p.history,
	};
}
