import { DEFAULT_INTENT_SCOPES } from '../planning/defaultPlaybooks';
import { windowsFor } from '../planning/playbookCatalogue';
import type { CriticRules } from './rules';

/**
 * Critic rules matching the default playbooks; an operator's per-intent JSON replaces an entry. The
 * eligibility windows come from the playbook catalogue and the policy numbers the playbooks read
 * (engine/planning/policyDefaults.ts), so the return window is written once.
 */
export const DEFAULT_CRITIC_RULES: Record<string, CriticRules> = Object.fromEntries(
	Object.entries(DEFAULT_INTENT_SCOPES).map(([intent, scope]) => {
		const windows = windowsFor(intent, {});
		return [intent, windows.length ? { scope, windows } : { scope }];
	}),
);
