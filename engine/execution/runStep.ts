import { backoffDelay, type RetryPolicy } from './retry';
import { StepError } from './stepError';
import type { ResolvedTool, ToolContext, ToolOutcome } from './types';

/** Appended to a step's error when a write was sent and its result never learned: a person must check. */
export const UNKNOWN_OUTCOME_NOTE = 'the write may have been applied; its idempotency key identifies it';

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
	random(): number;
}

export interface StepRun {
	status: 'succeeded' | 'already_done' | 'failed';
	attempts: number;
	outcome?: ToolOutcome;
	summary?: string;
	externalIds?: Record<string, string>;
	error?: string;
	/** A write was sent whose result we never learned. */
	unknownOutcome?: boolean;
}

/**
 * One step with bounded retries. The rules that keep writes single:
 * - a ledger tool re-reads its ledger before every attempt, so an attempt that timed out after the
 *   server applied it is found, not repeated;
 * - a key tool resends the same key, which the server deduplicates;
 * - a write with neither is sent once and never retried, whatever the error.
 */
export async function runStep(tool: ResolvedTool, ctx: ToolContext, policy: RetryPolicy, clock: Clock): Promise<StepRun> {
	const started = clock.now();
	const retrySafe = tool.access === 'read' || tool.idempotency !== 'none';
	let attempts = 0;
	let lastError: StepError | undefined;
	// Sticky: one ambiguous write attempt leaves the outcome unknown until a ledger read settles it,
	// whatever later attempts fail with (a 429 on the retry says nothing about the first attempt).
	let maybeApplied = false;

	for (;;) {
		attempts++;
		let performing = false;
		try {
			const ledger = tool.checkLedger ? await tool.checkLedger(ctx) : undefined;
			if (ledger?.done) {
				// Ours only if one of our attempts may have landed since the last read that found nothing.
				// After a refusal (409 safe_update, in progress), the write found is another run's.
				return { status: maybeApplied ? 'succeeded' : 'already_done', attempts, summary: ledger.summary, externalIds: ledger.externalIds ?? {} };
			}
			if (ledger) maybeApplied = false;
			performing = true;
			const outcome = await tool.perform(ctx, ledger);
			// A replayed answer is ours only when an earlier attempt of ours may have been applied; after
			// a first send, or after an "in progress" refusal, it is the saved result of another run.
			const earlierRun = outcome.replayed === true && !maybeApplied;
			return { status: earlierRun ? 'already_done' : 'succeeded', attempts, outcome, summary: outcome.summary, externalIds: outcome.externalIds ?? {} };
		} catch (error) {
			lastError = error instanceof StepError ? error : new StepError('tool', `${tool.name}: ${error instanceof Error ? error.name : 'error'}`);
			if (performing && tool.access === 'write' && lastError.ambiguous) maybeApplied = true;
		}
		const unknownOutcome = maybeApplied;
		const fail = (why?: string): StepRun => ({
			status: 'failed',
			attempts,
			error: `${lastError?.message ?? 'failed'}${why ? ` (${why})` : ''}${unknownOutcome ? `; ${UNKNOWN_OUTCOME_NOTE}` : ''}`,
			unknownOutcome,
		});
		if (!lastError.transient) return fail();
		if (!retrySafe) return fail('not retried: this write has no idempotency key or ledger');
		if (attempts >= policy.maxAttempts) return fail(`gave up after ${attempts} attempts`);
		// Our own request (timeout, reset) or another run's (in_progress) may still be executing.
		const inFlight = performing && tool.access === 'write' && (lastError.kind === 'timeout' || lastError.kind === 'reset' || lastError.kind === 'in_progress');
		const delay = Math.max(
			lastError.kind === 'rate_limited' && lastError.retryAfterMs !== undefined ? lastError.retryAfterMs : backoffDelay(attempts, policy, () => clock.random()),
			inFlight ? (lastError.kind === 'in_progress' ? policy.baseDelayMs : policy.settleMs) : 0,
		);
		if (clock.now() - started + delay > policy.stepBudgetMs) {
			return fail(`retry budget of ${policy.stepBudgetMs} ms would be exceeded by waiting ${delay} ms`);
		}
		await clock.sleep(delay);
	}
}
