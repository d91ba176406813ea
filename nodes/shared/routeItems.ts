import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { LayerId } from '../../engine/contracts';
import { escalationItem, startTrace, toNodeError } from './caseFileItems';
import { raiseWarnings, recordExecutionOutcome, traceWarnings } from './executionOutcome';

export interface RoutedItem {
	output: number;
	item: INodeExecutionData;
}

/**
 * The loop every layer node runs. Settings are read once per execution (they do not vary per item);
 * items are handled one at a time, on purpose: plans of one ticket must not race each other's ledger
 * checks, and a batch must not fire a burst of model calls. Bad settings or a bad item stop the
 * workflow with an error naming the field, unless the node continues on error: then the item goes to
 * the escalation output with the reason in `support.escalation`, so no ticket is lost.
 */
export async function routeItems<S>(
	ctx: IExecuteFunctions,
	opts: {
		layer: LayerId;
		outputCount: number;
		escalateOutput: number;
		readSettings: () => Promise<S> | S;
		handle: (item: INodeExecutionData, itemIndex: number, settings: S) => Promise<RoutedItem> | RoutedItem;
		/** Configuration problems this run revealed, beyond those in the trace (e.g. a fallback playbook). */
		warnings?: (outputs: INodeExecutionData[][], settings: S) => string[];
	},
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputs: INodeExecutionData[][] = Array.from({ length: opts.outputCount }, () => []);
	const escalate = (item: INodeExecutionData, i: number, error: unknown) =>
		outputs[opts.escalateOutput].push(escalationItem(item, i, error, opts.layer, startTrace(opts.layer, ctx.getNode())));

	let settings: S;
	try {
		settings = await opts.readSettings();
	} catch (error) {
		if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, 0, opts.layer);
		items.forEach((item, i) => escalate(item, i, error));
		return finish(ctx, outputs, []);
	}

	for (let i = 0; i < items.length; i++) {
		try {
			const routed = await opts.handle(items[i], i, settings);
			outputs[routed.output].push(routed.item);
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, i, opts.layer);
			escalate(items[i], i, error);
		}
	}
	return finish(ctx, outputs, opts.warnings?.(outputs, settings) ?? []);
}

/** Where the cases stand (execution custom data) and what is misconfigured (execution hints). */
function finish(ctx: IExecuteFunctions, outputs: INodeExecutionData[][], warnings: string[]): INodeExecutionData[][] {
	recordExecutionOutcome(ctx, outputs);
	raiseWarnings(ctx, [...traceWarnings(ctx, outputs), ...warnings]);
	return outputs;
}
