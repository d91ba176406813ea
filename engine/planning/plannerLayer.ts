import { writeSection, type CaseFile } from '../contracts';
import { playbookForIntent } from './intentPlaybook';
import { scopeFromSettings } from './playbookCatalogue';
import type { ChatModelLike } from './chatModel';
import { DEFAULT_PLAYBOOKS } from './defaultPlaybooks';
import { planWithModel } from './modelEngine';
import type { PlannerOutcome } from './outcome';
import type { CompiledPlaybook } from './compilePlaybook';
import type { PlaybookInput } from './playbook';
import { planWithPlaybook } from './playbookEngine';
import type { ToolScope } from './toolCatalogue';

/**
 * The Specialist Planner layer, once: what the Planner node runs for each item and what the
 * in-process pipeline (replay, demo, benches) runs, so both plan, escalate and word the same.
 */
export interface PlannerLayerSettings {
	engine: 'playbook' | 'model';
	/** undefined: the built-in playbooks (compiled once and cached by the engine); others are compiled (and checked) as they come. */
	playbooks?: Array<CompiledPlaybook | PlaybookInput | unknown>;
	policy: Record<string, unknown>;
	/** Tool scopes per intent ('*' for the rest). */
	scopes: Record<string, ToolScope>;
	/**
	 * Node version 3: an intent whose case file carries settings (Intent Router version 3) is planned
	 * with the playbook, numbers and tools chosen there; `playbooks` then only supplies custom ones.
	 */
	useIntentSettings?: boolean;
	/** The operator's own playbooks, for intents set to Custom (never the built-ins, so a missing one is said). */
	customPlaybooks?: CompiledPlaybook[];
	/** Node version 3's advanced per-intent scopes: an intent named here is planned within these. */
	scopeOverrides?: Record<string, ToolScope>;
	/** engine 'model': the chat model and the operator's instructions. */
	model?: ChatModelLike;
	instructions?: string;
}

export interface PlannerLayerResult {
	caseFile: CaseFile;
	outcome: PlannerOutcome['outcome'];
	/** For the trace: 'plan', 'clarify' or 'escalated:<code>'. */
	traceOutcome: string;
}

/** The intent's tool scope, or the '*' one; undefined when neither is configured (the model may not plan then). */
function plannerScope(scopes: Record<string, ToolScope>, intent: string | null | undefined): ToolScope | undefined {
	return (intent ? scopes[intent] : undefined) ?? scopes['*'];
}

/** The model engine has no playbooks; it still names the specialist the built-in playbooks would. */
function specialistFor(intent: string): string {
	return DEFAULT_PLAYBOOKS.find((p) => p.intents.includes(intent))?.specialist ?? 'general';
}

/** With intent settings: the operator's choice for this intent, or why it cannot be planned. */
function planFromSettings(caseFile: CaseFile, s: PlannerLayerSettings, now: Date): PlannerOutcome {
	const intent = caseFile.intent!.category!;
	const settings = caseFile.intent!.settings!;
	const chosen = playbookForIntent(intent, settings, s.customPlaybooks ?? []);
	if ('reason' in chosen) return { outcome: 'escalate', code: chosen.code, reason: chosen.reason };
	const policy = { ...chosen.policy, ...s.policy, ...settings.policy };
	return planWithPlaybook(caseFile, { playbooks: [chosen.playbook], policy, scope: s.scopeOverrides?.[intent] ?? scopeFromSettings(settings), now });
}

async function plan(caseFile: CaseFile, s: PlannerLayerSettings, now: Date): Promise<PlannerOutcome> {
	const intent = caseFile.intent?.category;
	const settings = s.useIntentSettings && intent ? caseFile.intent?.settings : undefined;
	const scope = (intent && s.scopeOverrides?.[intent]) || (settings ? scopeFromSettings(settings) : plannerScope(s.scopes, intent));
	if (s.engine === 'playbook') return settings ? planFromSettings(caseFile, s, now) : planWithPlaybook(caseFile, { playbooks: s.playbooks, policy: s.policy, scope, now });
	if (!scope) {
		return { outcome: 'escalate', code: 'contract', reason: `No tool scope is configured for the intent "${intent}" (nor for "*"): the model may not plan without one.` };
	}
	if (!s.model) return { outcome: 'escalate', code: 'contract', reason: 'Engine is "Model", but no chat model is connected.' };
	return planWithModel(caseFile, { model: s.model, scope, specialist: specialistFor(intent ?? 'general'), instructions: s.instructions, policy: { ...s.policy, ...settings?.policy }, now });
}

/** Plans the case file's ticket; writes the plan, and the escalation when the planner cannot plan. */
export async function runPlanner(caseFile: CaseFile, s: PlannerLayerSettings, now: Date = new Date()): Promise<PlannerLayerResult> {
	const outcome = await plan(caseFile, s, now);
	let support = outcome.plan ? writeSection(caseFile, 'plan', outcome.plan, 'specialistPlanner') : caseFile;
	if (outcome.outcome === 'escalate') {
		support = { ...support, escalation: { reason: outcome.reason, layer: 'specialistPlanner', code: outcome.code, at: now.toISOString() } };
	}
	return { caseFile: support, outcome: outcome.outcome, traceOutcome: outcome.outcome === 'escalate' ? `escalated:${outcome.code}` : outcome.outcome };
}
