export { runPipeline } from './runPipeline';
export { effectiveMode, scopeForIntent } from '../execution';
export { lookupLiveFacts, type FactLookup } from './liveFacts';
export type * from './types';
