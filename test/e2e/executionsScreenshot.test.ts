/**
 * Outcomes where operators look: tickets sent through the shipped pipeline template (shadow mode),
 * then the workflow's Executions list in the editor. Each execution carries the case's outcome as
 * n8n execution custom data (ticket, intent, route, verdict, escalation, mode), which the list
 * filters by and each execution's "Highlighted data" panel shows. n8n draws those only when its
 * licence has advanced execution filters (Enterprise, or the free registered Community edition):
 * this test turns that feature on through n8n's own end-to-end test mode (E2E_TESTS=true,
 * PATCH /rest/e2e/feature), as n8n's own UI tests do. The recorded data itself needs no licence
 * and is asserted through the REST API first. The screenshot goes to docs/screenshots/.
 */
import type { Page } from 'playwright-core';

import { ShopifyStandIn } from '../stand-ins';
import { OWNER_EMAIL } from './n8nRestClient';
import { loadWorkflow, startN8n, type N8nInstance, type WorkflowJson } from './harness';
import { launchBrowser, pngSize, saveScreenshot, signInToN8n, VIEWPORT, type Browser } from './browser';
import { importWorkflow } from './editorSession';
import { daysAgo, PIPELINE_CREDENTIALS, pipelineOnPath, policyDocuments, SHOP_TOKEN, sendWhenPublished, zendeskBody } from './pipelineFixtures';

jest.setTimeout(600_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WEBHOOK_PATH = 'support-pipeline-outcomes';

describe('outcomes in the Executions list (real n8n, headless Chromium)', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let shopify: ShopifyStandIn;
	let id: string;
	let workflow: WorkflowJson;
	const executionOf: Record<string, string> = {};

	beforeAll(async () => {
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		n8n = await startN8n({ workflows: [loadWorkflow('pipeline-ingest.json')], credentials: PIPELINE_CREDENTIALS, env: { E2E_TESTS: 'true' } });
		expect((await n8n.webhook('pipeline-ingest', { documents: policyDocuments() })).status).toBe(200);
		workflow = pipelineOnPath(WEBHOOK_PATH, shopify.url, 'outcomes');
		id = await importWorkflow(n8n, workflow);
		const stored = await n8n.rest.request<Json>('GET', `/rest/workflows/${id}`);
		await n8n.rest.request('POST', `/rest/workflows/${id}/activate`, { versionId: stored.versionId });
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await shopify?.close();
	});

	const send = (body: unknown) => sendWhenPublished(n8n, WEBHOOK_PATH, body);
	const customDataOf = async (ticketId: string): Promise<Record<string, string>> => {
		const run = await n8n.waitForExecution((e) => (e as Json).workflowId === id && JSON.stringify(e.data.resultData.runData).includes(`"id":"${ticketId}"`), 30_000);
		executionOf[ticketId] = run.id;
		return ((run.data.resultData as Json).metadata ?? {}) as Record<string, string>;
	};

	it('records each run\'s outcome as execution custom data: handled, escalated by identity, escalated by the router', async () => {
		shopify.addOrder({ id: 5201, total_price: '40.00', email: 'sam@example.com', delivered_at: daysAgo(3) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		shopify.addOrder({ id: 5202, total_price: '20.00', email: 'owner@example.com', delivered_at: daysAgo(1) } as Parameters<ShopifyStandIn['addOrder']>[0]);

		expect((await send(zendeskBody(7201, 'Refund for order #5201', 'Hello, my order #5201 arrived but it does not fit. I would like to return it and get my money back please.', 'sam@example.com'))).status).toBe(200);
		expect(await customDataOf('7201')).toEqual({ ticket: '7201', intent: 'return_refund', route: 'handled', verdict: 'reply:approve', mode: 'shadow' });

		expect((await send(zendeskBody(7202, 'Refund order #5202', 'Please refund order #5202 to me, I want my money back.', 'someone.else@example.com'))).status).toBe(200);
		expect(await customDataOf('7202')).toMatchObject({ ticket: '7202', intent: 'return_refund', route: 'escalated', escalation: 'specialistPlanner:condition' });

		expect((await send(zendeskBody(7203, 'Question', 'Which tulip varieties flower best in a shady garden in April?', 'gardener@example.com'))).status).toBe(200);
		expect(await customDataOf('7203')).toMatchObject({ ticket: '7203', route: 'escalated', escalation: 'intentRouter:low_confidence' });
	});

	it('the Executions list shows them (advanced execution filters on); screenshot', async () => {
		await n8n.rest.request('PATCH', '/rest/e2e/feature', { feature: 'feat:advancedExecutionFilters', enabled: true });
		const page: Page = await browser.context.newPage();
		await signInToN8n(page, n8n.baseUrl, OWNER_EMAIL, n8n.rest.ownerSecret);
		await page.goto(`${n8n.baseUrl}/workflow/${id}/executions/${executionOf['7202']}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="executions-sidebar"]').waitFor({ state: 'visible', timeout: 60_000 });
		const button = page.locator('[data-test-id="execution-preview-ellipsis-button"]');
		await button.waitFor({ state: 'visible', timeout: 30_000 });
		await button.click();
		const panel = page.locator('[data-test-id="execution-annotation-panel"]');
		await panel.waitFor({ state: 'visible', timeout: 30_000 });
		const text = await panel.innerText();
		for (const shown of ['ticket', '7202', 'intent', 'return_refund', 'route', 'escalated', 'escalation', 'specialistPlanner:condition']) expect(text).toContain(shown);
		await page.waitForTimeout(400);
		const shot = await saveScreenshot(page, 'executions-custom-data.png');
		expect(pngSize(shot)).toEqual(VIEWPORT);
		await page.close();
	});
});
