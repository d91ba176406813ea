import type { IExecuteFunctions, INode, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

/** What a node left for the Executions list and the editor: custom data and execution hints. */
export interface RecordedRun {
	customData: Record<string, string>;
	hints: NodeExecutionHint[];
}

/**
 * A minimal IExecuteFunctions for node tests: parameters by dotted path (as n8n resolves
 * 'intents.intent'), input items, and the continue-on-fail switch. Enough to run a node's execute()
 * in-process; the end-to-end tests cover everything n8n itself adds.
 */
export function fakeExecuteContext(opts: {
	parameters: Record<string, unknown>;
	items: INodeExecutionData[];
	continueOnFail?: boolean;
	nodeName?: string;
	perItem?: (name: string, itemIndex: number) => unknown;
	/** What the node gets from its Model input (`getInputConnectionData`); absent = nothing connected. */
	model?: unknown;
	/** The node's type version (default 1). */
	typeVersion?: number;
	/** The node's saved parameters as n8n stores them (an expression starts with "="), for getNode().parameters. */
	rawParameters?: INode['parameters'];
	/** This node's main outputs and the nodes each feeds, as n8n's workflow connections hold them;
	 * absent = the context cannot tell (getChildNodes / getConnections are not offered). */
	outputs?: string[][];
}): IExecuteFunctions & { recorded: RecordedRun } {
	const node: INode = {
		id: 'test-node',
		name: opts.nodeName ?? 'Support Intent Router',
		type: 'n8n-nodes-support-coordination.supportIntentRouter',
		typeVersion: opts.typeVersion ?? 1,
		position: [0, 0],
		parameters: opts.rawParameters ?? {},
	};
	const get = (path: string): unknown =>
		path.split('.').reduce<unknown>((acc, key) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[key] : undefined), opts.parameters);
	const recorded: RecordedRun = { customData: {}, hints: [] };
	const ctx = {
		recorded,
		customData: {
			set: (key: string, value: string) => void (recorded.customData[key] = value),
			setAll: (obj: Record<string, string>) => void Object.assign(recorded.customData, obj),
			get: (key: string) => recorded.customData[key],
			getAll: () => ({ ...recorded.customData }),
		},
		addExecutionHints: (...hints: NodeExecutionHint[]) => void recorded.hints.push(...hints),
		getInputData: () => opts.items,
		getNode: () => node,
		continueOnFail: () => opts.continueOnFail ?? false,
		getInputConnectionData: async (type: string) => (type === 'ai_languageModel' ? opts.model : undefined),
		getExecutionCancelSignal: () => undefined,
		getNodeParameter: (name: string, itemIndex: number, ...fallback: unknown[]) => {
			const perItem = opts.perItem?.(name, itemIndex);
			if (perItem !== undefined) return perItem;
			const value = get(name);
			if (value !== undefined) return value;
			if (fallback.length > 0) return fallback[0];
			throw new Error(`Could not get parameter "${name}"`);
		},
	};
	if (opts.outputs) {
		const outputs = opts.outputs;
		const children = [...new Set(outputs.flat())];
		Object.assign(ctx, {
			getChildNodes: (name: string) => (name === node.name ? children.map((c) => ({ name: c, type: 'n8n-nodes-base.noOp', typeVersion: 1, disabled: false })) : []),
			// n8n's connectionsByDestinationNode[child].main: per input, the sources feeding it.
			getConnections: (destination: INode) => [
				outputs.flatMap((targets, index) => (targets.includes(destination.name) ? [{ node: node.name, type: 'main', index }] : [])),
			],
		});
	}
	return ctx as unknown as IExecuteFunctions & { recorded: RecordedRun };
}
