import { z } from 'zod/v4';
import type { CaseFile, Review } from '../contracts';
import { extractJsonObject, messageText, type ChatModelLike } from '../planning/chatModel';
import { DEFAULT_MAX_REVISIONS, finishReview, review, type ReviewInput } from './critic';
import type { Check } from './planChecks';

/** What the judge must return: findings, each tied to the passages it relied on. */
export const JudgeOutput = z.object({
	findings: z
		.array(
			z.object({
				problem: z.string().min(1),
				severity: z.enum(['revise', 'escalate']),
				/** chunkIds of retrieved passages that show the problem. */
				passages: z.array(z.string().min(1)).min(1),
				quote: z.string().optional(),
			}),
		)
		.default([]),
});
export type JudgeOutput = z.infer<typeof JudgeOutput>;

function judgePrompt(caseFile: CaseFile, stage: 'plan' | 'reply'): string {
	const ctx = caseFile.context;
	const passages = (ctx?.passages ?? []).map((p) => `[${p.chunkId}] ${p.title} v${p.version}: ${p.text}`).join('\n');
	const facts = (ctx?.facts ?? []).map((f) => `${f.kind} (${f.source}): ${JSON.stringify(f.data)}`).join('\n');
	return [
		`Judge this ${stage === 'plan' ? 'plan and draft reply' : 'reply'} against the POLICY PASSAGES and LIVE FACTS only, not against your own opinion.`,
		'Report only problems you can show with a passage: a claim, amount, date or promise the passages do not support, or an action they forbid.',
		'Reply with JSON only: {"findings":[{"problem":"...","severity":"revise"|"escalate","passages":["<chunkId>"],"quote":"..."}]}. No problems: {"findings":[]}.',
		`POLICY PASSAGES:\n${passages || '(none)'}`,
		`LIVE FACTS:\n${facts || '(none)'}`,
		`CUSTOMER MESSAGE:\n${caseFile.ticket?.message ?? ''}`,
		`PLAN STEPS:\n${JSON.stringify(caseFile.plan?.steps ?? [])}`,
		`DRAFT REPLY:\n${caseFile.plan?.draftReply.body ?? ''}`,
	].join('\n\n');
}

/**
 * Asks the model for findings and keeps only those citing passages that were actually retrieved:
 * a judge that cannot point at the policy is giving an opinion, which we do not act on.
 */
export async function judgeWithModel(model: ChatModelLike, caseFile: CaseFile, stage: 'plan' | 'reply'): Promise<Check[]> {
	const known = new Set((caseFile.context?.passages ?? []).map((p) => p.chunkId));
	let raw: unknown;
	try {
		const res = await model.invoke([
			{ role: 'system', content: 'You are a strict support-quality reviewer. You output JSON only.' },
			{ role: 'user', content: judgePrompt(caseFile, stage) },
		]);
		raw = extractJsonObject(messageText(res.content));
	} catch (e) {
		return [{ id: 'judge.unavailable', passed: true, reason: `Model judge failed (${e instanceof Error ? e.message : String(e)}); built-in checks only.`, onFail: 'info' }];
	}
	const parsed = JudgeOutput.safeParse(raw);
	if (!parsed.success) return [{ id: 'judge.invalid', passed: true, reason: 'Model judge returned no valid findings JSON; ignored.', onFail: 'info' }];
	const checks: Check[] = [];
	let ignored = 0;
	parsed.data.findings.forEach((f) => {
		if (!f.passages.every((id) => known.has(id))) {
			ignored++;
			return;
		}
		checks.push({ id: `judge.${checks.length + 1}`, passed: false, reason: `${f.problem} (passages: ${f.passages.join(', ')})`, onFail: f.severity });
	});
	if (ignored) checks.push({ id: 'judge.ignored', passed: true, reason: `${ignored} judge finding(s) ignored: they cite no retrieved passage.`, onFail: 'info' });
	if (!checks.length) checks.push({ id: 'judge', passed: true, reason: 'Model judge found no problems backed by the policy.', onFail: 'info' });
	return checks;
}

/** The built-in review plus the judge's findings, with the verdict decided over both. */
export async function reviewWithJudge(input: ReviewInput, model: ChatModelLike): Promise<Review> {
	const base = review(input);
	if (!input.caseFile.plan) return base;
	const judged = await judgeWithModel(model, input.caseFile, input.stage);
	const priorCount = base.verdict === 'revise' ? base.revisionCount - 1 : base.revisionCount;
	return finishReview({
		stage: input.stage,
		plan: input.caseFile.plan,
		checks: [...base.checks, ...judged],
		revisionCount: priorCount,
		maxRevisions: input.maxRevisions ?? DEFAULT_MAX_REVISIONS,
		now: new Date(base.reviewedAt),
		history: base.history,
	});
}
