/**
 * The workflows bench/pipeline.ts runs side by side in one n8n: the shipped pipeline template
 * (vendor base URLs pointed at loopback stand-ins, as test/e2e/pipeline.test.ts does) and its no-op
 * twin (same nodes, positions and connections; each of our six layers replaced by n8n's No Operation
 * node), each once as shipped and once with execution-data saving turned off in its settings, so the
 * cost of saving is measured on both equally.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { humanOutput } from '../nodes/SupportIntentRouter/outputs';
import type { CredentialSpec, WorkflowJson } from '../scripts/local-n8n';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REPO = path.resolve(__dirname, '..');
const OUR_PACKAGE = 'n8n-nodes-support-coordination.';

export const WEBHOOK_HEADER = 'X-Support-Token';
// Throwaway secrets for loopback stand-ins only, built at run time so no scanner mistakes them for real ones.
export const WEBHOOK_SECRET = ['bench', 'pipeline', 'header'].join('-');
const ZD_EMAIL = 'agent@example.com';
const ZD_TOKEN = ['zd', 'bench', '0001'].join('-');
export const SHOP_TOKEN = ['shpat', 'bench0002'].join('_');
export const STRIPE_KEY = ['sk', 'test', 'bench0003'].join('_');
export const ZENDESK_AUTH = `Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`;

export type Variant = 'pipeline' | 'baseline';

export interface BenchWorkflow {
	variant: Variant;
	/** Whether n8n saves this workflow's successful executions (its default) or not. */
	saveData: boolean;
	webhookPath: string;
	workflow: WorkflowJson & { id: string };
}

export interface VendorUrls {
	zendesk: string;
	shopify: string;
	stripe: string;
}

export function loadPipelineTemplate(): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(REPO, 'workflows/support-pipeline-webhook.json'), 'utf8')) as WorkflowJson;
}

/** The credentials the template references, filled for the stand-ins. */
export function benchCredentials(): CredentialSpec[] {
	return [
		{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: WEBHOOK_HEADER, value: WEBHOOK_SECRET } },
		{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } },
		{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
		{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: STRIPE_KEY } },
	];
}

/** The template as shipped, but with the executor's and retriever's vendor URLs on the stand-ins. */
export function pipelineWorkflow(urls: VendorUrls): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadPipelineTemplate())) as WorkflowJson;
	for (const n of wf.nodes as Json[]) {
		if (n.name === 'Support Action Executor') n.parameters.options = { zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
		if (n.name === 'Support Policy Retriever') n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: urls.shopify };
	}
	return wf;
}

/**
 * Same shape, no work: every node of this package becomes a No Operation node under the same name
 * and position, so the connections stay exactly as they are (a No Operation node has one output, so
 * only output 0 of each is ever followed: the "handled" path, which is the longest). The Respond to
 * Webhook nodes stay, with a body that does not read the case file the no-op nodes never write.
 */
export function noOpTwin(template: WorkflowJson): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(template)) as WorkflowJson;
	wf.nodes = (wf.nodes as Json[]).map((n) => {
		if (String(n.type).startsWith(OUR_PACKAGE)) {
			return { id: n.id, name: n.name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: n.position, parameters: {} };
		}
		if (n.type === 'n8n-nodes-base.respondToWebhook') {
			const route = String(n.name).includes('escalated') ? 'escalated' : 'handled';
			return { ...n, parameters: { respondWith: 'json', responseBody: `={{ JSON.stringify({ route: '${route}', received: $json.body !== undefined }) }}`, options: {} } };
		}
		return n;
	}) as WorkflowJson['nodes'];
	// The router's Human output comes first from version 2: the twin follows its first intent
	// instead, so output 0 stays the handled path.
	for (const n of template.nodes as Json[]) {
		if (n.type !== `${OUR_PACKAGE}supportIntentRouter`) continue;
		const main = (wf.connections as Json)[n.name]?.main as Json[][] | undefined;
		if (main) main.splice(humanOutput(n.typeVersion, main.length - 1), 1);
	}
	return wf;
}

/** A copy with its own name, id, webhook path and webhook id (n8n keys webhooks by both). */
function variantOf(base: WorkflowJson, variant: Variant, saveData: boolean, n: number): BenchWorkflow {
	const wf = JSON.parse(JSON.stringify(base)) as WorkflowJson & { id: string };
	const suffix = `${variant === 'pipeline' ? '' : '-noop'}${saveData ? '' : '-nosave'}`;
	const webhookPath = `support-pipeline${suffix}`;
	wf.name = `Bench: ${variant}${saveData ? '' : ' (no execution data saved)'}`;
	wf.id = `BenchPipeline${n}`.padEnd(16, '0');
	for (const node of wf.nodes as Json[]) {
		if (node.type !== 'n8n-nodes-base.webhook') continue;
		node.parameters.path = webhookPath;
		node.webhookId = `${String(node.webhookId).slice(0, -4)}b00${n}`;
	}
	// n8n's own per-workflow switches (Workflow settings > "Save successful production executions").
	wf.settings = { ...(wf.settings as Json | undefined), ...(saveData ? {} : { saveDataSuccessExecution: 'none', saveExecutionProgress: false }) };
	return { variant, saveData, webhookPath, workflow: wf };
}

export function benchWorkflows(urls: VendorUrls, withNoSave: boolean): BenchWorkflow[] {
	const pipeline = pipelineWorkflow(urls);
	const baseline = noOpTwin(pipeline);
	const list = [variantOf(pipeline, 'pipeline', true, 1), variantOf(baseline, 'baseline', true, 2)];
	if (withNoSave) list.push(variantOf(pipeline, 'pipeline', false, 3), variantOf(baseline, 'baseline', false, 4));
	return list;
}

/**
 * The sample policies `npm start` seeds (the "Sample policy documents" node of the ingestion
 * template), so the pipeline retrieves from the same store an operator first sees.
 */
export function samplePolicyDocuments(): Json[] {
	const wf = JSON.parse(fs.readFileSync(path.join(REPO, 'workflows/support-policy-ingestion.json'), 'utf8')) as WorkflowJson;
	const set = wf.nodes.find((n) => n.name === 'Sample policy documents');
	const raw = String(set?.parameters?.jsonOutput ?? '').replace(/^=/, '');
	const docs = (JSON.parse(raw) as { documents?: Json[] }).documents;
	if (!docs?.length) throw new Error('no sample policy documents in workflows/support-policy-ingestion.json');
	return docs;
}

/** A Webhook -> split -> Policy Retriever (ingest) workflow to fill the embedded store once. */
export function ingestWorkflow(): WorkflowJson {
	return JSON.parse(fs.readFileSync(path.join(REPO, 'test/e2e/fixtures/pipeline-ingest.json'), 'utf8')) as WorkflowJson;
}

export interface SampleTicket {
	id: string;
	payload: unknown;
	expected?: { intent?: string; action?: string };
}

export function loadSampleTickets(file = path.join(REPO, 'workflows/samples/demo-tickets.json')): SampleTicket[] {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as SampleTicket[];
}

/** Sign-offs customers write; one per pass (two once they run out), so no two passes send one text. */
const SIGN_OFFS = [
	'Thanks.',
	'Thank you.',
	'Cheers.',
	'Best regards.',
	'Kind regards.',
	'Many thanks.',
	'Thanks in advance.',
	'Regards.',
	'Best wishes.',
	'Thanks a lot.',
	'Warm regards.',
	'All the best.',
	'Much appreciated.',
	'Have a nice day.',
	'Speak soon.',
	'Thank you for your help.',
];

function signOff(pass: number): string {
	const n = SIGN_OFFS.length;
	return pass <= n ? SIGN_OFFS[pass - 1] : `${SIGN_OFFS[(pass - 1) % n]} ${SIGN_OFFS[Math.floor((pass - 1) / n) % n]}`;
}

/** Where the four sample shapes carry the customer's words (Zendesk, Freshdesk, Help Scout/Intercom). */
const MESSAGE_KEYS = new Set(['description', 'ticket_description', 'body']);

/**
 * The payload with a sign-off appended to the customer's message (pass 0: unchanged). A sign-off
 * says nothing about the intent, the order or the policy, yet makes the text new to anything n8n
 * keeps by text, as each new ticket is.
 */
export function withFreshText(payload: unknown, pass: number): unknown {
	if (pass <= 0) return payload;
	const words = signOff(pass);
	const walk = (value: unknown, key?: string): unknown => {
		if (typeof value === 'string') {
			if (!key || !MESSAGE_KEYS.has(key) || !value.trim()) return value;
			return value.includes('<') ? `${value}<p>${words}</p>` : `${value}\n\n${words}`;
		}
		if (Array.isArray(value)) return value.map((v) => walk(v));
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
		return value;
	};
	return walk(payload);
}
