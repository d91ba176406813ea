/**
 * The node's outputs depend on the operation: Read Tickets File sends the tickets to Tickets and a
 * file it cannot read to Unreadable File (one item naming the field, for a 400 answer); Agreement
 * Report has one output, Report. n8n evaluates the description's `outputs` expression with the
 * node's parameters (as Switch V3 and the Policy Retriever do); the function is stringified into it,
 * so it must be self-contained: no imports, no helpers, plain ES2021.
 */
export function shadowReplayOutputs(parameters: { operation?: unknown }): Array<{ type: 'main'; displayName: string }> {
	if (parameters.operation === 'agreementReport') return [{ type: 'main', displayName: 'Report' }];
	return [
		{ type: 'main', displayName: 'Tickets' },
		{ type: 'main', displayName: 'Unreadable File' },
	];
}

export const SHADOW_REPLAY_OUTPUTS_EXPRESSION: `={{${string}}}` = `={{(${shadowReplayOutputs.toString()})($parameter)}}`;

export const TICKETS = 0;
export const UNREADABLE = 1;
