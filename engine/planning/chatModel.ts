/**
 * The smallest surface of a chat model the engines need. n8n hands us a LangChain chat model from
 * another copy of @langchain/core, so we duck-type it instead of importing its classes.
 */
export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

export interface ChatModelLike {
	invoke(messages: ChatMessage[]): Promise<{ content: unknown }>;
}

/** LangChain returns content as a string or as an array of parts; we only want the text. */
export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => {
				if (typeof part === 'string') return part;
				if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
					return (part as { text: string }).text;
				}
				return '';
			})
			.join('');
	}
	return '';
}

/**
 * Models wrap JSON in prose or code fences more often than not; take the outermost object. Returns
 * undefined rather than throwing so callers can phrase the retry reason themselves.
 */
export function extractJsonObject(text: string): unknown {
	const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
	const candidate = fenced ? fenced[1] : text;
	const start = candidate.indexOf('{');
	const end = candidate.lastIndexOf('}');
	if (start < 0 || end <= start) return undefined;
	try {
		return JSON.parse(candidate.slice(start, end + 1));
	} catch {
		return undefined;
	}
}
