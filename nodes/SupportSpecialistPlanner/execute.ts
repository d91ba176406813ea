import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, readCaseFile, readSection, type CaseFile } from '../../engine/contracts';
import { runPlanner } from '../../engine/planning';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { readPlannerSettings, type PlannerSettings } from './settings';
import { plannerWarnings } from './warnings';

const LAYER = 'specialistPlanner' as const;
const PLANNED = 0;
const ESCALATE = 1;

/**
 * The sections the planner reads, each validated: a missing or broken one is a ContractError that
 * names the field and the layer that should have written it. The review is optional (it exists
 * only when the Critic sent the case back for a revision).
 */
function readInput(support: unknown): CaseFile {
	const caseFile = readCaseFile(support, LAYER);
	const ticket = readSection(support, 'ticket', LAYER);
	const intent = readSection(support, 'intent', LAYER);
	const context = readSection(support, 'context', LAYER);
	const checked: CaseFile = { ...caseFile, ticket, intent, context };
	if (caseFile.plan !== undefined) checked.plan = readSection(support, 'plan', LAYER);
	if (caseFile.review !== undefined) checked.review = readSection(support, 'review', LAYER);
	return checked;
}

/** One item through the Planner layer (engine/planning/plannerLayer.ts, the same function the in-process pipeline runs). */
async function planItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: PlannerSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	const result = await runPlanner(readInput(item.json[CASE_FILE_KEY]), s);
	const support = appendTrace(result.caseFile, timer.finish({ engine: s.engine, outcome: result.traceOutcome, contractErrors: [] }));
	return { output: result.outcome === 'escalate' ? ESCALATE : PLANNED, item: withCaseFile(item, support, i) };
}

/**
 * Plans every item: plans and clarifying questions go to Planned, the rest to Escalate with the
 * reason. Bad input stops the workflow with an error naming the field, unless the node continues on
 * error: then the item goes to Escalate with that reason, so no ticket is lost.
 */
export async function executeSpecialistPlanner(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, {
		layer: LAYER,
		outputCount: 2,
		escalateOutput: ESCALATE,
		readSettings: async () => await readPlannerSettings(this),
		handle: async (item, i, settings) => await planItem(this, item, i, settings),
		warnings: (outputs, settings) => plannerWarnings(outputs, settings.scopes),
	});
}
