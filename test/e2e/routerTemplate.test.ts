/**
 * The shipped router template in a real n8n 2.41.1, with the package installed as Community Nodes
 * installs it: one sample ticket of every helpdesk shape reaches the expected intent output; an
 * unrelated message takes Human with its reason in the case file; a malformed payload gets a clear
 * error (HTTP 422 naming the field) and still reaches Human, so it is not lost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { PACKAGE_NAME } from '../../scripts/local-n8n';
import { humanOutput, intentOutput } from '../../nodes/SupportIntentRouter/outputs';
import { loadTemplate, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance } from './harness';

jest.setTimeout(240_000);

const TOKEN = 'e2e-router-token';
const auth: CredentialSpec = {
	id: 'supportWebhookAuth',
	name: 'Support webhook auth',
	type: 'httpHeaderAuth',
	data: { name: 'X-Support-Token', value: TOKEN },
};
const template = loadTemplate('support-router-webhook.json');
const ROUTER = 'Support Intent Router';
const routerNode = template.nodes.find((n) => n.name === ROUTER)! as unknown as { typeVersion: number; parameters: unknown };
const intentNames = (routerNode.parameters as { intents: { intent: { name: string }[] } }).intents.intent.map((i) => i.name);
/** Output indexes as the template's router version lays them out (Human first from version 2). */
const HUMAN = humanOutput(routerNode.typeVersion, intentNames.length);
const OUT = (intent: string) => intentOutput(routerNode.typeVersion, intentNames.indexOf(intent));

/** Fixture -> the intent a person would pick (see test/fixtures/helpdesk/README.md). */
const SAMPLES: Array<[file: string, intent: string, ticketId: string]> = [
	['zendesk-trigger.json', 'return_refund', '48213'],
	['zendesk-event.json', 'order_status', '48190'],
	['helpscout-convo-created.json', 'account_access', '2391938111'],
	['freshdesk-webhook.json', 'technical_issue', '10931'],
	['intercom-conversation-created.json', 'account_access', '184736920011'],
	['intercom-user-replied.json', 'return_refund', '184736920342'],
];

function fixture(file: string): unknown {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/helpdesk', file), 'utf8'));
}

type Support = {
	ticket?: { id: string };
	intent?: { route: string; category: string | null; humanReason?: string; confidence: number };
	escalation?: { reason: string; layer: string; code: string; field?: string };
	trace: { layer: string }[];
};

function routerItems(execution: Execution, output: number): Support[] {
	return (nodeOutputs(execution, ROUTER)[output] ?? []).map((item) => item.json.support as Support);
}

describe('support router template (real n8n)', () => {
	let n8n: N8nInstance;
	const send = async (body: unknown, headers: Record<string, string> = { 'X-Support-Token': TOKEN }) =>
		await n8n.webhook('support-router', body, { headers });

	beforeAll(async () => {
		n8n = await startN8n({ workflows: [template], credentials: [auth] });
	});
	afterAll(async () => {
		await n8n?.stop();
	});

	it('loads the router as a community node under its package name', async () => {
		expect(await n8n.hasNodeType(`${PACKAGE_NAME}.supportIntentRouter`)).toBe(true);
	});

	it('refuses a request without the webhook token', async () => {
		expect((await send(fixture('zendesk-event.json'), {})).status).toBe(403);
	});

	it.each(SAMPLES)('routes %s to %s', async (file, intent, ticketId) => {
		const response = await send(fixture(file));
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ ticketId, route: 'intent', intent });

		const execution = await n8n.waitForExecution((e) =>
			routerItems(e, OUT(intent)).some((s) => s.ticket?.id === ticketId),
		);
		expect(execution.status).toBe('success');
		const [support] = routerItems(execution, OUT(intent)).filter((s) => s.ticket?.id === ticketId);
		expect(support.intent!.confidence).toBeGreaterThanOrEqual(0.5);
		expect(support.trace.map((t) => t.layer)).toEqual(['intentRouter']);
		expect(routerItems(execution, HUMAN)).toHaveLength(0);
	});

	it('sends a message it cannot place to Human with the reason in the case file', async () => {
		const body = {
			freshdesk_webhook: {
				ticket_id: 'LOW-1',
				ticket_subject: 'Question',
				ticket_description: 'Which tulip varieties flower best in a shady garden in April?',
				ticket_contact_email: 'gardener@example.com',
			},
		};
		const response = await send(body);
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ ticketId: 'LOW-1', route: 'human' });
		expect((response.body as { reason: string }).reason).toMatch(/Low confidence/);

		const execution = await n8n.waitForExecution((e) => routerItems(e, HUMAN).some((s) => s.ticket?.id === 'LOW-1'));
		const [support] = routerItems(execution, HUMAN);
		expect(support.intent).toMatchObject({ route: 'human' });
		expect(support.intent!.humanReason).toMatch(/threshold/);
	});

	it('answers a malformed payload with a clear error and still hands the item to Human', async () => {
		const body = { freshdesk_webhook: { ticket_id: 'BAD-1', ticket_subject: 'Help', ticket_description: '' } };
		const response = await send(body);
		expect(response.status).toBe(422);
		const reason = (response.body as { reason: string }).reason;
		expect(reason).toMatch(/Support Intent Router/);
		expect(reason).toMatch(/ticket_description/);

		const execution = await n8n.waitForExecution((e) =>
			routerItems(e, HUMAN).some((s) => s.escalation?.reason.includes('ticket_description') ?? false),
		);
		const [support] = routerItems(execution, HUMAN);
		expect(support.escalation).toMatchObject({ layer: 'intentRouter', code: 'contract' });
		// The raw payload travels with it: nothing the helpdesk sent is lost.
		const item = nodeOutputs(execution, ROUTER)[HUMAN]![0];
		expect((item.json.body as { freshdesk_webhook: { ticket_id: string } }).freshdesk_webhook.ticket_id).toBe('BAD-1');
		expect(JSON.stringify(item.json)).not.toContain(TOKEN);
	});
});
