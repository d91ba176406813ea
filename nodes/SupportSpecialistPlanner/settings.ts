import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';
import { attempt, compilePlaybook, type ChatModelLike, type CompiledPlaybook, type ToolScope } from '../../engine/planning';

export interface PlannerSettings {
	engine: 'playbook' | 'model';
	/** undefined: the built-in playbooks, which the engine compiles once and caches. */
	playbooks?: CompiledPlaybook[];
	policy: Record<string, unknown>;
	scopes: Record<string, ToolScope>;
	model?: ChatModelLike;
	instructions?: string;
}

/** Same shape the Support Action Executor enforces, so an operator can copy scopes between the two. */
const ToolScopes = z.record(
	z.string(),
	z.object({
		allowedTools: z.array(z.string()),
		writeTools: z.array(z.string()).optional(),
		amountCaps: z.array(z.object({ currency: z.string().min(3), max: z.number().min(0) })).optional(),
		maxWritesPerTicket: z.number().int().min(0).optional(),
	}),
);

function paramError(ctx: IExecuteFunctions, displayName: string, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${displayName}: ${problem}`, { description: `Fix the "${displayName}" parameter of this node.` });
}

/** A JSON parameter: n8n hands over a string (or an object when it was an expression). Empty means "use the default". */
function jsonParameter(ctx: IExecuteFunctions, name: string, displayName: string): unknown {
	const raw = ctx.getNodeParameter(name, 0, '') as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return undefined;
	const parsed = attempt(() => JSON.parse(raw) as unknown);
	if (!parsed.ok) throw paramError(ctx, displayName, `is not valid JSON (${(parsed.error as Error).message})`);
	return parsed.value;
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
	const scopesRaw = jsonParameter(ctx, 'toolScopes', 'Tool Scopes') ?? {};
	const scopes = ToolScopes.safeParse(scopesRaw);
	if (!scopes.success) {
		const issue = scopes.error.issues[0];
		throw paramError(ctx, 'Tool Scopes', `${issue.path.join('.') || 'value'}: ${issue.message}`);
	}
	const settings: PlannerSettings = { engine, policy: policy as Record<string, unknown>, scopes: scopes.data };
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
