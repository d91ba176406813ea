import { CUSTOM_PLAYBOOK, HANDOFF_PLAYBOOK, type IntentSettings } from '../contracts';
import { compilePlaybook, type CompiledPlaybook } from './compilePlaybook';
import { askOrder, closing, DEFAULT_PLAYBOOKS, greeting, lookupOrder, sameCustomer, ZENDESK_TICKET } from './defaultPlaybooks';
import type { EscalationCode } from './outcome';
import type { PlaybookInput } from './playbook';
import { ANSWER_FROM_POLICY, playbookChoice, policyFor } from './playbookCatalogue';

export type IntentPlaybook = { playbook: CompiledPlaybook; policy: Record<string, unknown> } | { code: EscalationCode; reason: string };

/**
 * Answer from Policy: the operator's text, cited from a passage in force; with an order, the order
 * must be the requester's and, with a period set, delivered inside it.
 */
function answerFromPolicy(intent: string, s: IntentSettings): PlaybookInput {
	const needsOrder = s.policy.needsOrder === true;
	const period = Number(s.policy.eligibleWithinDays ?? 0) > 0;
	return {
		id: ANSWER_FROM_POLICY,
		intents: [intent],
		specialist: 'general',
		description: `Answer from policy for ${intent}.`,
		requires: needsOrder ? [askOrder] : [],
		conditions: needsOrder
			? [
					sameCustomer,
					...(period
						? [
								{ when: 'exists(facts.order.delivered_at)', reason: 'Order [[facts.order.name]] shows no delivery yet' },
								{ when: 'daysSince(facts.order.delivered_at) <= policy.eligibleWithinDays', reason: `Order [[facts.order.name]] was delivered more than [[policy.eligibleWithinDays]] days ago: outside the period for ${intent}` },
							]
						: []),
				]
			: [],
		steps: [...(needsOrder ? [lookupOrder] : []), { id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: `Answered from policy (${intent}).` }, why: 'Leave a trace for agents' }],
		reply: { en: [...greeting('en'), { text: s.replyText ?? '', cite: s.citeTopics }, closing('en')] },
	};
}

/** A built-in playbook for this intent; the operator's reply text, when given, replaces its answering sentences. */
function builtIn(intent: string, id: string, s: IntentSettings): PlaybookInput | undefined {
	if (id === ANSWER_FROM_POLICY) return answerFromPolicy(intent, s);
	const base = DEFAULT_PLAYBOOKS.find((p) => p.id === id);
	if (!base) return undefined;
	if (!s.replyText?.trim()) return { ...base, intents: [intent] };
	const en = base.reply.en ?? Object.values(base.reply)[0];
	const cites = s.citeTopics.length ? s.citeTopics : [...new Set(en.flatMap((r) => ('cite' in r && r.cite) || []))];
	return { ...base, intents: [intent], reply: { en: [...greeting('en'), { text: s.replyText, cite: cites }, closing('en')] } };
}

const cache = new Map<string, CompiledPlaybook>();
const CACHE_LIMIT = 200;

/** Compiled once per distinct (intent, settings): the Planner sees the same few intents over and over. */
function compiled(key: string, make: () => PlaybookInput): CompiledPlaybook {
	const hit = cache.get(key);
	if (hit) return hit;
	const pb = compilePlaybook(make());
	if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	cache.set(key, pb);
	return pb;
}

/**
 * The playbook the operator chose for this intent in the Intent Router, with its policy values.
 * Anything that does not resolve is said, naming the intent and the choice: never a silent fallback
 * to another playbook.
 */
export function playbookForIntent(intent: string, settings: IntentSettings, operator: CompiledPlaybook[] = []): IntentPlaybook {
	const choice = playbookChoice(settings.playbook);
	if (settings.playbook === HANDOFF_PLAYBOOK) {
		return { code: 'condition', reason: `Intent "${intent}" is set to go to a person (Intent Router: Playbook = Hand to a Person).` };
	}
	if (settings.playbook === CUSTOM_PLAYBOOK) {
		const own = operator.find((p) => p.playbook.intents.includes(intent));
		if (!own) return { code: 'no_playbook', reason: `Intent "${intent}" is set to a custom playbook, but none of the Planner's custom playbooks lists "${intent}" in its intents.` };
		return { playbook: own, policy: { ...own.playbook.policyDefaults, ...settings.policy } };
	}
	if (settings.playbook === ANSWER_FROM_POLICY && !settings.replyText?.trim()) {
		return { code: 'no_playbook', reason: `Intent "${intent}" answers from policy, but its Reply Text is empty (Intent Router, intent "${intent}").` };
	}
	const key = JSON.stringify([intent, settings.playbook, settings.replyText ?? '', settings.citeTopics, settings.policy.needsOrder === true, Number(settings.policy.eligibleWithinDays ?? 0) > 0]);
	const input = builtIn(intent, settings.playbook, settings);
	if (!input) return { code: 'no_playbook', reason: `Intent "${intent}" names the playbook "${settings.playbook}", which this Planner does not know.` };
	return { playbook: compiled(key, () => input), policy: policyFor(choice, { ...input.policyDefaults, ...settings.policy }) };
}
