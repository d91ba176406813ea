/**
 * An operator pastes a playbook with placeholders into the Support Specialist Planner through the
 * n8n editor (headless Chromium, the clipboard, Ctrl+V into the Playbooks field), saves, publishes,
 * and a ticket sent to the webhook gets a draft with every placeholder filled. Before version 2 of
 * the planner, pasting `{{...}}` switched the field to an expression and n8n evaluated the
 * placeholders to empty strings ("Hi ,"): the saved field must stay fixed text (a version-2 Planner, as saved workflows have it), and the other
 * intents must keep their built-in playbooks (operator playbooks merge by intent).
 */
import type { Page } from 'playwright-core';

import { ShopifyStandIn } from '../stand-ins';
import { OWNER_EMAIL } from './n8nRestClient';
import { loadWorkflow, startN8n, type N8nInstance, type WorkflowJson } from './harness';
import { daysAgo, PIPELINE_CREDENTIALS, pipelineOnPath, policyDocuments, SHOP_TOKEN, sendWhenPublished, zendeskBody } from './pipelineFixtures';
import { launchBrowser, signInToN8n, type Browser } from './browser';
import { importWorkflow, openOnCanvas } from './editorSession';

jest.setTimeout(600_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PLANNER = 'Support Specialist Planner';
const WEBHOOK_PATH = 'support-pipeline-playbook';

/** The operator's playbook: order_status only, with placeholders in every sentence. */
const PLAYBOOK = [
	{
		id: 'my_order_status',
		intents: ['order_status'],
		specialist: 'shipping',
		requires: [{ path: 'facts.order', reason: 'No order could be found for this ticket' }],
		reply: {
			en: [
				{ text: 'Hi [[ticket.customer.name]],', frame: true },
				{ text: 'Your order [[facts.order.name]] is being packed by our warehouse team for [[ticket.customer.email]].' },
				{ text: 'Best regards,\nThe Acme Team', frame: true },
			],
		},
	},
];

/** Pastes text into a parameter's code editor as a person does: select all, Ctrl+V from the clipboard. */
async function pasteIntoParameter(page: Page, parameter: string, text: string): Promise<void> {
	const field = page.locator(`[data-test-id="ndv"] [data-parameter-path="parameters.${parameter}"] .cm-content`).first();
	await field.waitFor({ state: 'visible', timeout: 30_000 });
	await field.click();
	await page.keyboard.press('Control+A');
	await page.evaluate(async (t) => await (globalThis as unknown as { navigator: { clipboard: { writeText(s: string): Promise<void> } } }).navigator.clipboard.writeText(t), text);
	await page.keyboard.press('Control+V');
}

/**
 * Closes the node panel. Escape inside the code editor stays in the editor, so the field is left
 * first (the panel's own header), then Escape; the backdrop's corner closes it otherwise.
 */
async function closeNodePanel(page: Page): Promise<void> {
	const panel = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
	await panel.click({ position: { x: 4, y: 4 } });
	await page.keyboard.press('Escape');
	const closed = await panel.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false);
	if (!closed) await page.locator('[data-test-id="ndv-backdrop"]').click({ position: { x: 4, y: 4 }, force: true });
	await panel.waitFor({ state: 'hidden', timeout: 30_000 });
}

describe('a playbook pasted into the planner through the editor (real n8n, headless Chromium)', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let shopify: ShopifyStandIn;
	let id: string;
	let workflow: WorkflowJson;

	beforeAll(async () => {
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		n8n = await startN8n({ workflows: [loadWorkflow('pipeline-ingest.json')], credentials: PIPELINE_CREDENTIALS });
		const ingested = await n8n.webhook('pipeline-ingest', { documents: policyDocuments() });
		expect(ingested.status).toBe(200);
		workflow = pipelineOnPath(WEBHOOK_PATH, shopify.url, 'playbook pasted in the editor');
		// The Playbooks field of a saved version-2 Planner (version 3 keeps custom playbooks under
		// Advanced, for intents set to Custom in the Router: test/e2e/warrantyIntentEditor.test.ts
		// covers the version-3 way of configuring an intent in the editor).
		const planner = (workflow.nodes as Json[]).find((n) => n.name === PLANNER)!;
		Object.assign(planner, { typeVersion: 2, parameters: { engine: 'playbook', policyValues: '{}' } });
		id = await importWorkflow(n8n, workflow);
		browser = await launchBrowser();
		await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: n8n.baseUrl });
	});
	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await shopify?.close();
	});

	const send = (body: unknown) => sendWhenPublished(n8n, WEBHOOK_PATH, body);

	it('pastes the playbook, saves and publishes; a ticket gets the draft with every placeholder filled', async () => {
		const page = await browser.context.newPage();
		await signInToN8n(page, n8n.baseUrl, OWNER_EMAIL, n8n.rest.ownerSecret);
		await openOnCanvas(page, n8n, id, workflow);
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${PLANNER}"]`).dblclick();
		await pasteIntoParameter(page, 'playbooks', JSON.stringify(PLAYBOOK, null, 2));
		await closeNodePanel(page);
		await page.keyboard.press('Control+S');
		// Saved by Ctrl+S (or by the editor's autosave before it): wait until n8n has the pasted text.
		const plannerOf = (wf: Json) => (wf.nodes as Json[]).find((n) => n.name === PLANNER)!;
		let stored: Json = {};
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			stored = await n8n.rest.request<Json>('GET', `/rest/workflows/${id}`);
			if (plannerOf(stored).parameters.playbooks !== undefined) break;
			await page.waitForTimeout(500);
		}

		// What the editor saved: the pasted text as fixed text (not "=..." an expression n8n evaluates).
		const planner = plannerOf(stored);
		expect(planner.typeVersion).toBe(2);
		expect(typeof planner.parameters.playbooks).toBe('string');
		expect(planner.parameters.playbooks.startsWith('=')).toBe(false);
		expect(JSON.parse(planner.parameters.playbooks)).toEqual(PLAYBOOK);
		await n8n.rest.request('POST', `/rest/workflows/${id}/activate`, { versionId: stored.versionId });

		shopify.addOrder({ id: 5101, total_price: '40.00', email: 'sam@example.com', created_at: daysAgo(1) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		const res = await send(zendeskBody(7101, 'When will order #5101 ship?', 'Hello, my order #5101 has not shipped yet. How long do dispatch and shipping usually take? Where is my order?', 'sam@example.com'));
		expect(res.status).toBe(200);
		// The reason is in the body when it escalates: shown by the assertion's diff.
		expect({ ...(res.body as Json), reason: (res.body as Json).reason ?? null }).toMatchObject({ ticketId: '7101', intent: 'order_status', route: 'handled', reason: null });
		expect((res.body as Json).draftReply).toBe('Hi Sam Carter,\n\nYour order #5101 is being packed by our warehouse team for sam@example.com.\n\nBest regards,\nThe Acme Team');
		await page.close();
	});

	it('the other intents keep their built-in playbooks (merged by intent, not replaced)', async () => {
		shopify.addOrder({ id: 5102, total_price: '25.00', email: 'sam@example.com', delivered_at: daysAgo(3) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		const res = await send(zendeskBody(7102, 'Refund for order #5102', 'Hello, my order #5102 arrived but it does not fit. I would like to return it and get my money back please.', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7102', route: 'handled', intent: 'return_refund' });
		expect((res.body as Json).draftReply).toMatch(/^Hi Sam Carter,\n\nWe have refunded 25 USD for order #5102 /);
	});
});
