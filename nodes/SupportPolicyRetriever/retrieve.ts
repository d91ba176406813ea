import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { appendTrace, readCaseFile, readSection, writeSection, CASE_FILE_KEY, type CaseFile } from '../../engine/contracts';
import { EMBEDDED_STORE_QUEUE_NOTE, lookupLiveFacts, recordedFacts, retrievePolicies, toContextSection, type Embedder, type PolicyStore } from '../../engine/retrieval';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { readLiveFactSettings, type LiveFactSettings } from './liveFacts';
import { openEmbedder, openStore, readGroundingThreshold, readLimit, toIsoDate, toTagList } from './settings';

const LAYER = 'policyRetriever' as const;
export const GROUNDED = 0;
export const UNGROUNDED = 1;

interface RetrieveSettings {
	store: PolicyStore;
	embedder: Embedder;
	limit: number;
	groundingThreshold?: number;
	liveFacts: LiveFactSettings;
}

/** The ticket is required; the intent is not used for the search yet, but when present it must be valid. */
function readInput(support: unknown): CaseFile {
	const caseFile = readCaseFile(support, LAYER);
	const checked: CaseFile = { ...caseFile, ticket: readSection(support, 'ticket', LAYER) };
	if (caseFile.intent !== undefined) checked.intent = readSection(support, 'intent', LAYER);
	return checked;
}

async function retrieveItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: RetrieveSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	let support = readInput(item.json[CASE_FILE_KEY]);
	const ticket = support.ticket!;
	const query = String(ctx.getNodeParameter('query', i, '') ?? '').trim() || [ticket.subject, ticket.message].filter(Boolean).join('\n');
	let asOf: string;
	try {
		asOf = toIsoDate(ctx.getNodeParameter('asOf', i, '')) ?? ticket.receivedAt;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `As Of: ${(error as Error).message}`, { itemIndex: i });
	}
	const tags = toTagList(ctx.getNodeParameter('tags', i, ''));

	const result = await retrievePolicies(
		query,
		{ asOf: new Date(asOf), tags, limit: s.limit, groundingThreshold: s.groundingThreshold },
		{ store: s.store, embedder: s.embedder },
	);
	// Read only, and never fatal: a failed lookup is recorded in context (a lookupFailed fact) and the trace.
	const lookup = await lookupLiveFacts(ticket, s.liveFacts.sources, { timeoutMs: s.liveFacts.timeoutMs });
	support = writeSection(support, 'context', toContextSection(result, recordedFacts(lookup)), LAYER);
	if (!result.grounded) {
		const reason = `No policy grounds a reply: ${result.groundingReason ?? 'nothing scored above the threshold'}`;
		support = { ...support, escalation: { reason, layer: LAYER, code: 'ungrounded', at: new Date().toISOString() } };
	}
	const facts = lookup.facts.map((f) => f.kind).join('+');
	const problems = [...s.liveFacts.notes, ...lookup.problems].map((p) => `live fact lookup: ${p}`);
	// Queue mode runs this on a worker whose user folder holds its own copy (or none) of the file.
	if (s.store.kind === 'embedded' && process.env.EXECUTIONS_MODE === 'queue') problems.push(`embedded policy store under queue mode: ${EMBEDDED_STORE_QUEUE_NOTE}`);
	support = appendTrace(
		support,
		timer.finish({
			engine: `${s.store.kind}/${s.embedder.id}`,
			outcome: `${result.grounded ? 'grounded' : 'ungrounded'}${facts ? ` (facts: ${facts})` : ''}`,
			contractErrors: problems,
		}),
	);
	return { output: result.grounded ? GROUNDED : UNGROUNDED, item: withCaseFile(item, support, i) };
}

/**
 * Retrieves policy for every case and sends it to Grounded or Ungrounded. Bad input stops the
 * workflow with an error naming the field, unless the node continues on error: then the item goes
 * to Ungrounded with the reason, on its way to a person.
 */
export async function executeRetrieve(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	let liveFacts: LiveFactSettings | undefined;
	try {
		return await routeItems(this, {
			layer: LAYER,
			outputCount: 2,
			escalateOutput: UNGROUNDED,
			readSettings: async (): Promise<RetrieveSettings> => {
				const groundingThreshold = readGroundingThreshold(this);
				liveFacts = await readLiveFactSettings(this);
				return { store: await openStore(this), embedder: await openEmbedder(this, 'query'), limit: readLimit(this), groundingThreshold, liveFacts };
			},
			handle: async (item, i, settings) => await retrieveItem(this, item, i, settings),
		});
	} finally {
		// The MCP connection, if a case opened one; a failure to close changes nothing for the cases.
		await liveFacts?.close().catch(() => undefined);
	}
}
