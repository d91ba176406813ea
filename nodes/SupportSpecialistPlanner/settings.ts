import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { ToolScopes } from '../../engine/contracts';
import { attempt, compilePlaybook, type ChatModelLike, type CompiledPlaybook, type ToolScope } from '../../engine/planning';
import { jsonParameter, paramError, schemaParameter } from '../shared/jsonParameter';

export interface PlannerSettings {
	engine: 'playbook' | 'model';
	/** undefined: the built-in playbooks, which the engine compiles once and caches. */
	playbooks?: CompiledPlaybook[];
	policy: Record<string, unknown>;
	scopes: Record<string, ToolScope>;
	model?: ChatModelLike;
	instructions?: string;
}

function compilePlaybooks(ctx: IExecuteFunctions): CompiledPlaybook[] | undefined {
	const value = jsonParameter(ctx, 'playbooks', 'Playbooks');
	if (value === undefined || value === null) return undefined;
	const list = Array.isArray(value) ? value : [value];
	if (!list.length) throw paramError(ctx, 'Playbooks', 'is an empty list; leave the field empty to use the built-in playbooks');
	return list.map((p) => {
		const compiled = attempt(() => compilePlaybook(p));
		if (!compiled.ok) throw paramError(ctx, 'Playbooks', (compiled.error as Error).message);
		return compiled.value;
	});
}

function isChatModel(value: unknown): value is ChatModelLike {
	return !!value && typeof (value as { invoke?: unknown }).invoke === 'function';
}

/** Reads and checks the parameters once per execution: a broken playbook fails before the first ticket. */
export async function readPlannerSettings(ctx: IExecuteFunctions): Promise<PlannerSettings> {
	const engine = ctx.getNodeParameter('engine', 0) as PlannerSettings['engine'];
	const policy = jsonParameter(ctx, 'policyValues', 'Policy Values') ?? {};
	if (typeof policy !== 'object' || Array.isArray(policy)) throw paramError(ctx, 'Policy Values', 'must be a JSON object such as {"returnWindowDays": 30}');
	const scopes = schemaParameter(ctx, 'toolScopes', 'Tool Scopes', ToolScopes, {});
	const settings: PlannerSettings = { engine, policy: policy as Record<string, unknown>, scopes };
	if (engine === 'playbook') {
		settings.playbooks = compilePlaybooks(ctx);
		return settings;
	}
	const model = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0);
	if (!isChatModel(model)) {
		throw new NodeOperationError(ctx.getNode(), 'Engine is "Model", but no chat model is connected', {
			description: 'Connect a chat model sub-node (for example OpenAI Chat Model) to the Model input, or set Engine to "Playbooks (No API Key)".',
		});
	}
	settings.model = model;
	settings.instructions = (ctx.getNodeParameter('modelInstructions', 0, '') as string) || undefined;
	return settings;
}

/** The scope for an intent: its own, else the "*" entry. */
export function scopeFor(settings: PlannerSettings, intent: string | null | undefined): ToolScope | undefined {
	return (intent ? settings.scopes[intent] : undefined) ?? settings.scopes['*'];
}
