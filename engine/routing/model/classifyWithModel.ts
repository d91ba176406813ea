import type { IntentDefinition } from '../types';
import { extractRawAnswer, parseModelAnswer } from './answerSchema';
import { classifyModelError, ModelTimeoutError } from './modelErrors';
import { buildMessages } from './prompt';
import type {
	ChatModelLike,
	ClassifyWithModelOptions,
	ModelAttemptProblem,
	ModelClassification,
	ModelFailureKind,
	TicketText,
} from './types';

export const MODEL_DEFAULTS = {
	maxAttempts: 2,
	timeoutMs: 30_000,
	maxRetryWaitMs: 20_000,
} as const;

/** Wait before retrying a 429/5xx/timeout when the provider did not say how long: 1 s, 2 s, 4 s... */
const BASE_BACKOFF_MS = 1000;

class Cancelled extends Error {}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One model call with a hard time limit. The limit is our own timer, not only the signal we pass
 * down: a model object that ignores the signal (or retries internally, as n8n's OpenAI node does
 * with its own Max Retries) still cannot hold the ticket longer than `timeoutMs`.
 */
async function invokeWithTimeout(model: ChatModelLike, input: unknown, timeoutMs: number, outer?: AbortSignal): Promise<unknown> {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	let onOuterAbort: (() => void) | undefined;
	const stopped = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const error = new ModelTimeoutError(timeoutMs);
			controller.abort(error);
			reject(error);
		}, timeoutMs);
		onOuterAbort = () => {
			controller.abort(new Cancelled('cancelled'));
			reject(new Cancelled('cancelled'));
		};
		outer?.addEventListener('abort', onOuterAbort, { once: true });
	});
	const call = Promise.resolve().then(() => model.invoke(input, { signal: controller.signal }));
	// Whichever loses the race must not surface later as an unhandled rejection.
	call.catch(() => undefined);
	stopped.catch(() => undefined);
	try {
		return await Promise.race([call, stopped]);
	} finally {
		clearTimeout(timer);
		if (onOuterAbort) outer?.removeEventListener('abort', onOuterAbort);
	}
}

function describeKind(kind: ModelFailureKind): string {
	switch (kind) {
		case 'malformed':
			return 'did not return the JSON answer asked for';
		case 'undefined_intent':
			return 'chose an intent that is not defined';
		case 'rate_limited':
			return 'was rate limited by the provider';
		case 'timeout':
			return 'timed out';
		default:
			return 'failed';
	}
}

/**
 * Classifies a ticket with a chat model into one of the defined intents (or none), with urgency,
 * sentiment and a short reason, validated against a schema built from the intents.
 *
 * Bounded: at most `maxAttempts` calls, each cut at `timeoutMs`, and between calls at most
 * `maxRetryWaitMs` of waiting; a provider asking for a longer Retry-After ends it at once. The worst
 * case is therefore maxAttempts x timeoutMs + (maxAttempts - 1) x maxRetryWaitMs. It never throws
 * for a model problem: it returns a failure with a reason the node puts on the Human route.
 */
export async function classifyWithModel(
	model: ChatModelLike,
	intents: IntentDefinition[],
	ticket: TicketText,
	opts: ClassifyWithModelOptions = {},
): Promise<ModelClassification> {
	const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? MODEL_DEFAULTS.maxAttempts));
	const timeoutMs = Math.max(1, opts.timeoutMs ?? MODEL_DEFAULTS.timeoutMs);
	const maxWait = Math.max(0, opts.maxRetryWaitMs ?? MODEL_DEFAULTS.maxRetryWaitMs);
	const sleep = opts.sleep ?? defaultSleep;
	const problems: ModelAttemptProblem[] = [];
	let previous: { answer: string; problem: string } | undefined;

	const fail = (kind: ModelFailureKind, detail: string, attempts: number): ModelClassification => ({
		ok: false,
		kind,
		attempts,
		problems,
		error: `Model ${describeKind(kind)} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${detail}`,
	});

	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		if (opts.signal?.aborted) return fail('error', 'the classification was cancelled', attempt - 1);
		const messages = buildMessages(intents, ticket, {
			examplesPerIntent: opts.examplesPerIntent,
			maxTicketChars: opts.maxTicketChars,
			previous,
		});
		const last = attempt === maxAttempts;
		let result: unknown;
		try {
			result = await invokeWithTimeout(model, messages, timeoutMs, opts.signal);
		} catch (error) {
			if (error instanceof Cancelled) return fail('error', 'the classification was cancelled', attempt);
			const e = classifyModelError(error);
			const problem: ModelAttemptProblem = { attempt, kind: e.kind, error: e.message, waitedMs: 0 };
			problems.push(problem);
			if (!e.retryable || last) return fail(e.kind, e.message, attempt);
			const wait = e.retryAfterMs ?? BASE_BACKOFF_MS * 2 ** (attempt - 1);
			if (e.retryAfterMs !== undefined && e.retryAfterMs > maxWait) {
				return fail(e.kind, `${e.message} (the provider asked to wait ${Math.ceil(e.retryAfterMs / 1000)} s, longer than the ${Math.ceil(maxWait / 1000)} s limit)`, attempt);
			}
			problem.waitedMs = Math.min(wait, maxWait);
			if (problem.waitedMs > 0) await sleep(problem.waitedMs);
			// A transport problem says nothing about the answer: the next attempt asks afresh.
			previous = undefined;
			continue;
		}
		const raw = extractRawAnswer(result);
		const answer = parseModelAnswer(raw, intents);
		if (answer.ok) {
			return {
				ok: true,
				category: answer.category,
				confidence: answer.confidence,
				urgency: answer.urgency,
				sentiment: answer.sentiment,
				reason: answer.reason,
				attempts: attempt,
				problems,
			};
		}
		problems.push({ attempt, kind: answer.kind, error: answer.error, waitedMs: 0 });
		if (last) return fail(answer.kind, answer.error, attempt);
		previous = { answer: 'text' in raw ? raw.text : JSON.stringify(raw.value), problem: answer.error };
	}
	// Unreachable: the loop returns on its last attempt.
	return fail('error', 'no attempt was made', 0);
}
