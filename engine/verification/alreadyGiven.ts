import { extractOrderRefs } from '../intake/orderRefs';
import type { CheckContext } from './checkContext';
import type { Check } from './planChecks';
import { RULE } from './ruleIds';

/**
 * A reply must never ask the customer for what they already gave: the order number they quoted,
 * the email they write from, the name they signed with. Making a customer repeat themselves is the
 * failure the escalation layer exists to prevent, whatever planner drafted the reply (playbooks,
 * a chat model), so this runs on every plan and every reply.
 */

/** A sentence that asks the customer for something (a question, or a request to send or tell). */
const REQUEST =
	/\?|\b(reply with|send (us|me)|provide|tell us|let us know|share|confirm|give us|include|could you|can you|would you|please (send|reply|tell|provide|share|confirm))\b|\b(senden sie|teilen sie|nennen sie|geben sie|könnten sie|können sie)\b|\b(pourriez-vous|pouvez-vous|envoyez|indiquez|merci de)\b|\b(podría|puede|envíe|envíenos|indíquenos)\b|\b(kunt u|stuur|laat .* weten)\b/i;

/** What a reply may ask for, by what the customer would have to give. */
const ASKS: Array<{ what: 'order number' | 'email address' | 'name'; words: RegExp }> = [
	{ what: 'order number', words: /\b(order\s*(number|no\.?|nr\.?|#|id|reference)|order confirmation email)|bestellnummer|auftragsnummer|numéro de commande|número de (pedido|orden)|bestelnummer|numero d'ordine/i },
	{ what: 'email address', words: /\b(your|the)\s+e-?mail(\s+address)?\b|e-?mail-?adresse|adresse e-?mail|correo electrónico|e-?mailadres/i },
	{ what: 'name', words: /\byour\s+(full\s+)?name\b|\bihren\s+(vollständigen\s+)?namen\b|\bvotre\s+nom\b|\bsu\s+nombre\b|\buw\s+naam\b/i },
];

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const SIGNED_NAME = /\b(my name is|i am|i'm|ich bin|ich heiße|je m'appelle|me llamo|mijn naam is)\s+[A-ZÄÖÜ][\w'-]+/i;

/** What the customer has already given in this case: from the ticket's fields and their own words. */
export function givenByCustomer(ctx: CheckContext): Map<string, string> {
	const t = ctx.caseFile.ticket;
	const given = new Map<string, string>();
	if (!t) return given;
	const words = [t.subject, t.message, ...t.conversation.filter((e) => e.author === 'customer').map((e) => e.body)].join('\n');
	const order = t.orderRefs[0] ?? extractOrderRefs(words)[0];
	if (order) given.set('order number', order);
	const email = t.customer.email ?? EMAIL.exec(words)?.[0];
	if (email) given.set('email address', email);
	const name = t.customer.name ?? SIGNED_NAME.exec(words)?.[0];
	if (name) given.set('name', name);
	return given;
}

/** The sentences of the draft reply that ask for something the customer already gave. */
export function reasksIn(reply: string, given: Map<string, string>): Array<{ what: string; sentence: string }> {
	const sentences = reply.split(/(?<=[.?!])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
	const found: Array<{ what: string; sentence: string }> = [];
	for (const sentence of sentences) {
		if (!REQUEST.test(sentence)) continue;
		for (const ask of ASKS) {
			if (given.has(ask.what) && ask.words.test(sentence) && !found.some((f) => f.what === ask.what)) found.push({ what: ask.what, sentence });
		}
	}
	return found;
}

export function checkAlreadyGiven(ctx: CheckContext): Check {
	const given = givenByCustomer(ctx);
	const reasks = reasksIn(ctx.plan.draftReply.body, given);
	if (!reasks.length) return { id: RULE.alreadyGiven, passed: true, reason: 'The reply asks for nothing the customer already gave.', onFail: 'info' };
	const list = reasks.map((r) => `their ${r.what} (they gave ${given.get(r.what)}): "${r.sentence}"`).join('; ');
	return { id: RULE.alreadyGiven, passed: false, reason: `The reply asks the customer again for ${list}.`, onFail: 'escalate' };
}
