export { runPipeline } from './runPipeline';
export { effectiveMode, scopeForIntent } from './layers';
export { lookupLiveFacts, type FactLookup } from './liveFacts';
export type * from './types';
