/**
 * The templates as a user sees them: a real n8n 2.41.1 with the package installed as Community
 * Nodes installs it and every template in workflows/*.json imported, opened in the editor in
 * headless Chromium. For each template the canvas must draw every one of our nodes with its own
 * icon (no "?" placeholder, no "install this node" badge); the Support Intent Router's panel must
 * show our parameters. Screenshots go to docs/screenshots/ for the README.
 *
 * Templates are imported like the editor's "Import from file" (created, not activated): a
 * template whose credentials do not exist here, or whose trigger needs the vendor, still opens.
 */

import type { Page } from 'playwright-core';

import { OWNER_EMAIL } from './n8nRestClient';
import { loadTemplate, startN8n, templatesWithOurNodes, type N8nInstance, type WorkflowJson } from './harness';
import { importWorkflow, openOnCanvas, templateCredentials } from './editorSession';
import {
	blockingOverlays,
	canvasNode,
	launchBrowser,
	OUR_NODE_PREFIX,
	pngSize,
	saveScreenshot,
	signInToN8n,
	VIEWPORT,
	type Browser,
} from './browser';

jest.setTimeout(600_000);

const TEMPLATE_FILES = templatesWithOurNodes();

const ROUTER = 'Support Intent Router';
/** Labels the router's panel must show (displayNames in nodes/SupportIntentRouter/description.ts). */
const ROUTER_PARAMETER_LABELS = ['Ticket Source', 'Engine', 'Intents', 'Confidence Threshold'];

const ourNodesOf = (w: WorkflowJson) => w.nodes.filter((n) => n.type.startsWith(OUR_NODE_PREFIX));

describe('templates in the n8n editor (real n8n, headless Chromium)', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;
	const ids: Record<string, string> = {};
	const templates = Object.fromEntries(TEMPLATE_FILES.map((f) => [f, loadTemplate(f)]));
	/** A node of ours with a type this package does not have: what a user sees when a node is missing. */
	const missingNodeWorkflow: WorkflowJson = {
		name: 'Control: a node type that is not installed',
		nodes: [
			{ id: 'c1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'c2', name: 'Not Installed', type: `${OUR_NODE_PREFIX}noSuchNode`, typeVersion: 1, position: [260, 0], parameters: {} },
		],
		connections: { Manual: { main: [[{ node: 'Not Installed', type: 'main', index: 0 }]] } },
		settings: {},
	} as WorkflowJson;

	beforeAll(async () => {
		browser = await launchBrowser();
		// The credentials the templates name, as an operator has them after setting up (empty
		// placeholders: nothing here calls a vendor), so the screenshots show the configured canvas
		// rather than "credential not set" warnings.
		n8n = await startN8n({ workflows: [], credentials: templateCredentials(Object.values(templates)) });
		for (const [file, workflow] of Object.entries(templates)) ids[file] = await importWorkflow(n8n, workflow);
		ids.control = await importWorkflow(n8n, missingNodeWorkflow);
		page = await browser.context.newPage();
		await signInToN8n(page, n8n.baseUrl, OWNER_EMAIL, n8n.rest.ownerSecret);
	});
	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	it('finds the templates, and each uses nodes of ours', () => {
		expect(TEMPLATE_FILES).toEqual(expect.arrayContaining(['support-pipeline-webhook.json', 'support-router-webhook.json']));
		for (const file of TEMPLATE_FILES) expect({ file, ours: ourNodesOf(templates[file]).length > 0 }).toEqual({ file, ours: true });
	});

	it('tells a missing node type apart (the markers this test relies on do show up)', async () => {
		await openOnCanvas(page, n8n, ids.control, missingNodeWorkflow);
		const missing = await canvasNode(page, 'Not Installed');
		expect(missing).toMatchObject({ found: true, type: `${OUR_NODE_PREFIX}noSuchNode` });
		expect(missing.placeholder).toBe(true);
		const builtIn = await canvasNode(page, 'Manual');
		expect(builtIn).toMatchObject({ found: true, placeholder: false, notInstalled: false });
	});

	it.each(TEMPLATE_FILES)('%s: every node of ours is drawn with its icon; screenshot', async (file) => {
		const workflow = templates[file];
		await openOnCanvas(page, n8n, ids[file], workflow);
		expect(new URL(page.url()).pathname).toBe(`/workflow/${ids[file]}`);

		for (const node of ourNodesOf(workflow)) {
			const drawn = await canvasNode(page, node.name);
			expect(drawn).toMatchObject({ name: node.name, found: true, type: node.type, placeholder: false, notInstalled: false, iconLoaded: true });
			// Our own SVG, served from the installed package, not a built-in fallback icon.
			expect(drawn.iconSrc).toMatch(/\/n8n-nodes-support-coordination\/.*\.svg$/);
		}
		expect(await blockingOverlays(page)).toEqual([]);

		const shot = await saveScreenshot(page, file.replace(/\.json$/, '.png'));
		expect(pngSize(shot)).toEqual(VIEWPORT);
	});

	it('opens the Support Intent Router and shows its parameters; screenshot', async () => {
		const file = ['support-pipeline-webhook.json', ...TEMPLATE_FILES].find((f) => templates[f]?.nodes.some((n) => n.name === ROUTER))!;
		expect(file).toBeDefined();
		await openOnCanvas(page, n8n, ids[file], templates[file]);
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${ROUTER}"]`).dblclick();
		const parameters = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
		await parameters.waitFor({ state: 'visible', timeout: 30_000 });
		const text = await parameters.innerText();
		for (const label of ROUTER_PARAMETER_LABELS) expect(text).toContain(label);
		// The template's intents are listed by name in the Intents collection (as field values).
		const router = templates[file].nodes.find((n) => n.name === ROUTER)!;
		const intentNames = ((router.parameters as { intents?: { intent?: Array<{ name: string }> } }).intents?.intent ?? []).map((i) => i.name);
		expect(intentNames.length).toBeGreaterThan(0);
		// n8n draws a long collection's entries over several frames: read until all are in (or 20 s).
		let values: string[] = [];
		for (const until = Date.now() + 20_000; Date.now() < until; await page.waitForTimeout(250)) {
			const fields = await parameters.locator('input, textarea').all();
			values = await Promise.all(fields.map(async (f) => await f.inputValue()));
			if (intentNames.every((name) => values.includes(name))) break;
		}
		expect(values).toEqual(expect.arrayContaining(intentNames));

		await page.mouse.move(VIEWPORT.width - 5, 5);
		await page.waitForTimeout(300);
		const shot = await saveScreenshot(page, 'intent-router-parameters.png');
		expect(pngSize(shot)).toEqual(VIEWPORT);
		await page.keyboard.press('Escape');
	});
});
