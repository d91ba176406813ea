import type { INodeExecutionData } from 'n8n-workflow';
import { readSection } from '../../engine/contracts';
import { CONFIGURED_OUTPUTS } from '../../nodes/SupportIntentRouter/outputs';
import { SupportIntentRouter } from '../../nodes/SupportIntentRouter/SupportIntentRouter.node';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const WARRANTY = {
	name: 'warranty_claim',
	description: 'A product broke and the customer claims the warranty',
	examples: 'My blender stopped working after 8 months, is it under warranty?\nI want to make a warranty claim for my headphones\nThe zipper broke, the warranty should cover it\nWarranty replacement for a faulty charger please\nHow do I claim the two year warranty?',
	rolloutMode: 'suggest',
	playbook: 'answer_from_policy',
	eligibleWithinDays: 730,
	needsOrder: true,
	replyText: 'Your order [[facts.order.name]] is covered by our 2-year warranty. Reply with a photo of the fault and we repair or replace it [[cite]].',
	citeTopics: 'warranty',
	tools: 'choose',
	allowedTools: ['shopify.getOrder', 'zendesk.addInternalNote'],
};
const STATUS = {
	name: 'order_status',
	examples: 'Where is my order?\nMy parcel has not arrived\nWhen will my package be delivered?\nTracking shows no update\nHas my order shipped yet?',
	rolloutMode: 'auto',
	playbook: 'order_status',
	dispatchDays: 3,
};

async function run(message: string, params: Record<string, unknown> = {}, intents: unknown[] = [WARRANTY, STATUS]) {
	const items: INodeExecutionData[] = [{ json: { ticket: { id: 'T-9', message } } }];
	const ctx = fakeExecuteContext({
		parameters: { source: 'custom', engine: 'builtin', builtinFeatures: 'lexical', confidenceThreshold: 0.3, intents: { intent: intents }, ...params },
		items,
		typeVersion: 3,
		perItem: (name) => (name === 'customId' ? 'T-9' : name === 'customMessage' ? message : undefined),
	});
	return new SupportIntentRouter().execute.call(ctx);
}

describe('Support Intent Router node, version 3: one place per intent', () => {
	it('draws Human and one Routed output by default, per-intent outputs on request', () => {
		const fn = new Function(`return ${CONFIGURED_OUTPUTS}`)() as (v: number, p: unknown) => { displayName: string }[];
		const parameters = { intents: { intent: [WARRANTY, STATUS] } };
		expect(fn(3, parameters).map((o) => o.displayName)).toEqual(['Human', 'Routed']);
		expect(fn(3, { ...parameters, outputLayout: 'perIntent' }).map((o) => o.displayName)).toEqual(['Human', 'warranty_claim', 'order_status']);
		expect(fn(2, parameters).map((o) => o.displayName)).toEqual(['Human', 'warranty_claim', 'order_status']);
	});

	it("carries the chosen intent's playbook, numbers, tools and checks in the case file, out of the Routed output", async () => {
		const result = await run('My kettle broke after a year, I want to claim the warranty');
		expect(result).toHaveLength(2);
		expect(result[1]).toHaveLength(1);
		const intent = readSection(result[1][0].json.support, 'intent', 'policyRetriever');
		expect(intent).toMatchObject({ category: 'warranty_claim', route: 'intent', rolloutMode: 'suggest' });
		expect(intent.settings).toEqual({
			playbook: 'answer_from_policy',
			policy: { eligibleWithinDays: 730, needsOrder: true },
			replyText: WARRANTY.replyText,
			citeTopics: ['warranty'],
			scope: { allowedTools: ['shopify.getOrder', 'zendesk.addInternalNote'], writeTools: ['zendesk.addInternalNote'], maxWritesPerTicket: 3 },
			disabledChecks: [],
		});
	});

	it('per-intent outputs still work in version 3', async () => {
		const result = await run('Where is my parcel? It has not arrived', { outputLayout: 'perIntent' });
		expect(result).toHaveLength(3);
		expect(result[2]).toHaveLength(1);
		expect(readSection(result[2][0].json.support, 'intent', 'policyRetriever').settings).toMatchObject({ playbook: 'order_status', policy: { dispatchDays: 3 } });
	});

	it('an incomplete intent entry is an error naming the entry, the field and the intent', async () => {
		await expect(run('anything', {}, [{ ...WARRANTY, replyText: '' }])).rejects.toThrow(/Intents\[1\]\.Reply Text.*warranty_claim/);
	});
});
