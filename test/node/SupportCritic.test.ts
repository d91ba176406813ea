import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ReviewSection, TraceEntry, type CaseFile, type Execution } from '../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, type ChatModelLike } from '../../engine/planning';
import { DEFAULT_CRITIC_RULES, runCritic } from '../../engine/verification';
import { intentSettingsFromEntry } from '../../engine/routing/intentEntry';
import { inputsFor, MAIN_AND_MODEL } from '../support/nodeInputs';
import { SupportCritic } from '../../nodes/SupportCritic/SupportCritic.node';
import { SupportSpecialistPlanner } from '../../nodes/SupportSpecialistPlanner/SupportSpecialistPlanner.node';
import { buildCase, NOW, SCENARIOS } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const APPROVE = 0;
const REVISE = 1;
const ESCALATE = 2;

function defaults(node: INodeType): Record<string, unknown> {
	return Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
}

interface RunOptions {
	params?: Record<string, unknown>;
	continueOnFail?: boolean;
	model?: ChatModelLike;
}

async function runNode(node: INodeType, name: string, items: INodeExecutionData[], opts: RunOptions = {}) {
	const ctx = fakeExecuteContext({ parameters: { ...defaults(node), ...opts.params }, items, continueOnFail: opts.continueOnFail, nodeName: name });
	const withModel = Object.assign(ctx, { getInputConnectionData: async () => opts.model }) as IExecuteFunctions;
	return node.execute!.call(withModel) as Promise<INodeExecutionData[][]>;
}

const critic = (items: INodeExecutionData[], opts?: RunOptions) => runNode(new SupportCritic(), 'Support Critic', items, opts);
const planner = (items: INodeExecutionData[], opts?: RunOptions) => runNode(new SupportSpecialistPlanner(), 'Support Specialist Planner', items, opts);

const item = (support: unknown, extra: Record<string, unknown> = {}): INodeExecutionData => ({ json: { ...extra, support: support as INodeExecutionData['json'] } });
const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

/** A case as the planner node leaves it on its Planned output. */
async function planned(cf: CaseFile, opts?: RunOptions): Promise<INodeExecutionData> {
	const out = await planner([item(cf)], opts);
	expect(out[0]).toHaveLength(1);
	return out[0][0];
}

/** Rules with a lower refund cap than the planner's scope allows (the Critic's caps are the ones that count). */
const rulesWithCap = (max: number) => JSON.stringify({ ...DEFAULT_CRITIC_RULES, return_refund: { ...DEFAULT_CRITIC_RULES.return_refund, scope: { ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max }] } } });
const scopesWithCap = (max: number) => JSON.stringify({ ...DEFAULT_INTENT_SCOPES, return_refund: { ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max }] } });

/**
 * The customer asks for 25 EUR back, but the playbook refunds the whole order (49.90): over a cap of
 * 30 it is the plan, not the customer, that wants more, so the Critic sends it back to be capped.
 */
const partialRefund = () => buildCase({ intent: 'return_refund', message: 'Hi, one of the two pairs of socks in order #1001 was missing. Please refund 25.00 EUR for it.' });

function outputOf(result: INodeExecutionData[][]): number {
	return result.findIndex((list) => list.length > 0);
}

describe('Support Critic node', () => {
	beforeAll(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] }));
	afterAll(() => jest.useRealTimers());

	it('declares Approve, Revise and Escalate and a stage subtitle', () => {
		const d = new SupportCritic().description;
		expect(d.outputNames).toEqual(['Approve', 'Revise', 'Escalate']);
		expect(d.subtitle).toBe('={{"Stage: " + $parameter["stage"]}}');
	});

	it.each(Object.keys(SCENARIOS))('approves the built-in plan for a %s ticket', async (intent) => {
		const result = await critic([await planned(SCENARIOS[intent]())]);
		expect(result[APPROVE]).toHaveLength(1);
		const support = supportOf(result[APPROVE][0]);
		const review = ReviewSection.parse(support.review);
		expect(review).toMatchObject({ stage: 'plan', verdict: 'approve', planId: support.plan!.id, revisionCount: 0, history: [] });
		expect(review.checks.length).toBeGreaterThan(5);
		expect(TraceEntry.parse(support.trace.at(-1))).toMatchObject({ layer: 'critic', engine: 'rules', outcome: 'plan:approve' });
		expect(result[APPROVE][0].pairedItem).toEqual({ item: 0 });
	});

	it('revise goes back to the planner, whose revised plan is then approved', async () => {
		const first = await critic([await planned(partialRefund())], { params: { rules: rulesWithCap(30) } });
		expect(outputOf(first)).toBe(REVISE);
		const review = supportOf(first[REVISE][0]).review!;
		expect(review.checks.find((c) => c.id === 'amount.cap')).toMatchObject({ passed: false, onFail: 'revise' });
		expect(review.revisionCount).toBe(1);

		const revised = await planner(first[REVISE], { params: { toolScopes: scopesWithCap(30) } });
		const plan = supportOf(revised[0][0]).plan!;
		expect(plan.revision).toBe(1);
		// Lowered to the 25.00 the customer asked for, not to the 30.00 cap.
		expect(plan.steps.find((s) => s.tool === 'shopify.refundOrder')!.args.amount).toBe(25);

		const second = await critic(revised[0], { params: { rules: rulesWithCap(30) } });
		expect(outputOf(second)).toBe(APPROVE);
		const final = supportOf(second[APPROVE][0]).review!;
		expect(final.history).toEqual([expect.objectContaining({ verdict: 'revise', planId: review.planId })]);
		expect(supportOf(second[APPROVE][0]).trace.map((t) => `${t.layer}:${t.outcome}`)).toEqual([
			'specialistPlanner:plan',
			'critic:plan:revise',
			'specialistPlanner:plan',
			'critic:plan:approve',
		]);
	});

	it('the loop is bounded: revise twice, then escalate with the reason', async () => {
		// Misconfigured: the planner may refund 100, the Critic only 30, so the fix never satisfies it.
		const rules = { params: { rules: rulesWithCap(30) } };
		let current = [await planned(partialRefund())];
		const verdicts: number[] = [];
		for (let round = 0; round < 5; round++) {
			const reviewed = await critic(current, rules);
			verdicts.push(outputOf(reviewed));
			if (outputOf(reviewed) !== REVISE) {
				current = reviewed[outputOf(reviewed)];
				break;
			}
			current = (await planner(reviewed[REVISE]))[0];
		}
		expect(verdicts).toEqual([REVISE, REVISE, ESCALATE]);
		const support = supportOf(current[0]);
		expect(support.review).toMatchObject({ verdict: 'escalate', revisionCount: 2 });
		expect(support.review!.history.map((h) => h.verdict)).toEqual(['revise', 'revise']);
		expect(support.plan!.revision).toBe(2);
		expect(support.escalation).toMatchObject({ layer: 'critic', code: 'critic', reason: expect.stringMatching(/revision limit reached.*amount\.cap/) });
	});

	it('Max Revisions 0 escalates at once what it would otherwise send back', async () => {
		const result = await critic([await planned(partialRefund())], { params: { rules: rulesWithCap(30), maxRevisions: 0 } });
		expect(outputOf(result)).toBe(ESCALATE);
	});

	it('a customer who asks for more than the cap goes to a person, with the amount asked for and the cap in the reason', async () => {
		// The built-in refund case asks for the money back for a 49.90 order: all of it, over a cap of 30.
		const result = await critic([await planned(SCENARIOS.return_refund())], { params: { rules: rulesWithCap(30) } });
		expect(outputOf(result)).toBe(ESCALATE);
		const support = supportOf(result[ESCALATE][0]);
		expect(support.review!.checks.find((c) => c.id === 'amount.cap')).toMatchObject({ passed: false, onFail: 'escalate' });
		expect(support.review!.revisionCount).toBe(0);
		expect(support.escalation!.reason).toMatch(/customer asked for a refund of everything paid, 49\.90 EUR, over the cap of 30\.00 EUR/);
		expect(support.escalation!.reason).not.toMatch(/revision limit/);
	});

	it('escalates a failure only a person can decide (identity), whatever the revisions left', async () => {
		const other = buildCase({ customer: { id: 'x', email: 'someone.else@example.com', name: 'Sam' } });
		const plan = supportOf(await planned(buildCase())).plan!;
		const result = await critic([item({ ...other, plan })]);
		expect(outputOf(result)).toBe(ESCALATE);
		expect(supportOf(result[ESCALATE][0]).escalation!.reason).toMatch(/identity\.verified/);
		expect(supportOf(result[ESCALATE][0]).escalation!.reason).not.toMatch(/revision limit/);
	});

	describe('reply stage', () => {
		function execution(planId: string, outcome: Execution['outcome'], status: 'succeeded' | 'failed'): Execution {
			return {
				planId,
				mode: 'auto',
				dryRun: false,
				outcome,
				steps: [
					{ stepId: 'lookup_order', tool: 'shopify.getOrder', status: 'succeeded', attempts: 1, externalIds: {} },
					{ stepId: 'refund', tool: 'shopify.refundOrder', status, attempts: 1, externalIds: {} },
					{ stepId: 'note', tool: 'zendesk.addInternalNote', status: 'succeeded', attempts: 1, externalIds: {} },
				],
				compensations: [],
				startedAt: NOW.toISOString(),
				finishedAt: NOW.toISOString(),
			};
		}

		it('approves a reply whose actions all ran, escalates one whose refund failed', async () => {
			const approvedPlan = (await critic([await planned(SCENARIOS.return_refund())]))[APPROVE][0];
			const support = supportOf(approvedPlan);
			const ok = await critic([item({ ...support, execution: execution(support.plan!.id, 'completed', 'succeeded') })], { params: { stage: 'reply' } });
			expect(outputOf(ok)).toBe(APPROVE);
			expect(supportOf(ok[APPROVE][0]).review).toMatchObject({ stage: 'reply', history: [expect.objectContaining({ stage: 'plan', verdict: 'approve' })] });
			const failed = await critic([item({ ...support, execution: execution(support.plan!.id, 'partial', 'failed') })], { params: { stage: 'reply' } });
			expect(outputOf(failed)).toBe(ESCALATE);
			expect(supportOf(failed[ESCALATE][0]).escalation!.reason).toMatch(/reply\.matches_execution/);
		});

		it('a revise verdict after execution writes the same escalation as the in-process pipeline (one Critic function)', async () => {
			const approvedPlan = (await critic([await planned(SCENARIOS.return_refund())]))[APPROVE][0];
			const support = supportOf(approvedPlan);
			// A reply that cites a passage not in force: fixable by the planner, but the plan has run.
			const executed: CaseFile = { ...support, plan: { ...support.plan!, draftReply: { ...support.plan!.draftReply, citations: [...support.plan!.draftReply.citations, 'returns-old'] } }, execution: execution(support.plan!.id, 'completed', 'succeeded') };
			const out = await critic([item(executed)], { params: { stage: 'reply' } });
			expect(outputOf(out)).toBe(REVISE);
			const byNode = supportOf(out[REVISE][0]);
			expect(byNode.review!.verdict).toBe('revise');
			expect(byNode.escalation).toMatchObject({ layer: 'critic', code: 'critic', reason: expect.stringMatching(/^Critic \(reply\) asked for a revision after execution: reply\.citations_valid/) });
			const inProcess = await runCritic(executed, { stage: 'reply', rules: DEFAULT_CRITIC_RULES, maxRevisions: 2 }, new Date(byNode.escalation!.at));
			expect(inProcess.escalated).toBe(true);
			const withoutTime = (cf: CaseFile) => ({ review: { ...cf.review, reviewedAt: undefined }, escalation: { ...cf.escalation, at: undefined } });
			expect(withoutTime(inProcess.caseFile)).toEqual(withoutTime(byNode));
		});
	});

	describe('bad input', () => {
		const cases: Array<[string, unknown, RegExp, RegExp]> = [
			['no plan (planner skipped)', buildCase(), /support\.plan is missing/, /Support Specialist Planner/],
			['no context', buildCase({ without: ['context'] }), /support\.context is missing/, /Support Policy Retriever/],
			['a plan without steps list', { ...buildCase(), plan: { id: 'p1', specialist: 'x', intent: 'general', engine: 'playbook', draftReply: { body: 'Hi' }, createdAt: NOW.toISOString() } }, /support\.plan\.steps is missing/, /Support Specialist Planner/],
		];
		it.each(cases)('%s: stops with an error naming the field and its writer', async (_name, support, field, writer) => {
			const error = await critic([item(support)]).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^Support Critic: /);
			expect((error as Error).message).toMatch(field);
			expect((error as Error).message).toMatch(writer);
		});
		it.each(cases)('%s: with continue-on-fail goes to Escalate with the reason', async (_name, support, field) => {
			const result = await critic([item(support, { keep: 'me' })], { continueOnFail: true });
			expect(outputOf(result)).toBe(ESCALATE);
			expect(result[ESCALATE][0].json.keep).toBe('me');
			expect(supportOf(result[ESCALATE][0]).escalation).toMatchObject({ layer: 'critic', code: 'contract', reason: expect.stringMatching(field) });
		});

		it.each([
			['{"return_refund": ', /^Rules per Intent: is not valid JSON/],
			['{"return_refund": {"windows": [{"date": "facts.order.delivered_at"}]}}', /^Rules per Intent: return_refund\.windows\.0\.maxDays/],
			['{"*": {"conditions": [{"id": "big", "when": "facts.order.total >", "reason": "too big"}]}}', /^Rules per Intent: \*\.conditions\.0 \("big"\)/],
		])('rules %s: error naming the parameter', async (rules, pattern) => {
			const error = await critic([await planned(SCENARIOS.general())], { params: { rules } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(pattern);
		});

		it('empty rules mean the built-in ones', async () => {
			const result = await critic([await planned(SCENARIOS.return_refund())], { params: { rules: '' } });
			expect(outputOf(result)).toBe(APPROVE);
		});
	});

	describe('model judge', () => {
		const judge = (answer: unknown): ChatModelLike => ({ invoke: async () => ({ content: JSON.stringify(answer) }) });

		it('a finding that cites a retrieved passage decides the verdict', async () => {
			const model = judge({ findings: [{ problem: 'Refunds need the item back first', severity: 'escalate', passages: ['returns-1'] }] });
			const result = await critic([await planned(SCENARIOS.return_refund())], { model });
			expect(outputOf(result)).toBe(ESCALATE);
			const support = supportOf(result[ESCALATE][0]);
			expect(support.escalation!.reason).toMatch(/Refunds need the item back first/);
			expect(support.trace.at(-1)!.engine).toBe('rules+judge');
		});

		it('a finding that cites nothing retrieved is ignored', async () => {
			const model = judge({ findings: [{ problem: 'I just feel it is wrong', severity: 'escalate', passages: ['made-up'] }] });
			const result = await critic([await planned(SCENARIOS.return_refund())], { model });
			expect(outputOf(result)).toBe(APPROVE);
		});
	});
});

describe('Support Critic node, version 2: intent settings from the Intent Router', () => {
	beforeAll(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] }));
	afterAll(() => jest.useRealTimers());
	const v2 = (items: INodeExecutionData[], params: Record<string, unknown> = {}, model?: ChatModelLike) => {
		const node = new SupportCritic();
		const ctx = fakeExecuteContext({ parameters: { stage: 'plan', maxRevisions: 2, judge: 'rules', ...params }, items, nodeName: 'Support Critic', typeVersion: 2 });
		return node.execute.call(Object.assign(ctx, { getInputConnectionData: async () => model }) as IExecuteFunctions) as Promise<INodeExecutionData[][]>;
	};
	/** The refund plan of the built-in playbook, on a case whose intent entry allows no refund tool. */
	async function refundPlanWithoutRefundTool(): Promise<INodeExecutionData> {
		const out = await planned(SCENARIOS.return_refund());
		const cf = supportOf(out);
		const settings = intentSettingsFromEntry({ playbook: 'return_refund', tools: 'choose', allowedTools: ['shopify.getOrder', 'zendesk.addInternalNote'] }, 'Intents[1]', 'return_refund');
		return item({ ...cf, intent: { ...cf.intent!, settings } });
	}

	it('enforces the tools of the intent entry (version 1 keeps its own JSON rules)', async () => {
		const input = await refundPlanWithoutRefundTool();
		const checked = await v2([input]);
		expect(checked[APPROVE]).toHaveLength(0);
		const review = supportOf([...checked[REVISE], ...checked[ESCALATE]][0]).review!;
		expect(review.checks.find((c) => c.id === 'plan.scope')).toMatchObject({ passed: false });
		expect(review.checks.find((c) => c.id === 'plan.scope')!.reason).toMatch(/shopify\.refundOrder/);
		const v1 = await critic([input]);
		expect(v1[APPROVE]).toHaveLength(1);
	});

	it('draws the Model input only for the model judge, and says so when the judge has no model', async () => {
		const d = new SupportCritic().description;
		expect(inputsFor(d, 1, {})).toEqual(MAIN_AND_MODEL);
		expect(inputsFor(d, 2, { judge: 'rules' })).toEqual([{ type: 'main' }]);
		expect(inputsFor(d, 2, { judge: 'rulesAndModel' })).toEqual(MAIN_AND_MODEL);
		await expect(v2([await refundPlanWithoutRefundTool()], { judge: 'rulesAndModel' })).rejects.toThrow(/Judge: is "Rules \+ Model Judge", but no chat model is connected/);
	});
});
