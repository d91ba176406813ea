/**
 * Facts from the workflow, in a real n8n 2.41.1: the shipped webhook pipeline
 * (workflows/support-pipeline-webhook.json) with the order looked up by n8n's own nodes and mapped by
 * the Support Case Facts node.
 * - As shipped: n8n's Data Table node reads the sample shop, which the shipped
 *   "Support sample shop data" template writes into a real n8n Data Table (as `npm start` does).
 * - With the lookup swapped for n8n's own Shopify node (Order > Get), which calls
 *   https://acme.myshopify.com itself: n8n runs with HTTPS_PROXY on a loopback TLS proxy that hands
 *   that host to the Shopify stand-in, as the helpdesk template tests do. Once mapped field by field,
 *   once as a Shopify order taken as is.
 * The facts must reach the plan and the reply; an order the shop does not have escalates with the
 * source named, without asking the customer again.
 */
import { ShopifyStandIn } from '../stand-ins';
import { VendorTlsProxy } from '../stand-ins/vendorTlsProxy';
import { CUSTOMERS, SAMPLE_TABLE, sampleRows, sampleTracking } from '../../scripts/sampleShop';
import { loadTemplate, loadWorkflow, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(300_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRET = ['e2e', 'facts', 'header'].join('-');
const SHOP_TOKEN = ['shpat', 'facts0001'].join('_');
const FIND_ORDER = 'Find order (sample shop data)';
const CASE_FACTS = 'Support Case Facts';
const PLANNER = 'Support Specialist Planner';
const HEADERS = { 'X-Support-Token': SECRET };
const DATA_TABLE_SOURCE = `Data Table "${SAMPLE_TABLE}"`;

const freshdesk = (id: number, message: string, who: { name: string; email: string }) => ({
	freshdesk_webhook: { ticket_id: String(id), ticket_subject: 'Order', ticket_description: message, ticket_contact_name: who.name, ticket_contact_email: who.email },
});

/** The shipped template under its own path, with only the order lookup (and its mapping) replaced when asked. */
function pipeline(variant: 'dataTable' | 'shopifyMapped' | 'shopifyOrder'): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as WorkflowJson & Json;
	if (variant === 'dataTable') return wf;
	wf.name = `${wf.name} [${variant}]`;
	wf.id = `SupFacts${variant}`.slice(0, 16).padEnd(16, '0');
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = `support-pipeline-${variant.toLowerCase()}`;
			n.webhookId = `${String(n.webhookId).slice(0, -6)}${variant === 'shopifyMapped' ? 'aaaaaa' : 'bbbbbb'}`;
		}
		if (n.name !== CASE_FACTS) continue;
		n.parameters =
			variant === 'shopifyOrder'
				? { sourceName: 'Shopify (n8n node)', input: 'shopifyOrder' }
				: {
						sourceName: 'Shopify (n8n node)',
						input: 'fields',
						orderName: '={{ $json.name }}',
						orderId: '={{ $json.id }}',
						financialStatus: '={{ $json.financial_status }}',
						fulfillmentStatus: '={{ $json.fulfillment_status }}',
						trackingNumber: '={{ ($json.fulfillments || [])[0]?.tracking_number }}',
						trackingCompany: '={{ ($json.fulfillments || [])[0]?.tracking_company }}',
						cancelledAt: '={{ $json.cancelled_at }}',
						total: '={{ $json.total_price }}',
						currency: '={{ $json.currency }}',
						customerEmail: '={{ $json.email }}',
					};
	}
	// Same node name, so the shipped connections stay: n8n's Shopify node, Order > Get, by the number the customer gave.
	const index = (wf.nodes as Json[]).findIndex((n) => n.name === FIND_ORDER);
	const shipped = wf.nodes[index] as Json;
	wf.nodes[index] = {
		id: shipped.id,
		name: FIND_ORDER,
		type: 'n8n-nodes-base.shopify',
		typeVersion: 1,
		position: shipped.position,
		parameters: { authentication: 'accessToken', resource: 'order', operation: 'get', orderId: "={{ $json.support.ticket.orderRefs[0] || '0' }}", options: {} },
		credentials: { shopifyAccessTokenApi: { id: 'factsShopifyNode', name: 'Shopify (n8n node)' } },
		alwaysOutputData: true,
		onError: 'continueRegularOutput',
	};
	return wf;
}

describe('Support Case Facts in the shipped webhook pipeline (real n8n)', () => {
	let n8n: N8nInstance;
	let shopify: ShopifyStandIn;
	let proxy: VendorTlsProxy;
	const caseAfterFacts = (run: Execution): Json => nodeOutputs(run, CASE_FACTS)[0][0].json.support as Json;
	const runFor = async (ticketId: string): Promise<Execution> =>
		await n8n.waitForExecution((e) => (e.data.resultData.runData[CASE_FACTS]?.[0]?.data?.main ?? []).flat().some((it) => (it?.json.support as Json | undefined)?.ticket?.id === ticketId), 60_000);

	beforeAll(async () => {
		// n8n's Shopify node speaks Admin API 2024-07.
		shopify = await new ShopifyStandIn(SHOP_TOKEN, '2024-07').start();
		proxy = await new VendorTlsProxy([{ host: '*.myshopify.com', target: shopify.url }]).start();
		const credentials: CredentialSpec[] = [
			{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: SECRET } },
			// Only n8n's Shopify node has a credential: the shipped Retriever's Shopify credential does not exist,
			// as on a new machine, so its own lookup is skipped and the workflow's lookup is the one order source.
			{ id: 'factsShopifyNode', name: 'Shopify (n8n node)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
		];
		n8n = await startN8n({
			workflows: [loadWorkflow('pipeline-ingest.json'), loadTemplate('support-sample-shop-data.json'), pipeline('dataTable'), pipeline('shopifyMapped'), pipeline('shopifyOrder')],
			credentials,
			env: proxy.env,
			readyTimeoutMs: 300_000,
		});
		const docs = JSON.parse(String(loadTemplate('support-policy-ingestion.json').nodes.find((n) => n.name === 'Sample policy documents')?.parameters?.jsonOutput).replace(/^=/, '')) as Json;
		expect((await n8n.webhook('pipeline-ingest', docs)).status).toBe(200);
		const seeded = await n8n.webhook('support-sample-shop-data', { orders: sampleRows() }, { headers: HEADERS });
		expect(seeded.status).toBe(200);
		expect(seeded.body).toMatchObject({ table: SAMPLE_TABLE, orders: sampleRows().length });
		shopify.addOrder({ id: 8801, name: '#8801', total_price: '42.00', currency: 'EUR', email: 'sam@example.com', fulfillment_status: 'fulfilled', fulfillments: [{ id: 1, status: 'success', shipment_status: 'in_transit', tracking_number: 'UPS-8801-XYZ', tracking_company: 'UPS' }] } as never);
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([shopify?.close(), proxy?.close()]);
	});

	it('as shipped: n8n\'s Data Table node finds the sample order, Case Facts maps it, and the reply quotes its tracking number', async () => {
		const res = await n8n.webhook('support-pipeline', freshdesk(91001, 'Hi, where is my order #5531? The parcel has not arrived.', CUSTOMERS.jane), { headers: HEADERS });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ route: 'handled', intent: 'order_status' });
		expect((res.body as Json).draftReply).toContain(`Tracking number: ${sampleTracking('5531')}`);
		const run = await runFor('91001');
		const support = caseAfterFacts(run);
		expect(support.context.facts).toEqual([expect.objectContaining({ kind: 'order', source: DATA_TABLE_SOURCE, data: expect.objectContaining({ name: '#5531', customer_email: CUSTOMERS.jane.email }) })]);
		expect(support.trace.at(-1)).toMatchObject({ layer: 'caseFacts', node: CASE_FACTS, outcome: 'order #5531' });
		const planned = nodeOutputs(run, PLANNER)[0][0].json.support as Json;
		expect(planned.plan.steps[0]).toMatchObject({ tool: 'shopify.getOrder', args: { orderId: '900005531' } });
	});

	it('as shipped: an order the sample shop does not have escalates with the source named, never asking for the number again', async () => {
		const res = await n8n.webhook('support-pipeline', freshdesk(91002, 'Hello, order #5599 arrived broken, I want my money back.', CUSTOMERS.tom), { headers: HEADERS });
		expect(res.body).toMatchObject({ route: 'escalated' });
		expect((res.body as Json).reason).toContain(`order #5599: not found in ${DATA_TABLE_SOURCE}`);
		expect(JSON.stringify(res.body)).not.toMatch(/reply with your order number/i);
	});

	it('as shipped: a return outside the window (delivered 45 days ago, from the Data Table) escalates with that reason', async () => {
		const res = await n8n.webhook('support-pipeline', freshdesk(91003, 'I want to return order #5504 and get a refund please.', CUSTOMERS.ana), { headers: HEADERS });
		expect(res.body).toMatchObject({ route: 'escalated' });
		expect((res.body as Json).reason).toMatch(/#5504 was delivered more than 30 days ago/);
	});

	it.each([
		['shopifyMapped', 'mapped fields'],
		['shopifyOrder', 'shopify order'],
	])('%s: facts from n8n\'s own Shopify node (through the TLS proxy) reach the plan and the reply', async (variant, engine) => {
		const id = variant === 'shopifyMapped' ? '91101' : '91102';
		const res = await n8n.webhook(`support-pipeline-${variant.toLowerCase()}`, freshdesk(Number(id), 'Hi, where is my order #8801? The parcel has not arrived.', { name: 'Sam Carter', email: 'sam@example.com' }), { headers: HEADERS });
		expect(res.status).toBe(200);
		// The reason is in the comparison so a failure says why the ticket was escalated.
		expect({ route: (res.body as Json).route, intent: (res.body as Json).intent, reason: (res.body as Json).reason }).toEqual({ route: 'handled', intent: 'order_status', reason: undefined });
		expect((res.body as Json).draftReply).toContain('Tracking number: UPS-8801-XYZ');
		const run = await runFor(id);
		const support = caseAfterFacts(run);
		expect(support.context.facts).toEqual([expect.objectContaining({ kind: 'order', source: 'Shopify (n8n node)', data: expect.objectContaining({ name: '#8801' }) })]);
		expect(support.trace.at(-1)).toMatchObject({ layer: 'caseFacts', engine });
		// n8n's Shopify node doubles the slash after the version; Shopify, and the stand-in, read it as one.
		expect(proxy.seen).toContainEqual({ host: 'acme.myshopify.com', method: 'GET', path: '/admin/api/2024-07//orders/8801.json' });
		const planned = nodeOutputs(run, PLANNER)[0][0].json.support as Json;
		expect(planned.plan.draftReply.body).toContain('#8801');
	});

	it('Shopify node: an order id Shopify does not know (404, On Error: Continue) escalates with the lookup\'s own error', async () => {
		const res = await n8n.webhook('support-pipeline-shopifymapped', freshdesk(91103, 'Hi, where is my order #8899? The parcel has not arrived.', { name: 'Sam Carter', email: 'sam@example.com' }), { headers: HEADERS });
		expect(res.body).toMatchObject({ route: 'escalated' });
		expect((res.body as Json).reason).toMatch(/order #8899: the lookup in Shopify \(n8n node\) failed/);
	});
});
