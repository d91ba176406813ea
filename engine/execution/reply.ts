import type { EscalationRequest, RolloutMode, Ticket } from '../contracts';
import type { StepResult } from '../contracts/execution';
import { resolveZendeskTool } from './connectors/zendesk';
import { lockedRun } from './executor';
import { idempotencyKey, ledgerMarker } from './idempotency';
import { processKeyLock, type KeyLock } from './keyLock';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import type { Clock } from './runStep';
import type { Connectors, ToolContext } from './types';

/**
 * The customer-facing reply (or the suggested reply as an internal note) as a keyed, ledger-checked
 * write of ours, instead of a bare helpdesk node that posts again on every re-delivered webhook.
 *
 * The key is derived from the ticket and the customer message being answered, never from the reply
 * text (a model may word it differently on a re-run): every delivery of one customer message shares
 * one key, and the ticket's marker tag (written in the same Zendesk update, with safe_update) is the
 * ledger, re-read under the key's lock. A new customer message gets a new key, so a new reply.
 */
export type ReplyVisibility = 'public' | 'note';

export interface ReplyInput {
	ticket: Ticket;
	body: string;
	/** The body is HTML already (otherwise plain text becomes paragraphs). */
	html?: boolean;
	visibility: ReplyVisibility;
	/** The mode the executor ran the plan in (support.execution.mode): a public reply needs auto. */
	mode: RolloutMode | undefined;
	connectors: Connectors;
}

export interface ReplyResult {
	step: StepResult;
	escalation?: Omit<EscalationRequest, 'at'>;
}

const TOOL: Record<ReplyVisibility, string> = { public: 'zendesk.publicReply', note: 'zendesk.addInternalNote' };

export function replyKey(ticket: Ticket, visibility: ReplyVisibility): string {
	return idempotencyKey(ticket.id, `reply:${visibility}`, TOOL[visibility], { message: ticket.message });
}

export async function sendReply(input: ReplyInput, options: { retry?: Partial<RetryPolicy>; lock?: KeyLock; clock?: Clock } = {}): Promise<ReplyResult> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const clock: Clock = options.clock ?? { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random };
	const tool = TOOL[input.visibility];
	const key = replyKey(input.ticket, input.visibility);
	const step: StepResult = { stepId: `reply:${input.visibility}`, tool, status: 'not_run', idempotencyKey: key, attempts: 0, externalIds: {} };
	const refuse = (why: string, field: string): ReplyResult => {
		Object.assign(step, { status: 'refused', error: why });
		return { step, escalation: { code: 'execution', layer: 'toolExecutor', reason: `Support Action Executor (send reply): ${why}`, field } };
	};
	if (input.visibility === 'public' && input.mode !== 'auto') {
		return refuse(`a public reply is sent only for a plan run in auto mode; this one ran in ${input.mode ?? 'no mode (no execution section)'}`, 'support.execution.mode');
	}
	if (!input.body.trim()) return refuse('the reply body is empty', 'Reply Body');
	const zendesk = input.connectors.zendesk;
	if (!zendesk) return refuse('the Zendesk connector is not configured (Use Zendesk and a Zendesk credential)', 'Use Zendesk');
	const resolved = resolveZendeskTool(tool, { body: input.body, ...(input.html ? { html: true } : {}) }, input.ticket, zendesk.client);
	if (!resolved || resolved.argProblem) return refuse(`${tool} ${resolved?.argProblem ?? 'is unknown'}`, 'support.ticket.id');
	const ctx: ToolContext = { ticket: input.ticket, key, marker: ledgerMarker(key), timeoutMs: policy.timeoutMs };
	const run = await lockedRun(options.lock ?? processKeyLock, resolved, ctx, policy, clock);
	Object.assign(step, { status: run.status, attempts: run.attempts, responseSummary: run.summary, externalIds: run.externalIds ?? {}, error: run.error });
	if (run.status === 'failed') {
		return {
			step,
			escalation: {
				code: 'execution',
				layer: 'toolExecutor',
				reason: `Support Action Executor (send reply): ${tool} failed: ${run.error}.${run.unknownOutcome ? ' Check the ticket before replying by hand: the reply may have been posted.' : ''}`,
				field: 'support.ticket.id',
			},
		};
	}
	return { step };
}
