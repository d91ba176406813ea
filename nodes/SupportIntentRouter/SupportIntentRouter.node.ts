import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { intentRouterProperties } from './description';
import { executeIntentRouter } from './execute';
import { CONFIGURED_OUTPUTS } from './outputs';

export class SupportIntentRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Intent Router',
		name: 'supportIntentRouter',
		icon: { light: 'file:intentRouter.svg', dark: 'file:intentRouter.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: Human is the first output, so adding or removing an intent never moves its wire (see outputs.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ ($parameter["intents"]?.intent?.length ?? 0) + " intents" }}',
		description: 'Recognises what a support ticket is about, how urgent it is and how the customer feels; unsure tickets go to a person',
		defaults: { name: 'Support Intent Router' },
		// Main first: n8n feeds items to the first input. The Model input is optional (Built-in needs none).
		inputs: [{ type: NodeConnectionTypes.Main }, { displayName: 'Model', type: NodeConnectionTypes.AiLanguageModel, required: false, maxConnections: 1 }],
		outputs: `={{${CONFIGURED_OUTPUTS}($nodeVersion, $parameter)}}`,
		properties: intentRouterProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeIntentRouter.call(this);
	}
}
