export { runPipeline } from './runPipeline';
export type * from './types';
