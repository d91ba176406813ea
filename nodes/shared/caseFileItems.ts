import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	appendTrace,
	CASE_FILE_KEY,
	ContractError,
	LAYERS,
	newCaseFile,
	type CaseFile,
	type LayerId,
	type TraceEntry,
} from '../../engine/contracts';
import { caseOutcome, outcomeSummary } from '../../engine/escalation';

/**
 * Header names whose values are secrets. A Webhook node's item carries the request headers,
 * including the header-auth token; copying them forward would leak it into every later item.
 */
const SECRET_HEADER = /authorization|cookie|token|secret|signature|api[-_]?key|password/i;

/**
 * The item field with a one-line outcome ("ticket 7001 · return_refund · handled · reply:approve"),
 * first in the item so it shows above the webhook's own fields. Outside the case-file contract: a
 * view derived from it, rewritten by every node.
 */
export const SUMMARY_KEY = 'supportSummary';

/** The input item's own fields, minus secret-looking request headers, plus our case file and its summary. */
export function withCaseFile(item: INodeExecutionData, support: CaseFile, itemIndex: number): INodeExecutionData {
	const summary = outcomeSummary(caseOutcome(support));
	const json: IDataObject = { [SUMMARY_KEY]: summary, ...item.json };
	json[SUMMARY_KEY] = summary;
	if (json.headers && typeof json.headers === 'object' && !Array.isArray(json.headers)) {
		json.headers = Object.fromEntries(
			Object.entries(json.headers as IDataObject).map(([k, v]) => [k, SECRET_HEADER.test(k) ? '[redacted]' : v]),
		);
	}
	json[CASE_FILE_KEY] = support as unknown as IDataObject;
	return { json, pairedItem: { item: itemIndex } };
}

/** The case file already on an item, or a fresh one (the router starts it). */
export function existingCaseFile(item: INodeExecutionData): CaseFile {
	const support = item.json[CASE_FILE_KEY];
	if (support && typeof support === 'object' && !Array.isArray(support)) return support as unknown as CaseFile;
	return newCaseFile();
}

export interface TraceTimer {
	startedAt: string;
	finish(entry: Omit<TraceEntry, 'startedAt' | 'durationMs' | 'node' | 'layer'>): TraceEntry;
}

export function startTrace(layer: LayerId, node: INode): TraceTimer {
	const startedAt = new Date();
	const t0 = performance.now();
	return {
		startedAt: startedAt.toISOString(),
		finish: (entry) => ({
			layer,
			node: node.name,
			startedAt: startedAt.toISOString(),
			durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
			...entry,
		}),
	};
}

/**
 * An item that a layer could not handle, on its way to a person: the reason, the field and the layer
 * go into `support.escalation` and the trace, and the original fields stay, so nothing is lost.
 */
export function escalationItem(
	item: INodeExecutionData,
	itemIndex: number,
	error: unknown,
	layer: LayerId,
	timer: TraceTimer,
): INodeExecutionData {
	const message = error instanceof Error ? error.message : String(error);
	const field = error instanceof ContractError ? error.field : undefined;
	let support = existingCaseFile(item);
	support = {
		...support,
		escalation: {
			reason: message,
			layer,
			code: error instanceof ContractError ? 'contract' : 'error',
			...(field ? { field } : {}),
			at: new Date().toISOString(),
		},
	};
	support = appendTrace(
		support,
		timer.finish({ outcome: 'escalated', contractErrors: error instanceof ContractError ? [message] : [] }),
	);
	return withCaseFile(item, support, itemIndex);
}

/** Wraps an engine error for n8n, keeping the layer-and-field message the operator needs. */
export function toNodeError(node: INode, error: unknown, itemIndex: number, layer: LayerId): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	const description =
		error instanceof ContractError
			? `Field: ${error.field}. Turn on "On Error > Continue" in this node's settings to send such tickets to a person instead of stopping the workflow.`
			: `Raised by the ${LAYERS[layer]}.`;
	return new NodeOperationError(node, message, { itemIndex, description });
}
