import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { policyRetrieverCredentials, policyRetrieverProperties } from './description';
import { executePolicyRetriever } from './execute';
import { RETRIEVER_INPUTS_EXPRESSION } from './inputs';
import { RETRIEVER_OUTPUTS_EXPRESSION } from './outputs';

export class SupportPolicyRetriever implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Policy Retriever',
		name: 'supportPolicyRetriever',
		icon: { light: 'file:policyRetriever.svg', dark: 'file:policyRetriever.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: dates, format and grounding threshold as fields to pick from, the MCP header credential
		// named as in the Executor, and the Embedding input only when a sub-node is chosen.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + " (" + $parameter["store"] + ")"}}',
		description: "Finds the policy passages in force at the ticket's time; cases no policy grounds go to a person",
		defaults: { name: 'Support Policy Retriever' },
		// Main, and the Embedding input when it is used (always in version 1): see inputs.ts.
		inputs: RETRIEVER_INPUTS_EXPRESSION,
		// Retrieve: Grounded / Ungrounded; Ingest, Retire and Delete: Done (see outputs.ts).
		outputs: RETRIEVER_OUTPUTS_EXPRESSION,
		credentials: policyRetrieverCredentials,
		properties: policyRetrieverProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executePolicyRetriever.call(this);
	}
}
