import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod/v4';

/** An error about one of the node's parameters, named as the operator sees it in the editor. */
export function paramError(ctx: IExecuteFunctions, displayName: string, problem: string, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${displayName}: ${problem}`, {
		...(itemIndex === undefined ? {} : { itemIndex }),
		description: `Fix the "${displayName}" parameter of this node.`,
	});
}

/**
 * A JSON parameter: n8n hands over a string (or an object when it was an expression).
 * Empty text means "use the default" and gives undefined.
 */
export function jsonParameter(ctx: IExecuteFunctions, name: string, displayName: string, itemIndex = 0): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		throw paramError(ctx, displayName, `is not valid JSON (${(error as Error).message})`, itemIndex);
	}
}

/** A JSON parameter checked against a schema; the error names the path inside the JSON. */
export function schemaParameter<T>(
	ctx: IExecuteFunctions,
	name: string,
	displayName: string,
	schema: z.ZodType<T>,
	fallback: T,
	itemIndex = 0,
): T {
	const value = jsonParameter(ctx, name, displayName, itemIndex);
	if (value === undefined) return fallback;
	const parsed = schema.safeParse(value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw paramError(ctx, displayName, `${issue.path.join('.') || 'value'}: ${issue.message}`, itemIndex);
	}
	return parsed.data;
}
