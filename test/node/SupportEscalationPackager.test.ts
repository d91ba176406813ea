import { readFileSync } from 'fs';
import { join } from 'path';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { HandoffSection, TraceEntry, type CaseFile } from '../../engine/contracts';
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { DEFAULT_CRITIC_RULES } from '../../engine/verification';
import { SupportCritic } from '../../nodes/SupportCritic/SupportCritic.node';
import { SupportEscalationPackager } from '../../nodes/SupportEscalationPackager/SupportEscalationPackager.node';
import { SupportSpecialistPlanner } from '../../nodes/SupportSpecialistPlanner/SupportSpecialistPlanner.node';
import { buildCase, NOW, SCENARIOS } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

function defaults(node: INodeType): Record<string, unknown> {
	return Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
}

async function runNode(node: INodeType, name: string, items: INodeExecutionData[], opts: { params?: Record<string, unknown>; continueOnFail?: boolean } = {}) {
	const ctx = fakeExecuteContext({ parameters: { ...defaults(node), ...opts.params }, items, continueOnFail: opts.continueOnFail, nodeName: name });
	const withModel = Object.assign(ctx, { getInputConnectionData: async () => undefined }) as IExecuteFunctions;
	return node.execute!.call(withModel) as Promise<INodeExecutionData[][]>;
}

const packager = (items: INodeExecutionData[], opts?: { params?: Record<string, unknown>; continueOnFail?: boolean }) =>
	runNode(new SupportEscalationPackager(), 'Support Escalation Packager', items, opts);

const item = (json: Record<string, unknown>): INodeExecutionData => ({ json: json as INodeExecutionData['json'] });
const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

/** A whole case the Critic escalated: what most hand-offs look like. */
async function criticEscalated(): Promise<INodeExecutionData> {
	const [planned] = await runNode(new SupportSpecialistPlanner(), 'Support Specialist Planner', [item({ support: buildCase({ urgency: 'high' }) })]);
	const rules = JSON.stringify({ ...DEFAULT_CRITIC_RULES, return_refund: { ...DEFAULT_CRITIC_RULES.return_refund, scope: { ...DEFAULT_INTENT_SCOPES.return_refund, amountCaps: [{ currency: 'EUR', max: 30 }] } } });
	const reviewed = await runNode(new SupportCritic(), 'Support Critic', planned, { params: { rules, maxRevisions: 0 } });
	expect(reviewed[2]).toHaveLength(1);
	return reviewed[2][0];
}

describe('Support Escalation Packager node', () => {
	beforeAll(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] }));
	afterAll(() => jest.useRealTimers());

	it('has one output and tells the operator how to post the note', () => {
		const d = new SupportEscalationPackager().description;
		expect(d.outputs).toEqual(['main']);
		expect(String(d.properties[0].displayName)).toContain('{{ $json.support.handoff.note.html }}');
	});

	it('packages a case the Critic escalated: reason, evidence, note, group, tags, trace', async () => {
		const [out] = await packager([await criticEscalated()], { params: { groupsByIntent: '{"return_refund": "Billing"}', extraTags: 'ai-escalated, Needs Review' } });
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		const support = supportOf(out[0]);
		const handoff = HandoffSection.parse(support.handoff);
		expect(handoff).toMatchObject({ fromLayer: 'critic', group: 'Billing', priority: 'high' });
		expect(handoff.reason).toMatch(/amount\.cap/);
		expect(handoff.suggestedNextAction).toMatch(/amount/);
		expect(handoff.tags).toEqual(expect.arrayContaining(['support-escalated', 'escalated-critic', 'escalation-critic', 'intent-return_refund', 'ai-escalated', 'needs_review']));
		expect(handoff.note.html).toContain('<h3>Policy passages used');
		expect(handoff.note.markdown).toContain('### Critic findings');
		expect(support.trace.map((t) => TraceEntry.parse(t).layer)).toEqual(['specialistPlanner', 'critic', 'escalationPackager']);
		expect(support.trace.at(-1)).toMatchObject({ outcome: 'handoff:high', contractErrors: [] });
	});

	it('Group and Reason parameters override what the case says', async () => {
		const [out] = await packager([await criticEscalated()], { params: { group: 'Tier 2', groupsByIntent: '{"return_refund": "Billing"}', reason: 'Customer asked for a manager' } });
		expect(supportOf(out[0]).handoff).toMatchObject({ group: 'Tier 2', reason: 'Customer asked for a manager' });
	});

	it('works on a partial case file: only ticket and the router\'s escalation', async () => {
		const { ticket } = buildCase();
		const escalation = { reason: 'Low confidence (41%)', layer: 'intentRouter', code: 'low_confidence', at: NOW.toISOString() };
		const [out] = await packager([item({ support: { v: 1, ticket, escalation, trace: [] } })]);
		const handoff = supportOf(out[0]).handoff!;
		expect(handoff).toMatchObject({ fromLayer: 'intentRouter', reason: 'Low confidence (41%)', priority: 'normal' });
		expect(handoff.summary).toMatch(/^Jane Doe <jane.doe@example.com> wrote via zendesk/);
		expect(handoff.note.markdown).toContain('Low confidence (41%)');
	});

	it('works on the raw helpdesk payload plus a bare support.escalation: the ticket is read from the payload', async () => {
		const raw = JSON.parse(readFileSync(join(__dirname, '../fixtures/helpdesk/zendesk-trigger.json'), 'utf8')) as Record<string, unknown>;
		const [out] = await packager([item({ ...raw, support: { escalation: { reason: 'Customer asked for a human' } } })]);
		const support = supportOf(out[0]);
		expect(out[0].json['ticket.id']).toBe('48213');
		expect(support.v).toBe(1);
		expect(support.ticket).toMatchObject({ id: '48213', source: 'zendesk' });
		expect(support.handoff).toMatchObject({ reason: 'Customer asked for a human', fromLayer: 'escalationPackager' });
		expect(support.handoff!.summary).toMatch(/Maria Schneider/);
		expect(support.trace.at(-1)!.outcome).toBe('handoff:normal:ticket_from_input');
	});

	it('leaves out a broken section, says which in the trace, and still hands the case over', async () => {
		const cf = SCENARIOS.general();
		const broken = { ...cf, intent: { ...cf.intent, confidence: 'very' }, escalation: { reason: 'x', layer: 'policyRetriever', code: 'ungrounded', at: NOW.toISOString() } };
		const [out] = await packager([item({ support: broken })]);
		const support = supportOf(out[0]);
		expect(support.intent).toBeUndefined();
		expect(support.handoff).toMatchObject({ fromLayer: 'policyRetriever', reason: 'x' });
		expect(support.trace.at(-1)!.contractErrors).toEqual([expect.stringMatching(/support\.intent\.confidence is invalid.*Support Intent Router/)]);
	});

	it('an item with no case file at all still becomes a hand-off', async () => {
		const [out] = await packager([item({ note: 'something went wrong upstream' })]);
		expect(supportOf(out[0]).handoff).toMatchObject({ fromLayer: 'escalationPackager', reason: 'Sent to a person for review' });
	});

	it('never puts a card number or a token into the note', async () => {
		const card = '4111 1111 1111 1111';
		const cf = buildCase({ message: `Please refund order #1001 to my card ${card}, exp 12/28. My API key is sk_live_abcdefghijklmnop1234.` });
		const [out] = await packager([item({ support: { ...cf, escalation: { reason: `Customer sent card ${card}`, layer: 'critic', code: 'critic', at: NOW.toISOString() } }, headers: { authorization: 'Bearer abcdefghijklmnop' } })]);
		const handoff = supportOf(out[0]).handoff!;
		const text = JSON.stringify(handoff);
		expect(text).toContain('Please refund order #1001');
		for (const secret of [card, card.replace(/ /g, ''), 'sk_live_abcdefghijklmnop1234']) expect(text).not.toContain(secret);
		expect(JSON.stringify(out[0].json.headers)).not.toContain('abcdefghijklmnop');
	});

	describe('bad parameters', () => {
		it.each([
			['groupsByIntent', '{"return_refund": ', /^Groups by Intent: is not valid JSON/],
			['groupsByIntent', '{"return_refund": 7}', /^Groups by Intent: the group for "return_refund" must be a string/],
			['priorityRules', '{"highAmount": "lots"}', /^Priority Rules: highAmount must be a number/],
			['priorityRules', '{"minimum": "asap"}', /^Priority Rules: minimum must be one of/],
		])('%s = %s: error naming the parameter', async (name, value, pattern) => {
			const error = await packager([item({ support: SCENARIOS.general() })], { params: { [name]: value } }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(pattern);
		});

		it('with continue-on-fail, the item passes with the error and no secret headers', async () => {
			const [out] = await packager([item({ support: SCENARIOS.general(), headers: { 'x-api-key': 'k-123456' } })], { params: { priorityRules: '[' }, continueOnFail: true });
			expect(out[0].json.error).toMatch(/Priority Rules/);
			expect(JSON.stringify(out[0].json)).not.toContain('k-123456');
		});
	});
});
