/**
 * Adding an intent to the Intent Router of a published template must never lose a ticket (issue:
 * with Human as the last output, a new intent took Human's wire and low-confidence tickets got an
 * empty HTTP 200 with no hand-off). In a real n8n 2.41.1: the shipped pipeline template is imported
 * and published, then an intent is added to its Router through the REST API, as the editor saves it
 * (parameters changed, wires left as they were), and the new version is published.
 * - Version 3 (what templates ship): Human and one Routed output for every intent: the new intent
 *   needs no wire; its entry's playbook (by default Hand to a Person) decides what happens next.
 * - Version 2: Human is the first output, so its wire to the Escalation
 *   Packager stays; a low-confidence ticket gets a hand-off, and a ticket of the new intent, whose
 *   output is not wired yet, goes to a person too.
 * - Version 1 (saved workflows): the wire moves as before, but the ticket is no longer dropped: the
 *   execution fails loudly (an error, not an empty 200).
 */
import { humanOutput } from '../../nodes/SupportIntentRouter/outputs';
import { loadTemplate, nodeOutputs, nodesRun, startN8n, type CredentialSpec, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(240_000);

const TOKEN = ['e2e', 'add', 'intent'].join('-');
const ROUTER = 'Support Intent Router';
const PACKAGER = 'Support Escalation Packager';
const NEW_INTENT = {
	name: 'warranty_claim',
	description: 'Customer claims repair or replacement under the product warranty',
	examples: [
		'My blender stopped working after 8 months, is it still under warranty?',
		'I want to make a warranty claim for my headphones',
		'The warranty should cover this broken zipper',
		'Can I get a warranty replacement for the faulty charger?',
		'How do I claim the two year warranty on my vacuum?',
	].join('\n'),
	rolloutMode: 'shadow',
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The shipped pipeline template (Router version 3: Human and one Routed output) on its own webhook
 * path; `version` 1 or 2 rewires it as a saved workflow of that version was: one output per intent,
 * Human last (1) or first (2).
 */
function pipeline(version: 1 | 2 | 3): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-pipeline-webhook.json'))) as Json;
	if (version === 3) return wf as WorkflowJson;
	wf.id = `SupAddIntentV${version}00`;
	wf.name = `${wf.name} [router v${version}]`;
	let intents = 0;
	for (const n of wf.nodes) {
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters.path = `support-pipeline-v${version}`;
			n.webhookId = `${String(n.webhookId).slice(0, -6)}v${version}v${version}v${version}`;
		}
		if (n.name === ROUTER) {
			n.typeVersion = version;
			intents = n.parameters.intents.intent.length;
		}
	}
	const [human, routed] = wf.connections[ROUTER].main as Json[][];
	const perIntent = Array.from({ length: intents }, () => routed);
	wf.connections[ROUTER].main = version === 2 ? [human, ...perIntent] : [...perIntent, human];
	return wf as WorkflowJson;
}

function freshdesk(id: string, message: string) {
	return { freshdesk_webhook: { ticket_id: id, ticket_subject: '', ticket_description: message, ticket_contact_name: 'Sam Carter', ticket_contact_email: 'sam@example.com' } };
}

describe('adding an intent to a published template never drops a ticket (real n8n)', () => {
	let n8n: N8nInstance;
	const send = async (path: string, id: string, message: string) => await n8n.webhook(path, freshdesk(id, message), { headers: { 'X-Support-Token': TOKEN } });

	/** What the editor saves when the operator adds an intent: the Router's intents change, no wire does. Then Publish. */
	async function addIntentAndPublish(workflowName: string): Promise<void> {
		const id = n8n.workflowIds[workflowName];
		const saved = await n8n.rest.request<Json>('GET', `/rest/workflows/${id}`);
		const router = (saved.nodes as Json[]).find((n) => n.name === ROUTER)!;
		router.parameters.intents.intent.push(NEW_INTENT);
		const updated = await n8n.rest.request<Json>('PATCH', `/rest/workflows/${id}`, { name: saved.name, nodes: saved.nodes, connections: saved.connections, settings: saved.settings, versionId: saved.versionId });
		await n8n.rest.request('POST', `/rest/workflows/${id}/activate`, { versionId: updated.versionId });
	}

	beforeAll(async () => {
		const credentials: CredentialSpec[] = [
			{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: TOKEN } },
			// Named by the template; nothing below reaches a vendor (every ticket ends at the Packager).
			{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: 'agent@example.com', apiToken: 'unused' } },
			{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: 'unused', appSecretKey: 'unused' } },
			{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: 'unused' } },
		];
		n8n = await startN8n({ workflows: [pipeline(3), pipeline(2), pipeline(1)], credentials });
		await addIntentAndPublish(pipeline(3).name);
		await addIntentAndPublish(pipeline(2).name);
		await addIntentAndPublish(pipeline(1).name);
	});
	afterAll(async () => {
		await n8n?.stop();
	});

	it('version 2: the published workflow has the new intent and Human still wired to the Packager', async () => {
		const saved = await n8n.rest.request<Json>('GET', `/rest/workflows/${n8n.workflowIds[pipeline(2).name]}`);
		const router = (saved.nodes as Json[]).find((n) => n.name === ROUTER)!;
		const intents = router.parameters.intents.intent as Json[];
		expect(router.typeVersion).toBe(2);
		expect(intents.map((i) => i.name)).toContain(NEW_INTENT.name);
		const main = saved.connections[ROUTER].main as Json[][];
		expect(main[humanOutput(2, intents.length)].map((c) => c.node)).toEqual([PACKAGER]);
		// The new intent's output exists but is not wired yet.
		expect(main[intents.length] ?? []).toEqual([]);
	});

	it('version 3 (what templates ship): a new intent needs no wire; its ticket leaves the Router by Routed and reaches a person from a later layer', async () => {
		const saved = await n8n.rest.request<Json>('GET', `/rest/workflows/${n8n.workflowIds[pipeline(3).name]}`);
		const router = (saved.nodes as Json[]).find((n) => n.name === ROUTER)!;
		expect(router.typeVersion).toBe(3);
		expect((saved.connections[ROUTER].main as Json[][]).map((out) => out.map((c) => c.node))).toEqual([[PACKAGER], ['Support Policy Retriever']]);
		const response = await send('support-pipeline', 'ADD-0', 'I want to make a warranty claim, my headphones broke after 8 months');
		expect(response.status).toBe(200);
		// No policies are ingested here, so the Retriever hands it over (Ungrounded); with policies, its
		// default playbook, Hand to a Person, would (test/unit/planning/intentSettings.test.ts).
		expect(response.body).toMatchObject({ ticketId: 'ADD-0', route: 'escalated', intent: NEW_INTENT.name, fromLayer: 'policyRetriever' });
	});

	it('version 2: a low-confidence ticket gets a hand-off from the Escalation Packager, not an empty 200', async () => {
		const response = await send('support-pipeline-v2', 'ADD-1', 'Which tulip varieties flower best in a shady garden in April?');
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ ticketId: 'ADD-1', route: 'escalated', fromLayer: 'intentRouter' });
		expect((response.body as { reason: string }).reason).toMatch(/Low confidence/);
		const execution = await n8n.waitForExecution((e) => (nodeOutputs(e, PACKAGER)[0] ?? []).some((i) => (i.json.support as Json).ticket?.id === 'ADD-1'));
		expect(execution.status).toBe('success');
		expect(nodesRun(execution)).toEqual(expect.arrayContaining([ROUTER, PACKAGER]));
	});

	it('version 2: a ticket of the new intent, whose output is not wired yet, reaches a person with the reason', async () => {
		const response = await send('support-pipeline-v2', 'ADD-2', 'I want to make a warranty claim, my headphones broke after 8 months');
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ ticketId: 'ADD-2', route: 'escalated', intent: NEW_INTENT.name, fromLayer: 'intentRouter' });
		expect((response.body as { reason: string }).reason).toMatch(/warranty_claim.*not connected/);
	});

	it('version 1: the moved wire leaves Human unconnected, and the ticket fails loudly instead of vanishing', async () => {
		const response = await send('support-pipeline-v1', 'ADD-3', 'Which tulip varieties flower best in a shady garden in April?');
		expect(response.status).toBeGreaterThanOrEqual(500);
		const execution = await n8n.waitForExecution((e) => e.workflowId === n8n.workflowIds[pipeline(1).name] && e.status === 'error');
		expect(JSON.stringify(execution.data.resultData)).toMatch(/Human output of the Intent Router is not connected/);
	});
});
