/**
 * Smoke test of the harness itself, in a real n8n 2.41.1: the package is installed where
 * Community Nodes puts it and n8n loaded its node; a published Webhook -> Set -> Respond workflow
 * answers over HTTP; the execution is readable with each node's output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { isPortFree, PACKAGE_NAME } from '../../scripts/local-n8n';
import { loadWorkflow, nodeOutputs, nodesRun, startN8n, type CredentialSpec, type N8nInstance } from './harness';

jest.setTimeout(180_000);

const ROUTER_TYPE = `${PACKAGE_NAME}.supportIntentRouter`;

const secured = loadWorkflow('header-auth-echo.json');
const headerAuth: CredentialSpec = {
	id: 'e2eHeaderAuthCred',
	name: 'E2E header auth',
	type: 'httpHeaderAuth',
	data: { name: 'X-Test-Token', value: 'right-token' },
};

/** Both import paths must give a working header-auth webhook (credential resolved, wrong token refused). */
async function expectHeaderAuthWorks(n8n: N8nInstance): Promise<void> {
	const refused = await n8n.webhook('secured-echo', { say: 'hi' }, { headers: { 'X-Test-Token': 'wrong-token' } });
	expect(refused.status).toBe(403);
	const accepted = await n8n.webhook('secured-echo', { say: 'hi' }, { headers: { 'X-Test-Token': 'right-token' } });
	expect(accepted.status).toBe(200);
	expect(accepted.body).toEqual({ echo: 'hi' });
}

describe('e2e harness (real n8n)', () => {
	let n8n: N8nInstance;
	const smoke = loadWorkflow('smoke-webhook-set.json');

	beforeAll(async () => {
		n8n = await startN8n({ workflows: [smoke, secured], credentials: [headerAuth] });
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	it('installs the package where Community Nodes installs it, without a second n8n-workflow', () => {
		const nodesDir = path.join(n8n.userFolder, '.n8n/nodes');
		const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		expect(manifest.name).toBe(PACKAGE_NAME);
		expect(manifest.peerDependencies).toBeUndefined();
		expect(manifest.devDependencies).toBeUndefined();
		for (const nodeFile of manifest.n8n.nodes as string[]) {
			expect(fs.existsSync(path.join(packageDir, nodeFile))).toBe(true);
		}
		// Its runtime dependencies sit next to it; n8n's own n8n-workflow must be the only one.
		expect(fs.existsSync(path.join(packageDir, 'node_modules/zod/package.json'))).toBe(true);
		expect(fs.existsSync(path.join(packageDir, 'node_modules/n8n-workflow'))).toBe(false);
		expect(fs.existsSync(path.join(nodesDir, 'node_modules/n8n-workflow'))).toBe(false);
		const ledger = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
		expect(ledger.dependencies[PACKAGE_NAME]).toBe(manifest.version);
	});

	it('has loaded our Intent Router node type, and only real node types count', async () => {
		expect(await n8n.hasNodeType(ROUTER_TYPE)).toBe(true);
		expect(await n8n.hasNodeType(`${PACKAGE_NAME}.noSuchNode`)).toBe(false);
	});

	it('answers a webhook through the published workflow and records the run', async () => {
		const response = await n8n.webhook('smoke', { name: 'Ada', n: 21 });

		expect(response.status).toBe(201);
		expect(response.headers['x-smoke']).toBe('yes');
		expect(response.body).toEqual({ greeting: 'hello Ada', doubled: 42 });

		const run = await n8n.waitForExecution((e) => e.workflowId === n8n.workflowIds[smoke.name]);
		expect(run.status).toBe('success');
		expect(run.mode).toBe('webhook');
		expect(nodesRun(run)).toEqual(['Webhook', 'Greet', 'Respond']);
		const [setItems, ...otherOutputs] = nodeOutputs(run, 'Greet');
		expect(otherOutputs).toEqual([]);
		expect(setItems.map((item) => item.json)).toEqual([{ greeting: 'hello Ada', doubled: 42 }]);
		expect(nodeOutputs(run, 'Webhook')[0][0].json.body).toEqual({ name: 'Ada', n: 21 });
	});

	it('reports a node that did not run, naming the nodes that did', async () => {
		const [latest] = await n8n.executions();
		expect(() => nodeOutputs(latest, 'No such node')).toThrow(/"No such node" did not run.*Webhook, Greet, Respond/);
	});

	it('returns 404 for a path no workflow registered', async () => {
		const response = await n8n.webhook('not-registered', {});
		expect(response.status).toBe(404);
	});

	it('creates credentials and re-points the workflow at them (REST import)', async () => {
		await expectHeaderAuthWorks(n8n);
	});
});

describe('e2e harness, CLI import path (the one npm start uses)', () => {
	it('imports credentials and workflows with the n8n CLI, publishes them, and stops cleanly', async () => {
		const n8n = await startN8n({ workflows: [secured], credentials: [headerAuth], importVia: 'cli' });
		try {
			await expectHeaderAuthWorks(n8n);
		} finally {
			await n8n.stop();
		}
		expect(() => process.kill(n8n.pid ?? -1, 0)).toThrow();
		expect(await isPortFree(n8n.port)).toBe(true);
	});
});
