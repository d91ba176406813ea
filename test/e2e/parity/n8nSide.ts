/**
 * Side (a) of the parity run: copies of the shipped pipeline template in one real n8n, each on its
 * own webhook path with its vendor base URLs on that side's stand-ins, driven one ticket at a time
 * through the webhook. The case file of each run is read from the execution data n8n saved (REST
 * API): the item the Respond to Webhook node answered with.
 */
import type { CaseFile } from '../../../engine/contracts';
import type { Execution, ExecutionSummary, N8nInstance, WorkflowJson } from '../harness';
import { nodeOutputs, nodesRun } from '../harness';
import { WEBHOOK_HEADER, WEBHOOK_SECRET } from './world';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RESPOND = 'n8n-nodes-base.respondToWebhook';

export interface ParityCopy {
	workflow: WorkflowJson & { id: string };
	webhookPath: string;
}

/**
 * The template under its own name, id, webhook path and webhook id (n8n keys webhooks by both),
 * with the Executor's and the Retriever's vendor URLs on the stand-ins (their Base URL Override
 * options) and, if given, one more edit (e.g. a rollout mode).
 */
export function parityCopy(template: WorkflowJson, label: string, index: number, urls: { zendesk: string; shopify: string; stripe: string }, edit: (nodes: Json[]) => void = () => {}): ParityCopy {
	const wf = JSON.parse(JSON.stringify(template)) as WorkflowJson & Json;
	const webhookPath = `support-parity-${label}`;
	wf.name = `${wf.name} [parity: ${label}]`;
	wf.id = `SupParity${label}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 15).padEnd(15, '0') + String(index);
	for (const n of wf.nodes as Json[]) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = webhookPath;
			n.webhookId = `${String(n.webhookId).slice(0, -4)}${String(index).padStart(4, 'p')}`;
		}
		if (n.type === 'n8n-nodes-support-coordination.supportActionExecutor') n.parameters.options = { ...n.parameters.options, zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
		if (n.type === 'n8n-nodes-support-coordination.supportPolicyRetriever') n.parameters.options = { ...n.parameters.options, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
	}
	edit(wf.nodes as Json[]);
	return { workflow: wf as WorkflowJson & { id: string }, webhookPath };
}

/** The case file the workflow answered with: the Respond to Webhook node's item (it passes its input on). */
export function answeredCaseFile(execution: Execution, workflow: WorkflowJson): CaseFile {
	const responders = (workflow.nodes as Json[]).filter((n) => n.type === RESPOND && execution.data.resultData.runData[n.name]).map((n) => n.name as string);
	if (responders.length !== 1) {
		throw new Error(`execution #${execution.id}: expected one Respond to Webhook node to run, got ${responders.length} (ran: ${nodesRun(execution).join(', ')})`);
	}
	const [item] = nodeOutputs(execution, responders[0])[0];
	const support = item?.json.support as CaseFile | undefined;
	if (!support) throw new Error(`execution #${execution.id}: "${responders[0]}" put out no case file`);
	return support;
}

async function finishedExecutions(n8n: N8nInstance, workflowId: string, expected: number): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + 30_000;
	for (;;) {
		const page = await n8n.rest.request<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=${expected + 10}`);
		const mine = page.results.filter((s) => s.workflowId === workflowId);
		const done = mine.filter((s) => !['running', 'new', 'waiting'].includes(s.status));
		if (done.length >= expected && done.length === mine.length) return done.sort((a, b) => Number(a.id) - Number(b.id));
		if (Date.now() > deadline) throw new Error(`${done.length} of ${expected} executions of ${workflowId} finished within 30 s\n--- n8n log tail ---\n${n8n.logTail()}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

export interface N8nRun {
	caseFile: CaseFile;
	/** The webhook's answer: `route` of the Respond to Webhook body ('handled' or 'escalated'). */
	route: string;
}

/**
 * Sends the payloads in order, one at a time (a later ticket may meet what an earlier one wrote,
 * e.g. a refund), then reads each run's case file, in the order sent (execution ids grow).
 */
export async function runInN8n(n8n: N8nInstance, copy: ParityCopy, payloads: readonly unknown[]): Promise<N8nRun[]> {
	const routes: string[] = [];
	for (const [i, payload] of payloads.entries()) {
		const res = await n8n.webhook(copy.webhookPath, payload, { headers: { [WEBHOOK_HEADER]: WEBHOOK_SECRET } });
		if (res.status !== 200) throw new Error(`ticket ${i + 1} to ${copy.webhookPath}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}\n--- n8n log tail ---\n${n8n.logTail()}`);
		routes.push(String((res.body as { route?: unknown } | null)?.route));
	}
	const summaries = await finishedExecutions(n8n, copy.workflow.id, payloads.length);
	if (summaries.length !== payloads.length) throw new Error(`${summaries.length} executions of ${copy.workflow.name} for ${payloads.length} tickets`);
	const out: N8nRun[] = [];
	for (const [i, s] of summaries.entries()) out.push({ caseFile: answeredCaseFile(await n8n.rest.getExecution(s.id), copy.workflow), route: routes[i] });
	return out;
}
