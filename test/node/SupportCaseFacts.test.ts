import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { CaseFile } from '../../engine/contracts';
import { ORDER_FIELD_NAMES } from '../../engine/facts';
import { SupportCaseFacts } from '../../nodes/SupportCaseFacts/SupportCaseFacts.node';
import { buildCase, CUSTOMER, daysAgo, orderFact } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const FACTS_ADDED = 0;
const ESCALATE = 1;
const RETRIEVER = 'Support Policy Retriever';

/** Rows as n8n's Data Table node returns them (column names are the operator's). */
const ROW = { order_number: '#1001', status: 'open', payment_status: 'paid', tracking_number: 'DHL-1', delivered_at: daysAgo(3), total: 49.9, currency: 'EUR', customer_email: CUSTOMER.email };
/** The mapping an operator types: `{{ $json.<column> }}`, evaluated per item (here: read from the row). */
const MAPPING: Record<string, string> = { orderName: 'order_number', status: 'status', financialStatus: 'payment_status', trackingNumber: 'tracking_number', deliveredAt: 'delivered_at', total: 'total', currency: 'currency', customerEmail: 'customer_email' };

function run(items: INodeExecutionData[], caseItem: INodeExecutionData | undefined, opts: { params?: Record<string, unknown>; continueOnFail?: boolean } = {}) {
	const node = new SupportCaseFacts();
	const params = { ...Object.fromEntries(node.description.properties.map((p) => [p.name, p.default])), ...opts.params };
	const ctx = fakeExecuteContext({
		parameters: params,
		items,
		continueOnFail: opts.continueOnFail,
		nodeName: 'Support Case Facts',
		perItem: (name, i) => ((ORDER_FIELD_NAMES as readonly string[]).includes(name) && params.input !== 'shopifyOrder' ? (MAPPING[name] ? items[i].json[MAPPING[name]] : '') : undefined),
	});
	// What n8n gives a node about where its items came from: the lookup node, and the Retriever before it.
	Object.assign(ctx, {
		getInputSourceData: () => ({ previousNode: 'Find order' }),
		getParentNodes: () => [{ name: 'Find order' }, { name: RETRIEVER }, { name: 'Support Intent Router' }],
		getWorkflowDataProxy: () => ({
			$: (name: string) => {
				if (name === RETRIEVER && caseItem) return { item: caseItem };
				if (name === 'Find order') return { item: items[0] };
				throw new Error(`no paired item for ${name}`);
			},
		}),
	});
	return new SupportCaseFacts().execute.call(ctx as IExecuteFunctions);
}

const caseItem = (cf: CaseFile): INodeExecutionData => ({ json: { body: { ticket: 1 }, support: cf as unknown as INodeExecutionData['json'] } });
const supportOf = (it: INodeExecutionData) => it.json.support as unknown as CaseFile;

describe('Support Case Facts node', () => {
	it('maps a Data Table row into facts.order of the case it was looked up for, with its source and a trace entry', async () => {
		const cf = buildCase({ intent: 'order_status', facts: [] });
		const out = await run([{ json: ROW, pairedItem: { item: 0 } }], caseItem(cf));
		expect(out[ESCALATE]).toHaveLength(0);
		expect(out[FACTS_ADDED]).toHaveLength(1);
		const support = supportOf(out[FACTS_ADDED][0]);
		expect(support.context?.facts).toEqual([expect.objectContaining({ kind: 'order', source: 'Find order', data: expect.objectContaining({ name: '#1001', financial_status: 'paid', delivered_at: daysAgo(3) }) })]);
		expect(support.trace.at(-1)).toMatchObject({ layer: 'caseFacts', node: 'Support Case Facts', outcome: 'order #1001', engine: 'mapped fields' });
		// The case item's own fields travel on, as every layer passes them.
		expect(out[FACTS_ADDED][0].json.body).toEqual({ ticket: 1 });
		expect(out[FACTS_ADDED][0].pairedItem).toEqual([{ item: 0 }]);
	});

	it('records "not found in <source>" for the empty item a lookup with Always Output Data returns', async () => {
		const cf = buildCase({ intent: 'return_refund', orderRefs: ['#5531'], facts: [] });
		const out = await run([{ json: {} }], caseItem(cf), { params: { sourceName: 'sample shop data' } });
		expect(supportOf(out[FACTS_ADDED][0]).context?.facts).toEqual([expect.objectContaining({ kind: 'lookupFailed', source: 'sample shop data', data: { lookup: 'order #5531', error: 'not found in sample shop data' } })]);
	});

	it('takes a Shopify order as n8n\'s Shopify node returns it, with no mapping', async () => {
		const cf = buildCase({ intent: 'order_status', facts: [] });
		const shopify = orderFact().data as INodeExecutionData['json'];
		const out = await run([{ json: shopify }], caseItem(cf), { params: { input: 'shopifyOrder', sourceName: 'Shopify node' } });
		expect(supportOf(out[FACTS_ADDED][0]).context?.facts[0]).toMatchObject({ kind: 'order', source: 'Shopify node', data: { name: '#1001', total_price: '49.90' } });
	});

	it('stops on a bad mapping with the field and the layer named, or escalates the case when the node continues on error', async () => {
		const cf = buildCase({ intent: 'order_status', facts: [] });
		const bad = [{ json: { ...ROW, currency: 'euros' } }];
		await expect(run(bad, caseItem(cf))).rejects.toThrow(NodeOperationError);
		await expect(run(bad, caseItem(cf))).rejects.toThrow(/Support Case Facts: order\.currency is invalid/);
		const out = await run(bad, caseItem(cf), { continueOnFail: true });
		expect(out[FACTS_ADDED]).toHaveLength(0);
		expect(supportOf(out[ESCALATE][0]).escalation).toMatchObject({ layer: 'caseFacts', code: 'contract', field: 'order.currency' });
	});

	it('says where to place it when no earlier node carries a case file', async () => {
		await expect(run([{ json: ROW }], undefined)).rejects.toThrow(/Place this node after the Support Policy Retriever/);
	});
});
