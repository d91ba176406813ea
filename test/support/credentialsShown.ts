import { NodeHelpers, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

/**
 * The credential types n8n shows (and requires) for a node saved with these parameters: its own
 * display rules (NodeHelpers.displayParameter) over the parameters and their defaults. Tests assert
 * this behaviour rather than the shape of `displayOptions`, which is free to change.
 */
export function credentialsShown(description: INodeTypeDescription, parameters: INodeParameters, typeVersion = 1): string[] {
	const node = { typeVersion, parameters };
	const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
	return (description.credentials ?? []).filter((c) => NodeHelpers.displayParameter(values, c, node, description, values)).map((c) => c.name);
}
