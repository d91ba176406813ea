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
