import type { CompiledPlaybook } from './compilePlaybook';
import { DEFAULT_PLAYBOOKS } from './defaultPlaybooks';
import type { PlaybookInput } from './playbook';

export interface MergedPlaybooks {
	/** The operator's playbooks first (they win an intent both serve), then the built-ins still needed. */
	playbooks: Array<CompiledPlaybook | PlaybookInput>;
	/** Ids of built-in playbooks the operator's replace entirely. */
	replaced: string[];
}

/**
 * An operator's playbooks merged with the built-ins by intent. An operator who writes a playbook for
 * return_refund changes how refunds are handled, not whether order_status still has a playbook:
 * replacing all nine (the planner's version 1) escalated every other intent with "No playbook serves
 * the intent". A built-in is dropped only when the operator's playbooks serve every intent it lists
 * ("*" included); otherwise it stays behind them, and selectPlaybook picks the first that lists an
 * intent, so the operator's playbook wins wherever both apply.
 */
export function mergeWithBuiltIns(operator: CompiledPlaybook[], builtIns: PlaybookInput[] = DEFAULT_PLAYBOOKS): MergedPlaybooks {
	const served = new Set(operator.flatMap((p) => p.playbook.intents));
	const kept = builtIns.filter((b) => !b.intents.every((intent) => served.has(intent)));
	const replaced = builtIns.filter((b) => !kept.includes(b)).map((b) => b.id);
	return { playbooks: [...operator, ...kept], replaced };
}
