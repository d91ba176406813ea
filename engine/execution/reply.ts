import type { EscalationRequest, RolloutMode, Ticket } from '../contracts';
import type { StepResult } from '../contracts/execution';
import type { HttpClient } from './http';
import { HELPSCOUT_TOOLS, resolveHelpScoutTool } from './connectors/helpScout';
import { resolveZendeskTool } from './connectors/zendesk';
import { lockedRun } from './executor';
import { idempotencyKey, ledgerMarker } from './idempotency';
import { processKeyLock, type KeyLock } from './keyLock';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import type { Clock } from './runStep';
import type { Connectors, ResolvedTool, ToolContext } from './types';

/**
 * The customer-facing reply (or the suggested reply as an internal note) as a keyed, ledger-checked
 * write of ours, instead of a bare helpdesk node that posts again on every re-delivered webhook.
 *
 * The key is derived from the ticket and the customer message being answered, never from the reply
 * text (a model may word it differently on a re-run): every delivery of one customer message shares
 * one key, and the ledger is re-read under the key's lock. A new customer message gets a new key, so
 * a new reply. The reply goes to the helpdesk the ticket came from (`support.ticket.source`):
 * - Zendesk: the ticket's marker tag, written in the same update as the comment, with safe_update;
 * - Help Scout: the conversation's marker tag, written after the thread, and the thread itself for
 *   the window between the two (connectors/helpScout.ts).
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

/** Where Send Reply can post, by ticket source: the tool names (part of the key) and the connector. */
const TARGETS = {
	zendesk: {
		label: 'Zendesk',
		field: 'Use Zendesk',
		tools: { public: 'zendesk.publicReply', note: 'zendesk.addInternalNote' },
		client: (c: Connectors) => c.zendesk?.client,
		resolve: resolveZendeskTool,
	},
	helpscout: {
		label: 'Help Scout',
		field: 'Use Help Scout',
		tools: HELPSCOUT_TOOLS,
		client: (c: Connectors) => c.helpScout?.client,
		resolve: resolveHelpScoutTool,
	},
} satisfies Record<string, {
	label: string;
	field: string;
	tools: Record<ReplyVisibility, string>;
	client: (c: Connectors) => HttpClient | undefined;
	resolve: (name: string, args: Record<string, unknown>, ticket: Ticket, client: HttpClient) => ResolvedTool | undefined;
}>;
type TargetName = keyof typeof TARGETS;

function targetOf(ticket: Ticket): TargetName | undefined {
	return ticket.source in TARGETS ? (ticket.source as TargetName) : undefined;
}

/** Zendesk keys stay what they were before Help Scout was added: ledgers already written keep matching. */
export function replyKey(ticket: Ticket, visibility: ReplyVisibility): string {
	const tool = TARGETS[targetOf(ticket) ?? 'zendesk'].tools[visibility];
	return idempotencyKey(ticket.id, `reply:${visibility}`, tool, { message: ticket.message });
}

export async function sendReply(input: ReplyInput, options: { retry?: Partial<RetryPolicy>; lock?: KeyLock; clock?: Clock } = {}): Promise<ReplyResult> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const clock: Clock = options.clock ?? { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random };
	const target = targetOf(input.ticket);
	const tool = TARGETS[target ?? 'zendesk'].tools[input.visibility];
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
	if (!target) return refuse(`Send Reply posts to Zendesk tickets and Help Scout conversations; this ticket came from ${input.ticket.source}`, 'support.ticket.source');
	const { label, field, resolve, client } = TARGETS[target];
	const connector = client(input.connectors);
	if (!connector) return refuse(`the ${label} connector is not configured (${field} and a ${label} credential)`, field);
	const resolved = resolve(tool, { body: input.body, ...(input.html ? { html: true } : {}) }, input.ticket, connector);
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
				reason: `Support Action Executor (send reply): ${tool} failed: ${run.error}.${run.unknownOutcome ? ' Check the ticket or conversation before replying by hand: the reply may have been posted.' : ''}`,
				field: 'support.ticket.id',
			},
		};
	}
	return { step };
}
