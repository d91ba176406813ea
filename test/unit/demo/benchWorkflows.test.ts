import { normaliseTicket } from '../../../engine/intake';
import { benchWorkflows, loadPipelineTemplate, loadSampleTickets, noOpTwin, samplePolicyDocuments, withFreshText } from '../../../bench/pipelineWorkflows';

const urls = { zendesk: 'http://127.0.0.1:1', shopify: 'http://127.0.0.1:2', stripe: 'http://127.0.0.1:3' };

describe('bench:pipeline workflows', () => {
	it('the no-op twin has the same nodes (names, count) and connections, and none of our node types', () => {
		const template = loadPipelineTemplate();
		const twin = noOpTwin(template);
		expect(twin.nodes.map((n) => n.name)).toEqual(template.nodes.map((n) => n.name));
		// Same connections, except that the router's Human output (first from version 2) is dropped:
		// a No Operation node only follows output 0, which must stay the handled path.
		const { ['Support Intent Router']: routerTwin, ...restTwin } = twin.connections as Record<string, { main: unknown[][] }>;
		const { ['Support Intent Router']: router, ...rest } = template.connections as Record<string, { main: unknown[][] }>;
		expect(restTwin).toEqual(rest);
		expect(routerTwin.main).toEqual(router.main.slice(1));
		expect(routerTwin.main[0]).toEqual([{ node: 'Support Policy Retriever', type: 'main', index: 0 }]);
		expect(twin.nodes.some((n) => n.type.startsWith('n8n-nodes-support-coordination.'))).toBe(false);
		const ours = template.nodes.filter((n) => n.type.startsWith('n8n-nodes-support-coordination.')).map((n) => n.name);
		expect(ours.length).toBeGreaterThanOrEqual(6);
		for (const name of ours) expect(twin.nodes.find((n) => n.name === name)?.type).toBe('n8n-nodes-base.noOp');
		// Its answers must not read the case file the no-op nodes never write.
		for (const n of twin.nodes.filter((x) => x.type === 'n8n-nodes-base.respondToWebhook')) expect(String(n.parameters?.responseBody)).not.toContain('support');
	});

	it('four variants with distinct ids, webhook paths and webhook ids; saving off only in the no-save pair', () => {
		const list = benchWorkflows(urls, true);
		expect(new Set(list.map((w) => w.workflow.id)).size).toBe(4);
		expect(new Set(list.map((w) => w.webhookPath)).size).toBe(4);
		const hookIds = list.map((w) => w.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')?.webhookId);
		expect(new Set(hookIds).size).toBe(4);
		for (const w of list) {
			expect((w.workflow.settings as Record<string, unknown>).saveDataSuccessExecution).toBe(w.saveData ? undefined : 'none');
		}
		const executor = list[0].workflow.nodes.find((n) => n.name === 'Support Action Executor');
		expect(executor?.parameters?.options).toEqual({ zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe });
		expect(benchWorkflows(urls, false)).toHaveLength(2);
	});

	it('fresh texts: every pass sends each ticket with a text no other pass sent, the same ticket otherwise', () => {
		const tickets = loadSampleTickets();
		const read = (payload: unknown) => normaliseTicket(payload, { source: 'auto' });
		const seen = new Set<string>();
		for (const pass of [0, 1, 2, 16, 17, 40]) {
			for (const t of tickets) {
				const original = read(t.payload);
				const sent = read(withFreshText(t.payload, pass));
				const text = `${sent.subject ?? ''}\n${sent.message}`;
				expect(seen.has(text)).toBe(false);
				seen.add(text);
				// Only the customer's words change, and only by a sign-off at the end.
				expect(sent.message.startsWith(original.message)).toBe(true);
				expect({ ...sent, message: '' }).toEqual({ ...original, message: '', receivedAt: sent.receivedAt });
			}
		}
		expect(withFreshText(tickets[0].payload, 0)).toBe(tickets[0].payload);
	});

	it('seeds the policies npm start seeds', () => {
		const docs = samplePolicyDocuments();
		expect(docs.length).toBeGreaterThan(3);
		for (const d of docs) expect(typeof d.content).toBe('string');
	});
});
