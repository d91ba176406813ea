import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, readCaseFile, readSection, type CaseFile } from '../../engine/contracts';
import { keyLockFromEnv, runExecutor, sendReply, type ReplyVisibility } from '../../engine/execution';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { buildConnectors, type Wiring } from './connectors';
import { readExecutorSettings, type ExecutorSettings } from './settings';

const LAYER = 'toolExecutor' as const;
const DONE = 0;
const ESCALATE = 1;

/**
 * The sections the executor needs, validated. The review is optional here: without one no write may
 * run (the engine refuses and the item escalates as "not approved"), but a read-only plan still can.
 */
function readInput(support: unknown): CaseFile {
	const caseFile = readCaseFile(support, LAYER);
	const ticket = readSection(support, 'ticket', LAYER);
	const intent = readSection(support, 'intent', LAYER);
	const plan = readSection(support, 'plan', LAYER);
	const review = caseFile.review !== undefined ? readSection(support, 'review', LAYER) : undefined;
	return { ...caseFile, ticket, intent, plan, ...(review ? { review } : {}) };
}

/** One item through the Executor layer (engine/execution/executorLayer.ts, the same function the in-process pipeline runs). */
async function executeItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: ExecutorSettings, wiring: Wiring) {
	const timer = startTrace(LAYER, ctx.getNode());
	const result = await runExecutor(readInput(item.json[CASE_FILE_KEY]), {
		mode: s.mode,
		scopes: s.scopes,
		// Version 2 only: the scope the case file's intent carries, and the node's overrides.
		...(s.useIntentSettings ? { useIntentSettings: true } : {}),
		...(s.scopeOverrides ? { scopeOverrides: s.scopeOverrides } : {}),
		retry: s.retry,
		connectors: wiring.connectors,
		previewOnly: wiring.previewOnly,
		// Queue mode: the lock must hold across n8n's worker processes, so it lives in n8n's queue Redis.
		lock: keyLockFromEnv(),
	});
	const engine = wiring.wired.length ? wiring.wired.join('+') : 'no connectors';
	const support = appendTrace(result.caseFile, timer.finish({ engine, outcome: `${result.mode}:${result.outcome}`, contractErrors: wiring.unusable.map((p) => `connector not wired: ${p}`) }));
	return { output: result.done ? DONE : ESCALATE, item: withCaseFile(item, support, i) };
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
