/**
 * Loopback stand-in for an OpenAI-compatible API (test code only): `POST /v1/chat/completions`,
 * `POST /v1/responses` (n8n's OpenAI Chat Model node uses the Responses API by default from
 * version 1.3), `GET /v1/models` (n8n's credential test and model list), and - when switched on with the
 * `embeddings` option - `POST /v1/embeddings` with deterministic hashing vectors. Answers come from a
 * scripted queue, then from a responder function; every request is recorded so tests can assert
 * what was sent. Point ChatOpenAI at it with `configuration: { baseURL: standIn.baseURL }`, or n8n's
 * `openAiApi` credential with `url: standIn.baseURL`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback';
import { DEFAULT_EMBEDDING_DIMENSIONS, embeddingInputs, embeddingsResponse } from './openai/embeddings';
import { viewChatRequest, type ChatRequestView } from './openai/requestView';
import {
	chatCompletion,
	chatCompletionStream,
	openAiError,
	responsesObject,
	responsesStream,
	usageFor,
	type AnswerOut,
} from './openai/wireFormat';

export type { ChatRequestView } from './openai/requestView';

/**
 * - content: plain text as the assistant message
 * - json: `value` as JSON; as a tool call when the client forced a function (LangChain's
 *   functionCalling structured output), else as content (json_schema / json_object / plain prompts)
 * - malformed: text that is not valid JSON (default: a JSON object cut in the middle)
 * - toolCall: an explicit tool call (`arguments` is JSON-encoded unless already a string)
 * - rateLimit: 429 with Retry-After (seconds, default '1') and an OpenAI-shaped body
 * - error: any status with an OpenAI-shaped body (e.g. 500)
 * - hang: never answered; the client's timeout or abort ends it
 */
export type ScriptedReply =
	| { kind: 'content'; content: string }
	| { kind: 'json'; value: unknown }
	| { kind: 'malformed'; content?: string }
	| { kind: 'toolCall'; name?: string; arguments: unknown }
	| { kind: 'rateLimit'; retryAfter?: string; retryAfterMs?: string; message?: string }
	| { kind: 'error'; status: number; message?: string }
	| { kind: 'hang' };

export type Responder = (request: ChatRequestView) => ScriptedReply;

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	/** The Authorization header as it arrived (tests assert `Bearer <key>`). */
	authorization?: string;
	rawBody: string;
	/** Set for chat requests (both APIs). */
	chat?: ChatRequestView;
	/** Set for embeddings requests: the texts asked for. */
	embeddingInputs?: string[];
	/** What the stand-in did: a reply kind, or 'models' / 'embeddings' / 'unauthorized' / 'not_found' / 'bad_request'. */
	outcome: string;
	status: number;
	/** The response body as sent ('' for a hang), so tests can assert the key is never echoed. */
	responseText: string;
}

export interface OpenAiStandInOptions {
	/** When set, requests must carry `Authorization: Bearer <apiKey>`; others get 401. */
	apiKey?: string;
	/** Ids listed by GET /v1/models. Default ['gpt-4o-mini', 'gpt-4.1-mini']. */
	models?: string[];
	/** Answers when the queue is empty. Default: the content "OK". */
	responder?: Responder;
	/**
	 * Serve `POST /v1/embeddings` (off by default: then it is an unknown URL, as before). `true` gives
	 * 256-dimensional hashing bag-of-words unit vectors; a number sets the dimensions.
	 */
	embeddings?: boolean | number;
}

const DEFAULT_MALFORMED = '{"category": "refunds", "confidence": 0.9, "urgency": "nor';

export class OpenAiCompatibleStandIn {
	readonly requests: RecordedRequest[] = [];
	responder: Responder;
	url = '';
	private queue: ScriptedReply[] = [];
	private server?: Server;
	private counter = 0;
	private readonly hanging = new Set<ServerResponse>();
	private readonly apiKey?: string;
	private readonly models: string[];
	private readonly embeddingDimensions?: number;

	constructor(opts: OpenAiStandInOptions = {}) {
		this.apiKey = opts.apiKey;
		if (opts.embeddings) this.embeddingDimensions = typeof opts.embeddings === 'number' ? opts.embeddings : DEFAULT_EMBEDDING_DIMENSIONS;
		this.models = opts.models ?? ['gpt-4o-mini', 'gpt-4.1-mini'];
		this.responder = opts.responder ?? (() => ({ kind: 'content', content: 'OK' }));
	}

	/** The base URL clients use (ends in /v1, like https://api.openai.com/v1). */
	get baseURL(): string {
		return `${this.url}/v1`;
	}

	/** The next chat requests get these replies, in order, before the responder is used again. */
	enqueue(...replies: ScriptedReply[]): this {
		this.queue.push(...replies);
		return this;
	}

	/** Replies still queued (a test can assert its script was used up). */
	get pending(): number {
		return this.queue.length;
	}

	/** The chat requests received so far (both APIs), normalised. */
	get chatRequests(): ChatRequestView[] {
		return this.requests.flatMap((r) => (r.chat ? [r.chat] : []));
	}

	/** Every text embedded so far, in order (ingestion and retrieval both go through here). */
	get embeddedTexts(): string[] {
		return this.requests.flatMap((r) => r.embeddingInputs ?? []);
	}

	reset(): void {
		this.queue = [];
		this.requests.length = 0;
	}

	private send(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		record.status = status;
		record.responseText = text;
		res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${this.counter}`, ...headers });
		res.end(text);
	}

	private answerFor(reply: ScriptedReply, view: ChatRequestView): AnswerOut {
		const callId = `call_${this.counter}`;
		switch (reply.kind) {
			case 'content':
				return { content: reply.content };
			case 'malformed':
				return { content: reply.content ?? DEFAULT_MALFORMED };
			case 'toolCall': {
				const args = typeof reply.arguments === 'string' ? reply.arguments : JSON.stringify(reply.arguments);
				return { content: null, toolCall: { id: callId, name: reply.name ?? view.forcedTool ?? view.tools[0]?.name ?? 'extract', arguments: args } };
			}
			case 'json': {
				const json = JSON.stringify(reply.value);
				if (view.forcedTool && view.responseFormat !== 'json_schema') return { content: null, toolCall: { id: callId, name: view.forcedTool, arguments: json } };
				return { content: json };
			}
			default:
				return { content: '' };
		}
	}

	private chat(res: ServerResponse, record: RecordedRequest, view: ChatRequestView): void {
		const reply = this.queue.shift() ?? this.responder(view);
		record.outcome = reply.kind;
		if (reply.kind === 'hang') {
			record.status = 0;
			this.hanging.add(res);
			res.on('close', () => this.hanging.delete(res));
			return;
		}
		if (reply.kind === 'rateLimit') {
			const headers: Record<string, string> = {};
			headers['retry-after'] = reply.retryAfter ?? '1';
			if (reply.retryAfterMs) headers['retry-after-ms'] = reply.retryAfterMs;
			const message = reply.message ?? `Rate limit reached for ${view.model || 'the model'} on requests per min (RPM). Please try again later.`;
			return this.send(res, record, 429, openAiError(429, message, 'requests', 'rate_limit_exceeded'), headers);
		}
		if (reply.kind === 'error') {
			const type = reply.status >= 500 ? 'server_error' : 'invalid_request_error';
			return this.send(res, record, reply.status, openAiError(reply.status, reply.message ?? 'The server had an error while processing your request.', type, null));
		}
		const answer = this.answerFor(reply, view);
		const id = String(this.counter);
		const created = Math.floor(Date.now() / 1000);
		const model = view.model || this.models[0];
		const usage = usageFor(view.messages.map((m) => m.content).join('\n'), answer.content ?? answer.toolCall?.arguments ?? '');
		if (view.stream) {
			const text = view.api === 'chat.completions' ? chatCompletionStream(`chatcmpl-${id}`, model, created, answer, usage, view.includeUsage) : responsesStream(id, model, created, answer, usage);
			record.status = 200;
			record.responseText = text;
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
			res.end(text);
			return;
		}
		const body = view.api === 'chat.completions' ? chatCompletion(`chatcmpl-${id}`, model, created, answer, usage) : responsesObject(id, model, created, answer, usage);
		this.send(res, record, 200, body);
	}

	private embeddings(res: ServerResponse, record: RecordedRequest): void {
		let body: Record<string, unknown> | undefined;
		try {
			const parsed: unknown = JSON.parse(record.rawBody);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
		} catch {
			body = undefined;
		}
		const texts = body ? embeddingInputs(body) : undefined;
		if (!body || !texts) {
			record.outcome = 'bad_request';
			return this.send(res, record, 400, openAiError(400, "'input' is a required property.", 'invalid_request_error', null));
		}
		record.outcome = 'embeddings';
		record.embeddingInputs = texts;
		this.send(res, record, 200, embeddingsResponse(body, texts, this.embeddingDimensions!));
	}

	private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		this.counter++;
		const path = new URL(req.url ?? '/', 'http://stand-in').pathname.replace(/\/+$/, '');
		const method = req.method ?? 'GET';
		const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
		const record: RecordedRequest = { method, path, headers: req.headers, authorization, rawBody: Buffer.concat(chunks).toString('utf8'), outcome: '', status: 0, responseText: '' };
		this.requests.push(record);

		if (this.apiKey !== undefined && authorization !== `Bearer ${this.apiKey}`) {
			record.outcome = 'unauthorized';
			// Unlike the real API, not even a masked key goes back: tests assert it is never echoed.
			return this.send(res, record, 401, openAiError(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
		}
		if (method === 'GET' && path === '/v1/models') {
			record.outcome = 'models';
			return this.send(res, record, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'stand-in' })) });
		}
		const one = /^\/v1\/models\/(.+)$/.exec(path);
		if (method === 'GET' && one && this.models.includes(decodeURIComponent(one[1]))) {
			record.outcome = 'models';
			return this.send(res, record, 200, { id: decodeURIComponent(one[1]), object: 'model', created: 1700000000, owned_by: 'stand-in' });
		}
		if (method === 'POST' && path === '/v1/embeddings' && this.embeddingDimensions !== undefined) return this.embeddings(res, record);
		const api = path === '/v1/chat/completions' ? 'chat.completions' : path === '/v1/responses' ? 'responses' : undefined;
		if (method === 'POST' && api) {
			let body: unknown;
			try {
				body = JSON.parse(record.rawBody);
			} catch {
				body = undefined;
			}
			if (!body || typeof body !== 'object') {
				record.outcome = 'bad_request';
				return this.send(res, record, 400, openAiError(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null));
			}
			record.chat = viewChatRequest(api, body as Record<string, unknown>);
			return this.chat(res, record, record.chat);
		}
		record.outcome = 'not_found';
		this.send(res, record, 404, openAiError(404, `Unknown request URL: ${method} ${path}.`, 'invalid_request_error', 'unknown_url'));
	}

	async start(): Promise<this> {
		({ server: this.server, url: this.url } = await listenOnLoopback(async (req, res) => await this.onRequest(req, res)));
		return this;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		const server = this.server;
		this.server = undefined;
		for (const res of this.hanging) res.destroy();
		this.hanging.clear();
		await closeServer(server);
	}
}
