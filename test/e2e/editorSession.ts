/**
 * Shared steps of the editor tests: importing templates as the editor's "Import from file" does,
 * the placeholder credentials they name, and opening a workflow on the canvas.
 */
import type { Page } from 'playwright-core';

import type { CredentialSpec, N8nInstance, WorkflowJson } from './harness';
import { VIEWPORT, waitForCanvasNodes, waitForNodeIcons } from './browser';

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
