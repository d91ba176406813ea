import type { IntentResult } from '../../contracts';
import type { Prediction, RankedIntent } from '../types';
import type { ModelClassification, ModelUrgency } from './types';

/**
 * Default second threshold of the cascade: the built-in engine decides alone at or above it, the
 * model is asked below it. Above the routing threshold (0.5) on purpose: the band between the two is
 * where the built-in engine would route but is not sure, which is where a model earns its cost.
 */
export const DEFAULT_MODEL_THRESHOLD = 0.8;

export interface CascadeDecision {
	callModel: boolean;
	/** For the trace: why the model was or was not asked. */
	reason: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Whether the model should see this ticket: only when the built-in engine is below `modelThreshold`. */
export function cascadeDecision(builtin: Prediction, opts: { modelThreshold: number }): CascadeDecision {
	if (builtin.category === null) return { callModel: true, reason: 'The built-in engine found no intent.' };
	if (builtin.confidence < opts.modelThreshold) {
		return {
			callModel: true,
			reason: `The built-in engine chose "${builtin.category}" at ${pct(builtin.confidence)}, under the ${pct(opts.modelThreshold)} model threshold.`,
		};
	}
	return {
		callModel: false,
		reason: `The built-in engine chose "${builtin.category}" at ${pct(builtin.confidence)}, at or above the ${pct(opts.modelThreshold)} model threshold.`,
	};
}

export interface MergedDecision {
	prediction: Prediction;
	decidedBy: IntentResult['decidedBy'];
	/**
	 * Set when the ticket must go to Human whatever the confidence threshold says (the model failed
	 * or said no intent fits). The node uses it as the `humanReason`.
	 */
	forceHuman?: string;
	/** The model's urgency and sentiment, when it answered; the node may combine them with its rules. */
	modelSignals?: { urgency: ModelUrgency; sentiment: IntentResult['sentiment']['label']; reason: string };
}

export interface MergeOptions {
	/**
	 * When the model fails in a cascade: 'human' (default) sends the ticket to a person with the
	 * failure reason; 'builtin' lets the built-in prediction stand (the routing threshold still applies).
	 */
	onModelFailure?: 'human' | 'builtin';
}

function ranking(p: Prediction): RankedIntent[] {
	return p.category === null ? [...p.alternatives] : [{ category: p.category, confidence: p.confidence }, ...p.alternatives];
}

/**
 * The final prediction of the model or cascade engine. `builtin` is absent for engine=model;
 * `model` is absent when the cascade did not call it. The built-in ranking stays as the
 * alternatives, so a person picking up a Human ticket still sees the next best intents.
 */
export function mergeDecision(builtin: Prediction | undefined, model: ModelClassification | undefined, opts: MergeOptions = {}): MergedDecision {
	if (!model) {
		if (!builtin) throw new Error('mergeDecision needs the built-in prediction, the model result, or both');
		return { prediction: builtin, decidedBy: 'builtin' };
	}
	const alternatives = builtin ? ranking(builtin) : [];
	if (!model.ok) {
		if (builtin && opts.onModelFailure === 'builtin') return { prediction: builtin, decidedBy: 'builtin' };
		return {
			prediction: { category: builtin?.category ?? null, confidence: builtin?.confidence ?? 0, alternatives: builtin?.alternatives ?? [] },
			decidedBy: 'model',
			forceHuman: model.error,
		};
	}
	const modelSignals = { urgency: model.urgency, sentiment: model.sentiment, reason: model.reason };
	if (model.category === null) {
		return {
			prediction: { category: null, confidence: 0, alternatives },
			decidedBy: 'model',
			forceHuman: `Out of scope: the model found no defined intent that fits (${model.reason || 'no reason given'}).`,
			modelSignals,
		};
	}
	return {
		prediction: {
			category: model.category,
			confidence: model.confidence,
			alternatives: alternatives.filter((a) => a.category !== model.category),
		},
		decidedBy: 'model',
		modelSignals,
	};
}

/** Share (0..1) of tickets the cascade would send to the model at `modelThreshold`. */
export function modelShare(predictions: ReadonlyArray<Pick<Prediction, 'category' | 'confidence'>>, modelThreshold: number): number {
	if (predictions.length === 0) return 0;
	const reaching = predictions.filter((p) => cascadeDecision({ ...p, alternatives: [] }, { modelThreshold }).callModel).length;
	return reaching / predictions.length;
}

const URGENCY_ORDER: readonly ModelUrgency[] = ['low', 'normal', 'high', 'critical'];

/** The more urgent of two levels: a model must not calm down a ticket the rules found urgent. */
export function maxUrgency(a: ModelUrgency, b: ModelUrgency): ModelUrgency {
	return URGENCY_ORDER.indexOf(a) >= URGENCY_ORDER.indexOf(b) ? a : b;
}

export interface CascadeRun extends MergedDecision {
	decision: CascadeDecision;
	model?: ModelClassification;
}

/**
 * The cascade in one call: decide, ask the model only if needed (`askModel` is typically
 * `() => classifyWithModel(model, intents, ticket, opts)`), and merge.
 */
export async function runCascade(
	builtin: Prediction,
	askModel: () => Promise<ModelClassification>,
	opts: { modelThreshold: number } & MergeOptions,
): Promise<CascadeRun> {
	const decision = cascadeDecision(builtin, opts);
	const model = decision.callModel ? await askModel() : undefined;
	return { ...mergeDecision(builtin, model, opts), decision, model };
}
