import { writeSection, type CaseFile } from '../contracts';
import { EMBEDDED_STORE_QUEUE_NOTE } from './embeddedStore';
import { lookupLiveFacts, recordedFacts, type LiveFactSources } from './liveFacts';
import { retrievePolicies } from './retrieve';
import { toContextSection } from './service';
import type { Embedder, PolicyStore } from './types';

/**
 * The Policy Retriever layer (operation Retrieve), once: what the Retriever node runs for each item
 * and what the in-process pipeline runs, so both ground the same passages, look up the same facts and
 * send the same tickets to a person.
 */
export interface RetrieverLayerSettings {
	store: PolicyStore;
	embedder: Embedder;
	limit: number;
	/** undefined: the store's calibrated threshold. */
	groundingThreshold?: number;
	tags: string[];
	/** The search text; default the ticket's subject and message. */
	query?: string;
	/** The policy version in force at this time; default when the ticket arrived. */
	asOf?: string;
	liveFacts: LiveFactSources;
	liveFactTimeoutMs?: number;
	/** Problems found while wiring the live-fact sources (a credential that does not exist...), for the trace. */
	liveFactNotes?: string[];
	/** n8n runs in queue mode (the embedded store is then one file per worker: said in the trace). */
	queueMode?: boolean;
}

export interface RetrieverLayerResult {
	caseFile: CaseFile;
	grounded: boolean;
	/** For the trace. */
	engineLabel: string;
	traceOutcome: string;
	problems: string[];
}

/** Grounds the case file's ticket in the policy in force and the live facts; ungrounded goes to a person with the reason. */
export async function runRetriever(caseFile: CaseFile, s: RetrieverLayerSettings, now: () => Date = () => new Date()): Promise<RetrieverLayerResult> {
	const ticket = caseFile.ticket!;
	const query = s.query?.trim() || [ticket.subject, ticket.message].filter(Boolean).join('\n');
	const result = await retrievePolicies(query, { asOf: new Date(s.asOf ?? ticket.receivedAt), tags: s.tags, limit: s.limit, groundingThreshold: s.groundingThreshold }, { store: s.store, embedder: s.embedder });
	// Read only, and never fatal: a failed lookup is recorded in context (a lookupFailed fact) and the trace.
	const lookup = await lookupLiveFacts(ticket, s.liveFacts, { now, ...(s.liveFactTimeoutMs ? { timeoutMs: s.liveFactTimeoutMs } : {}) });
	let support = writeSection(caseFile, 'context', toContextSection(result, recordedFacts(lookup)), 'policyRetriever');
	if (!result.grounded) {
		const reason = `No policy grounds a reply: ${result.groundingReason ?? 'nothing scored above the threshold'}`;
		support = { ...support, escalation: { reason, layer: 'policyRetriever', code: 'ungrounded', at: now().toISOString() } };
	}
	const facts = lookup.facts.map((f) => f.kind).join('+');
	const problems = [...(s.liveFactNotes ?? []), ...lookup.problems].map((p) => `live fact lookup: ${p}`);
	// Queue mode runs this on a worker whose user folder holds its own copy (or none) of the file.
	if (s.store.kind === 'embedded' && s.queueMode) problems.push(`embedded policy store under queue mode: ${EMBEDDED_STORE_QUEUE_NOTE}`);
	return {
		caseFile: support,
		grounded: result.grounded,
		engineLabel: `${s.store.kind}/${s.embedder.id}`,
		traceOutcome: `${result.grounded ? 'grounded' : 'ungrounded'}${facts ? ` (facts: ${facts})` : ''}`,
		problems,
	};
}
