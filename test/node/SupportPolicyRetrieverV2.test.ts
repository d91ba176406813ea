/**
 * The Support Policy Retriever's version 2 fields reaching the engine: dates as date fields (read in
 * the workflow's time zone), Format as a choice, the grounding threshold as Calibrated or Custom, the
 * MCP header credential named httpHeaderAuth, and the Embedding input only when it is used. Version 1
 * is covered, unchanged, by SupportPolicyRetriever.test.ts and SupportPolicyRetrieverLiveFacts.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import type { IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';
import type { CaseFile } from '../../engine/contracts';
import { GROUNDING_THRESHOLDS } from '../../engine/retrieval';
import { SupportPolicyRetriever } from '../../nodes/SupportPolicyRetriever/SupportPolicyRetriever.node';
import { McpStandIn } from '../stand-ins';
import { buildCase } from '../support/caseFiles';
import { credentialsShown } from '../support/credentialsShown';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { FakeEmbeddings } from '../support/fakeEmbeddings';


const node = new SupportPolicyRetriever();
const description = node.description;
const MCP_TOKEN = ['mcp', 'retriever', 'v2', '0007'].join('-');
const TIME_ZONE = 'Europe/Berlin';

/** What n8n resolves for a node of `version` saved with `saved`: the parameters its display rules show, with their defaults. */
function resolved(version: number, saved: INodeParameters): INodeParameters {
	const n = { typeVersion: version, parameters: saved };
	return { ...NodeHelpers.getNodeParameters(description.properties, saved, true, false, n, description), ...saved };
}

interface RunOptions {
	version?: number;
	/** The embeddings sub-node connected; default: a hashing model. */
	embeddings?: unknown;
	credentials?: Record<string, Record<string, unknown>>;
}

async function run(items: INodeExecutionData[], params: INodeParameters, o: RunOptions = {}): Promise<INodeExecutionData[][]> {
	const version = o.version ?? 2;
	const parameters = resolved(version, { embeddings: 'subNode', groundingThreshold: 0.35, ...params });
	const ctx = fakeExecuteContext({
		parameters,
		items,
		nodeName: 'Support Policy Retriever',
		typeVersion: version,
		// The fake does not evaluate expressions: the ingest defaults (={{ $json.effectiveFrom }}...) read the item here.
		perItem: (name, i) => {
			const value = parameters[name];
			return typeof value === 'string' && value.startsWith('={{ $json.') ? (items[i].json[value.slice(10, -3).trim()] ?? '') : undefined;
		},
	});
	const credentials = o.credentials ?? {};
	const withCredentials = { ...ctx.getNode(), credentials: Object.fromEntries(Object.keys(credentials).map((c) => [c, { id: `cred-${c}`, name: c }])) };
	Object.assign(ctx, {
		getTimezone: () => TIME_ZONE,
		getNode: () => withCredentials,
		getCredentials: async (type: string) => {
			if (!credentials[type]) throw new Error(`Node does not have any credentials set for "${type}"`);
			return credentials[type];
		},
		getInputConnectionData: async () => ('embeddings' in o ? o.embeddings : new FakeEmbeddings()),
	});
	return (await node.execute!.call(ctx as IExecuteFunctions)) as INodeExecutionData[][];
}

const doc = (json: Record<string, unknown>): INodeExecutionData => ({ json: json as INodeExecutionData['json'] });
const caseItem = (message: string, receivedAt?: string): INodeExecutionData => {
	const cf = buildCase({ message, subject: '', without: ['context'] });
	if (receivedAt) cf.ticket!.receivedAt = receivedAt;
	return { json: { support: cf as unknown as INodeExecutionData['json'] } };
};
const supportOf = (out: INodeExecutionData[][]) => [...out[0], ...(out[1] ?? [])][0].json.support as unknown as CaseFile;

const RETURNS = {
	documentId: 'returns',
	title: 'Returns',
	version: '1',
	effectiveFrom: '2025-01-01T00:00:00Z',
	format: 'markdown',
	content: '# Returns\n\nYou can return any item within 30 days of delivery for a refund.\n\n# Refund timing\n\nRefunds reach your card within 5 business days.',
};
const HTML_CONTENT = '<h1>Returns</h1><p>You can return any item within 30 days of delivery for a refund.</p><h1>Refund timing</h1><p>Refunds reach your card within 5 business days.</p>';
const RETURN_QUESTION = 'How many days do I have to return an item for a refund?';

describe('Support Policy Retriever node, version 2', () => {
	let userFolder: string;
	const savedEnv = process.env.N8N_USER_FOLDER;
	beforeAll(() => {
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-retriever-v2-'));
		process.env.N8N_USER_FOLDER = userFolder;
	});
	afterAll(() => {
		if (savedEnv === undefined) delete process.env.N8N_USER_FOLDER;
		else process.env.N8N_USER_FOLDER = savedEnv;
		fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('is version 2 for new nodes, with date fields and choices where version 1 had free text', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
		const shown = (version: number, saved: INodeParameters) => {
			const values = resolved(version, saved);
			return Object.fromEntries(description.properties.filter((p) => NodeHelpers.displayParameter(values, p, { typeVersion: version }, description, values)).map((p) => [p.name, p.type]));
		};
		expect(shown(2, { operation: 'ingest' })).toMatchObject({ effectiveFrom: 'dateTime', effectiveTo: 'dateTime', documentFormat: 'options' });
		expect(shown(2, { operation: 'ingest' })).not.toHaveProperty('format');
		expect(shown(2, { operation: 'retire' })).toMatchObject({ retireAt: 'dateTime' });
		expect(shown(2, { operation: 'retrieve', embeddings: 'builtin' })).toMatchObject({ asOf: 'dateTime', groundingThresholdMode: 'options' });
		expect(shown(2, { operation: 'retrieve', embeddings: 'builtin' })).not.toHaveProperty('groundingThreshold');
		expect(shown(2, { operation: 'retrieve', embeddings: 'builtin', groundingThresholdMode: 'custom' })).toMatchObject({ groundingThreshold: 'number' });
		expect(shown(2, { operation: 'retrieve', embeddings: 'subNode' })).toMatchObject({ groundingThreshold: 'number' });
		expect(shown(2, { operation: 'retrieve', embeddings: 'subNode' })).not.toHaveProperty('groundingThresholdMode');
		// Version 1 as it was.
		expect(shown(1, { operation: 'ingest' })).toMatchObject({ effectiveFrom: 'string', effectiveTo: 'string', format: 'string' });
		expect(shown(1, { operation: 'retrieve' })).toMatchObject({ asOf: 'string', groundingThreshold: 'number' });
		// Items still bring their own dates by default.
		expect(resolved(2, { operation: 'ingest' })).toMatchObject({ effectiveFrom: '={{ $json.effectiveFrom }}', effectiveTo: '={{ $json.effectiveTo }}', documentFormat: 'fromItem' });
	});

	it('names the calibrated grounding threshold instead of hiding it behind 0', () => {
		const calibrated = GROUNDING_THRESHOLDS['use-lite-512'];
		const mode = description.properties.find((p) => p.name === 'groundingThresholdMode')!;
		expect(mode.default).toBe('calibrated');
		expect(mode.options).toContainEqual(expect.objectContaining({ name: 'Calibrated (Recommended)', value: 'calibrated', description: expect.stringMatching(new RegExp(`^${calibrated},`)) }));
		const custom = resolved(2, { operation: 'retrieve', embeddings: 'builtin', groundingThresholdMode: 'custom' });
		expect(custom.groundingThreshold).toBe(calibrated);
	});

	it('draws the Embedding input only when Embeddings is the connected sub-node (version 1: always)', () => {
		const body = (description.inputs as string).slice(3, -2);
		// No "}}" inside: n8n would end the expression there.
		expect(body.includes('}}')).toBe(false);
		// A fresh context with nothing but what n8n passes: the function must not need anything from this module.
		const inputs = (version: number | undefined, parameters: Record<string, unknown>) =>
			(runInNewContext(body, { $nodeVersion: version, $parameter: parameters }) as Array<{ type: string }>).map((i) => i.type);
		expect(inputs(2, { embeddings: 'builtin' })).toEqual(['main']);
		expect(inputs(2, {})).toEqual(['main']);
		expect(inputs(2, { embeddings: 'subNode' })).toEqual(['main', 'ai_embedding']);
		expect(inputs(1, { embeddings: 'builtin' })).toEqual(['main', 'ai_embedding']);
		expect(inputs(1, {})).toEqual(['main', 'ai_embedding']);
	});

	describe('Ingest and Retire', () => {
		it('reads a picked date (no time zone) in the workflow\'s time zone, and an item\'s ISO date as it is', async () => {
			const [picked] = await run([doc(RETURNS)], { operation: 'ingest', storeName: 'dates', effectiveFrom: '2026-02-01T00:00:00', effectiveTo: '2026-07-01T09:30:00' });
			// Berlin is UTC+1 in February, UTC+2 in July.
			expect(picked[0].json).toMatchObject({ effectiveFrom: '2026-01-31T23:00:00.000Z', effectiveTo: '2026-07-01T07:30:00.000Z' });
			const [fromItem] = await run([doc({ ...RETURNS, version: '2', effectiveFrom: '2026-08-01T00:00:00Z' })], { operation: 'ingest', storeName: 'dates' });
			expect(fromItem[0].json).toMatchObject({ effectiveFrom: '2026-08-01T00:00:00.000Z', effectiveTo: null });
			// Version 1 reads the same text in the server's zone (JavaScript's Date.parse): unchanged.
			const [v1] = await run([doc(RETURNS)], { operation: 'ingest', storeName: 'dates-v1', effectiveFrom: '2026-02-01T00:00:00' }, { version: 1 });
			expect(v1[0].json.effectiveFrom).toBe(new Date(Date.parse('2026-02-01T00:00:00')).toISOString());

			const [retired] = await run([doc({ documentId: 'returns' })], { operation: 'retire', storeName: 'dates', retireAt: '2026-03-29T02:30:00' });
			// 02:30 does not exist in Berlin that night (clocks jump from 02:00 to 03:00): the instant after the jump.
			expect(retired[0].json).toMatchObject({ retiredAt: '2026-03-29T01:30:00.000Z' });
		});

		it('stops with an error naming the date field for a date that does not exist', async () => {
			const error = await run([doc(RETURNS)], { operation: 'ingest', storeName: 'bad-dates', effectiveFrom: '2026-02-30T00:00:00' }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toBe('Effective From: "2026-02-30T00:00:00" is not a date');
		});

		it('chunks by the chosen Format; From the Item takes each item\'s own', async () => {
			const headingsOf = async (storeName: string) => {
				const out = await run([caseItem(RETURN_QUESTION)], { operation: 'retrieve', storeName, groundingThreshold: 0.01 });
				return supportOf(out).context!.passages.map((p) => [p.headingPath.join(' > '), p.text.includes('<')]);
			};
			const htmlDoc = { ...RETURNS, format: 'text', content: HTML_CONTENT };
			await run([doc(htmlDoc)], { operation: 'ingest', storeName: 'as-html', documentFormat: 'html' });
			expect(await headingsOf('as-html')).toEqual(expect.arrayContaining([['Returns', false], ['Refund timing', false]]));
			// The item says text, and From the Item follows it: the tags stay text, there are no headings.
			await run([doc(htmlDoc)], { operation: 'ingest', storeName: 'as-item' });
			expect((await headingsOf('as-item')).every(([heading, tags]) => heading === '' && tags === true)).toBe(true);
			await run([doc({ ...htmlDoc, format: 'HTML' })], { operation: 'ingest', storeName: 'as-item-html' });
			expect(await headingsOf('as-item-html')).toEqual(expect.arrayContaining([['Returns', false]]));

			const error = await run([doc({ ...htmlDoc, format: 'pdf' })], { operation: 'ingest', storeName: 'as-pdf' }).catch((e: unknown) => e);
			expect((error as Error).message).toBe('Format: the item\'s format field is "pdf"; use markdown, html or text');
			// No format on the item: Markdown, as version 1's default expression did.
			const [markdown] = await run([doc({ ...RETURNS, format: undefined })], { operation: 'ingest', storeName: 'as-markdown' });
			expect(markdown[0].json.chunks).toBe(2);
		});
	});

	describe('Retrieve', () => {
		beforeAll(async () => {
			await run([doc(RETURNS)], { operation: 'ingest', storeName: 'retrieve-v2' });
		});

		it('As Of is a date field, read in the workflow\'s time zone', async () => {
			await run([doc({ ...RETURNS, version: '2', effectiveFrom: '2026-03-01T00:00:00Z', content: '# Returns\n\nYou can return any item within 14 days of delivery for a refund.' })], { operation: 'ingest', storeName: 'retrieve-v2' });
			const inForce = async (asOf: string) => supportOf(await run([caseItem(RETURN_QUESTION)], { operation: 'retrieve', storeName: 'retrieve-v2', asOf })).context!.passages[0].version;
			// 00:30 in Berlin on 1 March is still 28 February in UTC: version 1.
			expect(await inForce('2026-03-01T00:30:00')).toBe('1');
			expect(await inForce('2026-03-01T01:30:00')).toBe('2');
			expect(await inForce('2026-03-01T00:30:00Z')).toBe('2');
		});

		it('a connected sub-node needs a threshold above 0, and it decides Grounded or Ungrounded', async () => {
			const ask = (groundingThreshold: number) => run([caseItem(RETURN_QUESTION)], { operation: 'retrieve', storeName: 'retrieve-v2', groundingThreshold });
			expect((await ask(0.01))[0]).toHaveLength(1);
			const strict = await ask(0.99);
			expect(strict[1]).toHaveLength(1);
			expect(supportOf(strict).context!.groundingReason).toMatch(/below the grounding threshold 0\.99$/);
			await expect(ask(0)).rejects.toThrow('Grounding Threshold: must be a number from 0.01 to 1');
		});

		it('built-in embeddings: Calibrated uses the calibrated value, Custom the number typed', async () => {
			const params = { storeName: 'retrieve-builtin', embeddings: 'builtin' };
			await run([doc(RETURNS)], { ...params, operation: 'ingest' }, { embeddings: undefined });
			const offTopic = caseItem('Do you have a physical shop in Hamburg where I could see the furniture?');
			const reason = async (extra: INodeParameters) => supportOf(await run([offTopic], { ...params, operation: 'retrieve', ...extra }, { embeddings: undefined })).context!.groundingReason;
			expect(await reason({ groundingThresholdMode: 'calibrated', groundingThreshold: 0.9 })).toMatch(new RegExp(`below the grounding threshold ${GROUNDING_THRESHOLDS['use-lite-512']}$`));
			expect(await reason({ groundingThresholdMode: 'custom', groundingThreshold: 0.9 })).toMatch(/below the grounding threshold 0\.9$/);
			await expect(run([offTopic], { ...params, operation: 'retrieve', groundingThresholdMode: 'custom', groundingThreshold: 0 }, { embeddings: undefined })).rejects.toThrow(
				'Custom Grounding Threshold: must be a number from 0.01 to 1',
			);
		}, 60_000);
	});

	describe('MCP Authentication', () => {
		let mcp: McpStandIn;
		beforeAll(async () => {
			mcp = await new McpStandIn(MCP_TOKEN).start();
			mcp.orders.set('1001', { status: 'shipped', total: 49.9, currency: 'EUR' });
		});
		afterAll(async () => await mcp.close());

		const mcpParams = (mcpAuthentication: string) => ({
			operation: 'retrieve',
			storeName: 'retrieve-v2',
			useMcp: true,
			mcpServerUrl: mcp.url,
			mcpTool: 'lookup_order',
			mcpArguments: '{ "order_id": "{orderRef}" }',
			mcpFactName: 'storeOrder',
			mcpAuthentication,
			options: { timeoutMs: 3000 },
		});
		const headerCredential = { httpHeaderAuth: { name: 'Authorization', value: `Bearer ${MCP_TOKEN}` } };

		it('Header Auth is "httpHeaderAuth", as in the Support Action Executor, and signs the MCP call', async () => {
			expect(credentialsShown(description, { operation: 'retrieve', useMcp: true, mcpAuthentication: 'httpHeaderAuth' }, 2)).toEqual(['httpHeaderAuth']);
			expect(credentialsShown(description, { operation: 'retrieve', useMcp: true, mcpAuthentication: 'headerAuth' }, 1)).toEqual(['httpHeaderAuth']);
			const out = await run([caseItem('Where is my order #1001?')], mcpParams('httpHeaderAuth'), { credentials: headerCredential });
			const support = supportOf(out);
			expect(support.context!.facts).toEqual([expect.objectContaining({ kind: 'storeOrder', source: 'mcp', data: { orderId: '1001', status: 'shipped', total: 49.9, currency: 'EUR' } })]);
			expect(JSON.stringify(support)).not.toContain(MCP_TOKEN);
		});

		it('version 1\'s value is refused in version 2 with the field named, instead of calling unsigned', async () => {
			await expect(run([caseItem('Where is my order #1001?')], mcpParams('headerAuth'), { credentials: headerCredential })).rejects.toThrow(
				'MCP Authentication: must be None or Header Auth ("httpHeaderAuth"), not "headerAuth"',
			);
		});
	});
});
