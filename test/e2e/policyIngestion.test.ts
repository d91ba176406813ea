/**
 * The shipped policy-ingestion template in a real n8n 2.41.1, with both stores: the embedded store
 * (a file under the instance's user folder) and a real Qdrant 1.16.3 on loopback. Workflows are run
 * the way the editor's "Execute workflow" runs them (POST /rest/workflows/:id/run from the Manual
 * Trigger). First the template exactly as shipped (embedded only, Qdrant node disabled and its
 * credential missing, as right after an import); then with what its sticky notes tell an operator to
 * do: select a Qdrant credential and enable the Qdrant node; then switched to its URL source.
 * Tickets go through Router -> Retrieve on each store: a question the sample policies answer is
 * grounded in the version in force (returns v2 for a ticket received now), an off-topic one is
 * ungrounded with its reason.
 */
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { startQdrant, type RunningQdrant } from '../support/qdrant';
import { loadTemplate, loadWorkflow, nodeError, nodeOutputs, startN8n, type CredentialSpec, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const INGEST_EMBEDDED = 'Ingest into embedded store';
const INGEST_QDRANT = 'Ingest into Qdrant';
const MANUAL_TRIGGER = 'Run ingestion now';
const COLLECTION = 'support_policies';

const template = loadTemplate('support-policy-ingestion.json');
const sampleDocs = (
	JSON.parse((template.nodes.find((n) => n.name === 'Sample policy documents')!.parameters as { jsonOutput: string }).jsonOutput) as {
		documents: Array<{ documentId: string; version: string }>;
	}
).documents;

/** Not the id the template references: the shipped template meets no such credential, as after a user's import. */
const QDRANT_REF = { id: 'e2eQdrant', name: 'Qdrant (e2e)' };
const qdrantCredential = (url: string): CredentialSpec => ({ ...QDRANT_REF, type: 'qdrantApi', data: { qdrantUrl: url, apiKey: '' } });

const QDRANT_VARIANT = 'Support policy ingestion (Qdrant enabled)';
/** The operator's documented steps for Qdrant: select a Qdrant credential, enable the node. */
function withQdrantEnabled(workflow: WorkflowJson, name = QDRANT_VARIANT): WorkflowJson {
	return {
		...workflow,
		id: undefined,
		name,
		nodes: workflow.nodes.map((n) => (n.name === INGEST_QDRANT ? { ...n, disabled: false, credentials: { qdrantApi: QDRANT_REF } } : n)),
	};
}

/** The retrieve fixture with the router exactly as the router template ships it (intents, threshold). */
function withShippedRouter(workflow: WorkflowJson): WorkflowJson {
	const shipped = loadTemplate('support-router-webhook.json').nodes.find((n) => n.name === 'Support Intent Router')!;
	const outputs = (shipped.parameters as { intents: { intent: unknown[] } }).intents.intent.length + 1;
	const toRetriever = Array.from({ length: outputs }, () => [{ node: 'Retrieve policy', type: 'main', index: 0 }]);
	return {
		...workflow,
		nodes: workflow.nodes.map((n) => (n.name === shipped.name ? { ...n, parameters: shipped.parameters } : n)),
		connections: { ...workflow.connections, [shipped.name]: { main: toRetriever } },
	};
}

/** The retrieve fixture, pointed at Qdrant instead of the embedded store (own name, path and ids). */
function retrieveOnQdrant(embedded: WorkflowJson): WorkflowJson {
	return {
		...embedded,
		name: 'E2E ingestion retrieve (qdrant)',
		nodes: embedded.nodes.map((n) => {
			const id = `${String(n.id).slice(0, -4)}9999`;
			if (n.type === 'n8n-nodes-base.webhook') {
				return { ...n, id, webhookId: `${String(n.webhookId).slice(0, -4)}9999`, parameters: { ...n.parameters, path: 'ingestion-retrieve-qdrant' } };
			}
			if (n.name === 'Retrieve policy') {
				return {
					...n,
					id,
					parameters: { operation: 'retrieve', store: 'qdrant', collection: COLLECTION },
					credentials: { qdrantApi: QDRANT_REF },
				};
			}
			return { ...n, id };
		}),
	};
}

/**
 * The template switched to its documented "From a URL" source: both triggers feed the (enabled) HTTP
 * Request node, which feeds "One item per document"; the sample node is removed.
 */
const URL_VARIANT = 'Support policy ingestion (from URL)';
function fromUrl(workflow: WorkflowJson, url: string): WorkflowJson {
	const fetchNode = 'Fetch policy documents from a URL';
	const enabled = withQdrantEnabled(workflow, URL_VARIANT);
	const connections = { ...enabled.connections } as Record<string, unknown>;
	delete connections['Sample policy documents'];
	const toFetch = { main: [[{ node: fetchNode, type: 'main', index: 0 }]] };
	return {
		...enabled,
		nodes: enabled.nodes
			.filter((n) => n.name !== 'Sample policy documents')
			.map((n) => (n.name === fetchNode ? { ...n, disabled: false, parameters: { ...n.parameters, url } } : n)),
		connections: {
			...connections,
			'Run ingestion now': toFetch,
			'Every day at 03:00': toFetch,
			[fetchNode]: { main: [[{ node: 'One item per document', type: 'main', index: 0 }]] },
		} as WorkflowJson['connections'],
	};
}

/** Version 3 of the returns policy, in force since yesterday: what an operator publishes at the URL. */
const returnsV3 = {
	documentId: 'returns',
	title: 'Returns Policy',
	version: '3',
	effectiveFrom: new Date(Date.now() - 86_400_000).toISOString(),
	format: 'markdown',
	tags: ['intent:returns'],
	content:
		'# Returns Policy\n\n## Return window\n\nYou can now return most items within **60 days** of delivery. The 60 days start on the day the carrier marks your parcel as delivered.\n\n## How to start a return\n\nSign in, open **Orders**, choose the order and select **Return items**.\n',
};

interface RetrieveAnswer {
	ticketId: string;
	grounded: boolean;
	store: string;
	groundingReason: string | null;
	escalation: string | null;
	passages: Array<{ documentId: string; version: string; score: number; headingPath: string[] }>;
}

function freshdeskTicket(id: string, subject: string, description: string): unknown {
	return {
		freshdesk_webhook: {
			ticket_id: id,
			ticket_subject: subject,
			ticket_description: `<div>${description}</div>`,
			ticket_contact_name: 'Dana Ruiz',
			ticket_contact_email: 'dana.ruiz@example.com',
			ticket_source: 'Email',
			ticket_status: 'Open',
			ticket_priority: 'Medium',
			triggered_event: '{ticket_action:created}',
		},
	};
}

async function qdrant<T>(q: RunningQdrant, method: string, urlPath: string, body?: unknown): Promise<T> {
	const response = await fetch(`${q.url}${urlPath}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json()) as { result: T };
	if (!response.ok) throw new Error(`Qdrant ${method} ${urlPath} -> ${response.status}: ${JSON.stringify(json)}`);
	return json.result;
}

describe('policy ingestion template (real n8n, embedded store and real Qdrant)', () => {
	let n8n: N8nInstance;
	let q: RunningQdrant;
	let policyServer: Server;
	const storeFile = () => path.join(n8n.userFolder, '.n8n', 'support-coordination', 'policy-stores', 'policies.json');
	const qdrantCount = async () => (await qdrant<{ count: number }>(q, 'POST', `/collections/${COLLECTION}/points/count`, { exact: true })).count;
	const embeddedChunks = () =>
		(JSON.parse(fs.readFileSync(storeFile(), 'utf8')) as { chunks: Array<{ documentId: string; version: string; effectiveTo: string | null }> }).chunks;

	/** Runs the template from its Manual Trigger, as the editor's "Execute workflow" does, and waits for the run. */
	async function runIngestion(workflowName: string) {
		const id = n8n.workflowIds[workflowName];
		const started = await n8n.rest.request<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/rest/workflows/${id}/run`, {
			triggerToStartFrom: { name: MANUAL_TRIGGER },
		});
		expect(started.executionId).toBeDefined();
		const execution = await n8n.waitForExecution((e) => e.id === started.executionId, 120_000);
		expect(nodeError(execution, INGEST_EMBEDDED)).toBeUndefined();
		if (workflowName !== template.name) expect(nodeError(execution, INGEST_QDRANT)).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	}

	beforeAll(async () => {
		policyServer = createServer((req, res) => {
			res.writeHead(req.url === '/support-policies.json' ? 200 : 404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ documents: [returnsV3] }));
		});
		await new Promise<void>((resolve) => policyServer.listen(0, '127.0.0.1', resolve));
		const policyUrl = `http://127.0.0.1:${(policyServer.address() as AddressInfo).port}/support-policies.json`;
		q = await startQdrant();
		const retrieveEmbedded = withShippedRouter(loadWorkflow('ingestion-retrieve.json'));
		n8n = await startN8n({
			workflows: [template, withQdrantEnabled(template), fromUrl(template, policyUrl), retrieveEmbedded, retrieveOnQdrant(retrieveEmbedded)],
			credentials: [qdrantCredential(q.url)],
		});
	});
	afterAll(async () => {
		await n8n?.stop();
		await q?.stop();
		await new Promise((resolve) => (policyServer ? policyServer.close(resolve) : resolve(undefined)));
	});

	it('ships the Qdrant branch disabled, so it runs out of the box on the embedded store', () => {
		const qdrantNode = template.nodes.find((n) => n.name === INGEST_QDRANT)!;
		expect(qdrantNode.disabled).toBe(true);
		expect(qdrantNode.credentials).toHaveProperty('qdrantApi');
		expect(template.nodes.find((n) => n.name === INGEST_EMBEDDED)!.disabled).toBeFalsy();
		expect(new Set(sampleDocs.map((d) => d.documentId)).size).toBeLessThan(sampleDocs.length);
	});

	let firstCounts: { embedded: number; qdrant: number };

	const documentKeys = (results: Array<{ json: Record<string, unknown> }>) => results.map((r) => `${String(r.json.documentId)}@${String(r.json.version)}`);

	it('runs as shipped: ingests every sample document into the embedded store, Qdrant untouched', async () => {
		const execution = await runIngestion(template.name);
		const [results] = nodeOutputs(execution, INGEST_EMBEDDED);
		expect(documentKeys(results)).toEqual(sampleDocs.map((d) => `${d.documentId}@${d.version}`));
		expect(results.every((r) => Number(r.json.chunks) > 0 && r.json.store === 'embedded')).toBe(true);
		// Version 2 of the returns policy retires version 1 from its start.
		expect(results.find((r) => r.json.documentId === 'returns' && r.json.version === '2')!.json.retired).toEqual(['1']);
		// The disabled Qdrant node ingests nothing (n8n passes its input through, or skips it).
		const qdrantRun = execution.data.resultData.runData[INGEST_QDRANT]?.[0]?.data?.main?.[0] ?? [];
		expect(qdrantRun.every((r) => r.json.chunks === undefined)).toBe(true);

		const chunks = embeddedChunks();
		expect(new Set(chunks.map((c) => `${c.documentId}@${c.version}`))).toEqual(new Set(sampleDocs.map((d) => `${d.documentId}@${d.version}`)));
		expect(chunks.filter((c) => c.documentId === 'returns' && c.version === '1').every((c) => c.effectiveTo === '2026-03-01T00:00:00.000Z')).toBe(true);
		expect((await fetch(`${q.url}/collections/${COLLECTION}/exists`).then(async (r) => (await r.json()) as { result: { exists: boolean } })).result.exists).toBe(false);
		firstCounts = { embedded: chunks.length, qdrant: 0 };
	});

	it('with a Qdrant credential and the Qdrant node enabled, ingests into both stores', async () => {
		expect(firstCounts).toBeDefined();
		const execution = await runIngestion(QDRANT_VARIANT);
		for (const node of [INGEST_EMBEDDED, INGEST_QDRANT]) {
			const [results] = nodeOutputs(execution, node);
			expect(documentKeys(results)).toEqual(sampleDocs.map((d) => `${d.documentId}@${d.version}`));
			expect(results.every((r) => Number(r.json.chunks) > 0)).toBe(true);
		}
		// Same documents again into the embedded store: replaced, not duplicated.
		expect(embeddedChunks()).toHaveLength(firstCounts.embedded);

		const collection = await qdrant<{ config: { params: { vectors: { size: number; distance: string } } } }>(q, 'GET', `/collections/${COLLECTION}`);
		expect(collection.config.params.vectors).toMatchObject({ size: 512, distance: 'Cosine' });
		firstCounts.qdrant = await qdrantCount();
		expect(firstCounts.qdrant).toBe(firstCounts.embedded);
	});

	it('re-running ingestion replaces passages instead of duplicating them', async () => {
		expect(firstCounts?.qdrant).toBeGreaterThan(0);
		const execution = await runIngestion(QDRANT_VARIANT);
		expect(nodeOutputs(execution, INGEST_QDRANT)[0]).toHaveLength(sampleDocs.length);
		expect(embeddedChunks()).toHaveLength(firstCounts.embedded);
		expect(await qdrantCount()).toBe(firstCounts.qdrant);
	});

	describe.each([
		['embedded', 'ingestion-retrieve-embedded'],
		['qdrant', 'ingestion-retrieve-qdrant'],
	])('retrieval from the %s store', (store, webhookPath) => {
		it('grounds a returns question in the version in force now (returns v2)', async () => {
			expect(firstCounts?.qdrant).toBeGreaterThan(0);
			const response = await n8n.webhook(
				webhookPath,
				freshdeskTicket(`RET-${store}`, 'Return window', 'Hi, I received my jacket last week and it does not fit. How many days do I have to return an item?'),
			);
			expect(response.status).toBe(200);
			const answer = response.body as RetrieveAnswer;
			expect(answer).toMatchObject({ ticketId: `RET-${store}`, grounded: true, store, escalation: null });
			expect(answer.passages[0]).toMatchObject({ documentId: 'returns', version: '2' });
			// The superseded version is never returned.
			expect(answer.passages.some((p) => p.documentId === 'returns' && p.version === '1')).toBe(false);
		});

		it('sends an off-topic ticket to Ungrounded with the reason', async () => {
			const response = await n8n.webhook(
				webhookPath,
				freshdeskTicket(`OFF-${store}`, 'Garden question', 'Which tulip varieties flower best in a shady garden in April?'),
			);
			expect(response.status).toBe(200);
			const answer = response.body as RetrieveAnswer;
			expect(answer).toMatchObject({ ticketId: `OFF-${store}`, grounded: false, store });
			expect(answer.escalation).toMatch(/No policy grounds a reply/);
			expect(answer.groundingReason).toBeTruthy();
		});
	});

	describe('switched to its "From a URL" source', () => {
		it('ingests a new version from the URL and retires the one before it', async () => {
			expect(firstCounts).toBeDefined();
			const execution = await runIngestion(URL_VARIANT);
			for (const node of [INGEST_EMBEDDED, INGEST_QDRANT]) {
				const [results] = nodeOutputs(execution, node);
				expect(results).toHaveLength(1);
				expect(results[0].json).toMatchObject({ documentId: 'returns', version: '3', retired: ['2'] });
			}
			const v3Chunks = embeddedChunks().filter((c) => c.version === '3');
			expect(v3Chunks.length).toBeGreaterThan(0);
			expect(embeddedChunks()).toHaveLength(firstCounts.embedded + v3Chunks.length);
			expect(await qdrantCount()).toBe(firstCounts.qdrant + v3Chunks.length);
		});

		it.each([
			['embedded', 'ingestion-retrieve-embedded'],
			['qdrant', 'ingestion-retrieve-qdrant'],
		])('the %s store now answers returns questions from version 3', async (store, webhookPath) => {
			const response = await n8n.webhook(
				webhookPath,
				freshdeskTicket(`RET3-${store}`, 'Return window', 'How many days do I have to return an item after delivery?'),
			);
			const answer = response.body as RetrieveAnswer;
			expect(answer).toMatchObject({ grounded: true, store });
			expect(answer.passages[0]).toMatchObject({ documentId: 'returns', version: '3' });
			expect(answer.passages.some((p) => p.documentId === 'returns' && p.version !== '3')).toBe(false);
		});
	});
});
