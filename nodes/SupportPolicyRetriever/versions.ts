import type { DisplayCondition, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Version 2 replaces free text with fields an operator picks from (dates, the document format, the
 * grounding threshold's mode) and names the MCP header credential as the Executor does. Version 1
 * nodes, in workflows saved before, keep their parameters and behaviour.
 */
export const V1: Array<number | DisplayCondition> = [1];
export const FROM_V2: Array<number | DisplayCondition> = [{ _cnd: { gte: 2 } }];

/** Shows parameters only in the node versions given, keeping their other display rules. */
export function inVersions(version: Array<number | DisplayCondition>, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((p) => ({ ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, '@version': version } } }));
}

export function isV2(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().typeVersion >= 2;
}
