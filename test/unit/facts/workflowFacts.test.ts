import { ContractError } from '../../../engine/contracts';
import { LOOKUP_FAILED_KIND } from '../../../engine/retrieval/liveFactTypes';
import { mappedOrderFact, ORDER_CANDIDATES_KIND, recordWorkflowFacts, type RawOrderFields, type WorkflowRecord } from '../../../engine/facts';
import { DEFAULT_CRITIC_RULES, review } from '../../../engine/verification';
import { planWithPlaybook } from '../../../engine/planning';
import { buildCase, CUSTOMER, daysAgo, NOW } from '../../support/caseFiles';

const SOURCE = 'Data Table "Support sample orders"';
const row = (overrides: RawOrderFields = {}): WorkflowRecord => ({
	kind: 'mapped',
	fields: {
		orderName: '#1001',
		orderId: '5001',
		financialStatus: 'paid',
		fulfillmentStatus: 'shipped',
		trackingNumber: 'DHL-123456',
		trackingCompany: 'DHL',
		deliveredAt: daysAgo(10),
		total: '49.90',
		currency: 'eur',
		customerEmail: CUSTOMER.email,
		customerName: CUSTOMER.name,
		items: '2x Mug, Lamp',
		...overrides,
	},
});
const record = (cf: ReturnType<typeof buildCase>, records: WorkflowRecord[]) => recordWorkflowFacts(cf, { source: SOURCE, records, now: NOW });

describe('mapped order facts', () => {
	it('maps the form fields into the order shape the playbooks read, with the source', () => {
		const fact = mappedOrderFact(row().kind === 'mapped' ? (row() as { fields: RawOrderFields }).fields : {}, SOURCE, NOW);
		expect(fact).toMatchObject({ kind: 'order', source: SOURCE, fetchedAt: NOW.toISOString() });
		expect(fact.data).toMatchObject({
			id: '5001',
			name: '#1001',
			financial_status: 'paid',
			fulfillment_status: 'fulfilled',
			fulfillments: [{ tracking_number: 'DHL-123456', tracking_company: 'DHL', shipment_status: 'delivered' }],
			delivered_at: daysAgo(10),
			cancelled_at: null,
			total: 49.9,
			total_price: '49.90',
			currency: 'EUR',
			customer_email: CUSTOMER.email,
			line_items: [{ title: 'Mug', quantity: 2 }, { title: 'Lamp', quantity: 1 }],
		});
	});

	it('reads a bare number as the order name customers quote, and "not shipped" as Shopify\'s null', () => {
		const fact = mappedOrderFact({ orderName: 1002, fulfillmentStatus: 'unfulfilled', total: '€12,50' }, SOURCE, NOW);
		expect(fact.data).toMatchObject({ id: '1002', name: '#1002', fulfillment_status: null, fulfillments: [], total: 12.5 });
	});

	it('treats a "cancelled" status without a date as cancelled', () => {
		expect(mappedOrderFact({ orderName: '#7', status: 'Cancelled' }, SOURCE, NOW).data.cancelled_at).toBe(NOW.toISOString());
	});

	it.each([
		[{ orderName: '#1', total: 'lots' }, 'order.total'],
		[{ orderName: '#1', currency: 'euro' }, 'order.currency'],
		[{ orderName: '#1', customerEmail: 'not-an-email' }, 'order.customerEmail'],
		[{ orderName: '#1', deliveredAt: 'yesterday-ish' }, 'order.deliveredAt'],
	])('rejects a bad mapping with the field and the layer named (%j)', (fields, field) => {
		let error: unknown;
		try {
			mappedOrderFact(fields, SOURCE, NOW);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ContractError);
		expect((error as ContractError).field).toBe(field);
		expect((error as ContractError).message).toContain('Support Case Facts');
	});
});

describe('recordWorkflowFacts', () => {
	it('adds the order the customer named to context.facts, and the planner resolves from it', () => {
		const cf = buildCase({ intent: 'order_status', message: 'Where is order #1001?', facts: [] });
		const { caseFile, outcome } = record(cf, [row({ deliveredAt: '' })]);
		expect(outcome).toBe('order #1001');
		expect(caseFile.context?.facts).toEqual([expect.objectContaining({ kind: 'order', source: SOURCE })]);
		const planned = planWithPlaybook(caseFile, { now: NOW });
		expect(planned.outcome).toBe('plan');
		expect(planned.outcome === 'plan' && planned.plan.draftReply.body).toContain('Tracking number: DHL-123456');
	});

	it('never takes an order the customer did not name; records "not found in <source>" instead', () => {
		const cf = buildCase({ intent: 'return_refund', message: 'Refund order #5531 please', orderRefs: ['#5531'], facts: [] });
		const { caseFile, outcome } = record(cf, [row({ orderName: '#1001' })]);
		expect(outcome).toBe('order #5531 not found');
		expect(caseFile.context?.facts).toEqual([
			expect.objectContaining({ kind: LOOKUP_FAILED_KIND, source: SOURCE, data: { lookup: 'order #5531', error: `not found in ${SOURCE}` } }),
		]);
		const planned = planWithPlaybook(caseFile, { now: NOW });
		expect(planned).toMatchObject({ outcome: 'escalate', code: 'missing_data' });
		expect(planned.outcome === 'escalate' && planned.reason).toContain(`order #5531: not found in ${SOURCE}`);
	});

	it('takes the only order found when none was named, and lists several without picking one', () => {
		const none = buildCase({ intent: 'order_status', message: 'Where is my parcel?', orderRefs: [], facts: [] });
		expect(record(none, [row()]).caseFile.context?.facts[0]).toMatchObject({ kind: 'order', data: { name: '#1001' } });
		const several = record(none, [row(), row({ orderName: '#1002' })]);
		expect(several.outcome).toBe('2 orders, none named');
		expect(several.caseFile.context?.facts).toEqual([expect.objectContaining({ kind: ORDER_CANDIDATES_KIND, data: expect.objectContaining({ names: ['#1001', '#1002'] }) })]);
	});

	it('skips the empty item a lookup with "Always Output Data" returns when nothing matched', () => {
		const none = buildCase({ intent: 'order_status', message: 'Where is my parcel?', orderRefs: [], facts: [] });
		const { caseFile, outcome } = record(none, [{ kind: 'mapped', fields: {} }]);
		expect(outcome).toBe('nothing found, no order named');
		expect(caseFile.context?.facts).toEqual([]);
	});

	it('needs the Policy Retriever\'s context section, and says so', () => {
		const cf = buildCase({ without: ['context'] });
		expect(() => record(cf, [row()])).toThrow(/support\.context is missing.*Support Policy Retriever/);
	});

	it('feeds the Critic the same way as a Shopify fact: another customer\'s order escalates on identity', () => {
		const cf = buildCase({ intent: 'return_refund', facts: [] });
		const { caseFile } = record(cf, [row({ customerEmail: 'someone.else@example.com' })]);
		const planned = planWithPlaybook(caseFile, { now: NOW });
		expect(planned).toMatchObject({ outcome: 'escalate', code: 'condition' });
		expect(planned.outcome === 'escalate' && planned.reason).toMatch(/different email/);
		const own = record(cf, [row()]).caseFile;
		const plannedOwn = planWithPlaybook(own, { now: NOW });
		expect(plannedOwn.outcome).toBe('plan');
		const verdict = review({ stage: 'plan', caseFile: { ...own, plan: plannedOwn.outcome === 'plan' ? plannedOwn.plan : undefined }, rules: DEFAULT_CRITIC_RULES.return_refund, now: NOW });
		expect(verdict.verdict).toBe('approve');
	});
});

describe('a failed lookup', () => {
	it('is recorded with the lookup\'s own error, and the planner escalates with it', () => {
		const cf = buildCase({ intent: 'order_status', orderRefs: ['#5531'], facts: [] });
		const { caseFile } = record(cf, [{ kind: 'mapped', fields: {}, lookupError: 'Could not find data table "Support sample orders"' }]);
		expect(caseFile.context?.facts[0].data).toEqual({ lookup: 'order #5531', error: `the lookup in ${SOURCE} failed: Could not find data table "Support sample orders"` });
		const planned = planWithPlaybook(caseFile, { now: NOW });
		expect(planned.outcome === 'escalate' && planned.reason).toContain('Could not find data table');
	});
});

describe('several orders named', () => {
	it('picks none of them and the planner hands the choice to a person', () => {
		const cf = buildCase({ intent: 'return_refund', message: 'Refund #1001 and #1002 please', orderRefs: ['#1001', '#1002'], facts: [] });
		const { caseFile, outcome } = record(cf, [row(), row({ orderName: '#1002' })]);
		expect(outcome).toBe('2 orders named');
		expect(caseFile.context?.facts.map((f) => f.kind)).toEqual([ORDER_CANDIDATES_KIND, 'lookupFailed']);
		const planned = planWithPlaybook(caseFile, { now: NOW });
		expect(planned.outcome === 'escalate' && planned.reason).toContain('the ticket names several orders (#1001, #1002)');
	});

	it('takes the one that exists when the other named reference is not an order of the source', () => {
		const cf = buildCase({ intent: 'order_status', message: 'Where is #1001? My customer number is 77812.', orderRefs: ['#1001', '77812'], facts: [] });
		expect(record(cf, [row()]).outcome).toBe('order #1001');
	});
});

describe('an order an earlier lookup already found', () => {
	it('is not reported missing when this source lacks it', () => {
		const cf = buildCase({ intent: 'order_status' });
		const { caseFile, outcome } = record(cf, [{ kind: 'mapped', fields: {}, lookupError: 'no such table' }]);
		expect(outcome).toBe('order #1001 already in the case');
		expect(caseFile.context?.facts.map((f) => f.kind)).toEqual(['order']);
	});
});
