export interface RetryPolicy {
	/** Attempts per step, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Total time one step may spend waiting and retrying. */
	stepBudgetMs: number;
	/** Per request. */
	timeoutMs: number;
	/**
	 * Least wait before re-checking a ledger after a write got no answer (timeout, reset): the request
	 * may still be in flight and land after a hasty re-check read.
	 */
	settleMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
	stepBudgetMs: 60_000,
	timeoutMs: 20_000,
	settleMs: 2_000,
};

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.floor(random() * ceiling);
}
