/**
 * The node's outputs depend on the operation: Retrieve routes each case to Grounded or Ungrounded;
 * Ingest, Retire Document and Delete Document have one output, Done. n8n evaluates the description's
 * `outputs` expression with the node's parameters (as Switch V3 and Text Classifier do); the function
 * is stringified into it, so it must be self-contained: no imports, no helpers, plain ES2021.
 * A missing operation is the default, Retrieve: workflows saved before this change keep two outputs.
 */
export function retrieverOutputs(parameters: { operation?: unknown }): Array<{ type: 'main'; displayName: string }> {
	if (parameters.operation === undefined || parameters.operation === 'retrieve') {
		return [
			{ type: 'main', displayName: 'Grounded' },
			{ type: 'main', displayName: 'Ungrounded' },
		];
	}
	return [{ type: 'main', displayName: 'Done' }];
}

export const RETRIEVER_OUTPUTS_EXPRESSION: `={{${string}}}` = `={{(${retrieverOutputs.toString()})($parameter)}}`;
