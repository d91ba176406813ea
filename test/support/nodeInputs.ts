import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * A node's inputs for a version and parameters. An `={{(function (version, parameters) {...})($nodeVersion, $parameter)}}`
 * expression is evaluated on its own, as n8n's sandbox does (nothing of the module is in scope).
 */
export function inputsFor(d: Pick<INodeTypeDescription, 'inputs'>, version: number, parameters: Record<string, unknown>): unknown {
	if (typeof d.inputs !== 'string') return d.inputs;
	const body = d.inputs.slice(3, -2).replace(/\(\$nodeVersion, \$parameter\)$/, '');
	const fn = new Function(`return ${body}`)() as (v: number, p: Record<string, unknown>) => unknown;
	return fn(version, parameters);
}

export const MAIN_AND_MODEL = [{ type: 'main' }, { displayName: 'Model', type: 'ai_languageModel', required: false, maxConnections: 1 }];
