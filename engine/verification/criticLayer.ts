import { writeSection, type CaseFile, type Review } from '../contracts';
import type { ChatModelLike } from '../planning/chatModel';
import { review, type ReviewInput } from './critic';
import { reviewWithJudge } from './modelJudge';
import { rulesForCase } from './intentRules';
import type { CriticRules } from './rules';

/**
 * The Critic layer, once: what the Support Critic node runs for each item and what the in-process
 * pipeline (replay, demo, benches) runs, so both write the same review and the same escalation.
 */
export interface CriticLayerSettings {
	stage: Review['stage'];
	/** Rules per intent ('*' for the rest). */
	rules: Record<string, CriticRules>;
	maxRevisions: number;
	/** Node version 2: the intent settings the case file carries (Intent Router version 3) give scope, windows and switched-off checks. */
	useIntentSettings?: boolean;
	/** Node version 2's advanced per-intent rules: an intent named here is checked by these alone. */
	overrides?: Record<string, CriticRules>;
	/** The judge, when a chat model is connected. */
	judge?: ChatModelLike;
}

export interface CriticLayerResult {
	caseFile: CaseFile;
	verdict: Review['verdict'];
	/** The case goes to a person: an escalate verdict, or a revise verdict after execution. */
	escalated: boolean;
}

/** The escalation sentence: the failed checks, and why the case stops here. */
function escalationReason(r: Review, afterExecution: boolean): string {
	const failed = r.checks.filter((c) => !c.passed && c.onFail !== 'info').map((c) => `${c.id}: ${c.reason}`);
	const limit = failed.length && r.checks.every((c) => c.passed || c.onFail !== 'escalate') ? ' (revision limit reached)' : '';
	const what = afterExecution ? 'asked for a revision after execution' : `escalated${limit}`;
	return `Critic (${r.stage}) ${what}: ${failed.join(' ') || 'no check passed'}`;
}

/**
 * Reviews the case file's plan (and, at the reply stage, its reply against what was executed) and
 * writes the review. At the reply stage the plan has run already: a revise verdict cannot be acted on
 * by the planner, so it is an escalation too, recorded with its own reason.
 */
export async function runCritic(caseFile: CaseFile, s: CriticLayerSettings, now: Date = new Date()): Promise<CriticLayerResult> {
	const input: ReviewInput = { stage: s.stage, caseFile, rules: rulesForCase(caseFile, s.rules, s), maxRevisions: s.maxRevisions, now };
	const result = s.judge ? await reviewWithJudge(input, s.judge) : review(input);
	let support = writeSection(caseFile, 'review', result, 'critic');
	const afterExecution = s.stage === 'reply' && result.verdict === 'revise';
	const escalated = result.verdict === 'escalate' || afterExecution;
	if (escalated) support = { ...support, escalation: { reason: escalationReason(result, afterExecution), layer: 'critic', code: 'critic', at: now.toISOString() } };
	return { caseFile: support, verdict: result.verdict, escalated };
}
