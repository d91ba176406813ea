import type { IntentResult } from '../../contracts';

/**
 * What the model engine needs from a chat model: LangChain's `BaseChatModel.invoke`, duck-typed.
 * n8n hands us models built against its own copy of @langchain/core, so `instanceof` against ours
 * is false even though every call works; nothing here may depend on the class identity.
 */
export interface ChatModelLike {
	invoke(input: unknown, options?: { signal?: AbortSignal; timeout?: number }): Promise<unknown>;
}

export type ModelUrgency = IntentResult['urgency']['level'];
export type ModelSentiment = IntentResult['sentiment']['label'];

/**
 * - malformed: the answer was not the JSON object asked for (or failed the schema)
 * - undefined_intent: the answer named an intent the operator did not define
 * - rate_limited: the provider answered 429 (or said "rate limit")
 * - timeout: no answer within the per-attempt time limit
 * - error: anything else (authentication, 5xx, network, a broken model object)
 */
export type ModelFailureKind = 'malformed' | 'undefined_intent' | 'rate_limited' | 'timeout' | 'error';

/** One attempt that did not produce a usable answer, for the trace. */
export interface ModelAttemptProblem {
	attempt: number;
	kind: ModelFailureKind;
	error: string;
	/** How long we waited before the next attempt (0 when we retried at once or gave up). */
	waitedMs: number;
}

export interface ModelClassificationSuccess {
	ok: true;
	/** A defined intent name, or null when the model said no intent fits ("none"). */
	category: string | null;
	/** The model's own estimate; not calibrated like the built-in engine's. */
	confidence: number;
	urgency: ModelUrgency;
	sentiment: ModelSentiment;
	reason: string;
	attempts: number;
	problems: ModelAttemptProblem[];
}

export interface ModelClassificationFailure {
	ok: false;
	/** One sentence an operator can act on; the node sends the ticket to Human with it. */
	error: string;
	kind: ModelFailureKind;
	attempts: number;
	problems: ModelAttemptProblem[];
}

export type ModelClassification = ModelClassificationSuccess | ModelClassificationFailure;

export interface ClassifyWithModelOptions {
	/** Attempts in total, first one included. Default 2. */
	maxAttempts?: number;
	/** Limit per attempt, in ms; the model call is aborted when it passes. Default 30000. */
	timeoutMs?: number;
	/** Longest wait we accept before retrying a 429 or a 5xx. Default 20000. */
	maxRetryWaitMs?: number;
	/** Injected for tests; defaults to a timer. */
	sleep?: (ms: number) => Promise<void>;
	/** Cancels the whole classification (e.g. the n8n execution was stopped). */
	signal?: AbortSignal;
	/** Examples per intent shown to the model. Default 3. */
	examplesPerIntent?: number;
	/** Longer tickets are cut, so one huge e-mail cannot blow the context or the bill. Default 6000. */
	maxTicketChars?: number;
}

export interface TicketText {
	subject?: string;
	message: string;
}
