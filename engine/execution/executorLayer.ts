import { writeSection, type CaseFile, type Execution, type RolloutMode } from '../contracts';
import { scopeFromSettings } from '../planning/playbookCatalogue';
import { executePlan } from './executor';
import type { KeyLock } from './keyLock';
import type { RetryPolicy } from './retry';
import { effectiveMode, scopeForIntent, type ModeSetting } from './rollout';
import type { Connectors, IntentScope } from './types';

/**
 * The Action Executor layer, once: what the Executor node runs for each item and what the in-process
 * pipeline runs, so both pick the same mode and scope, write the same record and escalate alike.
 */
export interface ExecutorLayerSettings {
	/** The node's Rollout Mode ('fromIntent' by default); it can only make the intent's mode stricter. */
	mode?: ModeSetting;
	/** Tool scopes per intent ('*' for the rest). */
	scopes: Record<string, IntentScope>;
	/** Node version 2: the scope comes from the intent settings the case file carries (Intent Router version 3). */
	useIntentSettings?: boolean;
	/** Node version 2's advanced per-intent scopes: an intent named here runs within these instead. */
	scopeOverrides?: Record<string, IntentScope>;
	retry?: Partial<RetryPolicy>;
	connectors: Connectors;
	/**
	 * Connectors switched on without a usable credential, answering every call with a refusal: in
	 * shadow mode they record what would be sent, so the templates can run before any API key exists.
	 */
	previewOnly?: Connectors;
	/** The write lock (n8n's queue Redis in queue mode); defaults to this process's. */
	lock?: KeyLock;
}

export interface ExecutorLayerResult {
	caseFile: CaseFile;
	mode: RolloutMode;
	outcome: Execution['outcome'];
	/** Only completed and dry_run let the case continue as handled; everything else needs a person. */
	done: boolean;
}

const DONE_OUTCOMES = new Set<Execution['outcome']>(['completed', 'dry_run']);

/**
 * The scope this plan runs within: the operator's override for the intent, else the intent settings
 * the Router wrote (when the plan is for that intent), else the node's scopes. Deny by default.
 */
export function executorScope(caseFile: CaseFile, s: Pick<ExecutorLayerSettings, 'scopes' | 'useIntentSettings' | 'scopeOverrides'>): IntentScope {
	const intent = caseFile.plan?.intent;
	if (intent && s.scopeOverrides?.[intent]) return s.scopeOverrides[intent];
	const settings = caseFile.intent?.settings;
	if (s.useIntentSettings && settings && intent === caseFile.intent?.category) return scopeFromSettings(settings);
	return scopeForIntent(s.scopes, intent);
}

/** Runs the approved plan of a case file that has a ticket, an intent and a plan (the caller checked them). */
export async function runExecutor(caseFile: CaseFile, s: ExecutorLayerSettings, now: () => Date = () => new Date()): Promise<ExecutorLayerResult> {
	const plan = caseFile.plan!;
	const mode = effectiveMode(caseFile.intent!.rolloutMode, s.mode);
	const connectors = mode === 'shadow' && s.previewOnly ? { ...s.previewOnly, ...s.connectors } : s.connectors;
	const result = await executePlan(
		{ plan, review: caseFile.review, ticket: caseFile.ticket!, mode, scope: executorScope(caseFile, s), connectors },
		{ retry: s.retry, ...(s.lock ? { lock: s.lock } : {}) },
	);
	let support = writeSection(caseFile, 'execution', result.execution, 'toolExecutor');
	const done = DONE_OUTCOMES.has(result.execution.outcome);
	if (!done) {
		// The engine sets an escalation for every outcome it does not call done; the fallback is for safety.
		support = {
			...support,
			escalation: result.escalation ?? { reason: `Support Action Executor: plan ${plan.id} ended "${result.execution.outcome}"`, layer: 'toolExecutor', code: 'execution', at: now().toISOString() },
		};
	}
	return { caseFile: support, mode, outcome: result.execution.outcome, done };
}
