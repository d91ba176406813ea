import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { ToolScopes } from '../../engine/contracts';
import type { ChatModelLike, CompiledPlaybook, PlaybookInput, ToolScope } from '../../engine/planning';
import { isChatModel, modelInput } from '../shared/chatModel';
import { jsonParameter, paramError, schemaParameter } from '../shared/jsonParameter';
import { readPlaybooksV1, readPlaybooksV2 } from './playbookParameter';

export interface PlannerSettings {
	engine: 'playbook' | 'model';
	/** undefined: the built-in playbooks, which the engine compiles once and caches. */
	playbooks?: Array<CompiledPlaybook | PlaybookInput>;
	/** Built-in playbooks the operator's replace (version 2 merges by intent). */
	replacedBuiltIns: string[];
	policy: Record<string, unknown>;
	scopes: Record<string, ToolScope>;
	model?: ChatModelLike;
	instructions?: string;
}

/** Reads and checks the parameters once per execution: a broken playbook fails before the first ticket. */
export async function readPlannerSettings(ctx: IExecuteFunctions): Promise<PlannerSettings> {
	const engine = ctx.getNodeParameter('engine', 0) as PlannerSettings['engine'];
	const policy = jsonParameter(ctx, 'policyValues', 'Policy Values') ?? {};
	if (typeof policy !== 'object' || Array.isArray(policy)) throw paramError(ctx, 'Policy Values', 'must be a JSON object such as {"returnWindowDays": 30}');
	const scopes = schemaParameter(ctx, 'toolScopes', 'Tool Scopes', ToolScopes, {});
	const settings: PlannerSettings = { engine, policy: policy as Record<string, unknown>, scopes, replacedBuiltIns: [] };
	if (engine === 'playbook') {
		const read = (ctx.getNode().typeVersion ?? 1) >= 2 ? readPlaybooksV2(ctx) : readPlaybooksV1(ctx);
		settings.playbooks = read.playbooks;
		settings.replacedBuiltIns = read.replaced;
		return settings;
	}
	const model = await modelInput(ctx);
	if (!isChatModel(model)) {
		throw new NodeOperationError(ctx.getNode(), 'Engine is "Model", but no chat model is connected', {
			description: 'Connect a chat model sub-node (for example OpenAI Chat Model) to the Model input, or set Engine to "Playbooks (No API Key)".',
		});
	}
	settings.model = model;
	settings.instructions = (ctx.getNodeParameter('modelInstructions', 0, '') as string) || undefined;
	return settings;
}

