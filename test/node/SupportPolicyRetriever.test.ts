import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ContextSection, TraceEntry, type CaseFile } from '../../engine/contracts';
import { createFetchHttpClient } from '../../engine/execution';
import { SupportPolicyRetriever } from '../../nodes/SupportPolicyRetriever/SupportPolicyRetriever.node';
import { retrieverInputs } from '../../nodes/SupportPolicyRetriever/inputs';
import { n8nUserFolder } from '../../nodes/SupportPolicyRetriever/userFolder';
import { ShopifyStandIn, StripeStandIn } from '../stand-ins';
import { buildCase, NOW } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { FakeEmbeddings } from '../support/fakeEmbeddings';
import { credentialsShown } from '../support/credentialsShown';

const GROUNDED = 0;
const UNGROUNDED = 1;


const V2_FROM = '2026-02-01T00:00:00.000Z';

const RETURNS_V1 = {
	documentId: 'returns-policy',
	title: 'Returns and Refunds',
	version: '1',
	effectiveFrom: '2025-01-01T00:00:00.000Z',
	format: 'markdown',
	tags: 'intent:return_refund',
	content: '# Returns\n\nYou can return any item within 60 days of delivery for a full refund of the price.\n\n# Refund timing\n\nWe refund to the original payment method within 10 business days after the return arrives.',
};
const RETURNS_V2 = {
	...RETURNS_V1,
	version: '2',
	effectiveFrom: V2_FROM,
	content: '# Returns\n\nYou can return any item within 14 days of delivery for a refund of the price. Return shipping costs 5 EUR.\n\n# Refund timing\n\nWe refund to the original payment method within 5 business days after the return arrives.',
};
const SHIPPING = {
	documentId: 'shipping-policy',
	title: 'Shipping',
	version: '1',
	effectiveFrom: '2025-01-01T00:00:00.000Z',
	format: 'text',
	tags: ['intent:order_status'],
	content: 'Dispatch\n\nOrders ship within 2 business days. You receive a tracking number by email once your parcel has left our warehouse.',
};

/** Where each ingest parameter's default expression (`={{ $json.documentId }}`...) would point. */
const ITEM_FIELD: Record<string, string> = {
	documentId: 'documentId',
	title: 'title',
	version: 'version',
	effectiveFrom: 'effectiveFrom',
	effectiveTo: 'effectiveTo',
	format: 'format',
	content: 'content',
	documentTags: 'tags',
	targetDocumentId: 'documentId',
};

const node = new SupportPolicyRetriever();
const defaults = Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));

interface RunOptions {
	params?: Record<string, unknown>;
	continueOnFail?: boolean;
	embeddings?: unknown;
	/** Credential types set on the node (for the live-fact lookups); default: none. */
	credentials?: string[];
}

const SHOP_TOKEN = ['shpat', 'retrievernode0001'].join('_');
const STRIPE_KEY = ['sk', 'test', 'retrievernode0002'].join('_');
const CREDENTIALS: Record<string, Record<string, string>> = {
	shopifyAccessTokenApi: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'shpss_unused' },
	stripeApi: { secretKey: STRIPE_KEY },
};
/** What n8n's credential types add to each request (their `authenticate` blocks). */
const SIGNING: Record<string, Record<string, string>> = {
	shopifyAccessTokenApi: { 'x-shopify-access-token': SHOP_TOKEN },
	stripeApi: { authorization: `Bearer ${STRIPE_KEY}` },
};
const sent: Array<{ credentialType: string; options: IHttpRequestOptions }> = [];

/** n8n's httpRequestWithAuthentication, reduced to what the node relies on: sign, resolve every status. */
async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions) {
	sent.push({ credentialType, options });
	// Only the loopback stand-ins are reachable; a real vendor host fails as an unreachable one would.
	if (!options.url.startsWith('http://127.0.0.1:')) throw Object.assign(new Error(`connect ECONNREFUSED ${options.url}`), { code: 'ECONNREFUSED' });
	const client = createFetchHttpClient({ baseUrl: '', authHeaders: SIGNING[credentialType] });
	const res = await client.request({ method: options.method as 'GET', url: options.url, headers: options.headers as Record<string, string>, timeoutMs: options.timeout ?? 1000 });
	return { statusCode: res.status, headers: res.headers, body: res.body };
}

async function run(items: INodeExecutionData[], opts: RunOptions = {}): Promise<INodeExecutionData[][]> {
	const ctx = fakeExecuteContext({
		parameters: { ...defaults, embeddings: 'subNode', groundingThreshold: 0.35, ...opts.params },
		items,
		continueOnFail: opts.continueOnFail,
		nodeName: 'Support Policy Retriever',
		// The fake does not evaluate expressions: resolve the ingest defaults from the item here.
		perItem: (name, i) => (ITEM_FIELD[name] && String(defaults[name] ?? '').startsWith('=') ? (items[i].json[ITEM_FIELD[name]] ?? '') : undefined),
	});
	const creds = opts.credentials ?? [];
	const realNode = ctx.getNode();
	const withCreds = { ...realNode, credentials: Object.fromEntries(creds.map((c) => [c, { id: `cred-${c}`, name: c }])) };
	const withEmbeddings = Object.assign(ctx, {
		getInputConnectionData: async () => ('embeddings' in opts ? opts.embeddings : new FakeEmbeddings()),
		getNode: () => withCreds,
		getCredentials: async (type: string) => {
			if (!creds.includes(type)) throw new Error(`Node does not have any credentials set for "${type}"`);
			return CREDENTIALS[type];
		},
		helpers: { httpRequestWithAuthentication: (type: string, o: IHttpRequestOptions) => httpRequestWithAuthentication(type, o) },
	}) as IExecuteFunctions;
	return node.execute!.call(withEmbeddings) as Promise<INodeExecutionData[][]>;
}

const docItem = (json: Record<string, unknown>): INodeExecutionData => ({ json: json as INodeExecutionData['json'] });
const caseItem = (support: unknown, extra: Record<string, unknown> = {}): INodeExecutionData => ({
	json: { ...extra, support: support as INodeExecutionData['json'] },
});
const supportOf = (item: INodeExecutionData) => item.json.support as unknown as CaseFile;

/** A case as the Intent Router leaves it: ticket and intent, no context yet. */
function routedCase(o: { message?: string; subject?: string; intent?: string; receivedAt?: string } = {}): CaseFile {
	const cf = buildCase({ message: o.message, subject: o.subject ?? '', intent: o.intent, without: ['context'] });
	if (o.receivedAt) cf.ticket!.receivedAt = o.receivedAt;
	return cf;
}

const RETURN_QUESTION = 'How many days do I have to return an item for a refund?';

describe('Support Policy Retriever node', () => {
	let userFolder: string;
	let firstIngest: INodeExecutionData[];
	const savedEnv = process.env.N8N_USER_FOLDER;

	beforeAll(async () => {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-retriever-node-'));
		process.env.N8N_USER_FOLDER = userFolder;
		const out = await run([docItem(RETURNS_V1), docItem(RETURNS_V2), docItem(SHIPPING)], { params: { operation: 'ingest' } });
		firstIngest = out[0];
	});

	afterAll(() => {
		if (savedEnv === undefined) delete process.env.N8N_USER_FOLDER;
		else process.env.N8N_USER_FOLDER = savedEnv;
		fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('declares its outputs per operation, the optional Embedding input and the Qdrant credential only for Qdrant', () => {
		const d = node.description;
		expect(d.name).toBe('supportPolicyRetriever');
		// Grounded/Ungrounded for Retrieve, Done otherwise: see SupportPolicyRetrieverLiveFacts.test.ts.
		expect(d.outputs).toMatch(/^=\{\{\(function retrieverOutputs/);
		// Version 1 always has the Embedding input; the expression n8n evaluates: SupportPolicyRetrieverV2.test.ts.
		expect(d.inputs).toMatch(/^=\{\{\(function retrieverInputs/);
		expect(retrieverInputs(1, {})).toContainEqual(expect.objectContaining({ type: 'ai_embedding', required: false, maxConnections: 1 }));
		expect(d.credentials!.slice(0, 3)).toEqual([
			expect.objectContaining({ name: 'qdrantApi', displayOptions: { show: { store: ['qdrant'] } } }),
			expect.objectContaining({ name: 'shopifyAccessTokenApi', displayOptions: { show: { operation: ['retrieve'], useShopify: [true] } } }),
			expect.objectContaining({ name: 'stripeApi', displayOptions: { show: { operation: ['retrieve'], useStripe: [true] } } }),
		]);
	});

	it('shows exactly the credential each live-fact choice needs (n8n\'s own display rules)', () => {
		const d = node.description;
		const retrieve = { operation: 'retrieve', store: 'embedded' };
		expect(credentialsShown(d, retrieve)).toEqual([]);
		expect(credentialsShown(d, { ...retrieve, useZendesk: true })).toEqual(['zendeskApi']);
		expect(credentialsShown(d, { ...retrieve, useZendesk: true, zendeskAuthentication: 'oAuth2' })).toEqual(['zendeskOAuth2Api']);
		expect(credentialsShown(d, { ...retrieve, useHttp: true, httpAuthentication: 'genericCredentialType' })).toEqual(['httpBearerAuth']);
		expect(credentialsShown(d, { ...retrieve, useHttp: true, httpAuthentication: 'genericCredentialType', httpGenericAuthType: 'httpCustomAuth' })).toEqual(['httpCustomAuth']);
		expect(credentialsShown(d, { ...retrieve, useHttp: true, httpAuthentication: 'predefinedCredentialType', httpCredentialType: 'intercomApi' })).toEqual(['intercomApi']);
		expect(credentialsShown(d, { operation: 'ingest', store: 'embedded', useZendesk: true, useHttp: true, httpAuthentication: 'genericCredentialType' })).toEqual([]);
	});

	it('resolves the n8n user folder as n8n does', () => {
		expect(n8nUserFolder({ N8N_USER_FOLDER: '/srv/n8n' })).toBe(path.join('/srv/n8n', '.n8n'));
		expect(n8nUserFolder({})).toBe(path.join(os.homedir(), '.n8n'));
	});

	it('ingests into a store file in the n8n user folder; version 2 retires version 1', async () => {
		expect(fs.existsSync(path.join(userFolder, '.n8n', 'support-coordination', 'policy-stores', 'policies.json'))).toBe(true);
		// Ingest has one output (Done), not Grounded/Ungrounded.
		const outputs = await run([docItem(SHIPPING)], { params: { operation: 'ingest', storeName: 'one-output' } });
		expect(outputs).toHaveLength(1);
		expect(firstIngest.map((i) => [i.json.documentId, i.json.version, i.json.retired, i.pairedItem])).toEqual([
			['returns-policy', '1', [], { item: 0 }],
			['returns-policy', '2', ['1'], { item: 1 }],
			['shipping-policy', '1', [], { item: 2 }],
		]);
		// Re-ingesting replaces the chunks instead of adding to them; version 1 is already retired.
		const out = await run([docItem(RETURNS_V2)], { params: { operation: 'ingest' } });
		expect(out[0]).toEqual([
			{
				json: expect.objectContaining({ documentId: 'returns-policy', version: '2', effectiveFrom: V2_FROM, effectiveTo: null, removed: 0, retired: [], store: 'embedded', embedder: 'embeddings:fake-hashing' }),
				pairedItem: { item: 0 },
			},
		]);
		expect(out[0][0].json.chunks).toBe(firstIngest[1].json.chunks);
		expect(out[0][0].json.chunks).toBeGreaterThanOrEqual(2);
	});

	it('retrieves only the version in force at the ticket time (after version 2)', async () => {
		const out = await run([caseItem(routedCase({ message: RETURN_QUESTION }), { ticketId: 7 })]);
		expect(out[UNGROUNDED]).toHaveLength(0);
		expect(out[GROUNDED]).toHaveLength(1);
		const item = out[GROUNDED][0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json.ticketId).toBe(7);
		const context = ContextSection.parse(supportOf(item).context);
		expect(context).toMatchObject({ grounded: true, store: 'embedded', embedder: 'embeddings:fake-hashing', asOf: NOW.toISOString(), facts: [] });
		const returns = context.passages.filter((p) => p.documentId === 'returns-policy');
		expect(returns.length).toBeGreaterThan(0);
		expect(returns.every((p) => p.version === '2')).toBe(true);
		expect(context.passages[0]).toMatchObject({ documentId: 'returns-policy', headingPath: ['Returns'] });
		expect(context.passages[0].text).toContain('14 days');
		expect(supportOf(item).escalation).toBeUndefined();
		expect(TraceEntry.parse(supportOf(item).trace.at(-1))).toMatchObject({ layer: 'policyRetriever', node: 'Support Policy Retriever', outcome: 'grounded', engine: 'embedded/embeddings:fake-hashing' });
	});

	it('retrieves version 1 for a ticket received before version 2 came into force', async () => {
		const out = await run([caseItem(routedCase({ message: RETURN_QUESTION, receivedAt: '2025-06-01T09:00:00.000Z' }))]);
		expect(out[GROUNDED]).toHaveLength(1);
		const context = ContextSection.parse(supportOf(out[GROUNDED][0]).context);
		const returns = context.passages.filter((p) => p.documentId === 'returns-policy');
		expect(returns.length).toBeGreaterThan(0);
		expect(returns.every((p) => p.version === '1')).toBe(true);
		expect(context.passages[0].text).toContain('60 days');
	});

	it('narrows by facet tags', async () => {
		const out = await run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params: { tags: 'intent:order_status' } });
		const support = supportOf([...out[GROUNDED], ...out[UNGROUNDED]][0]);
		expect(support.context!.passages.map((p) => p.documentId)).toEqual(['shipping-policy']);
	});

	it('routes an off-topic ticket to Ungrounded with the reason', async () => {
		const out = await run([caseItem(routedCase({ message: 'Do you have a physical shop in Hamburg where I could see the furniture?', intent: 'general' }))]);
		expect(out[GROUNDED]).toHaveLength(0);
		expect(out[UNGROUNDED]).toHaveLength(1);
		const support = supportOf(out[UNGROUNDED][0]);
		expect(support.context).toMatchObject({ grounded: false });
		expect(support.context!.groundingReason).toMatch(/below the grounding threshold 0\.35/);
		expect(support.escalation).toMatchObject({ layer: 'policyRetriever', code: 'ungrounded' });
		expect(support.escalation!.reason).toMatch(/No policy grounds a reply: Best policy passage scores/);
		expect(support.trace.at(-1)).toMatchObject({ outcome: 'ungrounded' });
	});

	it('stops with an error naming support.ticket and the Support Intent Router when the ticket is missing', async () => {
		const cf = routedCase();
		delete cf.ticket;
		const error = await run([caseItem(cf)]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('support.ticket');
		expect((error as Error).message).toContain('Support Intent Router');
	});

	it('with continue on error, sends a case without ticket to Ungrounded with the reason', async () => {
		const cf = routedCase();
		delete cf.ticket;
		const out = await run([caseItem(cf)], { continueOnFail: true });
		expect(out[GROUNDED]).toHaveLength(0);
		const support = supportOf(out[UNGROUNDED][0]);
		expect(support.escalation).toMatchObject({ layer: 'policyRetriever', code: 'contract', field: 'support.ticket' });
		expect(support.escalation!.reason).toContain('Support Intent Router');
		expect(support.context).toBeUndefined();
	});

	it('asks for an embeddings model when the sub-node is chosen but none is connected', async () => {
		await expect(run([caseItem(routedCase({ message: RETURN_QUESTION }))], { embeddings: undefined })).rejects.toThrow(/no embeddings model is connected/);
		await expect(run([docItem(SHIPPING)], { params: { operation: 'ingest' }, embeddings: undefined })).rejects.toThrow(/no embeddings model is connected/);
	});

	it('requires a grounding threshold with a connected embeddings sub-node', async () => {
		await expect(run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params: { groundingThreshold: 0 } })).rejects.toThrow(/Grounding Threshold: is required/);
	});

	it('asks for the Qdrant credential when the Qdrant store has none', async () => {
		await expect(run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params: { store: 'qdrant' } })).rejects.toThrow(/needs a Qdrant credential/);
	});

	it('reports an invalid policy document per item, or continues with the error', async () => {
		const bad = { ...SHIPPING, effectiveFrom: 'next spring' };
		await expect(run([docItem(bad)], { params: { operation: 'ingest' } })).rejects.toThrow(/Effective From: "next spring" is not a date/);
		const out = await run([docItem({ ...SHIPPING, format: 'pdf' })], { params: { operation: 'ingest' }, continueOnFail: true });
		expect(out[0]).toEqual([{ json: { error: expect.stringMatching(/Invalid policy document: format/) }, pairedItem: { item: 0 } }]);
	});

	it('retires and deletes a document', async () => {
		const params = { storeName: 'lifecycle' };
		await run([docItem(RETURNS_V2)], { params: { ...params, operation: 'ingest' } });
		const retired = await run([docItem({ documentId: 'returns-policy' })], { params: { ...params, operation: 'retire', retireAt: '2026-03-01T00:00:00.000Z' } });
		expect(retired[0][0].json).toEqual({ documentId: 'returns-policy', retiredAt: '2026-03-01T00:00:00.000Z', retired: ['2'] });

		const after = await run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params });
		expect(supportOf(after[UNGROUNDED][0]).context!.passages).toEqual([]);
		const before = await run([caseItem(routedCase({ message: RETURN_QUESTION, receivedAt: '2026-02-15T00:00:00.000Z' }))], { params });
		// Scores depend on the corpus (BM25), so in this one-document store only presence is asserted.
		const inForce = supportOf([...before[GROUNDED], ...before[UNGROUNDED]][0]).context!.passages;
		expect(inForce.length).toBeGreaterThan(0);
		expect(inForce.every((p) => p.version === '2' && p.effectiveTo === '2026-03-01T00:00:00.000Z')).toBe(true);

		const deleted = await run([docItem({ documentId: 'returns-policy' })], { params: { ...params, operation: 'delete' } });
		expect(deleted[0][0].json.deletedChunks).toBeGreaterThanOrEqual(2);
		const gone = await run([caseItem(routedCase({ message: RETURN_QUESTION, receivedAt: '2026-02-15T00:00:00.000Z' }))], { params });
		expect(gone[UNGROUNDED]).toHaveLength(1);
		// Every passage deleted: the store itself is empty now, and says so with its file.
		expect(supportOf(gone[UNGROUNDED][0]).escalation!.reason).toMatch(/The embedded policy store .*lifecycle\.json holds no passage/);
	});

	it('ingests and retrieves with the built-in encoder and its calibrated threshold', async () => {
		const params = { storeName: 'builtin', embeddings: 'builtin', groundingThreshold: 0 };
		const ingested = await run([docItem(RETURNS_V1), docItem(RETURNS_V2), docItem(SHIPPING)], { params: { ...params, operation: 'ingest' }, embeddings: undefined });
		expect(ingested[0].map((i) => i.json.embedder)).toEqual(['use-lite-512', 'use-lite-512', 'use-lite-512']);
		const out = await run([caseItem(routedCase({ message: 'Can I send back the shoes within two weeks of delivery and get a refund?' }))], { params, embeddings: undefined });
		expect(out[GROUNDED]).toHaveLength(1);
		const context = supportOf(out[GROUNDED][0]).context!;
		expect(context.embedder).toBe('use-lite-512');
		expect(context.passages.length).toBeGreaterThan(0);
		expect(context.passages[0]).toMatchObject({ documentId: 'returns-policy', version: '2' });
		expect(context.passages.filter((p) => p.documentId === 'returns-policy').every((p) => p.version === '2')).toBe(true);
	}, 60_000);
	describe('live facts', () => {
		let shopify: ShopifyStandIn;
		let stripe: StripeStandIn;
		const ORDER_ID = 5823957483821;
		const vendorParams = () => ({ useShopify: true, useStripe: true, options: { shopifyBaseUrl: shopify.url, stripeBaseUrl: stripe.url, timeoutMs: 2000 } });
		const BOTH = ['shopifyAccessTokenApi', 'stripeApi'];

		beforeAll(async () => {
			shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
			stripe = await new StripeStandIn(STRIPE_KEY).start();
		});
		afterAll(async () => {
			await Promise.all([shopify.close(), stripe.close()]);
		});
		beforeEach(() => {
			shopify.orders.clear();
			shopify.requests.length = 0;
			shopify.clearFaults();
			stripe.reset();
			sent.length = 0;
			shopify.addOrder({ id: ORDER_ID, name: '#1001', total_price: '49.90', currency: 'EUR', email: 'jane.doe@example.com' });
			stripe.addCharge({ id: 'ch_3PnodeTest01', amount: 4990, currency: 'eur' });
		});
		afterEach(() => {
			expect(shopify.writes).toEqual([]);
			expect(stripe.writes).toEqual([]);
			expect(sent.every((r) => r.options.method === 'GET')).toBe(true);
		});

		it('are off by default: nothing is requested and facts stay empty', async () => {
			expect(defaults.useShopify).toBe(false);
			expect(defaults.useStripe).toBe(false);
			const out = await run([caseItem(routedCase({ message: RETURN_QUESTION }))], { credentials: BOTH });
			expect(supportOf(out[GROUNDED][0]).context!.facts).toEqual([]);
			expect(sent).toEqual([]);
		});

		it('store the order the ticket names and the charge it quotes, signed with the node credentials', async () => {
			const out = await run([caseItem(routedCase({ message: `${RETURN_QUESTION} It is order #1001, charge ch_3PnodeTest01.` }))], { params: vendorParams(), credentials: BOTH });
			const support = supportOf([...out[GROUNDED], ...out[UNGROUNDED]][0]);
			const context = ContextSection.parse(support.context);
			expect(context.facts.map((f) => [f.kind, f.source])).toEqual([
				['order', 'shopify'],
				['charge', 'stripe'],
			]);
			expect(context.facts[0].data).toMatchObject({ id: ORDER_ID, name: '#1001', total_price: '49.90' });
			expect(context.facts[1].data).toMatchObject({ id: 'ch_3PnodeTest01', amount: 4990 });
			expect(sent.map((r) => [r.credentialType, r.options.url])).toEqual([
				['shopifyAccessTokenApi', `${shopify.url}/admin/api/2025-01/orders.json?name=%231001&status=any`],
				['stripeApi', `${stripe.url}/v1/charges/ch_3PnodeTest01`],
			]);
			expect(support.trace.at(-1)!.outcome).toMatch(/^(un)?grounded \(facts: order\+charge\)$/);
			expect(support.trace.at(-1)!.contractErrors).toEqual([]);
		});

		it('record a failed lookup in context and the trace and carry on', async () => {
			shopify.inject({ path: '/admin/api/2025-01/orders.json', times: 1, kind: 503 });
			const out = await run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params: { ...vendorParams(), useStripe: false }, credentials: BOTH });
			const support = supportOf(out[GROUNDED][0]);
			expect(support.context!.facts).toEqual([
				{ kind: 'lookupFailed', source: 'shopify', fetchedAt: expect.any(String), data: { lookup: 'order 1001', error: 'GET /admin/api/2025-01/orders.json answered 503' } },
			]);
			expect(support.trace.at(-1)!.contractErrors).toEqual(['live fact lookup: order 1001: GET /admin/api/2025-01/orders.json answered 503']);
		});

		it('leave a lookup that has no credential unwired and say so, without failing', async () => {
			const out = await run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params: vendorParams(), credentials: ['stripeApi'] });
			const support = supportOf(out[GROUNDED][0]);
			expect(support.context!.facts).toEqual([]);
			expect(sent).toEqual([]);
			expect(support.trace.at(-1)!.contractErrors).toEqual(['live fact lookup: Shopify lookups are switched on but no Shopify credential is selected']);
		});

		it('take the base URL from the credential without an override', async () => {
			const out = await run([caseItem(routedCase({ message: RETURN_QUESTION }))], { params: { useShopify: true, options: { timeoutMs: 200 } }, credentials: BOTH });
			expect(sent[0].options.url).toBe('https://acme.myshopify.com/admin/api/2025-01/orders.json?name=%231001&status=any');
			// acme.myshopify.com is never contacted from the tests (see httpRequestWithAuthentication): the lookup fails, the case goes on.
			expect(supportOf([...out[GROUNDED], ...out[UNGROUNDED]][0]).trace.at(-1)!.contractErrors).toEqual([
				'live fact lookup: order 1001: GET /admin/api/2025-01/orders.json failed: could not connect (ECONNREFUSED)',
			]);
		});

		it('reject a bad Base URL Override or API version before any case is touched', async () => {
			const item = caseItem(routedCase({ message: RETURN_QUESTION }));
			await expect(run([item], { params: { useShopify: true, options: { shopifyBaseUrl: 'ftp://example.com' } }, credentials: BOTH })).rejects.toThrow(
				'Live Fact Options: Shopify Base URL Override must start with https:// or http://',
			);
			await expect(run([item], { params: { useShopify: true, shopifyApiVersion: 'latest' }, credentials: BOTH })).rejects.toThrow('Shopify API Version: must look like 2025-01');
			expect(sent).toEqual([]);
		});
	});
});
