import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { packagerCredentials, packagerProperties } from './description';
import { executeEscalationPackager } from './execute';
import { searchZendeskGroups } from './zendeskGroups';

export class SupportEscalationPackager implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Escalation Packager',
		name: 'supportEscalationPackager',
		icon: { light: 'file:escalationPackager.svg', dark: 'file:escalationPackager.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		// 2: a form instead of JSON (groups by intent, priority rules), the Zendesk group picked from a
		// list, and the Zendesk credential choice named zendeskAuthentication as in the other nodes.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{($parameter["writeNoteTo"] === "zendesk" ? "Note to Zendesk" : $parameter["writeNoteTo"] === "helpScout" ? "Note to Help Scout" : "Hand-off note") + ($parameter["group"] ? ", for " + $parameter["group"] : "")}}',
		description: 'Packages a support case for a person: summary, evidence, what was tried, next action, priority and an internal note',
		defaults: { name: 'Support Escalation Packager' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: packagerCredentials,
		properties: packagerProperties,
	};

	methods = { listSearch: { searchZendeskGroups } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeEscalationPackager.call(this);
	}
}
