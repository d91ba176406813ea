/**
 * OpenAI wire shapes the stand-in answers with (test code only): Chat Completions and Responses API
 * bodies, their SSE streams, and OpenAI-shaped error bodies. Kept to the fields the official SDK and
 * LangChain's converters read.
 */

export interface ToolCallOut {
	id: string;
	name: string;
	arguments: string;
}

export interface AnswerOut {
	/** Text content, or null for a pure tool call. */
	content: string | null;
	toolCall?: ToolCallOut;
}

export function usageFor(prompt: string, completion: string): { prompt: number; completion: number } {
	// Rough token count (4 characters a token) so usage figures look plausible and are deterministic.
	return { prompt: Math.ceil(prompt.length / 4), completion: Math.ceil(completion.length / 4) };
}

export function openAiError(status: number, message: string, type: string, code: string | null): { error: Record<string, unknown> } {
	return { error: { message, type, param: null, code, status } };
}

function pieces(text: string, n = 3): string[] {
	if (text.length === 0) return [''];
	const size = Math.ceil(text.length / n);
	const out: string[] = [];
	for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
	return out;
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

// ---- Chat Completions -------------------------------------------------------------------------

export function chatCompletion(id: string, model: string, created: number, answer: AnswerOut, usage: { prompt: number; completion: number }) {
	const message: Record<string, unknown> = { role: 'assistant', content: answer.content, refusal: null };
	if (answer.toolCall) {
		message.tool_calls = [{ id: answer.toolCall.id, type: 'function', function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments } }];
	}
	return {
		id,
		object: 'chat.completion',
		created,
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: answer.toolCall ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
	};
}

export function chatCompletionStream(
	id: string,
	model: string,
	created: number,
	answer: AnswerOut,
	usage: { prompt: number; completion: number },
	includeUsage: boolean,
): string {
	const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	let out = sse(chunk({ role: 'assistant', content: answer.toolCall ? null : '' }, null));
	if (answer.toolCall) {
		const tc = answer.toolCall;
		out += sse(chunk({ tool_calls: [{ index: 0, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }] }, null));
		for (const p of pieces(tc.arguments)) out += sse(chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }, null));
	} else {
		for (const p of pieces(answer.content ?? '')) out += sse(chunk({ content: p }, null));
	}
	out += sse(chunk({}, answer.toolCall ? 'tool_calls' : 'stop'));
	if (includeUsage) {
		out += sse({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } });
	}
	return `${out}data: [DONE]\n\n`;
}

// ---- Responses API ----------------------------------------------------------------------------

function responseOutput(id: string, answer: AnswerOut): Array<Record<string, unknown>> {
	if (answer.toolCall) {
		return [{ type: 'function_call', id: `fc_${id}`, call_id: answer.toolCall.id, name: answer.toolCall.name, arguments: answer.toolCall.arguments, status: 'completed' }];
	}
	return [{ type: 'message', id: `msg_${id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: answer.content ?? '', annotations: [] }] }];
}

export function responsesObject(id: string, model: string, created: number, answer: AnswerOut, usage: { prompt: number; completion: number }, status = 'completed') {
	return {
		id: `resp_${id}`,
		object: 'response',
		created_at: created,
		status,
		model,
		error: null,
		incomplete_details: null,
		metadata: {},
		output: status === 'completed' ? responseOutput(id, answer) : [],
		parallel_tool_calls: true,
		tool_choice: 'auto',
		tools: [],
		text: { format: { type: 'text' } },
		usage: {
			input_tokens: usage.prompt,
			input_tokens_details: { cached_tokens: 0 },
			output_tokens: usage.completion,
			output_tokens_details: { reasoning_tokens: 0 },
			total_tokens: usage.prompt + usage.completion,
		},
	};
}

export function responsesStream(id: string, model: string, created: number, answer: AnswerOut, usage: { prompt: number; completion: number }): string {
	let seq = 0;
	const ev = (type: string, body: Record<string, unknown>) => sse({ type, sequence_number: seq++, ...body }, type);
	let out = ev('response.created', { response: responsesObject(id, model, created, answer, usage, 'in_progress') });
	const [item] = responseOutput(id, answer);
	if (answer.toolCall) {
		out += ev('response.output_item.added', { output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
		for (const p of pieces(answer.toolCall.arguments)) out += ev('response.function_call_arguments.delta', { item_id: item.id, output_index: 0, delta: p });
	} else {
		out += ev('response.output_item.added', { output_index: 0, item: { ...item, content: [], status: 'in_progress' } });
		for (const p of pieces(answer.content ?? '')) {
			out += ev('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta: p });
		}
	}
	out += ev('response.output_item.done', { output_index: 0, item });
	out += ev('response.completed', { response: responsesObject(id, model, created, answer, usage) });
	return out;
}
