/**
 * The template's order lookup (an n8n Data Table "Get row(s)" node feeding Support Case Facts) as
 * the in-process pipeline's `workflowFacts`: the same filter conditions, match type and limit over
 * the same rows n8n's table holds, and each row mapped through the Case Facts node's field
 * expressions. Both are read from the workflow file; their `{{ }}` expressions are plain JavaScript
 * over `$json` here, evaluated in a sandbox (anything else throws: that template cannot be mirrored).
 * n8n's own node is not ours, so mirroring it is the test's job; our Case Facts engine runs for real.
 */
import * as vm from 'node:vm';

import type { Ticket } from '../../../engine/contracts';
import { ORDER_FIELD_NAMES, type RawOrderFields, type WorkflowRecord } from '../../../engine/facts';
import type { PipelineInput } from '../../../engine/pipeline';
import type { WorkflowJson } from '../harness';
import type { NodeParams } from './templateSettings';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Row = Record<string, string | number | null>;

/** A parameter value as n8n resolves it: `={{ expr }}` is evaluated with `$json`; anything else is taken as is. */
export function evaluate(value: unknown, $json: unknown): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const whole = /^=\{\{([\s\S]*)\}\}$/.exec(value.trim());
	if (!whole || whole[1].includes('{{')) throw new Error(`expression ${value} is not a single {{ }} expression; the parity run cannot mirror it`);
	if (/\$(?!json\b)[A-Za-z_(]/.test(whole[1])) throw new Error(`expression ${value} reads more than $json; the parity run cannot mirror it`);
	return vm.runInNewContext(whole[1], { $json }, { timeout: 1000 }) as unknown;
}

function lookupNodeOf(workflow: WorkflowJson, caseFactsName: string): Json {
	const sources = Object.entries(workflow.connections as Json).filter(([, c]) => (c.main as Json[][] | undefined)?.some((out) => out?.some((link) => link.node === caseFactsName)));
	if (sources.length !== 1) throw new Error(`expected one node feeding "${caseFactsName}", found ${sources.length}`);
	const node = (workflow.nodes as Json[]).find((n) => n.name === sources[0][0])!;
	if (node.type !== 'n8n-nodes-base.dataTable' || node.parameters.resource !== 'row' || node.parameters.operation !== 'get') {
		throw new Error(`"${node.name}" (${node.type}) is not a Data Table "get rows" node; the parity run mirrors only that lookup`);
	}
	return node;
}

/**
 * `workflowFacts` for runPipeline: the rows of `table` the template's lookup would return for a
 * ticket, as Case Facts records. With no row, n8n's "Always Output Data" hands Case Facts one empty
 * item, which is mirrored as one record of empty fields.
 */
export function dataTableFacts(workflow: WorkflowJson, caseFacts: NodeParams, table: readonly Row[]): NonNullable<PipelineInput['workflowFacts']> {
	caseFacts.require('input', (v) => v === 'fields', 'only mapped fields are mirrored');
	const lookup = lookupNodeOf(workflow, caseFacts.node.name);
	const p = lookup.parameters as Json;
	const conditions = (p.filters?.conditions ?? []) as Array<{ keyName: string; condition?: string; keyValue: unknown }>;
	for (const c of conditions) if ((c.condition ?? 'eq') !== 'eq') throw new Error(`${lookup.name}: condition "${c.condition}" is not mirrored (only eq)`);
	const any = p.matchType === 'anyCondition';
	const limit = p.returnAll === true ? Infinity : Number(p.limit ?? 50);
	const source = String(caseFacts.get('sourceName', '') ?? '').trim() || lookup.name;
	const mapRow = (row: Json): WorkflowRecord => {
		const fields: RawOrderFields = {};
		for (const name of ORDER_FIELD_NAMES) fields[name] = evaluate(caseFacts.raw(name, ''), row);
		return { kind: 'mapped', fields };
	};
	return {
		source,
		lookup: (ticket: Ticket) => {
			// The lookup's expressions read the case file on the item the Retriever put out.
			const item = { support: { ticket } };
			const wanted = conditions.map((c) => ({ key: c.keyName, value: evaluate(c.keyValue, item) }));
			const matches = (row: Row) => (any ? wanted.some((w) => row[w.key] === w.value) : wanted.every((w) => row[w.key] === w.value));
			const rows = table.filter(matches).slice(0, limit);
			if (rows.length === 0 && lookup.alwaysOutputData === true) return [mapRow({})];
			return rows.map(mapRow);
		},
	};
}
