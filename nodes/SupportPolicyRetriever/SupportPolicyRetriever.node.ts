import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { policyRetrieverCredentials, policyRetrieverProperties } from './description';
import { executePolicyRetriever } from './execute';
import { RETRIEVER_OUTPUTS_EXPRESSION } from './outputs';

export class SupportPolicyRetriever implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Policy Retriever',
		name: 'supportPolicyRetriever',
		icon: { light: 'file:policyRetriever.svg', dark: 'file:policyRetriever.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + " (" + $parameter["store"] + ")"}}',
		description: "Finds the policy passages in force at the ticket's time; cases no policy grounds go to a person",
		defaults: { name: 'Support Policy Retriever' },
		inputs: [
			{ type: NodeConnectionTypes.Main },
			{ displayName: 'Embedding', type: NodeConnectionTypes.AiEmbedding, required: false, maxConnections: 1 },
		],
		// Retrieve: Grounded / Ungrounded; Ingest, Retire and Delete: Done (see outputs.ts).
		outputs: RETRIEVER_OUTPUTS_EXPRESSION,
		credentials: policyRetrieverCredentials,
		properties: policyRetrieverProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executePolicyRetriever.call(this);
	}
}
