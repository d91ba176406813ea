/**
 * The shipped pipeline template on a webhook path of its own, with the live order lookup pointed at
 * a Shopify stand-in, and what it needs to ground replies: the policy documents and Zendesk-shaped
 * ticket bodies. Shared by the editor tests that drive the pipeline end to end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { loadTemplate, type CredentialSpec, type N8nInstance, type WebhookResponse, type WorkflowJson } from './harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const WEBHOOK_HEADER = 'X-Support-Token';
export const WEBHOOK_HEADER_VALUE = ['e2e', 'editor', 'header'].join('-');
export const SHOP_TOKEN = ['shpat', 'editor0002'].join('_');

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** The template's credentials; only the webhook's and Shopify's are used (the rest stay in shadow). */
export const PIPELINE_CREDENTIALS: CredentialSpec[] = [
	{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: WEBHOOK_HEADER, value: WEBHOOK_HEADER_VALUE } },
	{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: 'agent@example.com', apiToken: 'unused' } },
	{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
	{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: 'unused' } },
];

/** What a Zendesk trigger's webhook sends. */
export function zendeskBody(id: number, subject: string, message: string, email: string) {
	return { 'ticket.id': String(id), 'ticket.title': subject, 'ticket.description': message, 'ticket.via': 'Mail', 'ticket.requester.name': 'Sam Carter', 'ticket.requester.email': email };
}

const POLICY_IDS = ['returns', 'refunds', 'shipping-domestic', 'delivery-problems'];
/** The policies the pipeline-ingest workflow loads, so replies are grounded. */
export function policyDocuments(): Json[] {
	const dir = path.join(__dirname, '../fixtures/policies');
	const all = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as Json[];
	return all.filter((d) => POLICY_IDS.includes(d.documentId)).map((d) => ({ ...d, content: fs.readFileSync(path.join(dir, d.file), 'utf8') }));
}

/** The shipped pipeline template (as shipped: shadow mode) on its own webhook path. */
export function pipelineOnPath(webhookPath: string, shopifyUrl: string, label: string): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as WorkflowJson & Json;
	wf.name = `${wf.name} [${label}]`;
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') n.parameters.path = webhookPath;
		if (n.name === 'Support Policy Retriever') n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: shopifyUrl };
	}
	return wf;
}

/**
 * Sends a ticket body to a published pipeline's webhook. n8n 2.41 registers a published workflow's
 * webhook from a background service (about every 10 s): until then the path answers 404 and nothing
 * runs, so the first ticket waits for it (60 s at most).
 */
export async function sendWhenPublished(n8n: N8nInstance, webhookPath: string, body: unknown): Promise<WebhookResponse> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const res = await n8n.webhook(webhookPath, body, { headers: { [WEBHOOK_HEADER]: WEBHOOK_HEADER_VALUE } });
		if (res.status !== 404 || Date.now() > deadline) return res;
		await new Promise((r) => setTimeout(r, 1_000));
	}
}
