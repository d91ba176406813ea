import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { caseFactsProperties } from './description';
import { executeCaseFacts } from './execute';

export class SupportCaseFacts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Case Facts',
		name: 'supportCaseFacts',
		icon: { light: 'file:supportCaseFacts.svg', dark: 'file:supportCaseFacts.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["input"] === "shopifyOrder" ? "Shopify order" : "Mapped order fields"}}',
		description: 'Adds the order and customer facts any node before it looked up (Data Table, Shopify, a database, a sheet) to the support case file',
		defaults: { name: 'Support Case Facts' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Facts Added', 'Escalate'],
		properties: caseFactsProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeCaseFacts.call(this);
	}
}
