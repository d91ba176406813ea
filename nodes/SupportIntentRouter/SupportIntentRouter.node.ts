import { type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { intentRouterProperties } from './description';
import { executeIntentRouter } from './execute';
import { modelInputsExpression } from '../shared/chatModel';
import { CONFIGURED_OUTPUTS, SETTINGS_FROM_VERSION } from './outputs';

export class SupportIntentRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Intent Router',
		name: 'supportIntentRouter',
		icon: { light: 'file:intentRouter.svg', dark: 'file:intentRouter.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: Human is the first output, so adding or removing an intent never moves its wire (see outputs.ts).
		// 3: each intent entry carries its playbook, numbers, tools and checks to the later layers in the
		// case file, and one Routed output serves every intent by default.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{ ($parameter["intents"]?.intent?.length ?? 0) + " intents" }}',
		description: 'Recognises what a support ticket is about, how urgent it is and how the customer feels; unsure tickets go to a person',
		defaults: { name: 'Support Intent Router' },
		// Main first: n8n feeds items to the first input. From version 3 the Model input is drawn only
		// for the engines that use it (Built-in needs none).
		inputs: modelInputsExpression({ parameter: 'engine', modelValues: ['model', 'cascade'], fromVersion: SETTINGS_FROM_VERSION }),
		outputs: `={{${CONFIGURED_OUTPUTS}($nodeVersion, $parameter)}}`,
		properties: intentRouterProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeIntentRouter.call(this);
	}
}
