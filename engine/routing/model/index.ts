/** The Intent Router's model and cascade engines: a connected chat model classifies, bounded and validated. */
export { classifyWithModel, MODEL_DEFAULTS } from './classifyWithModel';
export {
	cascadeDecision,
	DEFAULT_MODEL_THRESHOLD,
	maxUrgency,
	mergeDecision,
	modelShare,
	runCascade,
	type CascadeDecision,
	type CascadeRun,
	type MergedDecision,
	type MergeOptions,
} from './cascade';
export { extractRawAnswer, modelAnswerSchema, noneLabel, parseModelAnswer } from './answerSchema';
export { buildMessages, buildSystemPrompt, buildTicketMessage, TICKET_CLOSE, TICKET_OPEN, type MessageTuple } from './prompt';
export { classifyModelError, ModelTimeoutError, retryAfterMs } from './modelErrors';
export * from './types';
