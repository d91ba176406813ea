import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, readCaseFile, readSection, CASE_FILE_KEY, type CaseFile } from '../../engine/contracts';
import { runRetriever, type Embedder, type PolicyStore } from '../../engine/retrieval';
import { startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { readLiveFactSettings, type LiveFactSettings } from './liveFacts';
import { readGroundingThreshold } from './groundingThreshold';
import { openEmbedder, openStore, readDateParameter, readLimit, toTagList } from './settings';

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

/** One item through the Retriever layer (engine/retrieval/retrieverLayer.ts, the same function the in-process pipeline runs). */
async function retrieveItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: RetrieveSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	const caseFile = readInput(item.json[CASE_FILE_KEY]);
	const asOf = readDateParameter(ctx, 'asOf', 'As Of', i);
	const result = await runRetriever(caseFile, {
		store: s.store,
		embedder: s.embedder,
		limit: s.limit,
		groundingThreshold: s.groundingThreshold,
		tags: toTagList(ctx.getNodeParameter('tags', i, '')),
		query: String(ctx.getNodeParameter('query', i, '') ?? ''),
		asOf,
		liveFacts: s.liveFacts.sources,
		liveFactTimeoutMs: s.liveFacts.timeoutMs,
		liveFactNotes: s.liveFacts.notes,
		queueMode: process.env.EXECUTIONS_MODE === 'queue',
	});
	const support = appendTrace(result.caseFile, timer.finish({ engine: result.engineLabel, outcome: result.traceOutcome, contractErrors: result.problems }));
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
