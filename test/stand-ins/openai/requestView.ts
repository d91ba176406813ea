/**
 * One normalised view of a chat request, whichever API it came through (Chat Completions or the
 * Responses API that n8n's OpenAI Chat Model node uses by default from version 1.3), so scripted
 * responders and test assertions need not care.
 */

export interface ChatMessageView {
	role: string;
	content: string;
}

export interface ChatRequestView {
	api: 'chat.completions' | 'responses';
	model: string;
	messages: ChatMessageView[];
	/** All system/developer text (and Responses `instructions`), joined. */
	system: string;
	/** Text of the last user message. */
	lastUser: string;
	stream: boolean;
	includeUsage: boolean;
	tools: Array<{ name: string; parameters?: unknown }>;
	/** Name of the function the client forced with tool_choice, if any (LangChain's functionCalling structured output). */
	forcedTool?: string;
	/** 'text' | 'json_object' | 'json_schema' as the client asked. */
	responseFormat?: string;
	body: Record<string, unknown>;
}

type Loose = Record<string, unknown>;

function partText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((p) => (typeof p === 'string' ? p : typeof (p as Loose)?.text === 'string' ? String((p as Loose).text) : '')).join('');
}

export function viewChatRequest(api: ChatRequestView['api'], body: Loose): ChatRequestView {
	const messages: ChatMessageView[] = [];
	if (api === 'chat.completions') {
		for (const m of Array.isArray(body.messages) ? (body.messages as Loose[]) : []) messages.push({ role: String(m.role), content: partText(m.content) });
	} else {
		if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });
		if (typeof body.input === 'string') messages.push({ role: 'user', content: body.input });
		for (const m of Array.isArray(body.input) ? (body.input as Loose[]) : []) {
			if (m.role) messages.push({ role: String(m.role), content: partText(m.content) });
		}
	}
	const tools = (Array.isArray(body.tools) ? (body.tools as Loose[]) : []).map((t) => {
		const fn = (t.function as Loose | undefined) ?? t;
		return { name: String(fn.name ?? ''), parameters: fn.parameters };
	});
	const choice = body.tool_choice as Loose | string | undefined;
	let forcedTool: string | undefined;
	if (choice && typeof choice === 'object') forcedTool = String((choice.function as Loose | undefined)?.name ?? choice.name ?? '') || undefined;
	else if (choice === 'required' && tools.length === 1) forcedTool = tools[0].name;
	const format =
		api === 'chat.completions'
			? ((body.response_format as Loose | undefined)?.type as string | undefined)
			: (((body.text as Loose | undefined)?.format as Loose | undefined)?.type as string | undefined);
	const users = messages.filter((m) => m.role === 'user');
	return {
		api,
		model: String(body.model ?? ''),
		messages,
		system: messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content).join('\n'),
		lastUser: users.length ? users[users.length - 1].content : '',
		stream: body.stream === true,
		includeUsage: (body.stream_options as Loose | undefined)?.include_usage === true,
		tools,
		forcedTool,
		responseFormat: format,
		body,
	};
}
