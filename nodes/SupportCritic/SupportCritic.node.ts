import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { criticProperties } from './description';
import { executeCritic } from './execute';
import { modelInputsExpression } from '../shared/chatModel';
import { INTENT_SETTINGS_FROM_VERSION } from './settings';

export class SupportCritic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Critic',
		name: 'supportCritic',
		icon: { light: 'file:supportCritic.svg', dark: 'file:supportCritic.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: scope, windows and checks per intent from the Intent Router's entry (case file); JSON rules
		// became an advanced override; the Model input only when the judge is chosen.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"Stage: " + $parameter["stage"]}}',
		description: 'Checks a support plan or reply against policy, caps and safety rules: approve, revise or escalate',
		defaults: { name: 'Support Critic' },
		inputs: modelInputsExpression({ parameter: 'judge', modelValues: ['rulesAndModel'], fromVersion: INTENT_SETTINGS_FROM_VERSION }),
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Approve', 'Revise', 'Escalate'],
		properties: criticProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeCritic.call(this);
	}
}
