import type { IntentResult, Ticket } from '../contracts';
import type { BuiltinFeatures, BuiltinRouter } from './builtinEngine';
import { classifyWithModel, maxUrgency, mergeDecision, runCascade, type ChatModelLike, type MergedDecision, type ModelClassification } from './model';
import { decideIntent } from './routeTicket';
import { detectSentiment } from './sentimentDetector';
import { detectUrgency } from './urgencyDetector';
import type { IntentDefinition, SentimentResult, UrgencyResult } from './types';

/**
 * The Intent Router layer, once: what the Router node runs for each ticket and what the in-process
 * pipeline runs, so both classify, apply the threshold, combine signals and send to a person alike.
 * The ticket is normalised by the caller (from an item or a payload); where the intent's output
 * leads is the node's business (n8n wiring), not this function's.
 */
export interface RouterLayerSettings {
	engine: IntentResult['engine'];
	intents: IntentDefinition[];
	/** The built-in classifier (absent for engine 'model'). */
	classifier?: BuiltinRouter;
	/** What the built-in classifier learns from, for the trace. */
	features: BuiltinFeatures;
	/** The chat model (engines 'model' and 'cascade'). */
	model?: ChatModelLike;
	threshold: number;
	modelThreshold: number;
	modelAttempts: number;
	modelTimeoutMs: number;
	maxAlternatives: number;
	/** Cancels a model call when the execution is stopped. */
	signal?: AbortSignal;
}

export interface RouterLayerResult {
	intent: IntentResult;
	/** For the trace: `routed:refund (model, 2 attempts)`, `human (cascade: builtin)`. */
	traceOutcome: string;
	/** For the trace: the engine, with `+encoder` when the built-in one learns from sentence meaning. */
	engineLabel: string;
	/** The model's failed attempts (malformed answer, 429, timeout...), even when a retry succeeded. */
	modelProblems: string[];
}

interface EngineRun {
	merged: MergedDecision;
	model?: ModelClassification;
}

/** The prediction of the configured engine; the model is called at most once per ticket (with its own retries). */
async function runEngine(s: RouterLayerSettings, text: string, ticket: { subject?: string; message: string }): Promise<EngineRun> {
	const askModel = () => classifyWithModel(s.model as ChatModelLike, s.intents, ticket, { maxAttempts: s.modelAttempts, timeoutMs: s.modelTimeoutMs, signal: s.signal });
	if (s.engine === 'model') {
		const model = await askModel();
		return { merged: mergeDecision(undefined, model), model };
	}
	const builtin = await (s.classifier as BuiltinRouter).predict(text);
	if (s.engine === 'cascade') {
		const run = await runCascade(builtin, askModel, { modelThreshold: s.modelThreshold });
		return { merged: run, model: run.model };
	}
	return { merged: { prediction: builtin, decidedBy: 'builtin' } };
}

/** Urgency from the rules, raised (never lowered) by the model's; the model's sentiment is kept as a signal. */
function combineSignals(rules: { urgency: UrgencyResult; sentiment: SentimentResult }, merged: MergedDecision) {
	const m = merged.modelSignals;
	if (!m) return rules;
	const level = maxUrgency(rules.urgency.level, m.urgency);
	const urgency = level === rules.urgency.level ? rules.urgency : { level, signals: [...rules.urgency.signals, `model:${m.urgency}`] };
	const sentiment = m.sentiment === rules.sentiment.label ? rules.sentiment : { ...rules.sentiment, signals: [...rules.sentiment.signals, `model:${m.sentiment}`] };
	return { urgency, sentiment };
}

function traceOutcome(intent: IntentResult, s: RouterLayerSettings, model: ModelClassification | undefined): string {
	const head = intent.route === 'intent' ? `routed:${intent.category}` : 'human';
	if (s.engine === 'builtin') return head;
	const by = s.engine === 'cascade' ? `cascade: ${intent.decidedBy}` : intent.decidedBy;
	const attempts = model ? `, ${model.attempts} attempt${model.attempts === 1 ? '' : 's'}` : '';
	return `${head} (${by}${attempts})`;
}

/** Classifies the ticket: the intent, its confidence and signals, or a person with the reason. */
export async function runRouter(ticket: Ticket, s: RouterLayerSettings): Promise<RouterLayerResult> {
	const text = ticket.subject && !ticket.message.includes(ticket.subject) ? `${ticket.subject}\n${ticket.message}` : ticket.message;
	const { merged, model } = await runEngine(s, text, { subject: ticket.subject, message: ticket.message });
	const rules = {
		urgency: detectUrgency(ticket.message, { conversation: ticket.conversation, subject: ticket.subject }),
		sentiment: detectSentiment(ticket.message),
	};
	let intent = decideIntent(merged.prediction, combineSignals(rules, merged), {
		intents: s.intents,
		threshold: s.threshold,
		maxAlternatives: s.maxAlternatives,
		engine: s.engine,
		decidedBy: merged.decidedBy,
	});
	// The model failed or found no intent: decideIntent's threshold reason would be wrong, so the
	// merge's reason stands and the ticket goes to a person whatever the confidence says.
	if (merged.forceHuman) intent = { ...intent, route: 'human', humanReason: merged.forceHuman, rolloutMode: 'suggest' };
	return {
		intent,
		traceOutcome: traceOutcome(intent, s, model),
		engineLabel: s.features === 'encoder' && s.engine !== 'model' ? `${s.engine}+encoder` : s.engine,
		modelProblems: (model?.problems ?? []).map((p) => `model attempt ${p.attempt}: ${p.kind}: ${p.error}`),
	};
}
