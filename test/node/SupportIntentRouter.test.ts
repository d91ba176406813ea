import type { INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { readSection, TraceEntry } from '../../engine/contracts';
import { CONFIGURED_OUTPUTS, humanOutput, intentOutput } from '../../nodes/SupportIntentRouter/outputs';
import { SupportIntentRouter } from '../../nodes/SupportIntentRouter/SupportIntentRouter.node';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import template from '../../workflows/support-router-webhook.json';

/** The shipped template's intents: the node tests use exactly what operators get. */
const routerNode = template.nodes.find((n) => n.type === 'n8n-nodes-support-coordination.supportIntentRouter')!;
const parameters = routerNode.parameters as Record<string, unknown>;
const intentNames = (parameters.intents as { intent: { name: string }[] }).intent.map((i) => i.name);
/** The template's node version decides where Human sits (first from version 2). */
const VERSION = routerNode.typeVersion;
const HUMAN = humanOutput(VERSION, intentNames.length);
const OUT = (intent: string) => intentOutput(VERSION, intentNames.indexOf(intent));

function customTicket(message: unknown, extra: Record<string, unknown> = {}): INodeExecutionData {
	return { json: { ticket: { id: 'T-1', message, ...extra } } };
}

async function run(items: INodeExecutionData[], opts: { params?: Record<string, unknown>; continueOnFail?: boolean; typeVersion?: number; outputs?: string[][] } = {}) {
	const node = new SupportIntentRouter();
	const ctx = fakeExecuteContext({
		parameters: { ...parameters, source: 'custom', ...opts.params },
		items,
		continueOnFail: opts.continueOnFail,
		typeVersion: opts.typeVersion ?? VERSION,
		outputs: opts.outputs,
		perItem: (name, i) => {
			const t = (items[i]?.json.ticket ?? {}) as Record<string, unknown>;
			if (name === 'customId') return t.id;
			if (name === 'customMessage') return t.message;
			if (name === 'customSubject') return t.subject ?? '';
			return undefined;
		},
	});
	return node.execute.call(ctx);
}

function outputOf(result: INodeExecutionData[][], index = 0): number {
	return result.findIndex((items) => items.some((it) => (it.pairedItem as { item: number }).item === index));
}

describe('Support Intent Router node', () => {
	// Cold start, paid once with a generous explicit limit: version 2 loads the built-in sentence
	// encoder and trains on the template's intents at its first ticket.
	beforeAll(async () => {
		await run([customTicket('Please refund my order')]);
	}, 120_000);

	it('declares Human then one output per intent (version 2), Human last in version 1, as a self-contained expression', () => {
		const description = new SupportIntentRouter().description;
		expect(description.outputs).toBe(`={{${CONFIGURED_OUTPUTS}($nodeVersion, $parameter)}}`);
		expect(description.version).toEqual([1, 2, 3]);
		expect(description.defaultVersion).toBe(3);
		// Evaluated on its own, as n8n's expression sandbox does: nothing from this module is in scope.
		const fn = new Function(`return ${CONFIGURED_OUTPUTS}`)() as (v: number, p: unknown) => { displayName: string }[];
		expect(fn(2, parameters).map((o) => o.displayName)).toEqual(['Human', ...intentNames]);
		expect(fn(1, parameters).map((o) => o.displayName)).toEqual([...intentNames, 'Human']);
		expect(fn(2, {}).map((o) => o.displayName)).toEqual(['Human']);
		intentNames.forEach((name, i) => expect(fn(2, parameters)[intentOutput(2, i)].displayName).toBe(name));
	});

	it('routes clear tickets to their intent output with ticket, intent and trace', async () => {
		const items = [
			customTicket('Hello, I would like a refund for order #4411, the jacket is too small'),
			customTicket('I forgot my password and the reset email never arrives'),
		];
		const result = await run(items);
		expect(outputOf(result, 0)).toBe(OUT('return_refund'));
		expect(outputOf(result, 1)).toBe(OUT('account_access'));
		const routed = result[OUT('return_refund')][0];
		const intent = readSection(routed.json.support, 'intent', 'policyRetriever');
		const ticket = readSection(routed.json.support, 'ticket', 'policyRetriever');
		expect(intent.route).toBe('intent');
		expect(intent.confidence).toBeGreaterThanOrEqual(0.5);
		expect(intent.rolloutMode).toBe('shadow');
		expect(ticket.orderRefs).toContain('4411');
		const trace = (routed.json.support as { trace: unknown[] }).trace;
		expect(trace).toHaveLength(1);
		expect(TraceEntry.parse(trace[0]).layer).toBe('intentRouter');
	});

	it('sends an unrelated message to Human with the reason', async () => {
		const result = await run([customTicket('What is the airspeed velocity of an unladen swallow in Kyoto during tea ceremonies?')]);
		expect(outputOf(result)).toBe(HUMAN);
		const intent = readSection(result[HUMAN][0].json.support, 'intent', 'escalationPackager');
		expect(intent.route).toBe('human');
		expect(intent.humanReason).toMatch(/Low confidence/);
	});

	it('a threshold of 1 sends everything to Human; 0 routes everything', async () => {
		const items = [customTicket('Please refund my order')];
		expect(outputOf(await run(items, { params: { confidenceThreshold: 1 } }))).toBe(HUMAN);
		expect(outputOf(await run(items, { params: { confidenceThreshold: 0 } }))).toBe(OUT('return_refund'));
	});

	describe('bad input', () => {
		const cases: [string, INodeExecutionData, RegExp][] = [
			['no message text', customTicket('   '), /message/i],
			['a 1 MB message', customTicket('a'.repeat(1024 * 1024)), /1048576|1,048,576|limit/],
			['a non-string message', customTicket({ text: 'refund please' }), /message/i],
		];
		it.each(cases)('%s: stops with an error naming the field', async (_name, item, pattern) => {
			const error = await run([item]).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/Support Intent Router/);
			expect((error as Error).message).toMatch(pattern);
		});
		it.each(cases)('%s: with continue-on-fail goes to Human with the reason, input kept', async (_name, item, pattern) => {
			const result = await run([item], { continueOnFail: true });
			expect(outputOf(result)).toBe(HUMAN);
			const out = result[HUMAN][0].json;
			expect(out.ticket).toEqual(item.json.ticket);
			const escalation = (out.support as { escalation: { reason: string; layer: string; code: string } }).escalation;
			expect(escalation.layer).toBe('intentRouter');
			expect(escalation.code).toBe('contract');
			expect(escalation.reason).toMatch(pattern);
		});
		it('no intents defined: error naming Intents, or Human for every item with continue-on-fail', async () => {
			const items = [customTicket('refund please'), customTicket('where is my parcel')];
			const error = await run(items, { params: { intents: { intent: [] } } }).catch((e: unknown) => e);
			expect((error as Error).message).toMatch(/Intents is empty/);
			const result = await run(items, { params: { intents: { intent: [] } }, continueOnFail: true });
			expect(result).toHaveLength(1);
			expect(result[0]).toHaveLength(2);
		});
	});

	it('version 2 learns from sentence meaning unless told otherwise; version 1 keeps words and characters', async () => {
		const item = customTicket('Hello, I would like a refund for order #4411, the jacket is too small');
		const engineOf = (result: INodeExecutionData[][]) =>
			(result.flat()[0].json.support as { trace: { engine?: string }[] }).trace[0].engine;
		expect(engineOf(await run([item]))).toBe('builtin+encoder');
		expect(engineOf(await run([item], { typeVersion: 1 }))).toBe('builtin');
	}, 60_000);

	it('with sentence meaning on, routes through the built-in encoder and says so in the trace', async () => {
		const items = [
			customTicket('Hello, I would like a refund for order #4411, the jacket is too small'),
			// No word in common with the password examples: the encoder carries it.
			customTicket('I am locked out of my profile and cannot sign in anymore'),
		];
		const result = await run(items, { params: { builtinFeatures: 'encoder' } });
		expect(outputOf(result, 0)).toBe(OUT('return_refund'));
		expect(outputOf(result, 1)).toBe(OUT('account_access'));
		const trace = (result[OUT('return_refund')][0].json.support as { trace: { engine?: string }[] }).trace;
		expect(trace[0].engine).toBe('builtin+encoder');
		const lexical = await run([items[0]], { params: { builtinFeatures: 'lexical' } });
		expect((lexical[OUT('return_refund')][0].json.support as { trace: { engine?: string }[] }).trace[0].engine).toBe('builtin');
	}, 60_000);

	it('redacts secret request headers from a webhook item', async () => {
		const item: INodeExecutionData = {
			json: { headers: { 'x-support-token': 's3cret-token', 'content-type': 'application/json' }, ticket: { id: 'T-9', message: 'refund my order please' } },
		};
		const result = await run([item]);
		const text = JSON.stringify(result);
		expect(text).not.toContain('s3cret-token');
		expect(text).toContain('application/json');
	});
	describe('outputs that go nowhere', () => {
		const refund = () => customTicket('Hello, I would like a refund for order #4411, the jacket is too small');
		const unrelated = () => customTicket('What is the airspeed velocity of an unladen swallow in Kyoto during tea ceremonies?');
		/** Every output wired to 'Next', Human to 'Packager', except the ones named. */
		const wiring = (version: number, unwired: number[]) =>
			Array.from({ length: intentNames.length + 1 }, (_, o) => (unwired.includes(o) ? [] : [o === humanOutput(version, intentNames.length) ? 'Packager' : 'Next']));

		it('version 1 keeps Human last, so saved workflows keep their wiring', async () => {
			const result = await run([refund(), unrelated()], { typeVersion: 1 });
			expect(outputOf(result, 0)).toBe(intentNames.indexOf('return_refund'));
			expect(outputOf(result, 1)).toBe(intentNames.length);
		});

		it('a ticket whose intent output is not connected goes to Human with the reason', async () => {
			const result = await run([refund()], { outputs: wiring(VERSION, [OUT('return_refund')]) });
			expect(outputOf(result)).toBe(HUMAN);
			const intent = readSection(result[HUMAN][0].json.support, 'intent', 'escalationPackager');
			expect(intent).toMatchObject({ route: 'human', category: 'return_refund', rolloutMode: 'suggest' });
			expect(intent.humanReason).toMatch(/"return_refund" .*not connected/);
		});

		it('the same in version 1 (Human last): the ticket is not dropped', async () => {
			const result = await run([refund()], { typeVersion: 1, outputs: wiring(1, [intentNames.indexOf('return_refund')]) });
			expect(outputOf(result)).toBe(intentNames.length);
		});

		it('a connected intent output still gets its tickets', async () => {
			const result = await run([refund()], { outputs: wiring(VERSION, []) });
			expect(outputOf(result)).toBe(OUT('return_refund'));
		});

		it('a ticket for Human when Human is not connected fails the execution loudly, also with continue-on-fail', async () => {
			for (const continueOnFail of [false, true]) {
				const error = await run([unrelated()], { outputs: wiring(VERSION, [HUMAN]), continueOnFail }).catch((e: unknown) => e);
				expect(error).toBeInstanceOf(NodeOperationError);
				expect((error as Error).message).toMatch(/Human output .* not connected/);
			}
			// Nothing for Human: the unwired Human output is no reason to fail.
			expect(outputOf(await run([refund()], { outputs: wiring(VERSION, [HUMAN]) }))).toBe(OUT('return_refund'));
		});

		it('a Router with nothing wired (tried on its own) keeps every ticket on its own output', async () => {
			const result = await run([refund(), unrelated()], { outputs: wiring(VERSION, [...Array(intentNames.length + 1).keys()]) });
			expect(outputOf(result, 0)).toBe(OUT('return_refund'));
			expect(outputOf(result, 1)).toBe(HUMAN);
		});
	});
});
