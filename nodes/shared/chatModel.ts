import { NodeConnectionTypes, type IExecuteFunctions } from 'n8n-workflow';
import type { ChatModelLike } from '../../engine/planning';

/** Anything with `invoke`: duck-typed, not `instanceof`, because n8n builds the model against its own copy of @langchain/core. */
export function isChatModel(value: unknown): value is ChatModelLike {
	return typeof value === 'object' && value !== null && typeof (value as { invoke?: unknown }).invoke === 'function';
}

/**
 * What is connected to the node's Model input, the same way in every node: some n8n versions hand
 * back a one-element array for a single input. `undefined` when nothing is connected; anything that
 * is not a chat model is returned as is, for the caller to name in its error.
 */
export async function modelInput(ctx: IExecuteFunctions): Promise<unknown> {
	const value = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0);
	return Array.isArray(value) ? value[0] : value;
}

/**
 * The node's inputs as an n8n expression: Main, plus the Model input only when the chosen engine
 * uses a model (as n8n's Guardrails and Text Classifier compute theirs), from `fromVersion` on;
 * earlier versions keep the input they were saved with, so no saved connection is dropped. n8n
 * evaluates the text in its sandbox: plain ES5, no imports.
 */
export function modelInputsExpression(o: { parameter: string; modelValues: string[]; fromVersion: number }): `={{${string}}}` {
	return `={{(function (version, parameters) {
	var main = { type: 'main' };
	var model = { displayName: 'Model', type: 'ai_languageModel', required: false, maxConnections: 1 };
	if (version < ${o.fromVersion}) return [main, model];
	return ${JSON.stringify(o.modelValues)}.indexOf(parameters[${JSON.stringify(o.parameter)}]) >= 0 ? [main, model] : [main];
})($nodeVersion, $parameter)}}`;
}
