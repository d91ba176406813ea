/**
 * `npm run demo -- --stand-ins`: the same tickets and report, on a throwaway n8n from the end-to-end
 * harness (test/e2e/harness.ts) instead of the `npm start` one, with the Zendesk, Shopify and Stripe
 * credentials the template references filled in and pointed at loopback stand-ins (as
 * test/e2e/pipeline.test.ts and bench:pipeline do). For a machine where `npm start` has no vendor
 * credentials: nothing in .n8n-local/ is touched, nothing leaves the machine.
 */
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../test/stand-ins';
import { startN8n, type ExecutionSummary } from '../test/e2e/harness';
import { SHOP_TOKEN, STRIPE_KEY, WEBHOOK_SECRET, ZENDESK_AUTH, benchCredentials, ingestWorkflow, pipelineWorkflow, samplePolicyDocuments } from '../bench/pipelineWorkflows';
import type { SavedExecution } from './demoExecutions';
import type { DemoReport } from './demoReport';
import { loadTickets, sendTickets, type DemoOptions } from './demoN8n';
import { webhookTargets, withStableId, type Log } from './local-n8n';

export async function runDemoWithStandIns(opts: DemoOptions, log: Log): Promise<DemoReport> {
	const tickets = loadTickets(opts.file);
	const zendesk = await new ZendeskStandIn(ZENDESK_AUTH).start();
	const shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
	const stripe = await new StripeStandIn(STRIPE_KEY).start();
	const workflow = withStableId(pipelineWorkflow({ zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url }));
	log('starting a throwaway n8n (e2e harness) with the pipeline template and vendor stand-ins');
	const n8n = await startN8n({ workflows: [ingestWorkflow(), workflow], credentials: benchCredentials() });
	try {
		const ingested = await n8n.webhook('pipeline-ingest', { documents: samplePolicyDocuments() });
		if (ingested.status !== 200) throw new Error(`policy ingestion failed: HTTP ${ingested.status}`);
		const fetched = new Map<string, SavedExecution>();
		const readExecutions = async (): Promise<SavedExecution[]> => {
			// n8n lists at most 100 per page: the sample set (52) fits in one, filtered to this workflow.
			const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
			const page = await n8n.rest.request<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=100`);
			for (const s of page.results) {
				if (fetched.has(s.id) || s.workflowId !== workflow.id || ['running', 'new', 'waiting'].includes(s.status)) continue;
				const e = await n8n.rest.getExecution(s.id);
				fetched.set(s.id, { id: Number(e.id), workflowId: e.workflowId, status: e.status, startedAt: e.startedAt, stoppedAt: e.stoppedAt, data: e.data });
			}
			return [...fetched.values()];
		};
		const target = { url: n8n.baseUrl, secret: WEBHOOK_SECRET, webhookPath: webhookTargets(workflow)[0].path, startedBy: 'stand-ins' as const };
		return await sendTickets(target, workflow, tickets, opts, log, readExecutions);
	} finally {
		log('stopping the throwaway n8n');
		await n8n.stop();
		await Promise.all([zendesk.close(), shopify.close(), stripe.close()]);
	}
}
