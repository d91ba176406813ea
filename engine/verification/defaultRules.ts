import { DEFAULT_INTENT_SCOPES } from '../planning/defaultPlaybooks';
import type { CriticRules } from './rules';

/** Critic rules matching the default playbooks; an operator's per-intent JSON replaces an entry. */
export const DEFAULT_CRITIC_RULES: Record<string, CriticRules> = {
	...Object.fromEntries(Object.entries(DEFAULT_INTENT_SCOPES).map(([intent, scope]) => [intent, { scope }])),
	return_refund: {
		scope: DEFAULT_INTENT_SCOPES.return_refund,
		windows: [{ id: 'return_window', date: 'facts.order.delivered_at', maxDays: 30 }],
	},
	damaged_item: {
		scope: DEFAULT_INTENT_SCOPES.damaged_item,
		windows: [{ id: 'damage_report_window', date: 'facts.order.delivered_at', maxDays: 14 }],
	},
};
