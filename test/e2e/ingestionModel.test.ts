/**
 * The shipped policy-ingestion template (workflows/support-policy-ingestion.json) in a real n8n
 * 2.41.1 with an embeddings sub-node instead of the built-in encoder: n8n's own Embeddings OpenAI
 * node is connected to the Policy Retriever's Embedding input, in the ingestion template and in a
 * retrieval workflow, its credential pointing at the loopback OpenAI-compatible stand-in, which
 * serves POST /v1/embeddings with deterministic 256-dimensional hashing vectors. Apart from the
 * embeddings (parameter and sub-node), the template is as shipped: embedded store, Qdrant disabled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { OpenAiCompatibleStandIn } from '../stand-ins/openaiCompatible';
import { loadTemplate, loadWorkflow, nodeError, nodeOutputs, startN8n, type CredentialSpec, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const OPENAI_KEY = ['sk', 'e2e', 'embeddings', 'key'].join('-');
const INGEST_EMBEDDED = 'Ingest into embedded store';
const MANUAL_TRIGGER = 'Run ingestion now';
const RETRIEVE = 'Retrieve policy';
const EMBEDDINGS = 'Embeddings OpenAI';
const RETRIEVE_PATH = 'ingestion-retrieve-subnode';
/**
 * With a sub-node embedder the retriever has no calibrated threshold, so one must be set. The
 * stand-in's hashing vectors score the sample returns question about 0.37 against the returns
 * policy and an off-topic garden question below 0.1; 0.2 sits between them.
 */
const GROUNDING_THRESHOLD = 0.2;

const template = loadTemplate('support-policy-ingestion.json');
const sampleDocs = (
	JSON.parse((template.nodes.find((n) => n.name === 'Sample policy documents')!.parameters as { jsonOutput: string }).jsonOutput) as {
		documents: Array<{ documentId: string; version: string; content: string }>;
	}
).documents;

type Connections = Record<string, unknown>;

/** n8n's Embeddings OpenAI node on the stand-in credential, connected to `target`'s Embedding input. */
function withEmbeddings(workflow: WorkflowJson, target: string, id: string): WorkflowJson {
	const node = {
		id,
		name: EMBEDDINGS,
		type: '@n8n/n8n-nodes-langchain.embeddingsOpenAi',
		typeVersion: 1.2,
		position: [1000, 520] as [number, number],
		parameters: { model: 'text-embedding-3-small', options: {} },
		credentials: { openAiApi: { id: 'e2eOpenAiCred', name: 'Stand-in OpenAI' } },
	};
	return {
		...workflow,
		nodes: [...workflow.nodes, node],
		connections: { ...(workflow.connections as Connections), [EMBEDDINGS]: { ai_embedding: [[{ node: target, type: 'ai_embedding', index: 0 }]] } } as WorkflowJson['connections'],
	};
}

/** The template with its embedded-store ingest switched to the connected sub-node. */
function ingestionWithSubNode(): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	for (const n of wf.nodes) if (n.name === INGEST_EMBEDDED) n.parameters = { ...n.parameters, embeddings: 'subNode' };
	return withEmbeddings(wf, INGEST_EMBEDDED, '3f7d1a22-6c0b-4e9a-9b51-0a8e4c2d1e01');
}

/** Router (as the router template ships it) -> Retrieve with the sub-node, same store, a threshold. */
function retrievalWithSubNode(): WorkflowJson {
	const fixture = loadWorkflow('ingestion-retrieve.json');
	const shipped = loadTemplate('support-router-webhook.json').nodes.find((n) => n.name === 'Support Intent Router')!;
	const outputs = (shipped.parameters as { intents: { intent: unknown[] } }).intents.intent.length + 1;
	const nodes = fixture.nodes.map((n) => {
		const id = `${String(n.id).slice(0, -4)}5e5e`;
		if (n.type === 'n8n-nodes-base.webhook') return { ...n, id, webhookId: `${String(n.webhookId).slice(0, -4)}5e5e`, parameters: { ...n.parameters, path: RETRIEVE_PATH } };
		if (n.name === shipped.name) return { ...n, id, parameters: shipped.parameters };
		if (n.name === RETRIEVE) return { ...n, id, parameters: { ...n.parameters, embeddings: 'subNode', groundingThreshold: GROUNDING_THRESHOLD } };
		return { ...n, id };
	});
	const wf = {
		...fixture,
		name: 'E2E ingestion retrieve (embeddings sub-node)',
		nodes,
		connections: { ...(fixture.connections as Connections), [shipped.name]: { main: Array.from({ length: outputs }, () => [{ node: RETRIEVE, type: 'main', index: 0 }]) } } as WorkflowJson['connections'],
	};
	return withEmbeddings(wf, RETRIEVE, '3f7d1a22-6c0b-4e9a-9b51-0a8e4c2d1e02');
}

interface RetrieveAnswer {
	ticketId: string;
	grounded: boolean;
	store: string;
	escalation: string | null;
	passages: Array<{ documentId: string; version: string; score: number }>;
}

function freshdeskTicket(id: string, subject: string, description: string): unknown {
	return { freshdesk_webhook: { ticket_id: id, ticket_subject: subject, ticket_description: `<div>${description}</div>`, ticket_contact_name: 'Dana Ruiz', ticket_contact_email: 'dana.ruiz@example.com' } };
}

describe('policy ingestion template with an embeddings sub-node (real n8n, Embeddings OpenAI -> stand-in)', () => {
	const model = new OpenAiCompatibleStandIn({ apiKey: OPENAI_KEY, embeddings: true });
	let n8n: N8nInstance;
	const ingestion = ingestionWithSubNode();
	const storeFile = () => path.join(n8n.userFolder, '.n8n', 'support-coordination', 'policy-stores', 'policies.json');
	const store = () => JSON.parse(fs.readFileSync(storeFile(), 'utf8')) as { dimensions: number; chunks: Array<{ chunkId: string; documentId: string; version: string }> };

	async function runIngestion() {
		const id = n8n.workflowIds[ingestion.name];
		const started = await n8n.rest.request<{ executionId?: string }>('POST', `/rest/workflows/${id}/run`, { triggerToStartFrom: { name: MANUAL_TRIGGER } });
		expect(started.executionId).toBeDefined();
		const execution = await n8n.waitForExecution((e) => e.id === started.executionId, 120_000);
		expect(nodeError(execution, INGEST_EMBEDDED)).toBeUndefined();
		expect(execution.status).toBe('success');
		return execution;
	}

	beforeAll(async () => {
		await model.start();
		const credentials: CredentialSpec[] = [{ id: 'e2eOpenAiCred', name: 'Stand-in OpenAI', type: 'openAiApi', data: { apiKey: OPENAI_KEY, url: model.baseURL, header: false } }];
		n8n = await startN8n({ workflows: [ingestion, retrievalWithSubNode()], credentials });
	});
	afterAll(async () => {
		await n8n?.stop();
		await model.close();
	});

	let firstChunkIds: string[] = [];

	it('ingests every sample document through the connected embeddings sub-node', async () => {
		model.reset();
		const execution = await runIngestion();
		const [results] = nodeOutputs(execution, INGEST_EMBEDDED);
		expect(results.map((r) => `${String(r.json.documentId)}@${String(r.json.version)}`)).toEqual(sampleDocs.map((d) => `${d.documentId}@${d.version}`));
		expect(results.every((r) => Number(r.json.chunks) > 0 && r.json.store === 'embedded')).toBe(true);
		expect(results.find((r) => r.json.documentId === 'returns' && r.json.version === '2')!.json.retired).toEqual(['1']);

		// The vectors are the stand-in's (256 dimensions), not the built-in encoder's (512).
		expect(store().dimensions).toBe(256);
		const embeddingCalls = model.requests.filter((r) => r.outcome === 'embeddings');
		expect(embeddingCalls.length).toBeGreaterThan(0);
		expect(model.requests.filter((r) => r.path === '/v1/embeddings').every((r) => r.outcome === 'embeddings' && r.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);
		expect(model.embeddedTexts.some((t) => t.includes('30 days'))).toBe(true);
		expect(JSON.stringify(execution.data)).not.toContain(OPENAI_KEY);

		const chunks = store().chunks;
		expect(new Set(chunks.map((c) => `${c.documentId}@${c.version}`))).toEqual(new Set(sampleDocs.map((d) => `${d.documentId}@${d.version}`)));
		firstChunkIds = chunks.map((c) => c.chunkId).sort();
	});

	it('re-ingesting the same documents replaces their passages instead of duplicating them', async () => {
		expect(firstChunkIds.length).toBeGreaterThan(0);
		model.reset();
		await runIngestion();
		expect(model.embeddedTexts.length).toBeGreaterThan(0);
		expect(store().chunks.map((c) => c.chunkId).sort()).toEqual(firstChunkIds);
	});

	it('grounds a returns question in the returns policy in force (v2), embedding the question through the sub-node', async () => {
		expect(firstChunkIds.length).toBeGreaterThan(0);
		model.reset();
		const question = 'Hi, I received my jacket last week and it does not fit. How many days do I have to return an item?';
		const response = await n8n.webhook(RETRIEVE_PATH, freshdeskTicket('RET-sub', 'Return window', question));
		expect(response.status).toBe(200);
		const answer = response.body as RetrieveAnswer;
		expect(answer).toMatchObject({ ticketId: 'RET-sub', grounded: true, store: 'embedded', escalation: null });
		expect(answer.passages[0]).toMatchObject({ documentId: 'returns', version: '2' });
		expect(answer.passages[0].score).toBeGreaterThanOrEqual(GROUNDING_THRESHOLD);
		expect(answer.passages.some((p) => p.documentId === 'returns' && p.version === '1')).toBe(false);
		expect(model.embeddedTexts.some((t) => t.includes('How many days do I have to return an item?'))).toBe(true);
	});

	it('sends an off-topic ticket to Ungrounded: nothing reaches the threshold', async () => {
		const response = await n8n.webhook(RETRIEVE_PATH, freshdeskTicket('OFF-sub', 'Garden question', 'Which tulip varieties flower best in a shady garden in April?'));
		expect(response.status).toBe(200);
		const answer = response.body as RetrieveAnswer;
		expect(answer).toMatchObject({ ticketId: 'OFF-sub', grounded: false, store: 'embedded' });
		expect(answer.escalation).toMatch(/No policy grounds a reply/);
		expect(answer.passages.every((p) => p.score < GROUNDING_THRESHOLD)).toBe(true);
	});
});
