/**
 * The README's node reference shows each node's form as n8n draws it: the shipped webhook pipeline
 * template in a real n8n 2.41.1 (this package installed as Community Nodes installs it), opened in
 * headless Chromium, each of our seven nodes' panel opened from the canvas and its parameter column
 * (tabs and form) saved to docs/screenshots/node-<name>.png.
 *
 * Before each picture the panel must be that node's: its title in the panel's header, and the
 * labels of the parameters the node's description (as n8n serves it to the editor, for the
 * template's node version and saved values) always shows at the top of its form.
 */
import { NodeHelpers, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';
import type { Page } from 'playwright-core';

import { OWNER_EMAIL } from './n8nRestClient';
import { loadTemplate, startN8n, type N8nInstance } from './harness';
import { blockingOverlays, launchBrowser, pngSize, signInToN8n, VIEWPORT, type Browser } from './browser';
import { closeNodePanel, importWorkflow, openNodePanel, openOnCanvas, parameterPanel, saveParameterColumn, templateCredentials } from './editorSession';

jest.setTimeout(600_000);

const TEMPLATE = 'support-pipeline-webhook.json';
/** Taller than the README's canvas pictures, so a picture holds more of a form. */
const WINDOW = { width: VIEWPORT.width, height: 1100 };

/** Our seven nodes, by their name in the template, and the picture each gets. */
const NODES: Array<[node: string, file: string]> = [
	['Support Intent Router', 'node-intent-router.png'],
	['Support Policy Retriever', 'node-policy-retriever.png'],
	['Support Case Facts', 'node-case-facts.png'],
	['Support Specialist Planner', 'node-specialist-planner.png'],
	['Support Critic (plan)', 'node-critic.png'],
	['Support Action Executor', 'node-action-executor.png'],
	['Support Escalation Packager', 'node-escalation-packager.png'],
];

/** Parameter types drawn without a label of their own. */
const UNLABELLED = new Set(['notice', 'hidden', 'callout', 'button']);

type TemplateNode = { name: string; type: string; typeVersion: number; parameters: INodeParameters };

/** The labels of the first parameters n8n shows for this node as saved (display rules evaluated by n8n's own helpers). */
function firstLabels(description: INodeTypeDescription, node: TemplateNode, count = 3): string[] {
	const values = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node as never, description) ?? {};
	return description.properties
		.filter((p) => !UNLABELLED.has(p.type) && NodeHelpers.displayParameter(values, p, node as never, description, values))
		.slice(0, count)
		.map((p) => p.displayName);
}

describe("each of our nodes' form in the n8n editor, for the README (real n8n, headless Chromium)", () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;
	let id: string;
	let descriptions: INodeTypeDescription[];
	const workflow = loadTemplate(TEMPLATE);

	beforeAll(async () => {
		browser = await launchBrowser();
		// The template's credentials as placeholders, so the panels show them set rather than warnings.
		n8n = await startN8n({ workflows: [], credentials: templateCredentials([workflow]) });
		id = await importWorkflow(n8n, workflow);
		descriptions = await n8n.rest.request<INodeTypeDescription[]>('GET', '/types/nodes.json');
		page = await browser.context.newPage();
		await page.setViewportSize(WINDOW);
		await signInToN8n(page, n8n.baseUrl, OWNER_EMAIL, n8n.rest.ownerSecret);
		await openOnCanvas(page, n8n, id, workflow);
	});
	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	it('the template has each of the seven nodes', () => {
		const names = workflow.nodes.map((n) => n.name);
		for (const [node] of NODES) expect(names).toContain(node);
	});

	it.each(NODES)('%s: its panel, screenshot %s', async (nodeName, file) => {
		const node = workflow.nodes.find((n) => n.name === nodeName) as unknown as TemplateNode;
		const versions = (d: INodeTypeDescription) => (Array.isArray(d.version) ? d.version : [d.version]);
		const description = descriptions.find((d) => d.name === node.type && versions(d).includes(node.typeVersion));
		expect(description).toBeDefined();
		const labels = firstLabels(description!, node);
		expect(labels.length).toBeGreaterThan(0);

		await openNodePanel(page, nodeName);
		const ndv = page.locator('[data-test-id="ndv"]');
		expect(await ndv.innerText()).toContain(nodeName);
		const text = await parameterPanel(page).innerText();
		for (const label of labels) expect({ node: nodeName, label, shown: text.includes(label) }).toEqual({ node: nodeName, label, shown: true });
		// No toast over the form (the panel itself is a dialog, so only notifications count).
		expect((await blockingOverlays(page)).filter((o) => /el-notification|el-message/.test(o))).toEqual([]);

		// The form from its top (as the panel opens), the pointer parked where it draws no tooltip.
		await page.mouse.move(WINDOW.width - 5, 5);
		await page.waitForTimeout(300);
		const shot = await saveParameterColumn(page, file);
		expect(pngSize(shot.file)).toEqual({ width: shot.width, height: shot.height });
		expect(shot.width).toBeGreaterThan(300);
		await closeNodePanel(page);
	});
});
