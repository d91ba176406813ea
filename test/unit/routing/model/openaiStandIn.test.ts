import { classifyWithModel } from '../../../../engine/routing/model';
import { keywordResponder } from '../../../stand-ins/openai/keywordResponder';
import { OpenAiCompatibleStandIn } from '../../../stand-ins/openaiCompatible';
import { API_KEY, chatModel, INTENTS } from './helpers';

const schema = {
	title: 'classification',
	type: 'object',
	properties: { category: { type: 'string' }, confidence: { type: 'number' } },
	required: ['category', 'confidence'],
};

describe('OpenAI-compatible stand-in', () => {
	let standIn: OpenAiCompatibleStandIn;

	beforeAll(async () => {
		standIn = await new OpenAiCompatibleStandIn({ apiKey: API_KEY, models: ['gpt-4o-mini', 'local-llm'] }).start();
	});
	afterAll(async () => {
		await standIn.close();
	});
	beforeEach(() => standIn.reset());

	it('lists models for n8n\'s credential test and model list, and refuses a wrong key without echoing it', async () => {
		const ok = await fetch(`${standIn.baseURL}/models`, { headers: { authorization: `Bearer ${API_KEY}` } });
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id)).toEqual(['gpt-4o-mini', 'local-llm']);
		const denied = await fetch(`${standIn.baseURL}/models`, { headers: { authorization: 'Bearer sk-wrong-key' } });
		expect(denied.status).toBe(401);
		expect(await denied.text()).not.toContain('sk-wrong-key');
	});

	it('streams Chat Completions as SSE chunks ending in [DONE]', async () => {
		standIn.enqueue({ kind: 'content', content: 'streamed answer text' });
		const chunks: string[] = [];
		for await (const chunk of await chatModel(standIn).stream([['human', 'hi']])) chunks.push(String(chunk.content));
		expect(chunks.join('')).toBe('streamed answer text');
		expect(chunks.filter((c) => c.length > 0).length).toBeGreaterThan(1);
		expect(standIn.requests[0].responseText.trimEnd().endsWith('data: [DONE]')).toBe(true);
	});

	it('streams the Responses API as typed events', async () => {
		standIn.enqueue({ kind: 'content', content: 'from responses' });
		const chunks: string[] = [];
		const model = chatModel(standIn, { useResponsesApi: true });
		for await (const chunk of await model.stream([['human', 'hi']])) chunks.push(typeof chunk.content === 'string' ? chunk.content : chunk.content.map((p) => ('text' in p ? p.text : '')).join(''));
		expect(chunks.join('')).toBe('from responses');
		expect(standIn.requests[0].responseText).toContain('event: response.completed');
	});

	it('answers withStructuredOutput in function-calling mode with a tool call, and in json-schema mode with content', async () => {
		const value = { category: 'refunds', confidence: 0.8 };
		standIn.enqueue({ kind: 'json', value }, { kind: 'json', value });
		const viaTool = await chatModel(standIn).withStructuredOutput(schema, { method: 'functionCalling' }).invoke([['human', 'refund']]);
		const viaSchema = await chatModel(standIn).withStructuredOutput(schema, { method: 'jsonSchema' }).invoke([['human', 'refund']]);
		expect(viaTool).toEqual(value);
		expect(viaSchema).toEqual(value);
		const [toolRequest, schemaRequest] = standIn.chatRequests;
		expect(toolRequest.forcedTool).toBe('classification');
		expect(standIn.requests[0].responseText).toContain('"tool_calls"');
		expect(schemaRequest.responseFormat).toBe('json_schema');
	});

	it('falls back to the responder, e.g. keyword classification for many tickets', async () => {
		standIn.responder = keywordResponder([
			{ intent: 'refunds', keywords: ['refund', 'money back'] },
			{ intent: 'shipping', keywords: ['parcel', 'delivery'] },
		]);
		try {
			const model = chatModel(standIn);
			const results = await Promise.all(
				['I want my money back', 'my parcel is late', 'what is your favourite colour'].map((message) => classifyWithModel(model, INTENTS, { message })),
			);
			expect(results.map((r) => (r.ok ? r.category : r.error))).toEqual(['refunds', 'shipping', null]);
		} finally {
			standIn.responder = () => ({ kind: 'content', content: 'OK' });
		}
	});

	it('answers an unknown path with an OpenAI-shaped 404', async () => {
		const res = await fetch(`${standIn.baseURL}/embeddings`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` }, body: '{}' });
		expect(res.status).toBe(404);
		expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
	});
});
