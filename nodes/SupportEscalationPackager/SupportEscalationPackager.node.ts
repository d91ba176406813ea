import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { packagerCredentials, packagerProperties } from './description';
import { executeEscalationPackager } from './execute';

export class SupportEscalationPackager implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Escalation Packager',
		name: 'supportEscalationPackager',
		icon: { light: 'file:escalationPackager.svg', dark: 'file:escalationPackager.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		subtitle: '={{($parameter["writeNoteTo"] === "zendesk" ? "Note to Zendesk" : $parameter["writeNoteTo"] === "helpScout" ? "Note to Help Scout" : "Hand-off note") + ($parameter["group"] ? ", for " + $parameter["group"] : "")}}',
		description: 'Packages a support case for a person: summary, evidence, what was tried, next action, priority and an internal note',
		defaults: { name: 'Support Escalation Packager' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: packagerCredentials,
		properties: packagerProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeEscalationPackager.call(this);
	}
}
