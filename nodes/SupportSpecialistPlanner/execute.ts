import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, readCaseFile, readSection, writeSection, type CaseFile } from '../../engine/contracts';
import { DEFAULT_PLAYBOOKS, planWithModel, planWithPlaybook, type PlannerOutcome } from '../../engine/planning';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { readPlannerSettings, scopeFor, type PlannerSettings } from './settings';
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

/** The model engine has no playbooks; it still names the specialist the built-in playbooks would. */
function specialistFor(intent: string): string {
	return DEFAULT_PLAYBOOKS.find((p) => p.intents.includes(intent))?.specialist ?? 'general';
}

async function plan(caseFile: CaseFile, s: PlannerSettings): Promise<PlannerOutcome> {
	const intent = caseFile.intent?.category;
	const scope = scopeFor(s, intent);
	if (s.engine === 'playbook') return planWithPlaybook(caseFile, { playbooks: s.playbooks, policy: s.policy, scope });
	if (!scope) {
		return { outcome: 'escalate', code: 'contract', reason: `No tool scope is configured for the intent "${intent}" (nor for "*"): the model may not plan without one.` };
	}
	return planWithModel(caseFile, { model: s.model!, scope, specialist: specialistFor(intent ?? 'general'), instructions: s.instructions, policy: s.policy });
}

async function planItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: PlannerSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	let support = readInput(item.json[CASE_FILE_KEY]);
	const outcome = await plan(support, s);
	if (outcome.plan) support = writeSection(support, 'plan', outcome.plan, LAYER);
	if (outcome.outcome === 'escalate') {
		support = { ...support, escalation: { reason: outcome.reason, layer: LAYER, code: outcome.code, at: new Date().toISOString() } };
	}
	const result = outcome.outcome === 'escalate' ? `escalated:${outcome.code}` : outcome.outcome;
	support = appendTrace(support, timer.finish({ engine: s.engine, outcome: result, contractErrors: [] }));
	return { output: outcome.outcome === 'escalate' ? ESCALATE : PLANNED, item: withCaseFile(item, support, i) };
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
