import { ChatOpenAI } from '@langchain/openai';
import type { INodeExecutionData } from 'n8n-workflow';
import { readSection, TraceEntry, type IntentResult } from '../../engine/contracts';
import { trainClassifier } from '../../engine/routing';
import { cachedClassifier, parseIntentDefinitions } from '../../engine/routing/intentDefinitions';
import { DEFAULT_MODEL_THRESHOLD } from '../../engine/routing/model';
import { inputsFor, MAIN_AND_MODEL } from '../support/nodeInputs';
import { SupportIntentRouter } from '../../nodes/SupportIntentRouter/SupportIntentRouter.node';
import { OpenAiCompatibleStandIn, type ScriptedReply } from '../stand-ins/openaiCompatible';
import { keywordResponder } from '../stand-ins/openai/keywordResponder';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import template from '../../workflows/support-router-webhook.json';

/**
 * The model and cascade engines with LangChain's real ChatOpenAI talking HTTP to the loopback
 * OpenAI-compatible stand-in: the same client code n8n's OpenAI Chat Model node runs.
 */
const routerNode = template.nodes.find((n) => n.type === 'n8n-nodes-support-coordination.supportIntentRouter')!;
const parameters = routerNode.parameters as Record<string, unknown>;
const intentNames = (parameters.intents as { intent: { name: string }[] }).intent.map((i) => i.name);
const HUMAN = intentNames.length;

const CLEAR_REFUND = 'Hello, I would like a refund for order #4411, the jacket is too small';
/** The built-in engine leans to refund here, but below the default model threshold. */
const AMBIGUOUS = 'Something is wrong with my purchase';

const answer = (category: string, extra: Record<string, unknown> = {}): ScriptedReply => ({
	kind: 'json',
	value: { category, confidence: 0.9, urgency: 'normal', sentiment: 'neutral', reason: `About ${category}.`, ...extra },
});

const builtinFor = (raw: unknown) => trainClassifier(parseIntentDefinitions(raw));

let standIn: OpenAiCompatibleStandIn;

beforeAll(async () => {
	standIn = await new OpenAiCompatibleStandIn({
		apiKey: 'sk-test',
		responder: keywordResponder([
			{ intent: 'return_refund', keywords: ['refund'] },
			{ intent: 'account_access', keywords: ['password', 'log in'] },
		]),
	}).start();
});
afterAll(async () => standIn.close());
beforeEach(() => standIn.reset());

function chatModel(opts: { useResponsesApi?: boolean } = {}) {
	return new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL: standIn.baseURL }, ...opts });
}

function ticket(message: string, extra: Record<string, unknown> = {}): INodeExecutionData {
	return { json: { ticket: { id: 'T-1', message, ...extra } } };
}

async function run(items: INodeExecutionData[], params: Record<string, unknown>, opts: { model?: unknown; continueOnFail?: boolean } = {}) {
	const ctx = fakeExecuteContext({
		parameters: { ...parameters, source: 'custom', modelTimeout: 5000, ...params },
		items,
		model: 'model' in opts ? opts.model : chatModel(),
		continueOnFail: opts.continueOnFail,
		perItem: (name, i) => {
			const t = (items[i]?.json.ticket ?? {}) as Record<string, unknown>;
			if (name === 'customId') return t.id;
			if (name === 'customMessage') return t.message;
			if (name === 'customSubject') return t.subject ?? '';
			return undefined;
		},
	});
	return new SupportIntentRouter().execute.call(ctx);
}

/** The single routed item, wherever it went, with its intent section and trace entry. */
function only(result: INodeExecutionData[][]) {
	const output = result.findIndex((items) => items.length > 0);
	expect(result.flat()).toHaveLength(1);
	const support = result[output][0].json.support as { trace: unknown[] };
	const intent: IntentResult = readSection(support, 'intent', 'escalationPackager');
	const trace = TraceEntry.parse(support.trace[support.trace.length - 1]);
	return { output, intent, trace };
}

describe('Support Intent Router node: model engine', () => {
	it('declares Main first and an optional single Model input, drawn from version 3 only for the engines that use it', () => {
		const d = new SupportIntentRouter().description;
		expect(inputsFor(d, 2, { engine: 'builtin' })).toEqual(MAIN_AND_MODEL);
		expect(inputsFor(d, 3, { engine: 'model' })).toEqual(MAIN_AND_MODEL);
		expect(inputsFor(d, 3, { engine: 'cascade' })).toEqual(MAIN_AND_MODEL);
		expect(inputsFor(d, 3, { engine: 'builtin' })).toEqual([{ type: 'main' }]);
	});

	it('routes a ticket with the model: its intent, engine and decidedBy in the case file, attempts in the trace', async () => {
		const r = only(await run([ticket('I cannot log in, the password reset is broken. This is urgent!')], { engine: 'model' }));
		expect(r.output).toBe(intentNames.indexOf('account_access'));
		expect(r.intent).toMatchObject({ category: 'account_access', route: 'intent', engine: 'model', decidedBy: 'model', confidence: 0.9 });
		expect(r.trace.engine).toBe('model');
		expect(r.trace.outcome).toBe('routed:account_access (model, 1 attempt)');
		expect(standIn.chatRequests).toHaveLength(1);
		expect(standIn.requests[0].authorization).toBe('Bearer sk-test');
	});

	it('works over the Responses API too (the default of n8n\'s OpenAI Chat Model node from version 1.3)', async () => {
		const r = only(await run([ticket('Please refund my order, it arrived broken')], { engine: 'model' }, { model: chatModel({ useResponsesApi: true }) }));
		expect(r.output).toBe(intentNames.indexOf('return_refund'));
		expect(standIn.requests.map((q) => q.path)).toEqual(['/v1/responses']);
	});

	it('malformed JSON, then a valid answer: routed on the second attempt, the first problem recorded', async () => {
		standIn.enqueue({ kind: 'malformed' }, answer('order_status'));
		const r = only(await run([ticket('Where is my parcel?')], { engine: 'model' }));
		expect(r.output).toBe(intentNames.indexOf('order_status'));
		expect(r.trace.outcome).toBe('routed:order_status (model, 2 attempts)');
		expect(r.trace.contractErrors).toEqual([expect.stringMatching(/^model attempt 1: malformed: /)]);
		expect(standIn.chatRequests).toHaveLength(2);
		expect(standIn.pending).toBe(0);
	});

	it('an intent that is not defined, twice: Human with the reason, in suggest mode', async () => {
		standIn.enqueue(answer('cancel_subscription'), answer('cancel_subscription'));
		const r = only(await run([ticket('Please cancel my plan')], { engine: 'model', modelAttempts: 2 }));
		expect(r.output).toBe(HUMAN);
		expect(r.intent.route).toBe('human');
		expect(r.intent.rolloutMode).toBe('suggest');
		expect(r.intent.decidedBy).toBe('model');
		expect(r.intent.humanReason).toMatch(/not defined after 2 attempts/);
		expect(r.intent.humanReason).toMatch(/cancel_subscription/);
		expect(r.trace.outcome).toBe('human (model, 2 attempts)');
		expect(r.trace.contractErrors).toHaveLength(2);
	});

	it('the model saying no intent fits: Human with an out-of-scope reason', async () => {
		standIn.enqueue(answer('none', { reason: 'A question about the weather.' }));
		const r = only(await run([ticket('Will it rain tomorrow?')], { engine: 'model' }));
		expect(r.output).toBe(HUMAN);
		expect(r.intent.humanReason).toMatch(/^Out of scope: .*weather/);
	});

	it('a 429, then a valid answer: routed after waiting what the provider asked', async () => {
		standIn.enqueue({ kind: 'rateLimit', retryAfter: '0', retryAfterMs: '20' }, answer('technical_issue'));
		const r = only(await run([ticket('The app crashes on start')], { engine: 'model' }));
		expect(r.output).toBe(intentNames.indexOf('technical_issue'));
		expect(r.trace.contractErrors).toEqual([expect.stringMatching(/^model attempt 1: rate_limited: /)]);
		expect(standIn.requests.map((q) => q.status)).toEqual([429, 200]);
	});

	it('a model that never answers: each attempt cut at the timeout, then Human with a timeout reason', async () => {
		standIn.enqueue({ kind: 'hang' }, { kind: 'hang' });
		const r = only(await run([ticket('My order is late')], { engine: 'model', modelAttempts: 2, modelTimeout: 100 }));
		expect(r.output).toBe(HUMAN);
		expect(r.intent.humanReason).toMatch(/timed out after 2 attempts.*100 ms/);
		expect(standIn.chatRequests).toHaveLength(2);
	});

	it('the model cannot lower the urgency the rules found, but can raise it', async () => {
		standIn.enqueue(answer('technical_issue', { urgency: 'low' }), answer('technical_issue', { urgency: 'critical' }));
		const calm = only(await run([ticket('URGENT: the whole site is down, outage for all customers!')], { engine: 'model' }));
		// The model said 'low'; the rules' outage signal keeps it high.
		expect(['high', 'critical']).toContain(calm.intent.urgency.level);
		const raised = only(await run([ticket('The app shows an error on the settings page')], { engine: 'model' }));
		expect(raised.intent.urgency.level).toBe('critical');
		expect(raised.intent.urgency.signals).toContain('model:critical');
	});

	it('engine Model does not train the built-in classifier (it would be wasted work)', async () => {
		// An intent set no other test uses, so the process-wide classifier cache starts without it.
		const raw = (parameters.intents as { intent: Record<string, unknown>[] }).intent.map((i) => ({ ...i, description: `${String(i.description ?? '')} (model-only)` }));
		only(await run([ticket('I forgot my password')], { engine: 'model', intents: { intent: raw } }));
		let trained = false;
		const lookup = cachedClassifier(parseIntentDefinitions(raw), { engine: 'builtin' }, () => {
			trained = true;
			return builtinFor(raw);
		});
		expect(lookup.cacheHit).toBe(false);
		expect(trained).toBe(true);
	});

	it('engine Model with no chat model connected: a clear error, and no ticket is guessed', async () => {
		await expect(run([ticket(CLEAR_REFUND)], { engine: 'model' }, { model: undefined })).rejects.toThrow(
			'Engine is Model but no chat model is connected to the Model input',
		);
		const escalated = await run([ticket(CLEAR_REFUND)], { engine: 'cascade' }, { model: undefined, continueOnFail: true });
		expect(escalated[HUMAN]).toHaveLength(1);
		expect((escalated[HUMAN][0].json.support as { escalation: { reason: string } }).escalation.reason).toMatch(/no chat model is connected/);
	});

	it('engine Built-in never asks for the Model input, so nothing needs to be connected', async () => {
		const r = only(await run([ticket(CLEAR_REFUND)], { engine: 'builtin' }, { model: undefined }));
		expect(r.output).toBe(intentNames.indexOf('return_refund'));
		expect(r.intent).toMatchObject({ engine: 'builtin', decidedBy: 'builtin' });
		expect(r.trace.outcome).toBe('routed:return_refund');
	});
});

describe('Support Intent Router node: cascade engine', () => {
	// The premise of the cascade tests, checked rather than assumed: which side of the threshold each ticket is on.
	const builtin = builtinFor((parameters.intents as { intent: unknown }).intent);

	it('a clear ticket is decided by the built-in engine and the model receives no request', async () => {
		expect(builtin.predict(CLEAR_REFUND).confidence).toBeGreaterThanOrEqual(DEFAULT_MODEL_THRESHOLD);
		const r = only(await run([ticket(CLEAR_REFUND)], { engine: 'cascade' }));
		expect(r.output).toBe(intentNames.indexOf('return_refund'));
		expect(r.intent).toMatchObject({ engine: 'cascade', decidedBy: 'builtin' });
		expect(r.trace.outcome).toBe('routed:return_refund (cascade: builtin)');
		expect(standIn.requests).toHaveLength(0);
	});

	it('an ambiguous ticket reaches the model, which decides; the built-in ranking stays as alternatives', async () => {
		const p = builtin.predict(AMBIGUOUS);
		expect(p.confidence).toBeLessThan(DEFAULT_MODEL_THRESHOLD);
		standIn.enqueue(answer('technical_issue'));
		const r = only(await run([ticket(AMBIGUOUS)], { engine: 'cascade' }));
		expect(r.output).toBe(intentNames.indexOf('technical_issue'));
		expect(r.intent).toMatchObject({ category: 'technical_issue', engine: 'cascade', decidedBy: 'model' });
		expect(r.intent.alternatives.map((a) => a.category)).toContain(p.category);
		expect(r.trace.outcome).toBe('routed:technical_issue (cascade: model, 1 attempt)');
		expect(standIn.chatRequests).toHaveLength(1);
	});

	it('the Model Threshold decides who is asked: at 0 the model never is, at 1 always', async () => {
		const never = only(await run([ticket(AMBIGUOUS)], { engine: 'cascade', modelThreshold: 0 }));
		expect(never.intent.decidedBy).toBe('builtin');
		expect(standIn.requests).toHaveLength(0);
		standIn.enqueue(answer('return_refund'));
		const always = only(await run([ticket(CLEAR_REFUND)], { engine: 'cascade', modelThreshold: 1 }));
		expect(always.intent.decidedBy).toBe('model');
		expect(standIn.chatRequests).toHaveLength(1);
	});

	it('a model failure in the cascade sends the ticket to Human with the reason, not to the built-in guess', async () => {
		standIn.enqueue({ kind: 'error', status: 401, message: 'Incorrect API key provided.' });
		const r = only(await run([ticket(AMBIGUOUS)], { engine: 'cascade' }));
		expect(r.output).toBe(HUMAN);
		expect(r.intent.humanReason).toMatch(/^Model failed after 1 attempt/);
		expect(r.intent.decidedBy).toBe('model');
	});
});
