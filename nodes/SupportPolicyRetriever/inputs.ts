/**
 * The node's inputs. Version 1 always drew the Embedding input, also when the built-in embeddings
 * left it unused. From version 2 it is drawn only with Embeddings: Connected Embeddings Sub-Node.
 * n8n evaluates the description's `inputs` expression with the node's version and parameters (as
 * its Guardrails and Text Classifier nodes do); the function is stringified into it, so it must be
 * self-contained: no imports, no helpers, plain ES2021. A missing Embeddings is the default, Built-in.
 */
export function retrieverInputs(version: unknown, parameters: { embeddings?: unknown }): Array<{ type: string; displayName?: string; required?: boolean; maxConnections?: number }> {
	const main = { type: 'main' };
	const embedding = { displayName: 'Embedding', type: 'ai_embedding', required: false, maxConnections: 1 };
	if (typeof version === 'number' && version >= 2 && parameters.embeddings !== 'subNode') return [main];
	return [main, embedding];
}

export const RETRIEVER_INPUTS_EXPRESSION: `={{${string}}}` = `={{(${retrieverInputs.toString()})($nodeVersion, $parameter)}}`;
