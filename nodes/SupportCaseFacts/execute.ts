import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { appendTrace, CASE_FILE_KEY, ContractError, type CaseFile } from '../../engine/contracts';
import { ORDER_FIELD_NAMES, recordWorkflowFacts, type RawOrderFields, type WorkflowRecord } from '../../engine/facts';
import { escalationItem, startTrace, toNodeError, withCaseFile } from '../shared/caseFileItems';

const LAYER = 'caseFacts' as const;
const FACTS_ADDED = 0;
const ESCALATE = 1;

const isObject = (v: unknown): v is IDataObject => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The item that carries this record's case file: the input item itself when the lookup node passed
 * its fields through, otherwise the item of the closest earlier node it descends from (n8n's paired
 * items: a Data Table, Shopify or Postgres node's rows point back at the item that asked for them).
 */
function caseItemFor(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): IDataObject | undefined {
	if (isObject(item.json[CASE_FILE_KEY])) return item.json;
	const proxy = ctx.getWorkflowDataProxy(i);
	// Every earlier layer's item carries a case file; the latest one (longest trace) has them all.
	let best: IDataObject | undefined;
	const traceLength = (json: IDataObject) => ((json[CASE_FILE_KEY] as { trace?: unknown[] }).trace ?? []).length;
	for (const parent of ctx.getParentNodes(ctx.getNode().name)) {
		try {
			const found = (proxy.$(parent.name) as { item?: INodeExecutionData }).item;
			if (found && isObject(found.json?.[CASE_FILE_KEY]) && (!best || traceLength(found.json) > traceLength(best))) best = found.json;
		} catch {
			// Not run in this execution, or no paired item back to it: look further up.
		}
	}
	return best;
}

/** The item n8n's "On Error: Continue (regular output)" puts out for a failed lookup: `{ error }`. */
function lookupError(json: IDataObject): string | undefined {
	const e = json.error;
	if (typeof e === 'string') return e;
	return isObject(e) && typeof e.message === 'string' ? e.message : undefined;
}

function readRecord(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, input: string): WorkflowRecord {
	const failed = Object.keys(item.json).length <= 2 ? lookupError(item.json) : undefined;
	if (failed) return { kind: 'mapped', fields: {}, lookupError: failed };
	if (input === 'shopifyOrder') {
		const order = { ...item.json };
		delete order[CASE_FILE_KEY];
		return { kind: 'shopifyOrder', order };
	}
	const fields: RawOrderFields = {};
	for (const name of ORDER_FIELD_NAMES) fields[name] = ctx.getNodeParameter(name, i, '');
	return { kind: 'mapped', fields };
}

function caseKey(json: IDataObject): string {
	const support = json[CASE_FILE_KEY] as { ticket?: { id?: unknown; receivedAt?: unknown } };
	return `${String(support.ticket?.id)}|${String(support.ticket?.receivedAt)}`;
}

/**
 * Groups the lookup's records by the case they were looked up for (one case may get several rows,
 * or one empty row when nothing was found), records the facts, and sends one item per case on.
 */
export async function executeCaseFacts(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], []];
	const input = this.getNodeParameter('input', 0, 'fields') as string;
	const sourceName = (this.getNodeParameter('sourceName', 0, '') as string).trim() || this.getInputSourceData(0)?.previousNode || 'workflow';
	const cases = new Map<string, { json: IDataObject; indexes: number[]; records: WorkflowRecord[]; error?: unknown }>();

	for (let i = 0; i < items.length; i++) {
		const json = caseItemFor(this, items[i], i);
		if (!json) {
			const error = new ContractError({
				field: CASE_FILE_KEY,
				problem: 'was not found on this item nor on any earlier node it came from',
				layer: LAYER,
				writer: 'policyRetriever',
				hint: 'Place this node after the Support Policy Retriever, with the lookup node between them.',
			});
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, i, LAYER);
			outputs[ESCALATE].push(escalationItem(items[i], i, error, LAYER, startTrace(LAYER, this.getNode())));
			continue;
		}
		const key = caseKey(json);
		const entry = cases.get(key) ?? { json, indexes: [], records: [] };
		cases.set(key, entry);
		entry.indexes.push(i);
		try {
			entry.records.push(readRecord(this, items[i], i, input));
		} catch (error) {
			entry.error ??= error;
		}
	}

	for (const entry of cases.values()) {
		const timer = startTrace(LAYER, this.getNode());
		const first = entry.indexes[0];
		try {
			if (entry.error) throw entry.error;
			const result = recordWorkflowFacts(entry.json[CASE_FILE_KEY], { source: sourceName, records: entry.records });
			const support: CaseFile = appendTrace(result.caseFile, timer.finish({ engine: input === 'shopifyOrder' ? 'shopify order' : 'mapped fields', outcome: result.outcome, contractErrors: [] }));
			const out = withCaseFile({ json: entry.json }, support, first);
			outputs[FACTS_ADDED].push({ ...out, pairedItem: entry.indexes.map((item) => ({ item })) });
		} catch (error) {
			if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : toNodeError(this.getNode(), error, first, LAYER);
			outputs[ESCALATE].push(escalationItem({ json: entry.json }, first, error, LAYER, timer));
		}
	}
	return outputs;
}
