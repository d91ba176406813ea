import type { CheckContext } from './checkContext';
import type { Check } from './planChecks';
import { RULE } from './ruleIds';

/**
 * Traces a template leaves when a slot was filled with nothing, whoever wrote the reply (a
 * playbook, a chat model, n8n evaluating placeholders as an expression): "Hi ," and "against
 * defects ." (a space before a comma or full stop: nothing between the word and the punctuation),
 * "within  days" (two spaces between words), a placeholder left as it was, and an object
 * rendered as text. ("undefined" and "NaN" are left alone: a technical reply may quote them.) French typography puts a space before : ; ! ? (never before , or .), so those pass.
 */
const SLOT_TRACES: Array<{ what: string; pattern: RegExp }> = [
	{ what: 'a placeholder left unfilled', pattern: /\{\{[^}]*\}\}|\[\[[^\]]*\]\]|\{\{|\}\}|\[\[|\]\]|\$\{[^}]*\}/ },
	{ what: 'a word followed by an empty slot before the punctuation', pattern: /[^\s.,]\s+[,.](?=\s|$)/ },
	{ what: 'an empty slot between two words', pattern: /[\p{L}\p{N}][ \t]{2,}[\p{L}\p{N}]/u },
	{ what: 'a value that is not text', pattern: /\[object Object\]/ },
	{ what: 'empty brackets or quotes', pattern: /\(\s*\)|"\s*"|“\s*”/ },
];

/** The offending text with a little context, so the hand-off shows what would have been sent. */
function excerpt(body: string, index: number, length: number): string {
	const from = Math.max(0, index - 20);
	return body.slice(from, index + length + 20).replace(/\s+/g, ' ').trim();
}

export function unfilledSlots(body: string): Array<{ what: string; text: string }> {
	if (!body.trim()) return [{ what: 'an empty reply', text: '' }];
	const found: Array<{ what: string; text: string }> = [];
	for (const { what, pattern } of SLOT_TRACES) {
		const m = pattern.exec(body);
		if (m) found.push({ what, text: excerpt(body, m.index, m[0].length) });
	}
	return found;
}

/**
 * A reply with an empty or unfilled slot never reaches the customer. It escalates: the planner
 * cannot fill a value the case does not have, and a broken playbook needs its author.
 */
export function checkUnfilledSlots(ctx: CheckContext): Check {
	const found = unfilledSlots(ctx.plan.draftReply.body);
	if (!found.length) return { id: RULE.unfilledSlots, passed: true, reason: 'Every slot in the reply is filled.', onFail: 'info' };
	return {
		id: RULE.unfilledSlots,
		passed: false,
		reason: `The reply has empty or unfilled slots: ${found.map((f) => (f.text ? `${f.what} ("${f.text}")` : f.what)).join('; ')}.`,
		onFail: 'escalate',
	};
}
