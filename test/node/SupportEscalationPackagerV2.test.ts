/**
 * The Support Escalation Packager's version 2 form (Groups by Intent as rows, each priority rule its
 * own field) reaching the engine, and version 1 left as it was. Zendesk: SupportEscalationPackagerZendeskV2.test.ts.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';
import type { CaseFile } from '../../engine/contracts';
import { DEFAULT_HIGH_AMOUNT, DEFAULT_NEGATIVE_SENTIMENT_AT, DEFAULT_URGENT_AMOUNT } from '../../engine/escalation';
import { SupportEscalationPackager } from '../../nodes/SupportEscalationPackager/SupportEscalationPackager.node';
import { buildCase, NOW } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const node = new SupportEscalationPackager();
const description = node.description;

/** The parameters n8n resolves for a node of this version saved with `saved`: only the ones its display rules show, with their defaults. */
function resolved(version: number, saved: INodeParameters = {}): INodeParameters {
	const n = { typeVersion: version, parameters: saved };
	return NodeHelpers.getNodeParameters(description.properties, saved, true, false, n, description) ?? {};
}

async function packager(version: number, items: INodeExecutionData[], params: INodeParameters = {}): Promise<INodeExecutionData[]> {
	const ctx = fakeExecuteContext({ parameters: { ...resolved(version, params), ...params }, items, nodeName: 'Support Escalation Packager', typeVersion: version });
	const [out] = (await node.execute!.call(ctx as IExecuteFunctions)) as INodeExecutionData[][];
	return out;
}

/** A return of order #1001 (49.90 EUR at stake), normal urgency, mildly negative sentiment (-0.2). */
const refundCase = (o: Parameters<typeof buildCase>[0] = {}) => ({ json: { support: buildCase(o) as unknown as INodeExecutionData['json'] } });
const handoffOf = async (version: number, params: INodeParameters, o: Parameters<typeof buildCase>[0] = {}) =>
	((await packager(version, [refundCase(o)], params))[0].json.support as unknown as CaseFile).handoff!;

describe('Support Escalation Packager node, version 2: a form instead of JSON', () => {
	beforeAll(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask', 'performance', 'hrtime'] }));
	afterAll(() => jest.useRealTimers());

	it('is version 2 for new nodes; version 2 shows the form, version 1 keeps its JSON fields', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		const v2 = resolved(2, { writeNoteTo: 'zendesk' });
		const v1 = resolved(1, { writeNoteTo: 'zendesk' });
		const formNames = ['intentGroups', 'highAmount', 'urgentAmount', 'negativeSentimentAt', 'vipTags', 'minimumPriority', 'zendeskAuthentication', 'zendeskGroup'];
		const jsonNames = ['groupsByIntent', 'priorityRules', 'authentication', 'zendeskGroupId'];
		for (const name of formNames) {
			expect(v2).toHaveProperty(name);
			expect(v1).not.toHaveProperty(name);
		}
		for (const name of jsonNames) {
			expect(v1).toHaveProperty(name);
			expect(v2).not.toHaveProperty(name);
		}
		// No parameter of version 2 takes JSON.
		const shownV2 = description.properties.filter((p) => NodeHelpers.displayParameter(v2, p, { typeVersion: 2 }, description, v2));
		expect(shownV2.filter((p) => p.type === 'json').map((p) => p.name)).toEqual([]);
	});

	it('shows the engine\'s thresholds as the defaults, and each rule field explains itself', () => {
		expect(resolved(2)).toMatchObject({ highAmount: DEFAULT_HIGH_AMOUNT, urgentAmount: DEFAULT_URGENT_AMOUNT, negativeSentimentAt: DEFAULT_NEGATIVE_SENTIMENT_AT, vipTags: '', minimumPriority: 'none', intentGroups: {} });
		expect(JSON.parse(String(resolved(1).priorityRules))).toEqual({ highAmount: DEFAULT_HIGH_AMOUNT, urgentAmount: DEFAULT_URGENT_AMOUNT, negativeSentimentAt: DEFAULT_NEGATIVE_SENTIMENT_AT, vipTags: [] });
		for (const name of ['highAmount', 'urgentAmount', 'negativeSentimentAt', 'vipTags']) {
			expect(description.properties.find((p) => p.name === name)!.hint).toEqual(expect.any(String));
		}
	});

	it('the priority rules typed in the form decide the hand-off priority', async () => {
		expect((await handoffOf(2, {})).priority).toBe('normal');
		expect((await handoffOf(2, { highAmount: 40 })).priority).toBe('high');
		expect((await handoffOf(2, { urgentAmount: 45 })).priority).toBe('urgent');
		// An expression may hand over the number as text.
		expect((await handoffOf(2, { highAmount: '40' })).priority).toBe('high');
		expect((await handoffOf(2, { negativeSentimentAt: -0.1 })).priority).toBe('high');
		expect((await handoffOf(2, { vipTags: 'gold, vip' }, { tags: ['VIP'] })).priority).toBe('high');
		expect((await handoffOf(2, { vipTags: 'gold' }, { tags: ['VIP'] })).priority).toBe('normal');
		expect((await handoffOf(2, { minimumPriority: 'urgent' })).priority).toBe('urgent');
	});

	it('Groups by Intent picks the group of the case\'s intent; Group still overrides it', async () => {
		const intentGroups = { entry: [{ intent: 'technical_issue', group: 'Tech Support' }, { intent: 'return_refund', group: 'Billing' }] };
		expect((await handoffOf(2, { intentGroups })).group).toBe('Billing');
		expect((await handoffOf(2, { intentGroups }, { intent: 'technical_issue' })).group).toBe('Tech Support');
		expect((await handoffOf(2, { intentGroups }, { intent: 'general' })).group).toBeUndefined();
		expect((await handoffOf(2, { intentGroups, group: 'Tier 2' })).group).toBe('Tier 2');
		// An empty row (just added in the editor) is no rule.
		expect((await handoffOf(2, { intentGroups: { entry: [{ intent: '', group: '' }, ...intentGroups.entry] } })).group).toBe('Billing');
	});

	it('each version reads only its own fields', async () => {
		const v1Json = { groupsByIntent: '{"return_refund": "Billing"}', priorityRules: '{"highAmount": 40}' };
		const v2Form = { intentGroups: { entry: [{ intent: 'return_refund', group: 'Returns' }] }, highAmount: 45, urgentAmount: 48 };
		expect(await handoffOf(1, { ...v1Json, ...v2Form })).toMatchObject({ group: 'Billing', priority: 'high' });
		expect(await handoffOf(2, { ...v1Json, ...v2Form })).toMatchObject({ group: 'Returns', priority: 'urgent' });
	});

	it.each([
		['a row without group', { intentGroups: { entry: [{ intent: 'return_refund', group: '' }] } }, /^Groups by Intent: the row for intent "return_refund" has no group/],
		['a row without intent', { intentGroups: { entry: [{ intent: '', group: 'Billing' }] } }, /^Groups by Intent: the row for group "Billing" has no intent/],
		['an intent twice', { intentGroups: { entry: [{ intent: 'return_refund', group: 'A' }, { intent: 'return_refund', group: 'B' }] } }, /^Groups by Intent: intent "return_refund" is listed twice/],
		['an amount that is not a number', { highAmount: 'lots' }, /^High Priority From Amount: must be a number, not "lots"/],
		['an empty sentiment', { negativeSentimentAt: '' }, /^Raise Priority at Sentiment: must be a number/],
		['an unknown minimum', { minimumPriority: 'asap' }, /^Minimum Priority: must be None or one of low, normal, high, urgent/],
	])('%s stops with an error naming the field', async (_label, params, pattern) => {
		const error = await packager(2, [refundCase()], params as INodeParameters).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(pattern);
	});
});
