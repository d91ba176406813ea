/**
 * Tells apart the package's model calls that reach the OpenAI-compatible stand-in (test code only):
 * the Intent Router, the Specialist Planner and the Critic's judge (plan or reply stage) each send
 * their own instructions. One chat-model node can then sit behind every layer and a test script
 * each one. Also reads back what the planner and the judge were shown (passage ids, live facts), so
 * scripted answers can cite real passages and refund the real order.
 */
import type { Responder, ScriptedReply } from '../openaiCompatible';
import type { ChatRequestView } from './requestView';

export type SupportLayer = 'router' | 'planner' | 'judge:plan' | 'judge:reply' | 'unknown';

/** Markers taken from the prompts in engine/routing/model/prompt.ts, engine/planning/modelEngine.ts and engine/verification/modelJudge.ts. */
export function supportLayerOf(request: ChatRequestView): SupportLayer {
	const all = request.messages.map((m) => m.content).join('\n');
	if (request.system.includes('You are the intent router')) return 'router';
	if (/specialist\. Propose a plan; you execute nothing\./.test(request.system)) return 'planner';
	if (all.includes('Judge this plan and draft reply')) return 'judge:plan';
	if (all.includes('Judge this reply')) return 'judge:reply';
	return 'unknown';
}

export interface PromptPassage {
	chunkId: string;
	/** "Title vN: text" as the prompt shows it. */
	line: string;
}

export interface LayerPrompt {
	/** The planner's ticket id (`TICKET <id>`); the judge's prompt has none. */
	ticketId?: string;
	customerMessage: string;
	passages: PromptPassage[];
	/** Live facts by kind (`order`, `customer`), parsed from the JSON the prompt shows. */
	facts: Record<string, Record<string, unknown>>;
	/** Set on the planner's second attempt: why its first plan was rejected. */
	rejectedBecause?: string;
	/** Set when the Critic sent the plan back: the findings the planner must fix. */
	reviewerFindings?: string;
}

function section(text: string, heading: string): string {
	const start = text.indexOf(`${heading}:\n`);
	if (start < 0) return '';
	const rest = text.slice(start + heading.length + 2);
	const end = rest.search(/\n\n[A-Z][A-Z ]+:\n/);
	return end < 0 ? rest : rest.slice(0, end);
}

/** What the planner or the judge was shown, from its user messages. */
export function readLayerPrompt(request: ChatRequestView): LayerPrompt {
	const users = request.messages.filter((m) => m.role === 'user').map((m) => m.content);
	const first = users[0] ?? '';
	const passages = section(first, 'POLICY PASSAGES')
		.split('\n')
		.flatMap((l) => {
			const m = /^\[([^\]]+)\] (.*)$/.exec(l);
			return m ? [{ chunkId: m[1], line: m[2] }] : [];
		});
	const facts: LayerPrompt['facts'] = {};
	for (const l of section(first, 'LIVE FACTS').split('\n')) {
		const m = /^(\w+)(?: \([^)]*\))?: (\{.*\})$/.exec(l);
		if (!m) continue;
		try {
			facts[m[1]] = JSON.parse(m[2]) as Record<string, unknown>;
		} catch {
			// Not JSON: not a fact this helper needs.
		}
	}
	const ticket = /^TICKET (\S+) \([^)]*\), intent [^\n]*:\n([\s\S]*?)(?:\n\nPOLICY PASSAGES:|$)/m.exec(first);
	const rejected = users.slice(1).find((u) => u.startsWith('Your plan was rejected:'));
	const findings = section(first, 'A reviewer rejected the previous plan. Fix these');
	return {
		ticketId: ticket?.[1],
		customerMessage: ticket ? ticket[2] : section(first, 'CUSTOMER MESSAGE'),
		passages,
		facts,
		...(rejected ? { rejectedBecause: rejected } : {}),
		...(findings ? { reviewerFindings: findings } : {}),
	};
}

/**
 * One responder for every layer: each request goes to its layer's handler. A request no handler
 * takes gets a 500, so a test never passes on an answer it did not script.
 */
export function supportLayersResponder(handlers: Partial<Record<SupportLayer, Responder>>): Responder {
	return (request): ScriptedReply => {
		const layer = supportLayerOf(request);
		const handler = handlers[layer];
		return handler ? handler(request) : { kind: 'error', status: 500, message: `No scripted answer for the ${layer} layer.` };
	};
}
