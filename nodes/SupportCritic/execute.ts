import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, readCaseFile, readSection, writeSection, type CaseFile, type Review } from '../../engine/contracts';
import { review, reviewWithJudge, rulesForIntent } from '../../engine/verification';
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

function escalationReason(r: Review): string {
	const failed = r.checks.filter((c) => !c.passed && c.onFail !== 'info').map((c) => `${c.id}: ${c.reason}`);
	const limit = failed.length && r.checks.every((c) => c.passed || c.onFail !== 'escalate') ? ' (revision limit reached)' : '';
	return `Critic (${r.stage}) escalated${limit}: ${failed.join(' ') || 'no check passed'}`;
}

async function reviewItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: CriticSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	let support = readInput(item.json[CASE_FILE_KEY]);
	const input = { stage: s.stage, caseFile: support, rules: rulesForIntent(s.rules, support.intent?.category), maxRevisions: s.maxRevisions };
	const result = s.model ? await reviewWithJudge(input, s.model) : review(input);
	support = writeSection(support, 'review', result, LAYER);
	if (result.verdict === 'escalate') {
		support = { ...support, escalation: { reason: escalationReason(result), layer: LAYER, code: 'critic', at: new Date().toISOString() } };
	}
	support = appendTrace(support, timer.finish({ engine: s.model ? 'rules+judge' : 'rules', outcome: `${s.stage}:${result.verdict}`, contractErrors: [] }));
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
