import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { executorCredentials, executorProperties } from './description';
import { executeActionExecutor } from './execute';
import { listMcpTools } from './mcpTools';

export class SupportActionExecutor implements INodeType {
	description: INodeTypeDescription = {
		// Not "Tool Executor": n8n ships a LangChain node of that name.
		displayName: 'Support Action Executor',
		name: 'supportActionExecutor',
		icon: { light: 'file:supportActionExecutor.svg', dark: 'file:supportActionExecutor.dark.svg' },
		// As an agent tool it is gated exactly as in a workflow: approval, scope, rollout mode, idempotency.
		usableAsTool: true,
		group: ['transform'],
		// Version 2: forms instead of JSON (endpoints, MCP tools from the server's list) and the scope from
		// the intent's entry in the Support Intent Router. Version 1 workflows run exactly as before.
		version: [1, 2],
		subtitle: '={{"Rollout: " + $parameter["rolloutMode"]}}',
		description: 'Runs an approved support plan against Zendesk, Shopify, Stripe, your own HTTP API and an MCP server within scope, rollout mode and idempotency rules',
		defaults: { name: 'Support Action Executor' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Done', 'Escalate'],
		credentials: executorCredentials,
		properties: executorProperties,
	};

	methods = { loadOptions: { listMcpTools } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeActionExecutor.call(this);
	}
}
