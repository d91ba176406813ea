import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { ToolScopes } from '../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, isKnownTool, type ChatModelLike, type CompiledPlaybook, type PlaybookInput, type ToolScope } from '../../engine/planning';
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
	/** Version 3: plan with the intent settings the case file carries (Intent Router version 3). */
	useIntentSettings?: boolean;
	customPlaybooks?: CompiledPlaybook[];
	scopeOverrides?: Record<string, ToolScope>;
	model?: ChatModelLike;
	instructions?: string;
}

export const INTENT_SETTINGS_FROM_VERSION = 3;
const ADVANCED = {
	policy: { name: 'advanced.policyValues', label: 'Policy Value Overrides' },
	scopes: { name: 'advanced.toolScopes', label: 'Tool Scope Overrides' },
	playbooks: { name: 'advanced.customPlaybooks', label: 'Custom Playbooks' },
};

function readPolicy(ctx: IExecuteFunctions, name: string, label: string): Record<string, unknown> {
	const policy = jsonParameter(ctx, name, label) ?? {};
	if (typeof policy !== 'object' || Array.isArray(policy)) throw paramError(ctx, label, 'must be a JSON object such as {"returnWindowDays": 30}');
	return policy as Record<string, unknown>;
}

/** Scopes an operator typed: a tool the Executor does not know is named now, not refused on every ticket later. */
export function checkedScopes(ctx: IExecuteFunctions, name: string, label: string, fallback: Record<string, ToolScope>): Record<string, ToolScope> {
	const scopes = schemaParameter(ctx, name, label, ToolScopes, fallback);
	for (const [intent, scope] of Object.entries(scopes)) {
		for (const tool of [...scope.allowedTools, ...(scope.writeTools ?? [])]) {
			if (!tool.endsWith('*') && !isKnownTool(tool)) throw paramError(ctx, label, `intent "${intent}" names the tool "${tool}", which the Support Action Executor does not know`);
		}
	}
	return scopes;
}

/**
 * Version 3: each intent's playbook, numbers and tools come with the case file from the Intent
 * Router's intent entry; what is left here is advanced (custom playbooks, overrides) and optional.
 */
function readVersion3(ctx: IExecuteFunctions, engine: PlannerSettings['engine']): PlannerSettings {
	const settings: PlannerSettings = {
		engine,
		policy: readPolicy(ctx, ADVANCED.policy.name, ADVANCED.policy.label),
		scopes: DEFAULT_INTENT_SCOPES,
		scopeOverrides: checkedScopes(ctx, ADVANCED.scopes.name, ADVANCED.scopes.label, {}),
		replacedBuiltIns: [],
		useIntentSettings: true,
	};
	if (engine === 'playbook') {
		const read = readPlaybooksV2(ctx, ADVANCED.playbooks);
		Object.assign(settings, { playbooks: read.playbooks, replacedBuiltIns: read.replaced, customPlaybooks: read.custom });
	}
	return settings;
}

/** Reads and checks the parameters once per execution: a broken playbook fails before the first ticket. */
export async function readPlannerSettings(ctx: IExecuteFunctions): Promise<PlannerSettings> {
	const engine = ctx.getNodeParameter('engine', 0) as PlannerSettings['engine'];
	const version = ctx.getNode().typeVersion ?? 1;
	let settings: PlannerSettings;
	if (version >= INTENT_SETTINGS_FROM_VERSION) settings = readVersion3(ctx, engine);
	else {
		const scopes = schemaParameter(ctx, 'toolScopes', 'Tool Scopes', ToolScopes, {});
		settings = { engine, policy: readPolicy(ctx, 'policyValues', 'Policy Values'), scopes, replacedBuiltIns: [] };
		if (engine === 'playbook') {
			const read = version >= 2 ? readPlaybooksV2(ctx) : readPlaybooksV1(ctx);
			settings.playbooks = read.playbooks;
			settings.replacedBuiltIns = read.replaced;
		}
	}
	if (engine === 'playbook') return settings;
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

