import { type IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';
import { attempt, compileCondition, type ChatModelLike } from '../../engine/planning';
import { DEFAULT_CRITIC_RULES, type CriticRules } from '../../engine/verification';
import { isChatModel, modelInput } from '../shared/chatModel';
import { paramError, schemaParameter } from '../shared/jsonParameter';

export interface CriticSettings {
	stage: 'plan' | 'reply';
	rules: Record<string, CriticRules>;
	/** Version 2: scope, windows and switched-off checks from the case file's intent settings; advanced overrides. */
	useIntentSettings?: boolean;
	overrides?: Record<string, CriticRules>;
	maxRevisions: number;
	/** The judge, when a chat model is connected. */
	model?: ChatModelLike;
}

/** Checks the shape of what operators type most often; the engine treats every field as optional. */
const RulesByIntent = z.record(
	z.string(),
	z.looseObject({
		scope: z
			.looseObject({
				allowedTools: z.array(z.string()),
				writeTools: z.array(z.string()).optional(),
				amountCaps: z.array(z.object({ currency: z.string().min(3), max: z.number().min(0) })).optional(),
			})
			.optional(),
		windows: z.array(z.looseObject({ date: z.string().min(1), maxDays: z.number().min(0) })).optional(),
		conditions: z.array(z.looseObject({ id: z.string().min(1), when: z.string().min(1), reason: z.string().min(1), onFail: z.enum(['revise', 'escalate', 'info']).optional() })).optional(),
		disabled: z.array(z.string()).optional(),
	}),
);

function readRules(ctx: IExecuteFunctions, name = 'rules', label = 'Rules per Intent'): Record<string, CriticRules> {
	const rules = schemaParameter(ctx, name, label, RulesByIntent, undefined);
	if (rules === undefined) return DEFAULT_CRITIC_RULES;
	// A typo in a condition should stop the node at once, not escalate every ticket as a "broken rule".
	for (const [intent, byIntent] of Object.entries(rules)) {
		for (const [i, c] of (byIntent.conditions ?? []).entries()) {
			const compiled = attempt(() => compileCondition(c.when));
			if (!compiled.ok) throw paramError(ctx, label, `${intent}.conditions.${i} ("${c.id}"): ${(compiled.error as Error).message}`);
		}
	}
	return rules as Record<string, CriticRules>;
}

export const INTENT_SETTINGS_FROM_VERSION = 2;

/**
 * Version 2: the built-in rules, with each intent's scope, windows and switched-off checks from the
 * Intent Router's entry (in the case file); JSON only as an advanced override. The judge runs when
 * the operator chose it, and then a chat model must be connected.
 */
async function readVersion2(ctx: IExecuteFunctions): Promise<Pick<CriticSettings, 'rules' | 'useIntentSettings' | 'overrides' | 'model'>> {
	const overrides = ctx.getNodeParameter('advanced.rules', 0, '') ? readRules(ctx, 'advanced.rules', 'Rule Overrides per Intent') : {};
	const base = { rules: DEFAULT_CRITIC_RULES, useIntentSettings: true, overrides: overrides === DEFAULT_CRITIC_RULES ? {} : overrides };
	if (ctx.getNodeParameter('judge', 0, 'rules') !== 'rulesAndModel') return base;
	const model = await modelInput(ctx);
	if (!isChatModel(model)) throw paramError(ctx, 'Judge', 'is "Rules + Model Judge", but no chat model is connected to the Model input');
	return { ...base, model };
}

/** Reads and checks the parameters once per execution. */
export async function readCriticSettings(ctx: IExecuteFunctions): Promise<CriticSettings> {
	const stage = ctx.getNodeParameter('stage', 0) as CriticSettings['stage'];
	if (stage !== 'plan' && stage !== 'reply') throw paramError(ctx, 'Stage', `must be "plan" or "reply", not ${JSON.stringify(stage)}`);
	const maxRevisions = ctx.getNodeParameter('maxRevisions', 0) as number;
	if (!Number.isInteger(maxRevisions) || maxRevisions < 0) throw paramError(ctx, 'Max Revisions', 'must be a whole number, 0 or more');
	if ((ctx.getNode().typeVersion ?? 1) >= INTENT_SETTINGS_FROM_VERSION) return { stage, maxRevisions, ...(await readVersion2(ctx)) };
	const model = await modelInput(ctx);
	return { stage, rules: readRules(ctx), maxRevisions, ...(isChatModel(model) ? { model } : {}) };
}
