import type { EscalationRequest, Execution, Plan, PlanStep, Review, RolloutMode, Ticket } from '../contracts';
import type { StepResult } from '../contracts/execution';
import { planApproval } from './approval';
import { resolveTool } from './catalogue';
import { idempotencyKey, ledgerMarker } from './idempotency';
import { processKeyLock, type KeyLock } from './keyLock';
import { redactBody } from './redact';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { runStep, type Clock, type StepRun } from './runStep';
import { StepError } from './stepError';
import { scopeViolation } from './scope';
import type { Connectors, IntentScope, ResolvedTool, ToolCallSpec, ToolContext, WouldBeRequest } from './types';

export interface ExecuteInput {
	plan: Plan;
	/** The case file's review section: writes need its latest plan-stage verdict to approve this plan. */
	review: Review | undefined;
	ticket: Ticket;
	mode: RolloutMode;
	/** The scope of the plan's intent. */
	scope: IntentScope;
	connectors: Connectors;
}

export interface ExecuteOptions {
	retry?: Partial<RetryPolicy>;
	/** Injected for tests and benchmarks; defaults are the real clock, setTimeout and Math.random. */
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	/**
	 * Held per idempotency key while a write checks its ledger and writes, so that two runs of one
	 * ticket (a re-delivered webhook, two workers) never both write, nor both record the write as
	 * their own. Defaults to a lock in this process; n8n in queue mode passes the Redis one.
	 */
	lock?: KeyLock;
}

export interface ExecuteResult {
	execution: Execution;
	/** Set when a person must take over: the node writes it to `support.escalation`. */
	escalation?: EscalationRequest;
	/** What dry-run steps would have sent (also summarised in each step's responseSummary). */
	wouldSend: Array<{ stepId: string } & WouldBeRequest>;
}

interface Prepared {
	step: PlanStep;
	ctx: ToolContext;
	tool?: ResolvedTool;
	refusal?: string;
	refusalCode?: 'scope' | 'not_approved';
	/** The tool's own undo for the write it just did (e.g. restore ticket fields). */
	ownCompensation?: ToolCallSpec;
}

/**
 * One write step under its key's lock: the ledger is re-read (runStep does that before each attempt)
 * while no other run of this ticket can write. Waits at most as long as a holder may take.
 */
export async function lockedRun(lock: KeyLock, tool: ResolvedTool, ctx: ToolContext, policy: RetryPolicy, clock: Clock): Promise<StepRun> {
	if (tool.access !== 'write') return await runStep(tool, ctx, policy, clock);
	const holds = policy.stepBudgetMs + policy.timeoutMs;
	// A live holder releases within `holds`; one that died (a queue worker killed mid-write) keeps the
	// lock until its expiry. Waiting a little longer than the expiry lets a re-delivery that arrives
	// right after the crash take over and find the write by its key, instead of giving up.
	const ttlMs = holds + 30_000;
	try {
		return await lock.withLock(ctx.key, async () => await runStep(tool, ctx, policy, clock), { ttlMs, waitMs: ttlMs + 5_000 });
	} catch (error) {
		// Only the lock throws here (runStep does not): nothing was sent.
		const why = error instanceof StepError ? error.message : `write lock (${lock.scope}) unavailable: ${error instanceof Error ? error.message : 'error'}; nothing was sent`;
		return { status: 'failed', attempts: 0, error: `${tool.name}: ${why}` };
	}
}

function describeRequest(req: WouldBeRequest): string {
	const body = req.body === undefined ? '' : ` ${JSON.stringify(redactBody(req.body))}`;
	return `would send ${req.method} ${req.path}${body}`;
}

function prepare(input: ExecuteInput, policy: RetryPolicy): Prepared[] {
	const approval = planApproval(input.review, input.plan.id);
	let writes = 0;
	return input.plan.steps.map((step) => {
		const args = step.args ?? {};
		const key = idempotencyKey(input.ticket.id, step.id, step.tool, args);
		const ctx: ToolContext = { ticket: input.ticket, key, marker: ledgerMarker(key), timeoutMs: policy.timeoutMs };
		const resolved = resolveTool(step.tool, args, input.ticket, input.connectors);
		if (!resolved.ok) return { step, ctx, refusal: resolved.problem, refusalCode: 'scope' };
		const tool = resolved.tool;
		const outOfScope = (tool.argProblem ? `${tool.name} ${tool.argProblem}` : undefined) ?? scopeViolation(tool, step.access, input.scope, writes, input.plan.intent);
		const unapproved = tool.access === 'write' && !approval.approved ? `${tool.name} writes, and ${approval.reason}` : undefined;
		if (tool.access === 'write') writes++;
		if (outOfScope) return { step, ctx, tool, refusal: outOfScope, refusalCode: 'scope' };
		return { step, ctx, tool, refusal: unapproved, refusalCode: unapproved ? 'not_approved' : undefined };
	});
}

function base(p: Prepared): StepResult {
	return {
		stepId: p.step.id,
		tool: p.step.tool,
		status: 'not_run',
		idempotencyKey: p.tool?.access === 'write' ? p.ctx.key : undefined,
		attempts: 0,
		externalIds: {},
	};
}

/**
 * Runs an approved plan within the intent's scope and rollout mode, and records every step. API
 * failures never throw: they end up in the returned execution section, with an escalation when a
 * person must look. Only programming errors (a bug here) throw.
 */
export async function executePlan(input: ExecuteInput, options: ExecuteOptions = {}): Promise<ExecuteResult> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const clock: Clock = {
		now: options.now ?? (() => Date.now()),
		sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
		random: options.random ?? Math.random,
	};
	const startedAt = new Date(clock.now()).toISOString();
	const { plan, mode } = input;
	const prepared = prepare(input, policy);
	const lock = options.lock ?? processKeyLock;
	const steps = prepared.map(base);
	const compensations: StepResult[] = [];
	const wouldSend: ExecuteResult['wouldSend'] = [];
	const finish = (outcome: Execution['outcome'], escalation?: Omit<EscalationRequest, 'layer' | 'at'>): ExecuteResult => {
		const finishedAt = new Date(clock.now()).toISOString();
		return {
			execution: {
				planId: plan.id,
				mode,
				dryRun: mode === 'shadow' || steps.some((s) => s.status === 'dry_run'),
				outcome,
				steps,
				compensations,
				startedAt,
				finishedAt,
			},
			escalation: escalation ? { ...escalation, layer: 'toolExecutor', at: finishedAt } : undefined,
			wouldSend,
		};
	};

	// Any refusal refuses the whole plan before anything is sent: half of a plan is not a plan.
	const refused = prepared.filter((p) => p.refusal);
	if (refused.length > 0) {
		prepared.forEach((p, i) => {
			if (p.refusal) Object.assign(steps[i], { status: 'refused', error: p.refusal });
		});
		return finish('refused', {
			code: refused.every((p) => p.refusalCode === 'not_approved') ? 'not_approved' : 'scope',
			reason: `Support Action Executor refused plan ${plan.id}: ${refused.map((p) => `step ${p.step.id}: ${p.refusal}`).join('; ')}`,
			field: `support.plan.steps[${prepared.indexOf(refused[0])}]`,
		});
	}

	for (let i = 0; i < prepared.length; i++) {
		const p = prepared[i];
		const tool = p.tool as ResolvedTool;
		const dry = mode === 'shadow' || (mode === 'suggest' && tool.access === 'write' && !tool.internalNote);
		if (dry) {
			const req = tool.preview(p.ctx);
			wouldSend.push({ stepId: p.step.id, ...req, body: req.body === undefined ? undefined : redactBody(req.body) });
			Object.assign(steps[i], { status: 'dry_run', responseSummary: describeRequest(req) });
			continue;
		}
		const run = await lockedRun(lock, tool, p.ctx, policy, clock);
		Object.assign(steps[i], {
			status: run.status,
			attempts: run.attempts,
			responseSummary: run.summary,
			externalIds: run.externalIds ?? {},
			error: run.error,
		});
		if (run.status !== 'failed') {
			p.ownCompensation = run.outcome?.compensation;
			continue;
		}
		await reconcileUnreached(prepared, steps, i + 1, mode, policy, clock);
		await compensate(input, prepared, steps, compensations, policy, clock, lock);
		const inEffectBy = (status: string) => steps.filter((s, k) => s.status === status && prepared[k].tool?.access === 'write');
		const mine = inEffectBy('succeeded');
		const others = inEffectBy('already_done');
		// A write that may have landed is never reported as 'failed': a person reading 'failed' might
		// redo by hand a refund that in fact went through.
		const outcome = mine.length + others.length > 0 || run.unknownOutcome ? 'partial' : 'failed';
		const list = (ss: StepResult[]) => ss.map((s) => `${s.stepId} (${s.tool})`).join(', ');
		const inEffect =
			mine.length + others.length === 0
				? 'No completed write of this plan remains in effect.'
				: [mine.length ? `Done by this run and not undone: ${list(mine)}.` : '', others.length ? `Done by another run of this ticket, left as it is: ${list(others)}.` : ''].filter(Boolean).join(' ');
		return finish(outcome, {
			code: 'execution',
			reason: `Support Action Executor: step ${p.step.id} (${p.step.tool}) failed: ${run.error}. ${inEffect}${
				run.unknownOutcome ? ` Check in the target system whether step ${p.step.id} was applied before repeating it.` : ''
			} Later steps were not run.`,
			field: `support.execution.steps[${i}]`,
		});
	}
	const anyDry = steps.some((s) => s.status === 'dry_run');
	return finish(anyDry ? 'dry_run' : 'completed');
}

/**
 * After a failure, looks (read-only) at the writes this run never reached: an earlier run that
 * crashed may have done them, and the record must say so rather than 'not_run'.
 */
async function reconcileUnreached(prepared: Prepared[], steps: StepResult[], from: number, mode: RolloutMode, policy: RetryPolicy, clock: Clock): Promise<void> {
	for (let k = from; k < prepared.length; k++) {
		const { tool, ctx } = prepared[k];
		const probe = tool?.probe ?? tool?.checkLedger;
		if (!tool || tool.access !== 'write' || !probe) continue;
		if (mode === 'shadow' || (mode === 'suggest' && !tool.internalNote)) continue;
		const asRead: ResolvedTool = {
			name: tool.name,
			access: 'read',
			idempotency: 'natural',
			preview: tool.preview,
			async perform(c) {
				const state = await probe.call(tool, c);
				return state.done ? { summary: `found done by another run of this ticket: ${state.summary}`, externalIds: state.externalIds, replayed: true } : { summary: '' };
			},
		};
		const run = await runStep(asRead, ctx, policy, clock);
		if (run.status === 'failed') steps[k].error = `not run; could not check whether an earlier run did it: ${run.error}`;
		else if (run.outcome?.replayed) Object.assign(steps[k], { status: 'already_done', responseSummary: run.summary, externalIds: run.externalIds ?? {} });
	}
}

/**
 * Undoes this run's completed writes, newest first, with the plan's declared compensation or the
 * tool's own. Writes another run of the ticket did (already_done) are left alone: that run may be
 * completing at this moment, and undoing its work under it would be worse than a person's look.
 */
async function compensate(
	input: ExecuteInput,
	prepared: Prepared[],
	steps: StepResult[],
	out: StepResult[],
	policy: RetryPolicy,
	clock: Clock,
	lock: KeyLock,
): Promise<void> {
	for (let i = prepared.length - 1; i >= 0; i--) {
		const p = prepared[i];
		if (p.tool?.access !== 'write' || steps[i].status !== 'succeeded') continue;
		const call: ToolCallSpec | undefined = p.step.compensation
			? { tool: p.step.compensation.tool, args: p.step.compensation.args ?? {} }
			: p.ownCompensation;
		if (!call) continue;
		const stepId = `${p.step.id}#compensation`;
		const key = idempotencyKey(input.ticket.id, stepId, call.tool, call.args);
		const result: StepResult = { stepId, tool: call.tool, status: 'not_run', idempotencyKey: key, attempts: 0, externalIds: {} };
		out.push(result);
		const resolved = resolveTool(call.tool, call.args, input.ticket, input.connectors);
		// A compensation is still a write: it gets the same scope check, minus the write count it restores.
		const refusal = !resolved.ok
			? resolved.problem
			: (resolved.tool.argProblem ? `${call.tool} ${resolved.tool.argProblem}` : undefined) ??
				scopeViolation(resolved.tool, 'write', { ...input.scope, maxWritesPerTicket: undefined }, 0, input.plan.intent);
		if (refusal || !resolved.ok) {
			Object.assign(result, { status: 'refused', error: refusal });
			continue;
		}
		const ctx: ToolContext = { ticket: input.ticket, key, marker: ledgerMarker(key), timeoutMs: policy.timeoutMs };
		const run = await lockedRun(lock, resolved.tool, ctx, policy, clock);
		Object.assign(result, { status: run.status, attempts: run.attempts, responseSummary: run.summary, externalIds: run.externalIds ?? {}, error: run.error });
		if (run.status !== 'failed') steps[i].status = 'compensated';
	}
}
