import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, readCaseFile, readSection, type CaseFile, type Review } from '../../engine/contracts';
import { runCritic } from '../../engine/verification';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { readCriticSettings, type CriticSettings } from './settings';

const LAYER = 'critic' as const;
const OUTPUT: Record<Review['verdict'], number> = { approve: 0, revise: 1, escalate: 2 };
const ESCALATE = OUTPUT.escalate;

/**
 * The sections the Critic reads, validated. The plan is what it reviews; ticket, intent and context
 * are what it reviews the plan against. An earlier review (revision count, history) and the
 * execution record (reply stage) are read when present.
 */
function readInput(support: unknown): CaseFile {
	const caseFile = readCaseFile(support, LAYER);
	const checked: CaseFile = {
		...caseFile,
		ticket: readSection(support, 'ticket', LAYER),
		intent: readSection(support, 'intent', LAYER),
		context: readSection(support, 'context', LAYER),
		plan: readSection(support, 'plan', LAYER),
	};
	if (caseFile.review !== undefined) checked.review = readSection(support, 'review', LAYER);
	if (caseFile.execution !== undefined) checked.execution = readSection(support, 'execution', LAYER);
	return checked;
}

/**
 * One item through the Critic layer (engine/verification/criticLayer.ts, the same function the
 * in-process pipeline runs). The output follows the verdict: a reply-stage revise leaves by Revise
 * (the templates wire it to the Packager) with the escalation already written.
 */
async function reviewItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: CriticSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	const result = await runCritic(readInput(item.json[CASE_FILE_KEY]), { stage: s.stage, rules: s.rules, maxRevisions: s.maxRevisions, judge: s.model, useIntentSettings: s.useIntentSettings, overrides: s.overrides });
	const support = appendTrace(result.caseFile, timer.finish({ engine: s.model ? 'rules+judge' : 'rules', outcome: `${s.stage}:${result.verdict}`, contractErrors: [] }));
	return { output: OUTPUT[result.verdict], item: withCaseFile(item, support, i) };
}

/**
 * Reviews every item and sends it to Approve, Revise or Escalate. Bad input stops the workflow with
 * an error naming the field, unless the node continues on error: then the item goes to Escalate.
 */
export async function executeCritic(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, {
		layer: LAYER,
		outputCount: 3,
		escalateOutput: ESCALATE,
		readSettings: async () => await readCriticSettings(this),
		handle: async (item, i, settings) => await reviewItem(this, item, i, settings),
	});
}
