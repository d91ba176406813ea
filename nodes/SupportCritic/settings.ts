import { type IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';
import { attempt, compileCondition, type ChatModelLike } from '../../engine/planning';
import { DEFAULT_CRITIC_RULES, type CriticRules } from '../../engine/verification';
import { isChatModel, modelInput } from '../shared/chatModel';
import { paramError, schemaParameter } from '../shared/jsonParameter';

export interface CriticSettings {
	stage: 'plan' | 'reply';
	rules: Record<string, CriticRules>;
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

function readRules(ctx: IExecuteFunctions): Record<string, CriticRules> {
	const rules = schemaParameter(ctx, 'rules', 'Rules per Intent', RulesByIntent, undefined);
	if (rules === undefined) return DEFAULT_CRITIC_RULES;
	// A typo in a condition should stop the node at once, not escalate every ticket as a "broken rule".
	for (const [intent, byIntent] of Object.entries(rules)) {
		for (const [i, c] of (byIntent.conditions ?? []).entries()) {
			const compiled = attempt(() => compileCondition(c.when));
			if (!compiled.ok) throw paramError(ctx, 'Rules per Intent', `${intent}.conditions.${i} ("${c.id}"): ${(compiled.error as Error).message}`);
		}
	}
	return rules as Record<string, CriticRules>;
}

/** Reads and checks the parameters once per execution. */
export async function readCriticSettings(ctx: IExecuteFunctions): Promise<CriticSettings> {
	const stage = ctx.getNodeParameter('stage', 0) as CriticSettings['stage'];
	if (stage !== 'plan' && stage !== 'reply') throw paramError(ctx, 'Stage', `must be "plan" or "reply", not ${JSON.stringify(stage)}`);
	const maxRevisions = ctx.getNodeParameter('maxRevisions', 0) as number;
	if (!Number.isInteger(maxRevisions) || maxRevisions < 0) throw paramError(ctx, 'Max Revisions', 'must be a whole number, 0 or more');
	const model = await modelInput(ctx);
	return { stage, rules: readRules(ctx), maxRevisions, ...(isChatModel(model) ? { model } : {}) };
}
