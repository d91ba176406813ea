import type { IConnection, IExecuteFunctions, INode } from 'n8n-workflow';

/**
 * Where each route leaves the node, per node version. n8n wires outputs by index, so the layout
 * decides what happens to saved wires when an operator adds or removes an intent:
 * - version 1: one output per intent, Human last. Adding an intent moved Human's wire to the new
 *   intent and left Human unconnected (kept as it was, so saved workflows keep their wiring).
 * - version 2: Human first, then one output per intent. Human never moves; a new intent appends an
 *   output that starts unconnected (and its tickets go to Human until it is wired, see below).
 */
export const HUMAN_FIRST_FROM_VERSION = 2;
/**
 * - version 3: by default (Outputs: Human + One for All Intents) two outputs, Human and Routed: the
 *   case file carries the intent and its settings, so adding an intent needs no new wire at all.
 */
export const SETTINGS_FROM_VERSION = 3;

/** Version 3's "Outputs" parameter: whether every intent leaves through the one Routed output. */
export function singleOutput(version: number, layout: unknown): boolean {
	return version >= SETTINGS_FROM_VERSION && layout !== 'perIntent';
}

/**
 * The outputs n8n draws. n8n stringifies this and evaluates it in its expression sandbox (as it does
 * for its own Respond to Webhook node's `($nodeVersion, $parameter)`), so it is written as plain
 * ES5 text: no imports, no helpers a compiler could inject. Keep the 2 in step with
 * HUMAN_FIRST_FROM_VERSION and the 3 with SETTINGS_FROM_VERSION.
 */
export const CONFIGURED_OUTPUTS = `(function (version, parameters) {
	var list = (parameters.intents && parameters.intents.intent) || [];
	if (version >= 3 && parameters.outputLayout !== 'perIntent') {
		return [{ type: 'main', displayName: 'Human' }, { type: 'main', displayName: 'Routed' }];
	}
	var outputs = list.map(function (intent) {
		return { type: 'main', displayName: intent.name || '(unnamed intent)' };
	});
	var human = { type: 'main', displayName: 'Human' };
	if (version >= 2) outputs.unshift(human);
	else outputs.push(human);
	return outputs;
})`;

export function humanOutput(version: number, intentCount: number): number {
	return version >= HUMAN_FIRST_FROM_VERSION ? 0 : intentCount;
}

export function intentOutput(version: number, intentIndex: number, single = false): number {
	if (single) return 1;
	return version >= HUMAN_FIRST_FROM_VERSION ? intentIndex + 1 : intentIndex;
}

/** n8n 2.41's execution context has getConnections(destination, type) on the class, not (yet) on
 * IExecuteFunctions; it answers which source outputs feed each input of a node. */
type ConnectionsReader = (destination: INode, type: 'main') => Array<IConnection[] | null> | undefined;

/**
 * The indexes of this node's main outputs that are wired to at least one node, or undefined when
 * the n8n running us cannot tell (then every output is taken as connected, as before). Read from
 * the direct children's incoming connections.
 */
export function connectedOutputs(ctx: IExecuteFunctions): Set<number> | undefined {
	const read = (ctx as unknown as { getConnections?: ConnectionsReader }).getConnections;
	if (typeof read !== 'function' || typeof ctx.getChildNodes !== 'function') return undefined;
	const me = ctx.getNode().name;
	const connected = new Set<number>();
	for (const child of ctx.getChildNodes(me)) {
		const inputs = read.call(ctx, { name: child.name } as INode, 'main') ?? [];
		for (const input of inputs) for (const c of input ?? []) if (c.node === me) connected.add(c.index);
	}
	return connected;
}
