import { z } from 'zod/v4';
import { SentimentLabel, UrgencyLevel } from '../../contracts';
import type { IntentDefinition } from '../types';
import type { ModelFailureKind, ModelSentiment, ModelUrgency } from './types';

/** Longest reason we keep; the trace and the hand-off note want one sentence, not an essay. */
const MAX_REASON_CHARS = 300;

/** The word the model uses for "no intent fits"; changes only if an operator named an intent "none". */
export function noneLabel(intents: readonly IntentDefinition[]): string {
	const taken = new Set(intents.map((i) => i.name.toLowerCase()));
	return taken.has('none') ? 'no_intent' : 'none';
}

const lowerString = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
// Some models quote numbers ("0.9"); accepting that is harmless, rescaling 90 to 0.9 would be a guess.
const numberLike = (v: unknown) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

/**
 * The answer the model must give, built from the defined intents: `category` is one of their names
 * or the none label. Exported so a caller that uses a provider's structured-output mode can pass the
 * same schema.
 */
export function modelAnswerSchema(intents: readonly IntentDefinition[]) {
	const names: [string, ...string[]] = [noneLabel(intents), ...intents.map((i) => i.name)];
	return z.object({
		category: z.enum(names),
		confidence: z.preprocess(numberLike, z.number().min(0).max(1)),
		urgency: z.preprocess(lowerString, UrgencyLevel),
		sentiment: z.preprocess(lowerString, SentimentLabel),
		reason: z.string().transform((s) => s.trim().slice(0, MAX_REASON_CHARS)),
	});
}

export type ParsedAnswer =
	| { ok: true; category: string | null; confidence: number; urgency: ModelUrgency; sentiment: ModelSentiment; reason: string }
	| { ok: false; kind: Extract<ModelFailureKind, 'malformed' | 'undefined_intent'>; error: string };

/** Text of the answer, or the object a tool call / structured-output mode already parsed. */
export type RawAnswer = { text: string } | { value: unknown };

/**
 * Pulls the answer out of whatever `invoke` returned: an AIMessage (string or content-part array,
 * Chat Completions or Responses API), a tool call's arguments, or a plain string from an LLM.
 */
export function extractRawAnswer(result: unknown): RawAnswer {
	if (typeof result === 'string') return { text: result };
	if (!result || typeof result !== 'object') return { text: '' };
	const r = result as Record<string, unknown>;
	const text = contentText(r.content);
	if (text.trim()) return { text };
	const toolCalls = Array.isArray(r.tool_calls) ? (r.tool_calls as Array<Record<string, unknown>>) : [];
	if (toolCalls.length > 0 && toolCalls[0].args !== undefined) return { value: toolCalls[0].args };
	const kwargs = r.additional_kwargs as Record<string, unknown> | undefined;
	if (kwargs?.parsed !== undefined && kwargs.parsed !== null) return { value: kwargs.parsed };
	// Already the object (e.g. a `withStructuredOutput` runnable was passed in as the model).
	if ('category' in r) return { value: r };
	return { text };
}

function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) => {
			if (typeof part === 'string') return part;
			const p = part as Record<string, unknown> | null;
			return p && typeof p.text === 'string' && (p.type === 'text' || p.type === 'output_text' || p.type === undefined) ? p.text : '';
		})
		.join('');
}

/** JSON from a model's text: bare, inside a ``` fence, or surrounded by a sentence or two. */
export function parseJsonLoosely(text: string): { ok: true; value: unknown } | { ok: false } {
	const candidates: string[] = [text.trim()];
	const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
	if (fence) candidates.push(fence[1].trim());
	const first = text.indexOf('{');
	const last = text.lastIndexOf('}');
	if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
	for (const c of candidates) {
		try {
			return { ok: true, value: JSON.parse(c) };
		} catch {
			// try the next reading
		}
	}
	return { ok: false };
}

function preview(text: string): string {
	const oneLine = text.replace(/\s+/g, ' ').trim();
	return oneLine.length > 80 ? `${oneLine.slice(0, 80)}...` : oneLine;
}

/** Validates the model's answer against the defined intents; never throws. */
export function parseModelAnswer(raw: RawAnswer, intents: readonly IntentDefinition[]): ParsedAnswer {
	let value: unknown;
	if ('text' in raw) {
		if (!raw.text.trim()) return { ok: false, kind: 'malformed', error: 'the model returned an empty answer instead of the JSON object' };
		const parsed = parseJsonLoosely(raw.text);
		if (!parsed.ok) return { ok: false, kind: 'malformed', error: `the model's answer is not valid JSON: "${preview(raw.text)}"` };
		value = parsed.value;
	} else {
		value = raw.value;
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		return { ok: false, kind: 'malformed', error: 'the model answered JSON that is not an object' };
	}
	const none = noneLabel(intents);
	const answer = { ...(value as Record<string, unknown>) };
	// Models change case ("Refunds") more often than they invent intents; map those back.
	if (typeof answer.category === 'string') {
		const wanted = answer.category.trim().toLowerCase();
		const match = intents.find((i) => i.name.toLowerCase() === wanted);
		answer.category = match ? match.name : wanted === none ? none : answer.category.trim();
	}
	const result = modelAnswerSchema(intents).safeParse(answer);
	if (!result.success) {
		const issue = result.error.issues[0];
		const field = String(issue.path[0] ?? 'answer');
		if (field === 'category' && typeof answer.category === 'string') {
			const defined = intents.map((i) => `"${i.name}"`).join(', ');
			return {
				ok: false,
				kind: 'undefined_intent',
				error: `the model chose "${preview(answer.category)}", which is not a defined intent (defined: ${defined}, or "${none}")`,
			};
		}
		const problem = answer[field] === undefined ? 'is missing' : `is invalid (${issue.message})`;
		return { ok: false, kind: 'malformed', error: `the model's answer field "${field}" ${problem}` };
	}
	const d = result.data;
	return {
		ok: true,
		category: d.category === none ? null : d.category,
		confidence: d.confidence,
		urgency: d.urgency,
		sentiment: d.sentiment,
		reason: d.reason,
	};
}
