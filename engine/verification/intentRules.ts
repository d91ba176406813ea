import type { CaseFile } from '../contracts';
import { policyFor, playbookChoice, scopeFromSettings, windowsFor } from '../planning/playbookCatalogue';
import { rulesForIntent, type CriticRules } from './rules';

/**
 * The Critic's rules for this case. With intent settings in the case file (Intent Router version 3)
 * the intent's scope, eligibility windows (from the same policy numbers the playbook planned with)
 * and switched-off checks come from there; the node's per-intent rules still give the rest (identity
 * paths, allowed emails, custom conditions), and an intent the node's overrides name is taken from
 * the overrides as a whole. Without settings: the node's rules, as before.
 */
export function rulesForCase(
	caseFile: CaseFile,
	byIntent: Record<string, CriticRules>,
	opts: { useIntentSettings?: boolean; overrides?: Record<string, CriticRules> } = {},
): CriticRules {
	const intent = caseFile.intent?.category;
	const settings = caseFile.intent?.settings;
	if (intent && opts.overrides?.[intent]) return rulesForIntent({ ...byIntent, ...opts.overrides }, intent);
	const base = rulesForIntent(byIntent, intent);
	if (!opts.useIntentSettings || !settings) return base;
	const policy = policyFor(playbookChoice(settings.playbook), settings.policy);
	return {
		...base,
		scope: scopeFromSettings(settings),
		windows: windowsFor(settings.playbook, settings.policy),
		policy: { ...base.policy, ...policy },
		disabled: [...new Set([...(base.disabled ?? []), ...settings.disabledChecks])],
	};
}
