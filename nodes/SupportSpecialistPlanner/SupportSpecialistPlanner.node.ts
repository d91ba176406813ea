import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { plannerProperties } from './description';
import { executeSpecialistPlanner } from './execute';

export class SupportSpecialistPlanner implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Specialist Planner',
		name: 'supportSpecialistPlanner',
		icon: { light: 'file:specialistPlanner.svg', dark: 'file:specialistPlanner.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: playbook placeholders are [[path]] (n8n leaves them alone) and operator playbooks merge with the built-ins by intent.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"Engine: " + ($parameter["engine"] === "model" ? "Model" : "Playbooks")}}',
		description: 'Plans what to do for a support ticket and drafts the reply, without executing anything',
		defaults: { name: 'Support Specialist Planner' },
		inputs: [
			{ type: NodeConnectionTypes.Main },
			{ displayName: 'Model', type: NodeConnectionTypes.AiLanguageModel, required: false, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Planned', 'Escalate'],
		properties: plannerProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeSpecialistPlanner.call(this);
	}
}
