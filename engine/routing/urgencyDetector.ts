import { detectSentiment, countShouted } from './sentimentDetector';
import { PROFANITY } from './signalLexicon';
import { MAX_CLASSIFIER_CHARS, normalizeText } from './textNormalize';
import { negateUrgentOff, RULES } from './urgencyRules';
import type { UrgencyResult } from './types';

export interface UrgencyContext {
	/** The conversation so far, oldest first; `author` tells customer messages from agents'. */
	conversation?: ReadonlyArray<{ author: string; body: string }>;
	subject?: string;
}

const REPEATED_ALL = new RegExp(RULES.repeated.source, 'g');
/** A question or request means there is something to do, even in a friendly message. */
const REQUEST = /\?|\b(i (just )?(need|want|would like)|can you|could you|please|how (do|can) i)\b/;

/**
 * Explainable urgency from rules on the message, its subject and the conversation so far.
 * Security incidents and business-wide outages are critical; threats, deadlines and repeated
 * contact raise the level; feedback and "no rush" lower it.
 */
export function detectUrgency(text: string, context: UrgencyContext = {}): UrgencyResult {
	// Urgency is stated early; the cut bounds the cost of a 1 MB message.
	const body = typeof text === 'string' ? text.slice(0, MAX_CLASSIFIER_CHARS) : '';
	const subject = typeof context.subject === 'string' ? context.subject : '';
	const combined = normalizeText(subject ? `${subject}\n${body}` : body);
	const signals: string[] = [];
	let score = 0;
	const fired = (rule: keyof typeof RULES, label: string, weight: number): boolean => {
		if (!RULES[rule].test(negateUrgentOff(combined))) return false;
		signals.push(label);
		score += weight;
		return true;
	};

	const security = fired('security', 'security or fraud', 3);
	const outage = fired('outage', 'outage', 2);
	const malfunction = !outage && fired('malfunction', 'something not working', 1);
	const impact = (outage || malfunction) && fired('impact', 'business-wide impact', 1);
	const legal = fired('legal', 'legal or chargeback threat', 2);
	const deadline = fired('deadline', 'deadline or time pressure', 2) || fired('soon', 'time mentioned (today, tomorrow)', 1);
	const repeatCues = new Set(negateUrgentOff(combined).match(REPEATED_ALL) ?? []).size;
	let repeated = repeatCues > 0;
	if (repeated) {
		// Two different cues ("still not received", "second complaint") are surer than one.
		score += repeatCues >= 2 ? 2 : 1.5;
		signals.push(repeatCues >= 2 ? `repeated contact (${repeatCues} cues)` : 'repeated contact');
	}
	const earlier = (context.conversation ?? []).filter((m) => isCustomer(m.author));
	if (earlier.length >= 2) {
		if (!repeated) score += 1.5;
		repeated = true;
		signals.push(`repeated contact: ${earlier.length} earlier customer messages`);
		if (unansweredTail(context.conversation ?? []) >= 1) {
			score += 0.5;
			signals.push('earlier messages unanswered');
		}
	}
	if (PROFANITY.test(combined)) {
		// A customer who swears is past patience: with any other sign it makes the ticket high.
		score += 1.5;
		signals.push('profanity');
	}
	const sentiment = detectSentiment(body);
	if (score > 0) {
		if (sentiment.score <= -0.6) {
			score += 0.5;
			signals.push('strongly negative tone');
		}
		const shouted = countShouted(body.match(/[\p{L}]+/gu) ?? []) > 0;
		if (shouted || (body.match(/!/g) ?? []).length >= 2) {
			score += 0.5;
			signals.push(shouted ? 'capitals (shouting)' : 'repeated exclamation marks');
		}
	}

	// Critical is kept for what hurts many people or is an incident in progress; angry
	// single-customer tickets, however loud, stop at high.
	if (security || impact || (outage && (deadline || legal))) return { level: 'critical', signals };
	if (score >= 2) return { level: 'high', signals };
	if (score === 0 && !repeated && (RULES.low.test(combined) || (sentiment.label === 'positive' && !REQUEST.test(combined)))) {
		signals.push(RULES.low.test(combined) ? 'no rush / feedback' : 'positive message, nothing to fix');
		return { level: 'low', signals };
	}
	return { level: 'normal', signals };
}

function isCustomer(author: string): boolean {
	return /customer|requester|end.?user|user|contact|client|visitor|lead/i.test(author ?? '') && !/agent|admin|bot|support/i.test(author ?? '');
}

/** Customer messages at the end of the conversation with no agent reply after them. */
function unansweredTail(conversation: ReadonlyArray<{ author: string }>): number {
	let count = 0;
	for (let i = conversation.length - 1; i >= 0 && isCustomer(conversation[i].author); i--) count++;
	return count;
}
