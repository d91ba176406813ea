import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { modelInputsExpression } from '../shared/chatModel';
import { plannerProperties } from './description';
import { INTENT_SETTINGS_FROM_VERSION } from './settings';
import { executeSpecialistPlanner } from './execute';

export class SupportSpecialistPlanner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Specialist Planner',
		name: 'supportSpecialistPlanner',
		icon: { light: 'file:specialistPlanner.svg', dark: 'file:specialistPlanner.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: playbook placeholders are [[path]] (n8n leaves them alone) and operator playbooks merge with the built-ins by intent.
		// 3: plans each intent with the playbook, numbers and tools of its Intent Router entry (carried in
		// the case file); the JSON fields became advanced options; the Model input only for the Model engine.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{"Engine: " + ($parameter["engine"] === "model" ? "Model" : "Playbooks")}}',
		description: 'Plans what to do for a support ticket and drafts the reply, without executing anything',
		defaults: { name: 'Support Specialist Planner' },
		inputs: modelInputsExpression({ parameter: 'engine', modelValues: ['model'], fromVersion: INTENT_SETTINGS_FROM_VERSION }),
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Planned', 'Escalate'],
		properties: plannerProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeSpecialistPlanner.call(this);
	}
}
