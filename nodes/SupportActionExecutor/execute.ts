import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, readCaseFile, readSection, writeSection, type CaseFile, type Execution, type Plan, type Review, type Ticket } from '../../engine/contracts';
import { executePlan, keyLockFromEnv, sendReply, type Connectors, type ReplyVisibility } from '../../engine/execution';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { buildConnectors, type Wiring } from './connectors';
import { effectiveMode, readExecutorSettings, scopeForIntent, type ExecutorSettings } from './settings';

const LAYER = 'toolExecutor' as const;
const DONE = 0;
const ESCALATE = 1;
/** Only these let the item continue as handled; everything else needs a person. */
const DONE_OUTCOMES = new Set<Execution['outcome']>(['completed', 'dry_run']);

interface Input {
	caseFile: CaseFile;
	ticket: Ticket;
	plan: Plan;
	review?: Review;
}

/**
 * The sections the executor needs, validated. The review is optional here: without one no write may
 * run (the engine refuses and the item escalates as "not approved"), but a read-only plan still can.
 */
function readInput(support: unknown): Input {
	const caseFile = readCaseFile(support, LAYER);
	const ticket = readSection(support, 'ticket', LAYER);
	const intent = readSection(support, 'intent', LAYER);
	const plan = readSection(support, 'plan', LAYER);
	const review = caseFile.review !== undefined ? readSection(support, 'review', LAYER) : undefined;
	return { caseFile: { ...caseFile, ticket, intent, plan, ...(review ? { review } : {}) }, ticket, plan, review };
}

async function executeItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: ExecutorSettings, wiring: Wiring) {
	const timer = startTrace(LAYER, ctx.getNode());
	const input = readInput(item.json[CASE_FILE_KEY]);
	const mode = effectiveMode(input.caseFile.intent!.rolloutMode, s.mode);
	const { wired } = wiring;
	const connectors: Connectors = mode === 'shadow' ? { ...wiring.previewOnly, ...wiring.connectors } : wiring.connectors;
	const result = await executePlan(
		{ plan: input.plan, review: input.review, ticket: input.ticket, mode, scope: scopeForIntent(s.scopes, input.plan.intent), connectors },
		// Queue mode: the lock must hold across n8n's worker processes, so it lives in n8n's queue Redis.
		{ retry: s.retry, lock: keyLockFromEnv() },
	);
	let support = writeSection(input.caseFile, 'execution', result.execution, LAYER);
	const done = DONE_OUTCOMES.has(result.execution.outcome);
	if (!done) {
		// The engine sets an escalation for every outcome it does not call done; the fallback is for safety.
		const escalation = result.escalation ?? {
			reason: `Support Action Executor: plan ${input.plan.id} ended "${result.execution.outcome}"`,
			layer: LAYER,
			code: 'execution',
			at: new Date().toISOString(),
		};
		support = { ...support, escalation };
	}
	const engine = wired.length ? wired.join('+') : 'no connectors';
	support = appendTrace(support, timer.finish({ engine, outcome: `${mode}:${result.execution.outcome}`, contractErrors: wiring.unusable.map((p) => `connector not wired: ${p}`) }));
	return { output: done ? DONE : ESCALATE, item: withCaseFile(item, support, i) };
}

/**
 * Send Reply: one keyed write per item to the helpdesk the ticket came from (Zendesk or Help Scout).
 * The result goes to the trace (outcome `reply:succeeded`, `reply:already_done` when another
 * delivery of the same message posted it).
 */
async function replyItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: ExecutorSettings, wiring: Wiring) {
	const timer = startTrace(LAYER, ctx.getNode());
	const caseFile = readCaseFile(item.json[CASE_FILE_KEY], LAYER);
	const ticket = readSection(caseFile, 'ticket', LAYER);
	const visibility = ctx.getNodeParameter('replyAs', i, 'public') as ReplyVisibility;
	const body = String(ctx.getNodeParameter('replyBody', i, '') ?? '');
	const html = ctx.getNodeParameter('replyBodyIsHtml', i, false) as boolean;
	const result = await sendReply(
		{ ticket, body, html, visibility, mode: caseFile.execution?.mode, connectors: wiring.connectors },
		{ retry: s.retry, lock: keyLockFromEnv() },
	);
	let support: CaseFile = caseFile;
	if (result.escalation) support = { ...support, escalation: { ...result.escalation, at: new Date().toISOString() } };
	const engine = wiring.wired.length ? wiring.wired.join('+') : 'no connectors';
	support = appendTrace(support, timer.finish({ engine, outcome: `reply:${result.step.status}`, contractErrors: [] }));
	return { output: result.escalation ? ESCALATE : DONE, item: withCaseFile(item, support, i) };
}

/**
 * Executes every item's plan and sends it to Done or Escalate. Bad input stops the workflow with an
 * error naming the field and the node that should have written it, unless the node continues on
 * error: then the item goes to Escalate.
 */
export async function executeActionExecutor(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	let wiring: Wiring | undefined;
	const operation = this.getNodeParameter('operation', 0, 'runPlan') as string;
	try {
		return await routeItems(this, {
			layer: LAYER,
			outputCount: 2,
			escalateOutput: ESCALATE,
			readSettings: async () => {
				const settings = readExecutorSettings(this);
				wiring = await buildConnectors(this, settings.connectors, settings.retry.timeoutMs);
				return { settings, wiring };
			},
			handle: async (item, i, { settings, wiring: w }) =>
				operation === 'sendReply' ? await replyItem(this, item, i, settings, w) : await executeItem(this, item, i, settings, w),
		});
	} finally {
		// One MCP session serves every item of this execution; it ends with it.
		await wiring?.close();
	}
}
