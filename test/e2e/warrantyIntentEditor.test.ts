/**
 * Issue #17's acceptance test: "one place per intent". An operator adds a warranty intent to the
 * shipped pipeline template through the n8n editor only (headless Chromium, clicks and typing in the
 * Support Intent Router's form: no JSON, no REST edit of the workflow), saves and publishes with
 * the header's buttons; a warranty ticket then gets the policy answer the entry describes, in
 * suggest mode, with the tools the entry allows and no refund. Nothing else of the workflow was
 * touched: the new intent leaves through the Router's one Routed output (version 3) and the
 * Planner, Critic and Executor read the entry from the case file (`support.intent.settings`).
 *
 * A second ticket, on an order delivered longer ago than the eligibility period typed in the form,
 * goes to a person naming that number: the typed value, not a default, is what the layers use.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../stand-ins';
import { OWNER_EMAIL } from './n8nRestClient';
import { loadWorkflow, nodeOutputs, startN8n, type Execution, type N8nInstance, type WorkflowJson } from './harness';
import { daysAgo, PIPELINE_CREDENTIALS, pipelineOnPath, SHOP_TOKEN, sendWhenPublished, zendeskBody } from './pipelineFixtures';
import { launchBrowser, pngSize, signInToN8n, VIEWPORT, type Browser } from './browser';
import {
	chooseOption,
	chooseOptions,
	closeNodePanel,
	importWorkflow,
	openNodePanel,
	openOnCanvas,
	parameterField,
	parameterPanel,
	saveAndPublish,
	saveParameterColumn,
	setSwitch,
	typeIntoParameter,
} from './editorSession';

jest.setTimeout(900_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROUTER = 'Support Intent Router';
const PLANNER = 'Support Specialist Planner';
const WEBHOOK_PATH = 'support-pipeline-warranty';
const REFUND_TOOLS = ['shopify.refundOrder', 'stripe.createRefund'];
const DEBUG_DIR = process.env.SUPPORT_COORD_E2E_DEBUG_DIR;
/** Tall enough for the whole filled entry in one picture. */
const ENTRY_SHOT_HEIGHT = 1700;

/** What the operator types and picks in the new intent entry. */
const WARRANTY = {
	name: 'warranty_claim',
	description: 'A product broke or stopped working and the customer claims the warranty',
	examples: [
		'My blender stopped working after 8 months, is it still under warranty?',
		'I want to make a warranty claim for my headphones, the left side is dead',
		'The kettle I bought last spring broke, does the warranty cover it?',
		'Can I get a warranty repair or replacement for my faulty coffee grinder?',
		'How do I claim the 2-year warranty on my vacuum cleaner?',
		'The zipper of my backpack broke after a few months, warranty please',
	],
	eligibleWithinDays: 730,
	replyText:
		'Your order [[facts.order.name]] is covered by our 2-year warranty from delivery. Please reply with a photo or short video of the fault and we will repair or replace the item [[cite]].',
	citeTopics: 'warranty',
	allowedTools: ['shopify.getOrder', 'zendesk.addInternalNote'],
};

/** The policies the ingest workflow loads: the template's usual ones plus the Warranty document (both versions). */
const POLICY_IDS = ['returns', 'refunds', 'shipping-domestic', 'delivery-problems', 'warranty'];
function policyDocuments(): Json[] {
	const dir = path.join(__dirname, '../fixtures/policies');
	const all = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as Json[];
	return all.filter((d) => POLICY_IDS.includes(d.documentId)).map((d) => ({ ...d, content: fs.readFileSync(path.join(dir, d.file), 'utf8') }));
}

/** Saves a picture of the page for a failed step when SUPPORT_COORD_E2E_DEBUG_DIR is set. */
async function debugShot(page: Page, name: string): Promise<void> {
	if (!DEBUG_DIR) return;
	fs.mkdirSync(DEBUG_DIR, { recursive: true });
	await page.screenshot({ path: path.join(DEBUG_DIR, `${name}.png`) }).catch(() => {});
	const paths = await parameterPanel(page)
		.locator('[data-parameter-path]')
		.evaluateAll((els) => els.map((el) => el.getAttribute('data-parameter-path') ?? ''))
		.catch(() => []);
	fs.writeFileSync(path.join(DEBUG_DIR, `${name}.paths.txt`), [...new Set(paths)].join('\n'));
}

/** Scrolls the panel so this field, label included, is at the top of the visible form. */
async function scrollFieldToTop(page: Page, fieldPath: string): Promise<void> {
	await parameterField(page, fieldPath).evaluate((el) => {
		el.scrollIntoView({ block: 'start' });
		// A little room above the field for its label, in the nearest scrolling ancestor.
		type Box = { parentElement: Box | null; scrollHeight: number; clientHeight: number; scrollTop: number };
		let box = (el as unknown as Box).parentElement;
		while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
		if (box) box.scrollTop -= 40;
	});
	await page.waitForTimeout(300);
}

describe('issue #17: a warranty intent added in the editor, end to end (real n8n, headless Chromium)', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;
	let zendesk: ZendeskStandIn;
	let shopify: ShopifyStandIn;
	let stripe: StripeStandIn;
	let id: string;
	let workflow: WorkflowJson;
	let templateIntents: number;

	const zendeskCredential = PIPELINE_CREDENTIALS.find((c) => c.type === 'zendeskApi')!.data as { email: string; apiToken: string };
	const stripeCredential = PIPELINE_CREDENTIALS.find((c) => c.type === 'stripeApi')!.data as { secretKey: string };

	beforeAll(async () => {
		zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${zendeskCredential.email}/token:${zendeskCredential.apiToken}`).toString('base64')}`).start();
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		stripe = await new StripeStandIn(stripeCredential.secretKey).start();
		n8n = await startN8n({ workflows: [loadWorkflow('pipeline-ingest.json')], credentials: PIPELINE_CREDENTIALS });
		const ingested = await n8n.webhook('pipeline-ingest', { documents: policyDocuments() });
		expect(ingested.status).toBe(200);
		// The template as shipped, its vendor calls pointed at the stand-ins (the operator's setup, not the change under test).
		workflow = pipelineOnPath(WEBHOOK_PATH, shopify.url, 'warranty intent added in the editor');
		for (const n of workflow.nodes as Json[]) {
			if (n.name === 'Support Action Executor') n.parameters.options = { ...n.parameters.options, zendeskBaseUrl: zendesk.url, shopifyBaseUrl: shopify.url, stripeBaseUrl: stripe.url };
		}
		const router = (workflow.nodes as Json[]).find((n) => n.name === ROUTER)!;
		expect(router.typeVersion).toBe(3);
		templateIntents = router.parameters.intents.intent.length;
		expect(router.parameters.intents.intent.map((i: Json) => i.name)).not.toContain(WARRANTY.name);
		id = await importWorkflow(n8n, workflow);
		browser = await launchBrowser();
		page = await browser.context.newPage();
		await signInToN8n(page, n8n.baseUrl, OWNER_EMAIL, n8n.rest.ownerSecret);
	});
	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await Promise.all([zendesk?.close(), shopify?.close(), stripe?.close()]);
	});

	const send = (body: unknown) => sendWhenPublished(n8n, WEBHOOK_PATH, body);
	/** The finished run whose Router saw this ticket. */
	const runFor = async (ticketId: string): Promise<Execution> =>
		await n8n.waitForExecution((e) => ((e.data.resultData.runData[ROUTER]?.[0]?.data?.main ?? []).flat().filter(Boolean) as Json[]).some((it) => it.json.support?.ticket?.id === ticketId), 60_000);

	it('adds the warranty intent in the Router\'s form, saves and publishes with the header\'s buttons', async () => {
		await openOnCanvas(page, n8n, id, workflow);
		await openNodePanel(page, ROUTER);
		const at = (field: string) => `intents.intent[${templateIntents}].${field}`;
		/** The new entry's fields the form draws now (display rules re-evaluated after each change). */
		const drawn = async () => {
			await page.waitForTimeout(400);
			return await parameterPanel(page)
				.locator(`[data-parameter-path^="parameters.intents.intent[${templateIntents}]."]`)
				.evaluateAll((els) => [...new Set(els.map((el) => (el.getAttribute('data-parameter-path') ?? '').replace(/^.*\]\./, '')))]);
		};
		const seen: Record<string, string[]> = {};
		const fill = async () => {
			const intents = page.locator('[data-test-id="ndv"] [data-test-id="fixed-collection-intents"]');
			await intents.waitFor({ state: 'visible', timeout: 30_000 });
			await intents.locator('[data-test-id="fixed-collection-add-top-level-button"], [data-test-id="fixed-collection-add"]').last().click();
			await parameterField(page, at('name')).waitFor({ state: 'visible', timeout: 30_000 });
			seen.added = await drawn();

			await typeIntoParameter(page, at('name'), WARRANTY.name);
			await typeIntoParameter(page, at('description'), WARRANTY.description);
			await typeIntoParameter(page, at('examples'), WARRANTY.examples.join('\n'));
			await chooseOption(page, at('rolloutMode'), 'Suggest');
			await chooseOption(page, at('playbook'), 'Answer From Policy');
			seen.answerFromPolicy = await drawn();
			await typeIntoParameter(page, at('eligibleWithinDays'), String(WARRANTY.eligibleWithinDays));
			await setSwitch(page, at('needsOrder'), true);
			await typeIntoParameter(page, at('replyText'), WARRANTY.replyText);
			await typeIntoParameter(page, at('citeTopics'), WARRANTY.citeTopics);
			await chooseOption(page, at('tools'), 'Choose Tools');
			// A refund tool ticked shows the refund cap; unticked again, the cap goes.
			await chooseOptions(page, at('allowedTools'), [...WARRANTY.allowedTools, 'shopify.refundOrder']);
			seen.withRefundTool = await drawn();
			await chooseOptions(page, at('allowedTools'), ['shopify.refundOrder']);
			seen.chosenTools = await drawn();
		};
		// On a failed step, a picture of the form (SUPPORT_COORD_E2E_DEBUG_DIR), then the failure as it was.
		await fill().catch(async (error: unknown) => {
			await debugShot(page, 'warranty-form-failed');
			return await Promise.reject(error);
		});
		await debugShot(page, 'warranty-form-filled');

		// The form follows the entry's choices inside the Intents list (display rules per entry).
		const perPlaybook = ['returnWindowDays', 'refundProcessingDays', 'dispatchDays', 'damageReportDays', 'eligibleWithinDays'];
		// New entry, Playbook "Hand to a Person" (the default): nothing else to set.
		expect(seen.added).toEqual(expect.arrayContaining(['name', 'description', 'examples', 'rolloutMode', 'playbook']));
		for (const hidden of [...perPlaybook, 'needsOrder', 'replyText', 'replaceReplyText', 'citeTopics', 'tools', 'allowedTools', 'disabledChecks']) expect(seen.added).not.toContain(hidden);
		// Answer From Policy: its period, order switch, text and topics; the playbook's own tools.
		expect(seen.answerFromPolicy).toEqual(expect.arrayContaining(['eligibleWithinDays', 'needsOrder', 'replyText', 'citeTopics', 'tools', 'disabledChecks']));
		for (const hidden of [...perPlaybook.filter((f) => f !== 'eligibleWithinDays'), 'replaceReplyText', 'allowedTools', 'refundCap', 'maxWritesPerTicket']) expect(seen.answerFromPolicy).not.toContain(hidden);
		// Choose Tools: the tool list and the write limit; the refund cap only while a refund tool is ticked.
		expect(seen.withRefundTool).toEqual(expect.arrayContaining(['allowedTools', 'refundCap', 'capCurrencies', 'maxWritesPerTicket']));
		expect(seen.chosenTools).toEqual(expect.arrayContaining(['allowedTools', 'maxWritesPerTicket']));
		expect(seen.chosenTools).not.toContain('refundCap');
		expect(seen.chosenTools).not.toContain('capCurrencies');

		// The README's picture of the filled entry, whole: a taller window, the entry from its name to its last field.
		await page.setViewportSize({ width: VIEWPORT.width, height: ENTRY_SHOT_HEIGHT });
		await page.mouse.move(VIEWPORT.width - 5, 5);
		await scrollFieldToTop(page, at('name'));
		// The example messages from their first line (typing left the box scrolled to its end).
		await parameterField(page, at('examples')).locator('textarea').evaluate((el) => {
			(el as unknown as { scrollTop: number }).scrollTop = 0;
		});
		const column = (await page.locator('[data-test-id="ndv"] .node-settings').boundingBox())!;
		const first = (await parameterField(page, at('name')).boundingBox())!;
		const last = (await parameterField(page, at('disabledChecks')).boundingBox())!;
		expect(first.y).toBeGreaterThan(column.y);
		expect(last.y + last.height).toBeLessThan(column.y + column.height);
		const shot = await saveParameterColumn(page, 'warranty-intent-entry.png', { first: at('name'), last: at('disabledChecks') });
		expect(pngSize(shot.file)).toEqual({ width: shot.width, height: shot.height });
		await page.setViewportSize(VIEWPORT);

		await closeNodePanel(page);
		await saveAndPublish(page);

		// What the editor saved and published (read back, never written through the API).
		let stored: Json = {};
		for (const until = Date.now() + 60_000; Date.now() < until; await page.waitForTimeout(500)) {
			stored = await n8n.rest.request<Json>('GET', `/rest/workflows/${id}`);
			if (stored.activeVersionId && stored.activeVersionId === stored.versionId) break;
		}
		expect(stored.activeVersionId).toBe(stored.versionId);
		const router = (stored.nodes as Json[]).find((n) => n.name === ROUTER)!;
		const entries = router.parameters.intents.intent as Json[];
		expect(entries).toHaveLength(templateIntents + 1);
		expect(entries[templateIntents]).toMatchObject({
			name: WARRANTY.name,
			description: WARRANTY.description,
			examples: WARRANTY.examples.join('\n'),
			rolloutMode: 'suggest',
			playbook: 'answer_from_policy',
			eligibleWithinDays: WARRANTY.eligibleWithinDays,
			replyText: WARRANTY.replyText,
			citeTopics: WARRANTY.citeTopics,
			tools: 'choose',
		});
		expect([...entries[templateIntents].allowedTools].sort()).toEqual([...WARRANTY.allowedTools].sort());
		// Needs an Order is on by default: n8n saves a default as nothing, or as true.
		expect(entries[templateIntents].needsOrder ?? true).toBe(true);
		// No wire was added or moved: the Router still has its Human and Routed outputs as shipped.
		expect(stored.connections[ROUTER]).toEqual(workflow.connections[ROUTER]);
	});

	it('a warranty ticket gets the entry\'s answer in suggest mode: order filled in, Warranty policy cited, no refund planned or made', async () => {
		shopify.addOrder({ id: 1001, total_price: '89.00', email: 'sam@example.com', delivered_at: daysAgo(240) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		zendesk.addTicket({ id: 7301 });
		const res = await send(zendeskBody(7301, 'Warranty claim for order #1001', 'My blender from order #1001 stopped working after 8 months. Can I claim the warranty?', 'sam@example.com'));
		expect(res.status).toBe(200);
		const body = res.body as Json;
		expect({ ...body, reason: body.reason ?? null }).toMatchObject({ ticketId: '7301', route: 'handled', intent: WARRANTY.name, rolloutMode: 'suggest', executionMode: 'suggest', reason: null });
		expect(body.draftReply).toContain('Your order #1001 is covered by our 2-year warranty from delivery. Please reply with a photo or short video of the fault and we will repair or replace the item');
		expect(body.draftReply).toMatch(/\(see Warranty[^)]*, v2\)/);
		expect(body.draftReply).not.toContain('[[');

		// The case file, as the Planner left it.
		const run = await runFor('7301');
		const planned = nodeOutputs(run, PLANNER)[0][0].json.support as Json;
		expect(planned.intent).toMatchObject({ category: WARRANTY.name, rolloutMode: 'suggest' });
		expect(planned.intent.settings).toMatchObject({
			playbook: 'answer_from_policy',
			policy: { eligibleWithinDays: WARRANTY.eligibleWithinDays, needsOrder: true },
			replyText: WARRANTY.replyText,
			citeTopics: [WARRANTY.citeTopics],
			scope: { allowedTools: expect.arrayContaining(WARRANTY.allowedTools) },
		});
		const tools = (planned.plan.steps as Json[]).map((s) => s.tool);
		expect(tools.length).toBeGreaterThan(0);
		for (const tool of tools) expect(WARRANTY.allowedTools).toContain(tool);
		for (const refund of REFUND_TOOLS) expect(tools).not.toContain(refund);
		// The cited passage is the Warranty policy in force (version 2).
		const cited = (planned.context.passages as Json[]).filter((p) => (planned.plan.draftReply.citations as string[]).includes(p.chunkId));
		expect(cited.length).toBeGreaterThan(0);
		expect(cited.every((p) => p.documentId === 'warranty' && p.version === '2')).toBe(true);

		// Suggest mode: the note for agents reaches Zendesk, nothing reaches the customer, no money moves.
		const comments = zendesk.tickets.get(7301)!.comments;
		expect(comments.filter((c) => !c.public).length).toBeGreaterThanOrEqual(1);
		expect(comments.filter((c) => c.public)).toEqual([]);
		expect(shopify.orders.get(1001)!.refunds).toHaveLength(0);
		expect(shopify.writesForOrder(1001)).toHaveLength(0);
		expect(stripe.writes).toHaveLength(0);
		process.stdout.write(`warranty draft: ${JSON.stringify(body.draftReply)}\nplan: ${tools.join(', ')}\n`);
	});

	it('an order delivered longer ago than the typed eligibility period (730 days) goes to a person, naming it', async () => {
		shopify.addOrder({ id: 1002, total_price: '59.00', email: 'sam@example.com', delivered_at: daysAgo(800) } as Parameters<ShopifyStandIn['addOrder']>[0]);
		zendesk.addTicket({ id: 7302 });
		const res = await send(zendeskBody(7302, 'Warranty claim for order #1002', 'My kettle from order #1002 stopped working. Can I claim the warranty and get it repaired?', 'sam@example.com'));
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ ticketId: '7302', route: 'escalated', intent: WARRANTY.name });
		expect((res.body as Json).reason).toMatch(/#1002 was delivered more than 730 days ago/);
		expect(shopify.orders.get(1002)!.refunds).toHaveLength(0);
	});
});
