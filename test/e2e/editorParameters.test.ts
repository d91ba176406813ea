/**
 * Every parameter is reachable in the editor: a real n8n 2.41.1 with the package installed, every
 * template imported, opened in headless Chromium. For each node of ours in each template, the
 * parameters its description declares for the node's saved configuration (displayOptions evaluated
 * with n8n's own NodeHelpers against the saved parameters and the defaults) must each be drawn in
 * the node's panel. n8n's editor can leave a parameter out although its display rules say "show"
 * (it hides what it takes for a node's main authentication field and what that depends on): this
 * test is what notices.
 *
 * A control proves the check can fail: n8n's own Zendesk node, whose Authentication parameter the
 * editor moves into the credential dialog, is reported as not drawn.
 */

import { NodeHelpers, type INode, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import type { Page } from 'playwright-core';

import { OWNER_EMAIL } from './n8nRestClient';
import { loadTemplate, startN8n, templatesWithOurNodes, type N8nInstance, type WorkflowJson } from './harness';
import { launchBrowser, OUR_NODE_PREFIX, signInToN8n, type Browser } from './browser';
import { importWorkflow, openOnCanvas, templateCredentials } from './editorSession';

jest.setTimeout(900_000);

const TEMPLATE_FILES = templatesWithOurNodes();

/** Types that draw no input of their own (texts), or nothing at all. */
const NOT_AN_INPUT = new Set(['notice', 'hidden', 'callout', 'button']);
/** Types drawn by their own component, recognised by their label rather than an input path. */
const BY_LABEL = new Set(['collection', 'fixedCollection']);

type TemplateNode = WorkflowJson['nodes'][number] & { typeVersion: number; parameters: INodeParameters };

/** The top-level parameters n8n's display rules show for this node as saved: what the panel must draw. */
export function declaredParameters(description: INodeTypeDescription, node: Pick<INode, 'typeVersion' | 'parameters'>): INodeProperties[] {
	const values = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
	return description.properties.filter((p) => !NOT_AN_INPUT.has(p.type) && NodeHelpers.displayParameter(values, p, node, description, values));
}

interface Drawn {
	/** `data-parameter-path` of every parameter input in the panel, without the "parameters." prefix. */
	paths: string[];
	/** The panel's text, for the parameters drawn by their own component (collections). */
	text: string;
}

/** Opens a node's panel and reads what it draws. */
async function drawnParameters(page: Page, nodeName: string): Promise<Drawn> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	const panel = page.locator('[data-test-id="ndv"] [data-test-id="node-parameters"]');
	await panel.waitFor({ state: 'visible', timeout: 30_000 });
	// The list is filtered asynchronously (throttled 200 ms in ParameterInputList); wait for it to settle.
	await page.waitForTimeout(800);
	const paths = await panel.locator('[data-parameter-path]').evaluateAll((els) => els.map((el) => el.getAttribute('data-parameter-path') ?? ''));
	const text = await panel.innerText();
	await page.keyboard.press('Escape');
	await panel.waitFor({ state: 'hidden', timeout: 30_000 });
	return { paths: [...new Set(paths.map((p) => p.replace(/^parameters\./, '')))], text };
}

/** Declared parameters the panel did not draw, as "name (Display Name)". */
function notDrawn(declared: INodeProperties[], drawn: Drawn): string[] {
	return declared
		.filter((p) => (BY_LABEL.has(p.type) ? !drawn.text.includes(p.displayName) : !drawn.paths.includes(p.name)))
		.map((p) => `${p.name} (${p.displayName})`);
}

describe('every parameter of our nodes is drawn in the n8n editor (real n8n, headless Chromium)', () => {
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;
	let descriptions: INodeTypeDescription[];
	const ids: Record<string, string> = {};
	const templates = Object.fromEntries(TEMPLATE_FILES.map((f) => [f, loadTemplate(f)]));
	const control: WorkflowJson = {
		name: 'Control: a parameter the editor does not draw',
		nodes: [
			{ id: 'z1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'z2', name: 'Zendesk', type: 'n8n-nodes-base.zendesk', typeVersion: 1, position: [260, 0], parameters: { authentication: 'apiToken', resource: 'ticket', operation: 'get', id: '1' } },
		],
		connections: { Manual: { main: [[{ node: 'Zendesk', type: 'main', index: 0 }]] } },
		settings: {},
	} as WorkflowJson;

	/** The description n8n serves the editor for this node's type and version. */
	const descriptionOf = (node: TemplateNode): INodeTypeDescription => {
		const versions = (d: INodeTypeDescription) => (Array.isArray(d.version) ? d.version : [d.version]);
		const found = descriptions.find((d) => d.name === node.type && versions(d).includes(node.typeVersion));
		if (!found) throw new Error(`n8n serves no description for ${node.type} v${node.typeVersion}`);
		return found;
	};

	beforeAll(async () => {
		browser = await launchBrowser();
		n8n = await startN8n({ workflows: [], credentials: templateCredentials(Object.values(templates)) });
		for (const [file, workflow] of Object.entries(templates)) ids[file] = await importWorkflow(n8n, workflow);
		ids.control = await importWorkflow(n8n, control);
		// What the editor itself downloads: every node type with its parameters.
		descriptions = await n8n.rest.request<INodeTypeDescription[]>('GET', '/types/nodes.json');
		page = await browser.context.newPage();
		await signInToN8n(page, n8n.baseUrl, OWNER_EMAIL, n8n.rest.ownerSecret);
	});
	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
	});

	it('control: the check reports a declared parameter the editor leaves out (n8n Zendesk node: Authentication)', async () => {
		await openOnCanvas(page, n8n, ids.control, control);
		const zendesk = control.nodes[1] as TemplateNode;
		const declared = declaredParameters(descriptionOf(zendesk), zendesk);
		expect(declared.map((p) => p.name)).toEqual(expect.arrayContaining(['authentication', 'resource', 'operation', 'id']));
		const drawn = await drawnParameters(page, 'Zendesk');
		expect(drawn.paths).toEqual(expect.arrayContaining(['resource', 'operation', 'id']));
		expect(notDrawn(declared, drawn)).toEqual(['authentication (Authentication)']);
	});

	it.each(TEMPLATE_FILES)('%s: every parameter each node of ours declares for its configuration is drawn', async (file) => {
		const workflow = templates[file];
		const ours = workflow.nodes.filter((n) => n.type.startsWith(OUR_NODE_PREFIX)) as TemplateNode[];
		expect(ours.length).toBeGreaterThan(0);
		await openOnCanvas(page, n8n, ids[file], workflow);
		const missing: Record<string, string[]> = {};
		for (const node of ours) {
			const declared = declaredParameters(descriptionOf(node), node);
			expect(declared.length).toBeGreaterThan(0);
			const absent = notDrawn(declared, await drawnParameters(page, node.name));
			if (absent.length) missing[node.name] = absent;
		}
		expect(missing).toEqual({});
	});
});
