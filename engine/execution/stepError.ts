import { TransportError } from './http';

/**
 * `in_progress`: the vendor is still executing an earlier request with the same idempotency key
 * (Stripe 409 idempotency_key_in_use, Shopify IDEMPOTENCY_CONCURRENT_REQUEST). Nothing was done by
 * this request; a later retry gets the saved result, which belongs to whoever sent the first one.
 */
export type StepErrorKind = 'rate_limited' | 'server' | 'conflict' | 'in_progress' | 'client' | 'timeout' | 'reset' | 'transport' | 'tool';

/**
 * Why one attempt of a step failed, in the terms the retry loop needs: may it be repeated, after
 * how long, and did the server possibly do the work anyway (ambiguous)?
 */
export class StepError extends Error {
	readonly kind: StepErrorKind;
	readonly status?: number;
	readonly retryAfterMs?: number;
	/** The request may have been applied although we got no success answer. */
	readonly ambiguous: boolean;

	constructor(kind: StepErrorKind, message: string, opts: { status?: number; retryAfterMs?: number } = {}) {
		super(message);
		this.name = 'StepError';
		this.kind = kind;
		this.status = opts.status;
		this.retryAfterMs = opts.retryAfterMs;
		this.ambiguous = kind === 'server' || kind === 'timeout' || kind === 'reset' || kind === 'transport';
	}

	/** Transient: worth another attempt if the step's idempotency makes that safe. */
	get transient(): boolean {
		return this.kind !== 'client' && this.kind !== 'tool';
	}
}

export function fromTransport(error: TransportError, what: string): StepError {
	const kind = error.kind === 'timeout' ? 'timeout' : error.kind === 'reset' ? 'reset' : 'transport';
	return new StepError(kind, `${what}: ${error.message}`);
}

/**
 * Retry-After is either delta-seconds (Zendesk "30", Shopify "2.0") or an HTTP date. Returns
 * milliseconds, or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(parseFloat(trimmed) * 1000);
	const at = Date.parse(trimmed);
	if (Number.isNaN(at)) return undefined;
	return Math.max(0, at - now);
}
