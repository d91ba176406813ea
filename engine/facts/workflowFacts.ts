import { readSection, writeSection, type CaseFile, type LiveFact } from '../contracts';
import { failureFact } from '../retrieval/liveFactTypes';
import { isEmptyRecord, mappedOrderFact, shopifyOrderFact, type RawOrderFields } from './orderFact';

const LAYER = 'caseFacts' as const;

/** One record the operator's lookup node returned for a case: mapped through the form, or a Shopify order as is. */
export type WorkflowRecord = ({ kind: 'mapped'; fields: RawOrderFields } | { kind: 'shopifyOrder'; order: Record<string, unknown> }) & {
	/** The lookup node failed for this case (n8n's "On Error: Continue" item): why, without secrets. */
	lookupError?: string;
};

export interface WorkflowFactsInput {
	/** What the case file records as the facts' source, e.g. `data table "Support sample orders"` or `Shopify`. */
	source: string;
	/** Everything the lookup returned for this case, in its order; empty records mean "nothing found". */
	records: WorkflowRecord[];
	now?: Date;
}

export interface WorkflowFactsResult {
	caseFile: CaseFile;
	/** For the trace: `order #1001`, `order #5531 not found`, `2 orders, none named`... */
	outcome: string;
}

/** Kind of the fact listing the orders found when the customer named none and there are several. */
export const ORDER_CANDIDATES_KIND = 'orderCandidates';

const bare = (name: unknown) => String(name ?? '').trim().replace(/^#/, '').toLowerCase();

/** The order references the customer gave, as the router read them (first one first). */
function namedOrders(caseFile: CaseFile): string[] {
	return (caseFile.ticket?.orderRefs ?? []).map(bare).filter(Boolean);
}

function toFact(record: WorkflowRecord, source: string, now: Date): LiveFact | undefined {
	if (record.lookupError) return undefined;
	if (record.kind === 'shopifyOrder') return Object.keys(record.order).length ? shopifyOrderFact(record.order, source, now) : undefined;
	return isEmptyRecord(record.fields) ? undefined : mappedOrderFact(record.fields, source, now);
}

/**
 * The Support Case Facts layer: adds the order a workflow node looked up to `context.facts`, with its
 * source, where the playbooks, the Critic and the Packager read `facts.order` exactly as if it came
 * from our own Shopify lookup. Which record counts:
 * - the customer named several orders that all exist: none (which one to act on is a guess);
 * - the customer named an order: only the record with that name (never another customer's order the
 *   lookup happened to return); none matching is recorded as a failed lookup (`order #5531: not
 *   found in <source>`), so the planner escalates with that reason instead of asking again;
 * - no order named, one record (e.g. a lookup by the requester's email): that one;
 * - no order named, several: none is picked; their names are recorded so the question to the
 *   customer can list them.
 * Every record is validated against the order contract first: a bad mapping names its field.
 */
export function recordWorkflowFacts(support: unknown, input: WorkflowFactsInput): WorkflowFactsResult {
	const now = input.now ?? new Date();
	const ticket = readSection(support, 'ticket', LAYER);
	const context = readSection(support, 'context', LAYER);
	const caseFile = { ...(support as CaseFile), ticket, context };
	const facts = input.records.map((r) => toFact(r, input.source, now)).filter((f): f is LiveFact => f !== undefined);
	const named = namedOrders(caseFile);
	const added: LiveFact[] = [];
	let outcome: string;
	const matches = [...new Set(named.map((ref) => facts.find((f) => bare(f.data.name) === ref || bare(f.data.id) === ref)).filter((f): f is LiveFact => f !== undefined))];
	if (matches.length > 1) {
		// "Refund #5503, and where is #5501?": acting on one of them is a guess; a person decides.
		const names = matches.map((f) => String(f.data.name));
		added.push({ kind: ORDER_CANDIDATES_KIND, source: input.source, fetchedAt: now.toISOString(), data: { names, list: names.join(', '), count: names.length } });
		added.push(failureFact({ source: input.source, lookup: `order ${names[0]}`, error: `the ticket names several orders (${names.join(', ')}); which one to act on is for a person to decide`, at: now.toISOString() }));
		outcome = `${names.length} orders named`;
	} else if (named.length) {
		const match = matches[0];
		const earlier = context.facts.find((f) => f.kind === 'order' && named.includes(bare(f.data.name)));
		if (match) {
			added.push(match);
			outcome = `order ${String(match.data.name)}`;
		} else if (earlier) {
			// An earlier lookup (the Retriever's own Shopify lookup) already found it: nothing is missing.
			outcome = `order ${String(earlier.data.name)} already in the case`;
		} else {
			// Shown as shops print order names ("#5531"), however the customer wrote it.
			const ref = /^\d+$/.test(ticket.orderRefs[0].trim()) ? `#${ticket.orderRefs[0].trim()}` : ticket.orderRefs[0].trim();
			const lookupError = input.records.find((r) => r.lookupError)?.lookupError;
			const error = lookupError ? `the lookup in ${input.source} failed: ${lookupError.slice(0, 300)}` : `not found in ${input.source}`;
			added.push(failureFact({ source: input.source, lookup: `order ${ref}`, error, at: now.toISOString() }));
			outcome = lookupError ? `order ${ref}: lookup failed` : `order ${ref} not found`;
		}
	} else if (facts.length === 1) {
		added.push(facts[0]);
		outcome = `order ${String(facts[0].data.name)} (the only one found)`;
	} else if (facts.length > 1) {
		const names = facts.map((f) => String(f.data.name));
		added.push({ kind: ORDER_CANDIDATES_KIND, source: input.source, fetchedAt: now.toISOString(), data: { names, list: names.join(', '), count: names.length } });
		outcome = `${names.length} orders, none named`;
	} else {
		outcome = 'nothing found, no order named';
	}
	const next = writeSection(caseFile, 'context', { ...context, facts: [...context.facts, ...added] }, LAYER);
	return { caseFile: next, outcome };
}
