/**
 * Shared steps of the editor tests: importing templates as the editor's "Import from file" does,
 * the placeholder credentials they name, and opening a workflow on the canvas.
 */
import type { Page } from 'playwright-core';

import type { CredentialSpec, N8nInstance, WorkflowJson } from './harness';
import { saveScreenshot, VIEWPORT, waitForCanvasNodes, waitForNodeIcons } from './browser';

/** Nodes the canvas draws as nodes (sticky notes are drawn differently and carry no node marker). */
export const canvasNodesOf = (w: WorkflowJson) => w.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');

/** The editor's import: a new workflow, not activated. Returns its id. */
export async function importWorkflow(n8n: N8nInstance, workflow: WorkflowJson): Promise<string> {
	const { active, id, ...rest } = workflow;
	void active;
	void id;
	const created = await n8n.rest.request<{ id: string }>('POST', '/rest/workflows', rest);
	return created.id;
}

/** Opens a workflow, waits until every node is on the canvas, and fits the canvas to the view. */
export async function openOnCanvas(page: Page, n8n: N8nInstance, id: string, workflow: WorkflowJson): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	const expected = canvasNodesOf(workflow).length;
	await waitForCanvasNodes(page, expected);
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	// Park the pointer away from nodes and controls, so no hover toolbar or tooltip is in the picture.
	await page.mouse.move(VIEWPORT.width - 5, 60);
	await waitForNodeIcons(page);
	// The fit-view transition; with reduced motion it is short, but the canvas re-renders after it.
	await page.waitForTimeout(600);
}

/** One placeholder credential per distinct (type, id) the templates reference. */
export function templateCredentials(workflows: WorkflowJson[]): CredentialSpec[] {
	const byId = new Map<string, CredentialSpec>();
	for (const wf of workflows) {
		for (const node of wf.nodes as Array<{ credentials?: Record<string, { id?: string; name?: string }> }>) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				if (ref?.id && !byId.has(ref.id)) byId.set(ref.id, { id: ref.id, name: ref.name ?? ref.id, type, data: {} });
			}
		}
	}
	return [...byId.values()];
}

/* ---------- Driving a node's form as a person does (clicks and typing only) ---------- */

const NDV = '[data-test-id="ndv"]';

/** The node panel's parameter list (the middle column of n8n's node details view). */
export const parameterPanel = (page: Page) => page.locator(`${NDV} [data-test-id="node-parameters"]`);

/** Opens a node's panel by double-clicking it on the canvas; waits until its parameters are drawn. */
export async function openNodePanel(page: Page, nodeName: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	await parameterPanel(page).waitFor({ state: 'visible', timeout: 30_000 });
	// ParameterInputList filters its list asynchronously (throttled 200 ms): let it settle.
	await page.waitForTimeout(800);
}

/**
 * Closes the node panel: the panel's own header first (Escape inside a text or code field stays in
 * the field), then Escape; the backdrop's corner when Escape did not close it.
 */
export async function closeNodePanel(page: Page): Promise<void> {
	const panel = parameterPanel(page);
	await panel.click({ position: { x: 4, y: 4 } });
	await page.keyboard.press('Escape');
	const closed = await panel.waitFor({ state: 'hidden', timeout: 5_000 }).then(
		() => true,
		() => false,
	);
	if (!closed) await page.locator('[data-test-id="ndv-backdrop"]').click({ position: { x: 4, y: 4 }, force: true });
	await panel.waitFor({ state: 'hidden', timeout: 30_000 });
}

/** One parameter of the open panel by its path below `parameters.` (e.g. `intents.intent[4].name`). */
export const parameterField = (page: Page, path: string) => page.locator(`${NDV} [data-parameter-path="parameters.${path}"]`).first();

/** Types into a text or number parameter: click, select what is there, type, leave the field. */
export async function typeIntoParameter(page: Page, path: string, text: string): Promise<void> {
	const input = parameterField(page, path).locator('textarea, input').first();
	await input.scrollIntoViewIfNeeded();
	await input.click();
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Delete');
	await input.pressSequentially(text, { delay: 0 });
	await input.press('Tab');
}

/** The dropdown list an options field has open (Element Plus draws it in a popper at the page's end). */
const openDropdownItem = (page: Page, label: string) =>
	page.locator('.el-select-dropdown:visible .el-select-dropdown__item, .el-select__popper:visible [role="option"]').filter({ hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`) }).first();

/**
 * Opens an options field's list by its right end (the arrow): in a multi-select the middle may be a
 * chosen entry's tag, whose "x" a click there would hit.
 */
async function openSelect(page: Page, path: string): Promise<void> {
	const select = parameterField(page, path).locator('.el-select').first();
	await select.scrollIntoViewIfNeeded();
	const box = await select.boundingBox();
	if (!box) throw new Error(`the options field ${path} is not drawn`);
	await select.click({ position: { x: box.width - 12, y: Math.min(box.height / 2, 14) } });
}

/** Picks one entry of an options parameter by its visible name. */
export async function chooseOption(page: Page, path: string, label: string): Promise<void> {
	await openSelect(page, path);
	const item = openDropdownItem(page, label);
	await item.waitFor({ state: 'visible', timeout: 10_000 });
	await item.click();
	await page.waitForTimeout(300);
}

/** Clicks entries of a multi-options parameter by their visible names (ticks, or unticks a ticked one), then closes its list. */
export async function chooseOptions(page: Page, path: string, labels: string[]): Promise<void> {
	await openSelect(page, path);
	for (const label of labels) {
		const item = openDropdownItem(page, label);
		await item.waitFor({ state: 'visible', timeout: 10_000 });
		await item.click();
	}
	await page.keyboard.press('Escape');
	await page.waitForTimeout(300);
}

/** Sets a boolean parameter's switch to on or off (clicks it only when it shows the other state). */
export async function setSwitch(page: Page, path: string, on: boolean): Promise<void> {
	const toggle = parameterField(page, path).locator('.el-switch').first();
	await toggle.scrollIntoViewIfNeeded();
	const isOn = async () => (await toggle.getAttribute('class'))?.includes('is-checked') ?? false;
	if ((await isOn()) !== on) await toggle.click();
	await page.waitForTimeout(200);
	if ((await isOn()) !== on) throw new Error(`the switch ${path} did not turn ${on ? 'on' : 'off'}`);
}

/**
 * Saves and publishes the open workflow as the header's buttons do: Ctrl+S, then "Publish" and the
 * publish dialog's "Publish". Returns once n8n reports the workflow published.
 */
export async function saveAndPublish(page: Page): Promise<void> {
	await page.keyboard.press('Control+S');
	const open = page.locator('[data-test-id="workflow-open-publish-modal-button"]');
	await open.waitFor({ state: 'visible', timeout: 30_000 });
	await open.click();
	const publish = page.locator('[data-test-id="workflow-publish-button"]');
	await publish.waitFor({ state: 'visible', timeout: 30_000 });
	await publish.click();
	await publish.waitFor({ state: 'hidden', timeout: 60_000 });
}

/** The whole item of a parameter in the open panel: its label, input and hint. */
const parameterItem = (page: Page, path: string) => parameterField(page, path).locator('xpath=ancestor::*[@data-test-id="parameter-item"][1]');

/**
 * Saves the open panel's parameter column (without the empty input and output columns) into
 * docs/screenshots/: with `fields`, from the first one's label to the last one's end; otherwise the
 * tabs and the form down to its last parameter, at most to the panel's bottom. Returns the file and
 * the picture's size.
 */
export async function saveParameterColumn(page: Page, fileName: string, fields?: { first: string; last: string }): Promise<{ file: string; width: number; height: number }> {
	const column = await page.locator(`${NDV} .node-settings`).first().boundingBox();
	if (!column) throw new Error('no node panel is open');
	let top = column.y;
	let bottom: number;
	if (fields) {
		const first = await parameterItem(page, fields.first).boundingBox();
		const last = await parameterItem(page, fields.last).boundingBox();
		if (!first || !last) throw new Error(`${fields.first} or ${fields.last} is not drawn`);
		top = Math.max(column.y, first.y - 8);
		bottom = last.y + last.height;
	} else {
		// The form's last parameter (notices and collections included), not the panel's feedback link below it.
		const items = await parameterPanel(page).locator('.parameter-item, [data-test-id="parameter-item"]').evaluateAll((els) =>
			els.map((el) => (el as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect().bottom),
		);
		bottom = Math.max(column.y, ...items);
	}
	const end = Math.min(column.y + column.height, bottom + 16);
	const clip = { x: Math.round(column.x), y: Math.round(top), width: Math.round(column.width), height: Math.round(end - top) };
	const file = await saveScreenshot(page, fileName, { clip });
	return { file, width: clip.width, height: clip.height };
}
