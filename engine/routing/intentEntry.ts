import { ContractError, CUSTOM_PLAYBOOK, HANDOFF_PLAYBOOK, IntentSettings, type ToolScope } from '../contracts';
import { DEFAULT_CAP_CURRENCIES, DEFAULT_REFUND_CAP, DEFAULT_REFUND_MAX_WRITES, POLICY_DEFAULTS, type PolicyKey } from '../planning/policyDefaults';
import { ANSWER_FROM_POLICY, playbookChoice } from '../planning/playbookCatalogue';
import { TOOL_CATALOGUE, toolAccess } from '../planning/toolCatalogue';
import { RULE } from '../verification/ruleIds';

/**
 * The fields of one intent entry in the Intent Router's form (version 3) beyond name, examples and
 * rollout mode, with the defaults the form shows. One definition for the form, for this mapping and
 * for tests and the in-process pipeline that read a template's parameters.
 */
export const INTENT_ENTRY_DEFAULTS = {
	playbook: HANDOFF_PLAYBOOK,
	...POLICY_DEFAULTS,
	needsOrder: true,
	replyText: '',
	replaceReplyText: '',
	citeTopics: '',
	tools: 'playbook' as 'playbook' | 'choose',
	allowedTools: [] as string[],
	refundCap: DEFAULT_REFUND_CAP,
	capCurrencies: DEFAULT_CAP_CURRENCIES.join(', '),
	maxWritesPerTicket: DEFAULT_REFUND_MAX_WRITES,
	disabledChecks: [] as string[],
};

const KNOWN_CHECKS = new Set<string>(Object.values(RULE));

function list(value: unknown): string[] {
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return items.map((x) => String(x).trim()).filter(Boolean);
}

/** The scope the operator ticked: write tools are the ticked tools that write; caps apply to money-moving ones. */
function chosenScope(e: Record<string, unknown>, fail: (field: string, problem: string) => never): ToolScope {
	const allowed = list(e.allowedTools ?? INTENT_ENTRY_DEFAULTS.allowedTools);
	for (const tool of allowed) if (!TOOL_CATALOGUE[tool]) fail('Allowed Tools', `names "${tool}", which is not a tool the Support Action Executor knows`);
	const writeTools = allowed.filter((t) => toolAccess(t) === 'write');
	const scope: ToolScope = { allowedTools: allowed, writeTools };
	if (allowed.some((t) => TOOL_CATALOGUE[t].amountArg)) {
		const max = Number(e.refundCap ?? INTENT_ENTRY_DEFAULTS.refundCap);
		if (!Number.isFinite(max) || max < 0) fail('Refund Cap', 'must be a number, 0 or more');
		const currencies = list(e.capCurrencies ?? INTENT_ENTRY_DEFAULTS.capCurrencies);
		for (const c of currencies) if (!/^[A-Za-z]{3}$/.test(c)) fail('Cap Currencies', `"${c}" is not a three-letter currency code`);
		scope.amountCaps = currencies.map((currency) => ({ currency: currency.toUpperCase(), max }));
	}
	const maxWrites = Number(e.maxWritesPerTicket ?? INTENT_ENTRY_DEFAULTS.maxWritesPerTicket);
	if (maxWrites > 0) scope.maxWritesPerTicket = Math.floor(maxWrites);
	return scope;
}

/**
 * One intent entry of the form as the settings the case file carries (see IntentSettings). Every
 * problem names the intent entry and the field, so an operator finds it in the editor.
 */
export function intentSettingsFromEntry(e: Record<string, unknown>, at: string, name: string): IntentSettings {
	const fail = (field: string, problem: string): never => {
		throw new ContractError({ field: `${at}.${field}`, problem: `${problem} (intent "${name}")`, layer: 'intentRouter' });
	};
	const playbook = typeof e.playbook === 'string' && e.playbook ? e.playbook : INTENT_ENTRY_DEFAULTS.playbook;
	const choice = playbookChoice(playbook);
	if (!choice) fail('Playbook', `is "${playbook}", which is not one of the playbooks`);
	const policy: Record<string, number | boolean> = {};
	for (const key of choice!.policyFields as PolicyKey[]) {
		const value = Number(e[key] ?? POLICY_DEFAULTS[key]);
		if (!Number.isFinite(value) || value < 0) fail(key, 'must be a number, 0 or more');
		policy[key] = value;
	}
	if (playbook === ANSWER_FROM_POLICY) policy.needsOrder = e.needsOrder === undefined ? INTENT_ENTRY_DEFAULTS.needsOrder : e.needsOrder === true;
	// Answer From Policy's own text, or the text replacing a built-in playbook's answering sentences.
	const text = playbook === ANSWER_FROM_POLICY ? e.replyText : e.replaceReplyText;
	const replyText = typeof text === 'string' && text.trim() ? text.trim() : undefined;
	if (playbook === ANSWER_FROM_POLICY && !replyText) fail('Reply Text', 'is empty: Answer From Policy sends this text');
	const tools = e.tools ?? INTENT_ENTRY_DEFAULTS.tools;
	if (tools !== 'playbook' && tools !== 'choose') fail('Tools', `is "${String(tools)}"; use Playbook's Tools or Choose Tools`);
	if (playbook === CUSTOM_PLAYBOOK && tools === 'playbook') fail('Tools', 'must be Choose Tools for a custom playbook: the other layers cannot see its steps');
	const disabledChecks = list(e.disabledChecks);
	for (const id of disabledChecks) if (!KNOWN_CHECKS.has(id)) fail('Critic Checks to Switch Off', `names "${id}", which is not a Critic check`);
	return IntentSettings.parse({
		playbook,
		policy,
		...(replyText ? { replyText } : {}),
		citeTopics: list(e.citeTopics),
		...(tools === 'choose' ? { scope: chosenScope(e, fail) } : {}),
		disabledChecks,
	});
}
