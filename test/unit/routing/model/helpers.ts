import { ChatOpenAI } from '@langchain/openai';
import type { IntentDefinition } from '../../../../engine/routing/types';
import type { OpenAiCompatibleStandIn } from '../../../stand-ins/openaiCompatible';

export const API_KEY = 'sk-test-7f3a9c';

export const INTENTS: IntentDefinition[] = [
	{ name: 'refunds', description: 'The customer wants money back for an order', examples: ['I want a refund', 'please give me my money back'], rolloutMode: 'shadow' },
	{ name: 'shipping', description: 'Where an order is and when it arrives', examples: ['where is my parcel', 'my order has not arrived'], rolloutMode: 'suggest' },
	{ name: 'account', examples: ['I cannot log in'], rolloutMode: 'auto' },
];

export function answer(category: string, extra: Record<string, unknown> = {}) {
	return { category, confidence: 0.87, urgency: 'normal', sentiment: 'neutral', reason: 'Matches the intent.', ...extra };
}

/** The real LangChain OpenAI client, pointed at the stand-in; its own retries off so ours are measured. */
export function chatModel(standIn: OpenAiCompatibleStandIn, fields: { useResponsesApi?: boolean; apiKey?: string } = {}): ChatOpenAI {
	return new ChatOpenAI({
		model: 'gpt-4o-mini',
		apiKey: fields.apiKey ?? API_KEY,
		maxRetries: 0,
		useResponsesApi: fields.useResponsesApi,
		configuration: { baseURL: standIn.baseURL },
	});
}

/** Records waits instead of waiting: retries stay fast and the requested delays can be asserted. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
	const waits: number[] = [];
	return { waits, sleep: async (ms) => void waits.push(ms) };
}
