import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { shadowReplayProperties } from './description';
import { executeShadowReplay } from './execute';
import { SHADOW_REPLAY_OUTPUTS_EXPRESSION } from './outputs';

export class SupportShadowReplay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Support Shadow Replay',
		name: 'supportShadowReplay',
		icon: { light: 'file:supportShadowReplay.svg', dark: 'file:supportShadowReplay.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "agreementReport" ? "Agreement report" : "Read tickets file"}}',
		description: 'Replays historical tickets through the pipeline in shadow and reports, per intent, how often it would have done what your agents did',
		defaults: { name: 'Support Shadow Replay' },
		inputs: [NodeConnectionTypes.Main],
		// Read Tickets File: Tickets / Unreadable File; Agreement Report: Report (see outputs.ts).
		outputs: SHADOW_REPLAY_OUTPUTS_EXPRESSION,
		properties: shadowReplayProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeShadowReplay.call(this);
	}
}
