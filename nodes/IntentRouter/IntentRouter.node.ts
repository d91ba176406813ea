import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { CONFIGURED_OUTPUTS, intentRouterProperties } from './description';
import { executeIntentRouter } from './execute';

export class IntentRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Intent Router',
		name: 'supportIntentRouter',
		icon: 'file:intentRouter.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ ($parameter["intents"]?.intent?.length ?? 0) + " intents" }}',
		description: 'Recognises what a support ticket is about, how urgent it is and how the customer feels; unsure tickets go to a person',
		defaults: { name: 'Support Intent Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{${CONFIGURED_OUTPUTS}($parameter)}}`,
		properties: intentRouterProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeIntentRouter.call(this);
	}
}
