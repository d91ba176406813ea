import { cascadeDecision, maxUrgency, mergeDecision, modelShare, runCascade, type ModelClassification } from '../../../../engine/routing/model';
import type { Prediction } from '../../../../engine/routing/types';

const builtin = (category: string | null, confidence: number): Prediction => ({
	category,
	confidence,
	alternatives: [{ category: 'shipping', confidence: 0.1 }, { category: 'account', confidence: 0.05 }],
});
const modelOk = (category: string | null): ModelClassification => ({
	ok: true, category, confidence: 0.9, urgency: 'high', sentiment: 'negative', reason: 'Asks for money back.', attempts: 1, problems: [],
});
const modelFailed: ModelClassification = { ok: false, kind: 'timeout', error: 'Model timed out after 2 attempts: x', attempts: 2, problems: [] };

describe('cascadeDecision', () => {
	it('asks the model only below the model threshold', () => {
		expect(cascadeDecision(builtin('refunds', 0.79), { modelThreshold: 0.8 }).callModel).toBe(true);
		expect(cascadeDecision(builtin('refunds', 0.8), { modelThreshold: 0.8 }).callModel).toBe(false);
		expect(cascadeDecision(builtin('refunds', 0.95), { modelThreshold: 0.8 }).reason).toContain('at or above the 80% model threshold');
	});
	it('asks the model when the built-in engine found nothing', () => {
		expect(cascadeDecision(builtin(null, 0), { modelThreshold: 0.1 }).callModel).toBe(true);
	});
});

describe('mergeDecision', () => {
	it('keeps the built-in prediction when the model was not asked', () => {
		const b = builtin('refunds', 0.9);
		expect(mergeDecision(b, undefined)).toEqual({ prediction: b, decidedBy: 'builtin' });
	});
	it('lets the model decide and keeps the built-in ranking as alternatives without the chosen intent', () => {
		const merged = mergeDecision(builtin('shipping', 0.4), modelOk('refunds'));
		expect(merged.decidedBy).toBe('model');
		expect(merged.forceHuman).toBeUndefined();
		expect(merged.prediction).toEqual({
			category: 'refunds',
			confidence: 0.9,
			alternatives: [{ category: 'shipping', confidence: 0.4 }, { category: 'shipping', confidence: 0.1 }, { category: 'account', confidence: 0.05 }],
		});
		expect(merged.modelSignals).toEqual({ urgency: 'high', sentiment: 'negative', reason: 'Asks for money back.' });
	});
	it('forces Human with the model\'s reason when the model says no intent fits', () => {
		const merged = mergeDecision(builtin('shipping', 0.4), modelOk(null));
		expect(merged.prediction.category).toBeNull();
		expect(merged.forceHuman).toMatch(/^Out of scope.*Asks for money back/);
	});
	it('forces Human with the failure by default, or keeps the built-in prediction when asked to', () => {
		const human = mergeDecision(builtin('shipping', 0.6), modelFailed);
		expect(human).toMatchObject({ decidedBy: 'model', forceHuman: 'Model timed out after 2 attempts: x' });
		const fallback = mergeDecision(builtin('shipping', 0.6), modelFailed, { onModelFailure: 'builtin' });
		expect(fallback).toEqual({ prediction: builtin('shipping', 0.6), decidedBy: 'builtin' });
	});
	it('works for engine=model, with no built-in prediction', () => {
		expect(mergeDecision(undefined, modelOk('refunds')).prediction).toEqual({ category: 'refunds', confidence: 0.9, alternatives: [] });
		expect(mergeDecision(undefined, modelFailed).forceHuman).toContain('timed out');
	});
});

describe('runCascade', () => {
	it('does not call the model for a confident built-in prediction', async () => {
		const ask = jest.fn(async () => modelOk('refunds'));
		const run = await runCascade(builtin('shipping', 0.97), ask, { modelThreshold: 0.8 });
		expect(ask).not.toHaveBeenCalled();
		expect(run).toMatchObject({ decidedBy: 'builtin', prediction: { category: 'shipping' } });
		expect(run.model).toBeUndefined();
	});
	it('calls the model once for an unsure one and records which engine decided', async () => {
		const ask = jest.fn(async () => modelOk('refunds'));
		const run = await runCascade(builtin('shipping', 0.5), ask, { modelThreshold: 0.8 });
		expect(ask).toHaveBeenCalledTimes(1);
		expect(run).toMatchObject({ decidedBy: 'model', prediction: { category: 'refunds' }, decision: { callModel: true } });
	});
});

describe('modelShare and maxUrgency', () => {
	it('counts the share of tickets under the model threshold', () => {
		const preds = [builtin('a', 0.95), builtin('a', 0.5), builtin(null, 0), builtin('b', 0.8)];
		expect(modelShare(preds, 0.8)).toBe(0.5);
		expect(modelShare(preds, 0.99)).toBe(1);
		expect(modelShare([], 0.8)).toBe(0);
	});
	it('takes the more urgent level', () => {
		expect(maxUrgency('normal', 'critical')).toBe('critical');
		expect(maxUrgency('high', 'low')).toBe('high');
	});
});
