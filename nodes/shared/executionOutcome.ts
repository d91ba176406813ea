import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { CASE_FILE_KEY, type CaseFile } from '../../engine/contracts';
import { caseOutcome, type CaseOutcome } from '../../engine/escalation';

/** n8n's limits for execution custom data (WorkflowExecuteAdditionalData.setCustomData): 255 characters a value. */
const MAX_VALUE = 255;

/** The execution custom data keys, as the Executions list shows and filters them. */
const KEYS: Array<[keyof CaseOutcome, string]> = [
	['ticketId', 'ticket'],
	['intent', 'intent'],
	['route', 'route'],
	['verdict', 'verdict'],
	['escalation', 'escalation'],
	['mode', 'mode'],
];

/**
 * Records where the cases of this run stand as execution custom data, so the Executions list can
 * show and filter handled, escalated and dropped tickets instead of a column of "Succeeded". Every
 * node of ours records it; the last one to run wins, which is where the case ended. Several items
 * in one run: their distinct values, comma-separated. Never secret: ids, intent names, codes.
 */
export function recordExecutionOutcome(ctx: IExecuteFunctions, outputs: INodeExecutionData[][]): void {
	const customData = (ctx as Partial<IExecuteFunctions>).customData;
	if (!customData) return;
	const outcomes = outputs.flat().map((item) => caseOutcome((item.json[CASE_FILE_KEY] ?? { v: 1, trace: [] }) as CaseFile));
	if (!outcomes.length) return;
	const values: Record<string, string> = {};
	for (const [field, key] of KEYS) {
		const distinct = [...new Set(outcomes.map((o) => o[field]).filter((v): v is string => !!v))];
		if (distinct.length) values[key] = distinct.join(', ').slice(0, MAX_VALUE);
	}
	customData.setAll(values);
}

/** At most this many distinct warnings per node run: enough to see the problem, not a wall. */
const MAX_HINTS = 5;

/**
 * Configuration problems this node noted in its own trace entries (a credential that is not
 * selected or does not exist, a connector left unwired), raised as n8n execution hints: a warning
 * on the node in the editor and in the execution, not only deep inside `support.trace`.
 */
export function traceWarnings(ctx: IExecuteFunctions, outputs: INodeExecutionData[][]): string[] {
	const nodeName = ctx.getNode().name;
	const found = new Set<string>();
	for (const item of outputs.flat()) {
		const trace = ((item.json[CASE_FILE_KEY] ?? {}) as Partial<CaseFile>).trace ?? [];
		const own = [...trace].reverse().find((t) => t.node === nodeName);
		own?.contractErrors.forEach((e) => found.add(e));
	}
	return [...found];
}

/** Adds the warnings as execution hints (n8n 2.x `addExecutionHints`), deduplicated and capped. */
export function raiseWarnings(ctx: IExecuteFunctions, warnings: string[]): void {
	const add = (ctx as Partial<IExecuteFunctions>).addExecutionHints;
	const distinct = [...new Set(warnings)];
	if (!add || !distinct.length) return;
	const shown = distinct.slice(0, MAX_HINTS);
	if (distinct.length > MAX_HINTS) shown.push(`... and ${distinct.length - MAX_HINTS} more (see support.trace)`);
	add.call(ctx, ...shown.map((message) => ({ message, type: 'warning' as const, location: 'outputPane' as const })));
}
