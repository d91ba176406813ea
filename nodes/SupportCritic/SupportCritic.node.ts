import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { criticProperties } from './description';
import { executeCritic } from './execute';

export class SupportCritic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Critic',
		name: 'supportCritic',
		icon: { light: 'file:supportCritic.svg', dark: 'file:supportCritic.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		subtitle: '={{"Stage: " + $parameter["stage"]}}',
		description: 'Checks a support plan or reply against policy, caps and safety rules: approve, revise or escalate',
		defaults: { name: 'Support Critic' },
		inputs: [
			{ type: NodeConnectionTypes.Main },
			{ displayName: 'Model', type: NodeConnectionTypes.AiLanguageModel, required: false, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Approve', 'Revise', 'Escalate'],
		properties: criticProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeCritic.call(this);
	}
}
