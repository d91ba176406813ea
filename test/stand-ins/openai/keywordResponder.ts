/**
 * A responder for the OpenAI-compatible stand-in that "classifies" by keywords (test code only), so
 * end-to-end tests can push many tickets through a model engine with predictable answers.
 */
import type { Responder } from '../openaiCompatible';
import type { ChatRequestView } from './requestView';

export interface KeywordRule {
	intent: string;
	/** Lower-case words or phrases; the first rule with a match wins. */
	keywords: string[];
}

/** The ticket text between <ticket> and </ticket> in any user message (retries add more messages). */
export function ticketText(request: ChatRequestView): string {
	for (const m of request.messages) {
		if (m.role !== 'user') continue;
		const match = /<ticket>([\s\S]*?)<\/ticket>/i.exec(m.content);
		if (match) return match[1];
	}
	return request.lastUser;
}

export function keywordResponder(rules: KeywordRule[], opts: { confidence?: number; noneLabel?: string } = {}): Responder {
	return (request) => {
		const text = ticketText(request).toLowerCase();
		const rule = rules.find((r) => r.keywords.some((k) => text.includes(k)));
		const urgency = /\b(urgent|asap|immediately|outage|down)\b/.test(text) ? 'high' : 'normal';
		const sentiment = /\b(angry|terrible|awful|not happy|worst)\b/.test(text) ? 'negative' : /\b(thanks|thank you|great)\b/.test(text) ? 'positive' : 'neutral';
		return {
			kind: 'json',
			value: {
				category: rule ? rule.intent : (opts.noneLabel ?? 'none'),
				confidence: rule ? (opts.confidence ?? 0.9) : 0.6,
				urgency,
				sentiment,
				reason: rule ? `Mentions ${rule.keywords.find((k) => text.includes(k))}.` : 'No keyword matched.',
			},
		};
	};
}
