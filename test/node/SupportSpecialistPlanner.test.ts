import type { IExecuteFunctions, INode, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { PlanSection, TraceEntry, type CaseFile } from '../../engine/contracts';
import { DEFAULT_PLAYBOOKS, type ChatMessage, type ChatModelLike } from '../../engine/planning';
import { intentSettingsFromEntry } from '../../engine/routing/intentEntry';
import { inputsFor, MAIN_AND_MODEL } from '../support/nodeInputs';
import { SupportSpecialistPlanner } from '../../nodes/SupportSpecialistPlanner/SupportSpecialistPlanner.node';
import { buildCase, daysAgo, NOW, orderFact, SCENARIOS } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const PLANNED = 0;
const ESCALATE = 1;

/** Whether a property exists in this version of the node ('@version': [1] or [{_cnd: {gte: 2}}]). */
function inVersion(p: INodeProperties, version: number): boolean {
	const rule = p.displayOptions?.show?.['@version'];
	if (!rule) return true;
	return rule.some((r) => r === version || (typeof r === 'object' && r !== null && '_cnd' in r && (r as { _cnd: { gte?: number } })._cnd.gte !== undefined && version >= (r as { _cnd: { gte: number } })._cnd.gte));
}

/** The node's own parameter defaults: the tests run what an operator gets on dropping the node in. */
function defaults(node: INodeType, version: number): Record<string, unknown> {
	return Object.fromEntries(node.description.properties.filter((p) => inVersion(p, version)).map((p) => [p.name, p.default]));
}

type RunOptions = { params?: Record<string, unknown>; continueOnFail?: boolean; model?: ChatModelLike; typeVersion?: number; rawParameters?: INode['parameters'] };

async function run(items: INodeExecutionData[], opts: RunOptions = {}) {
	return (await runRecorded(items, opts)).outputs;
}

/** Runs the node at its default version (2) unless `typeVersion` says otherwise; also returns its custom data and hints. */
async function runRecorded(
	items: INodeExecutionData[],
	opts: RunOptions = {},
) {
	const node = new SupportSpecialistPlanner();
	const typeVersion = opts.typeVersion ?? 2;
	const ctx = fakeExecuteContext({
		parameters: { ...defaults(node, typeVersion), ...opts.params },
		items,
		continueOnFail: opts.continueOnFail,
		nodeName: 'Support Specialist Planner',
		typeVersion,
		rawParameters: opts.rawParameters,
	});
	const withModel = Object.assign(ctx, { getInputConnectionData: async () => opts.model }) as IExecuteFunctions;
	const outputs = await node.execute.call(withModel);
	return { outputs, recorded: ctx.recorded };
}

const item = (support: unknown, extra: Record<string, unknown> = {}): INodeExecutionData => ({ json: { ...extra, support: support as INodeExecutionData['json'] } });
const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

/** Answers from a script and records what it was asked. */
function scriptedModel(answers: unknown[]): ChatModelLike & { calls: ChatMessage[][] } {
	const calls: ChatMessage[][] = [];
	return {
		calls,
		async invoke(messages) {
			calls.push(messages);
			return { content: JSON.stringify(answers.shift()) };
		},
	};
}

describe('Support Specialist Planner node', () => {
	// Playbook conditions count days from now: the case files are dated around NOW.
	beforeAll(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] }));
	afterAll(() => jest.useRealTimers());

	it('declares Planned and Escalate outputs and an optional model input, from version 3 only for the Model engine', () => {
		const d = new SupportSpecialistPlanner().description;
		expect(d.outputNames).toEqual(['Planned', 'Escalate']);
		expect(inputsFor(d, 2, { engine: 'playbook' })).toEqual(MAIN_AND_MODEL);
		expect(inputsFor(d, 3, { engine: 'model' })).toEqual(MAIN_AND_MODEL);
		expect(inputsFor(d, 3, { engine: 'playbook' })).toEqual([{ type: 'main' }]);
	});

	it.each(Object.keys(SCENARIOS))('plans a %s ticket with the built-in playbooks', async (intent) => {
		const result = await run([item(SCENARIOS[intent](), { ticketId: 'raw field kept' })]);
		expect(result[PLANNED]).toHaveLength(1);
		expect(result[ESCALATE]).toHaveLength(0);
		const out = result[PLANNED][0];
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json.ticketId).toBe('raw field kept');
		const plan = PlanSection.parse(supportOf(out).plan);
		expect(plan).toMatchObject({ intent, engine: 'playbook', revision: 0 });
		expect(plan.draftReply.body.length).toBeGreaterThan(20);
		const trace = supportOf(out).trace.map((t) => TraceEntry.parse(t));
		expect(trace[trace.length - 1]).toMatchObject({ layer: 'specialistPlanner', node: 'Support Specialist Planner', engine: 'playbook', outcome: 'plan' });
	});

	it('a refund plan cites the returns policy and stays inside the tool scope', async () => {
		const [planned] = await run([item(SCENARIOS.return_refund())]);
		const plan = supportOf(planned[0]).plan!;
		const refund = plan.steps.find((s) => s.tool === 'shopify.refundOrder')!;
		expect(refund).toMatchObject({ access: 'write', args: { amount: 49.9, currency: 'EUR' } });
		expect(refund.citations).toContain('returns-1');
	});

	it('a question back to the customer (no order found) is a plan: Planned, no steps', async () => {
		const result = await run([item(buildCase({ intent: 'order_status', orderRefs: [], facts: [] }))]);
		const out = result[PLANNED][0];
		const plan = supportOf(out).plan!;
		expect(plan.steps).toEqual([]);
		expect(plan.draftReply.body).toMatch(/order number/);
		expect(supportOf(out).trace.at(-1)!.outcome).toBe('clarify');
	});

	it('escalates a return outside the window, with the reason in support.escalation', async () => {
		const late = buildCase({ facts: [orderFact({ fulfillments: [{ id: 1, shipment_status: 'delivered', updated_at: daysAgo(45) }] })] });
		const result = await run([item(late)]);
		expect(result[PLANNED]).toHaveLength(0);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.escalation).toMatchObject({ layer: 'specialistPlanner', code: 'condition', at: NOW.toISOString() });
		expect(support.escalation!.reason).toMatch(/30 days|window/i);
		expect(support.trace.at(-1)!.outcome).toBe('escalated:condition');

		// The operator's policy value overrides the playbook's: a 60-day window plans the same case.
		const lenient = await run([item(late)], { params: { policyValues: '{"returnWindowDays": 60}' } });
		expect(lenient[PLANNED]).toHaveLength(1);
	});

	it('version 1: operator playbooks ({{path}} placeholders) replace the built-in ones', async () => {
		const playbook = { id: 'catch_all', intents: ['*'], specialist: 'general', steps: [], reply: { en: [{ text: 'Hello {{ticket.customer.name}}, a person will answer shortly.' }] } };
		const result = await run([item(SCENARIOS.return_refund())], { params: { playbooks: JSON.stringify([playbook]) }, typeVersion: 1 });
		const plan = supportOf(result[PLANNED][0]).plan!;
		expect(plan.steps).toEqual([]);
		expect(plan.draftReply.body).toBe('Hello Jane Doe, a person will answer shortly.');
	});

	describe('version 2 playbooks', () => {
		const warranty = {
			id: 'warranty',
			intents: ['return_refund'],
			specialist: 'refunds',
			reply: { en: [{ text: 'Hi [[ticket.customer.name]],', frame: true }, { text: 'Your order [[facts.order.name]] is covered by our warranty; a colleague will arrange the repair.' }, { text: 'Best regards', frame: true }] },
		};

		it('the Playbooks field starts with the built-in playbooks, in [[path]] syntax', () => {
			const field = new SupportSpecialistPlanner().description.properties.filter((p) => p.name === 'playbooks' && inVersion(p, 2));
			expect(field).toHaveLength(1);
			const shown = JSON.parse(field[0].default as string) as Array<{ id: string }>;
			expect(shown.map((p) => p.id)).toEqual(DEFAULT_PLAYBOOKS.map((p) => p.id));
			expect(field[0].default).not.toMatch(/\{\{/);
			expect(field[0].default).toMatch(/\[\[ticket\.customer\.name\]\]/);
		});

		it('fills [[path]] placeholders and merges with the built-ins by intent', async () => {
			const result = await run([item(SCENARIOS.return_refund()), item(SCENARIOS.order_status())], { params: { playbooks: JSON.stringify([warranty]) } });
			const [refund, status] = result[PLANNED].map((i) => supportOf(i).plan!);
			expect(refund.draftReply.body).toMatch(/^Hi Jane Doe,\n\nYour order #\d+ is covered by our warranty/);
			// order_status still has its built-in playbook: the operator's one replaced return_refund only.
			expect(status).toMatchObject({ intent: 'order_status', specialist: 'shipping' });
			expect(status.draftReply.body).toMatch(/your order #\d+/i);
		});

		it('refuses {{path}} in a playbook, naming the fix', async () => {
			const braces = { ...warranty, reply: { en: [{ text: 'Hi {{ticket.customer.name}},' }] } };
			const error = await run([item(SCENARIOS.return_refund())], { params: { playbooks: JSON.stringify([braces]) } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toBe('Playbooks: Playbook "warranty": {{ticket.customer.name}} is n8n expression syntax, which the editor may evaluate to an empty text; write [[ticket.customer.name]]');
		});

		it('refuses a Playbooks field n8n turned into an expression (its placeholders are already evaluated)', async () => {
			const evaluated = { ...warranty, reply: { en: [{ text: 'Hi ,' }, { text: 'Covered against defects .' }] } };
			const raw = `=${JSON.stringify([{ ...warranty, reply: { en: [{ text: 'Hi {{ ticket.customer.name }},' }] } }])}`;
			const error = await run([item(SCENARIOS.return_refund())], { params: { playbooks: JSON.stringify([evaluated]) }, rawParameters: { playbooks: raw } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^Playbooks: the field is an expression, so n8n evaluated \{\{ ticket\.customer\.name \}\} to an empty text.*\[\[ticket\.customer\.name\]\]$/);
		});

		it('an expression that only reads n8n data ($json) is allowed', async () => {
			const result = await run([item(SCENARIOS.return_refund())], { params: { playbooks: JSON.stringify([warranty]) }, rawParameters: { playbooks: '={{ $json.playbooks }}' } });
			expect(result[PLANNED]).toHaveLength(1);
		});

		it('an empty placeholder value leaves the sentence out instead of writing "Hi ,"', async () => {
			const nameless = SCENARIOS.return_refund();
			nameless.ticket!.customer.name = '';
			const result = await run([item(nameless)], { params: { playbooks: JSON.stringify([warranty]) } });
			const body = supportOf(result[PLANNED][0]).plan!.draftReply.body;
			expect(body).not.toMatch(/Hi\s*,/);
			expect(body).toMatch(/^Your order #\d+ is covered/);
		});
	});

	describe('what an operator sees', () => {
		it('each item starts with a one-line supportSummary; the run records ticket, intent and route as execution custom data', async () => {
			const { outputs, recorded } = await runRecorded([item(SCENARIOS.return_refund(), { body: { raw: 'webhook fields' } })]);
			const json = outputs[PLANNED][0].json;
			expect(Object.keys(json)[0]).toBe('supportSummary');
			expect(json.supportSummary).toMatch(/^ticket \S+ · return_refund · planned$/);
			expect(recorded.customData).toEqual({ ticket: supportOf(outputs[PLANNED][0]).ticket!.id, intent: 'return_refund', route: 'planned' });
			expect(recorded.hints).toEqual([]);
		});

		it('an intent without a playbook of its own: a warning on the node, not only an assumption in the case', async () => {
			const odd = SCENARIOS.general();
			odd.intent!.category = 'warranty_claim';
			const { recorded } = await runRecorded([item(odd)]);
			expect(recorded.hints).toEqual([
				{ type: 'warning', location: 'outputPane', message: expect.stringMatching(/^Tool Scopes has no entry for the intent "warranty_claim" \(nor a "\*" entry\): its plans may use no tools/) },
				{ type: 'warning', location: 'outputPane', message: expect.stringMatching(/^No playbook for intent "warranty_claim"; the "general" playbook was used\. Add a playbook for "warranty_claim"/) },
			]);
		});

		it('an intent no playbook serves (version 1, no "*" playbook): escalated, with a warning naming the intent and custom data naming the code', async () => {
			const only = [{ id: 'refunds', intents: ['return_refund'], specialist: 'refunds', reply: { en: [{ text: 'We will look at your refund.' }] } }];
			const { outputs, recorded } = await runRecorded([item(SCENARIOS.order_status())], { params: { playbooks: JSON.stringify(only) }, typeVersion: 1 });
			expect(outputs[ESCALATE]).toHaveLength(1);
			expect(recorded.hints.map((h) => h.message)).toEqual([expect.stringMatching(/^No playbook serves the intent "order_status"/)]);
			expect(recorded.customData).toMatchObject({ intent: 'order_status', route: 'escalated', escalation: 'specialistPlanner:no_playbook' });
		});
	});

	describe('bad configuration', () => {
		it('a playbook with an unknown tool stops the node, naming the playbook and the step', async () => {
			const broken = [{ id: 'my_refunds', intents: ['return_refund'], specialist: 'refunds', steps: [{ id: 'pay', tool: 'paypal.refund', access: 'write', why: 'x' }], reply: { en: [{ text: 'Hi' }] } }];
			const error = await run([item(SCENARIOS.return_refund())], { params: { playbooks: JSON.stringify(broken) } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^Playbooks: Playbook "my_refunds", step "pay": unknown tool "paypal.refund"/);
		});

		it.each([
			['playbooks', '[{"id": "x"', /^Playbooks: is not valid JSON/],
			['policyValues', '[1, 2]', /^Policy Values: must be a JSON object/],
			['toolScopes', '{"return_refund": {"allowedTools": "shopify.getOrder"}}', /^Tool Scopes: return_refund.allowedTools/],
		])('%s = %s: error naming the parameter', async (name, value, pattern) => {
			const error = await run([item(SCENARIOS.return_refund())], { params: { [name]: value } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(pattern);
		});

		it('version 1: an empty playbook list is an error', async () => {
			const error = await run([item(SCENARIOS.return_refund())], { params: { playbooks: '[]' }, typeVersion: 1 }).catch((e: unknown) => e);
			expect((error as Error).message).toMatch(/^Playbooks: is an empty list/);
		});

		it('with continue-on-fail, a broken parameter sends every item to Escalate', async () => {
			const result = await run([item(SCENARIOS.general()), item(SCENARIOS.order_status())], { params: { policyValues: 'nope' }, continueOnFail: true });
			expect(result[ESCALATE].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(supportOf(result[ESCALATE][0]).escalation).toMatchObject({ layer: 'specialistPlanner', code: 'error', reason: expect.stringMatching(/Policy Values/) });
		});
	});

	describe('bad input', () => {
		const cases: Array<[string, unknown, RegExp, RegExp]> = [
			['no context (retriever skipped)', buildCase({ without: ['context'] }), /support\.context is missing/, /Support Policy Retriever/],
			['no intent', buildCase({ without: ['intent'] }), /support\.intent is missing/, /Support Intent Router/],
			['no case file at all', undefined, /support is missing/, /Support Intent Router/],
			['a broken confidence', { ...buildCase(), intent: { ...buildCase().intent, confidence: 'high' } }, /support\.intent\.confidence is invalid/, /Support Intent Router/],
		];
		it.each(cases)('%s: stops with an error naming the field and its writer', async (_name, support, field, writer) => {
			const error = await run([item(support)]).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^Support Specialist Planner: /);
			expect((error as Error).message).toMatch(field);
			expect((error as Error).message).toMatch(writer);
		});
		it.each(cases)('%s: with continue-on-fail goes to Escalate with the reason, input kept', async (_name, support, field) => {
			const result = await run([item(support, { body: { id: 7 } })], { continueOnFail: true });
			expect(result[PLANNED]).toHaveLength(0);
			const out = result[ESCALATE][0];
			expect(out.json.body).toEqual({ id: 7 });
			expect(supportOf(out).escalation).toMatchObject({ layer: 'specialistPlanner', code: 'contract', reason: expect.stringMatching(field) });
		});
	});

	describe('model engine', () => {
		it('without a connected model: a clear error', async () => {
			const error = await run([item(SCENARIOS.return_refund())], { params: { engine: 'model' } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/no chat model is connected/);
		});

		it("plans with the connected model inside the intent's tool scope", async () => {
			const model = scriptedModel([
				{
					steps: [{ tool: 'shopify.refundOrder', access: 'write', args: { orderId: 5823957483821, amount: 49.9, currency: 'EUR' }, why: 'Return within 30 days', citations: ['returns-1'] }],
					reply: { body: 'Hi Jane, we have refunded 49.90 EUR.', citations: ['returns-1'] },
				},
			]);
			const result = await run([item(SCENARIOS.return_refund())], { params: { engine: 'model', modelInstructions: 'Sign off as Acme.' }, model });
			const plan = supportOf(result[PLANNED][0]).plan!;
			expect(plan).toMatchObject({ engine: 'model', specialist: 'refunds' });
			expect(model.calls[0][0].content).toContain('Sign off as Acme.');
			expect(model.calls[0][0].content).not.toContain('stripe.createRefund');
			expect(supportOf(result[PLANNED][0]).trace.at(-1)!.engine).toBe('model');
		});

		it('a model that twice proposes a tool outside the scope escalates', async () => {
			const outside = { steps: [{ tool: 'stripe.createRefund', access: 'write', args: { amount: 49.9, currency: 'EUR' }, why: 'refund' }], reply: { body: 'Refunded.' } };
			const result = await run([item(SCENARIOS.return_refund())], { params: { engine: 'model' }, model: scriptedModel([outside, outside]) });
			expect(supportOf(result[ESCALATE][0]).escalation).toMatchObject({ code: 'model_rejected', reason: expect.stringMatching(/not in this intent's tool scope/) });
		});
	});
});

describe('Support Specialist Planner node, version 3: intent settings from the Intent Router', () => {
	/** A return of order #1001 delivered `days` before now (the node plans at the real time), whose intent entry set this playbook and numbers. */
	function returnWithSettings(days: number, entry: Record<string, unknown>, intent = 'return_refund'): CaseFile {
		const delivered = new Date(Date.now() - days * 86_400_000).toISOString();
		const cf = buildCase({ intent, facts: [orderFact({ fulfillments: [{ id: 1, status: 'success', shipment_status: 'delivered', updated_at: delivered }] })] });
		return { ...cf, intent: { ...cf.intent!, settings: intentSettingsFromEntry(entry, 'Intents[1]', intent) } };
	}

	it('plans with the return window of the intent entry, with no JSON on the node', async () => {
		const defaultWindow = await run([item(returnWithSettings(45, { playbook: 'return_refund' }))], { typeVersion: 3 });
		expect(defaultWindow[ESCALATE]).toHaveLength(1);
		expect(supportOf(defaultWindow[ESCALATE][0]).escalation?.reason).toMatch(/more than 30 days ago/);
		const sixty = await run([item(returnWithSettings(45, { playbook: 'return_refund', returnWindowDays: 60 }))], { typeVersion: 3 });
		expect(sixty[PLANNED]).toHaveLength(1);
		expect(supportOf(sixty[PLANNED][0]).plan!.steps.map((s) => s.tool)).toContain('shopify.refundOrder');
	});

	it('runs a custom playbook from the Advanced option for an intent set to Custom; says so when none lists it', async () => {
		const custom = { ...DEFAULT_PLAYBOOKS.find((p) => p.id === 'general')!, id: 'vip', intents: ['vip_request'] };
		const cf = returnWithSettings(5, { playbook: 'custom', tools: 'choose', allowedTools: ['zendesk.addInternalNote'] }, 'vip_request');
		const planned = await run([item(cf)], { typeVersion: 3, params: { advanced: { customPlaybooks: JSON.stringify([custom]) } } });
		expect(planned[PLANNED]).toHaveLength(1);
		const missing = await run([item(cf)], { typeVersion: 3 });
		expect(supportOf(missing[ESCALATE][0]).escalation?.reason).toMatch(/set to a custom playbook, but none of the Planner's custom playbooks lists "vip_request"/);
	});

	it('refuses a tool scope override naming a tool the Executor does not know, naming the field', async () => {
		await expect(run([item(SCENARIOS.return_refund())], { typeVersion: 3, params: { advanced: { toolScopes: JSON.stringify({ return_refund: { allowedTools: ['shopify.refundAll'] } }) } } })).rejects.toThrow(
			/Tool Scope Overrides: intent "return_refund" names the tool "shopify.refundAll"/,
		);
	});

	it('shows no JSON field unless Advanced options are added', () => {
		const d = new SupportSpecialistPlanner().description;
		const shownInV3 = d.properties.filter((p) => inVersion(p, 3));
		expect(shownInV3.filter((p) => p.type === 'json')).toEqual([]);
	});
});
