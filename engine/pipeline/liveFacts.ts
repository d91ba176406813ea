/**
 * The pipeline's live-fact lookups are the Policy Retriever's (engine/retrieval/liveFacts.ts), so
 * the in-process runner and the n8n node read the same facts the same way.
 */
export { lookupLiveFacts, recordedFacts, type FactLookup } from '../retrieval/liveFacts';
