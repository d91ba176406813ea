import type { RolloutMode } from '../contracts';
import type { IntentScope } from './types';

/** The executor's mode setting: follow the intent's rollout mode, or hold it back to a stricter one. */
export type ModeSetting = 'fromIntent' | RolloutMode;

/** Most careful first: an override may move a ticket left in this list, never right. */
const STRICTNESS: readonly RolloutMode[] = ['shadow', 'suggest', 'auto'];

/**
 * The mode to run in: the intent's, or the override when that is stricter. An override that is
 * looser than the intent's mode is ignored: the setting exists to hold rollout back (e.g. shadow
 * everything while testing), and must never let through what the router's per-intent mode holds back.
 */
export function effectiveMode(intentMode: RolloutMode, setting: ModeSetting = 'fromIntent'): RolloutMode {
	if (setting === 'fromIntent') return intentMode;
	return STRICTNESS[Math.min(STRICTNESS.indexOf(intentMode), STRICTNESS.indexOf(setting))];
}

/** Deny by default: an intent with no scope and no "*" scope may not run any tool. */
export function scopeForIntent(scopes: Record<string, IntentScope>, intent: string | null | undefined): IntentScope {
	return (intent ? scopes[intent] : undefined) ?? scopes['*'] ?? { allowedTools: [] };
}
