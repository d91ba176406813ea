export * from './types';
export {
	chunkDocument,
	chunkIdFor,
	pointIdFor,
	searchableText,
	DEFAULT_CHUNK_OPTIONS,
	type ChunkOptions,
} from './chunk';
export { EMBEDDED_STORE_QUEUE_NOTE, EmbeddedStore } from './embeddedStore';
export { QdrantStore, createQdrantClient, type QdrantConnection } from './qdrantStore';
export { BuiltinEmbedder, loadBuiltinEncoder } from './builtinEmbedder';
export { HashingEmbedder } from './hashingEmbedder';
export { ingestDocument, retireDocument, type IngestResult } from './ingest';
export { retrievePolicies, hybridScore, type RetrieveOptions, type RetrieveResult } from './retrieve';
export { decideGrounding, groundingThresholdFor, GROUNDING_THRESHOLDS, type GroundingDecision } from './grounding';
export { isInForce, matchesTags } from './inForce';
export {
	openPolicyStore,
	embeddedStorePath,
	ingestDocuments,
	toContextSection,
	type PolicyStoreConfig,
} from './service';
export { lookupLiveFacts, readOnlyClient, recordedFacts, WriteRefusedError, type FactLookup, type LiveFactSources, type LookupOptions } from './liveFacts';
export { failureFact, LOOKUP_FAILED_KIND, type LookupFailure } from './liveFactTypes';
export { lookupZendeskCustomer, type ZendeskFactSource } from './liveFactsZendesk';
export { lookupHttpFact, type HttpFactSource } from './liveFactsHttp';
export { lazyMcpSession } from '../execution/connectors/lazyMcpSession';
export { lookupMcpFact, readOnlyMcpSession, type McpFactSource } from './liveFactsMcp';
export { CASE_FIELD_NAMES, caseFields, fillArguments, fillTemplate, placeholdersIn, unknownPlaceholders, type CaseFieldName } from './caseFields';
export { runRetriever, type RetrieverLayerResult, type RetrieverLayerSettings } from './retrieverLayer';
