/**
 * The Support Escalation Packager writing its note to Zendesk itself, in a real n8n 2.41.1: a
 * workflow built here (Webhook -> Support Intent Router -> Human -> Support Escalation Packager
 * with Write Note To = Zendesk), its zendeskApi credential pointed at the Zendesk stand-in through
 * the Base URL Override. The note lands as a private comment with tags, priority and group, and a
 * re-delivered webhook does not add it twice.
 */
import { humanOutput } from '../../nodes/SupportIntentRouter/outputs';
import { ZendeskStandIn } from '../stand-ins';
import { loadTemplate, nodeOutputs, startN8n, type CredentialSpec, type Execution, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(180_000);

const ZD_TOKEN = ['zd', 'packager', 'e2e', '0001'].join('-');
const ZD_EMAIL = 'agent@example.com';
const PATH = 'support-packager-zendesk';
const ROUTER = 'Support Intent Router';
const PACKAGER = 'Support Escalation Packager';
const GROUP_ID = '360009';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The router as the shipped pipeline template configures it; only its Human output is wired, to the Packager. */
function workflow(zendeskUrl: string): WorkflowJson {
	const nodes = loadTemplate('support-pipeline-webhook.json').nodes as unknown as Json[];
	const router = nodes.find((n) => n.name === ROUTER)!;
	const intents = (router.parameters.intents.intent as unknown[]).length;
	const main: Json[][] = Array.from({ length: intents + 1 }, () => []);
	main[humanOutput(router.typeVersion as number, intents)] = [{ node: PACKAGER, type: 'main', index: 0 }];
	return {
		id: 'PackagerZendesk1',
		name: 'E2E: escalation note to Zendesk',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '0b6f5a8e-3c1d-4e7a-9f21-6a1c5e2b0001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '0b6f5a8e-3c1d-4e7a-9f21-6a1c5e2b00aa',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'lastNode', options: {} },
			},
			{ ...router, id: '0b6f5a8e-3c1d-4e7a-9f21-6a1c5e2b0002', position: [240, 0] },
			{
				id: '0b6f5a8e-3c1d-4e7a-9f21-6a1c5e2b0003',
				name: PACKAGER,
				type: 'n8n-nodes-support-coordination.supportEscalationPackager',
				typeVersion: 1,
				position: [480, 0],
				credentials: { zendeskApi: { id: 'packagerZendesk', name: 'Zendesk (packager)' } },
				parameters: {
					writeNoteTo: 'zendesk',
					authentication: 'apiToken',
					zendeskTags: 'support-escalated, tier2',
					addCaseTags: true,
					zendeskPriority: 'fromHandoff',
					zendeskGroupId: GROUP_ID,
					writeOptions: { zendeskBaseUrl: zendeskUrl },
				},
			},
		],
		connections: { Webhook: { main: [[{ node: ROUTER, type: 'main', index: 0 }]] }, [ROUTER]: { main } },
	} as WorkflowJson;
}

/** What a Zendesk trigger's webhook sends (as in the pipeline test). */
function zendeskBody(id: number, subject: string, message: string, email: string) {
	return { 'ticket.id': String(id), 'ticket.title': subject, 'ticket.description': message, 'ticket.via': 'Mail', 'ticket.requester.name': 'Sam Carter', 'ticket.requester.email': email };
}

describe('Escalation Packager writes its note to Zendesk (real n8n, Zendesk stand-in)', () => {
	let n8n: N8nInstance;
	let zendesk: ZendeskStandIn;

	const packaged = async (ticketId: string, nth = 1): Promise<{ run: Execution; support: Json }> => {
		const seen = new Set<string>();
		const run = await n8n.waitForExecution((e) => {
			const items = (e.data.resultData.runData[PACKAGER]?.[0]?.data?.main?.[0] ?? []) as Json[];
			if (!items.some((it) => it.json.support?.ticket?.id === ticketId)) return false;
			seen.add(e.id);
			// The nth distinct run, and the newest of them whatever order the executions are listed in.
			return seen.size >= nth && Number(e.id) === Math.max(...[...seen].map(Number));
		}, 30_000);
		return { run, support: nodeOutputs(run, PACKAGER)[0][0].json.support as Json };
	};

	beforeAll(async () => {
		zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`).start();
		const credentials: CredentialSpec[] = [{ id: 'packagerZendesk', name: 'Zendesk (packager)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } }];
		n8n = await startN8n({ workflows: [workflow(zendesk.url)], credentials });
	});
	afterAll(async () => {
		await n8n?.stop();
		await zendesk?.close();
	});

	it('the note lands as a private comment with tags, priority and group; a re-delivered webhook does not add it twice', async () => {
		zendesk.addTicket({ id: 8101, priority: 'low' });
		const body = zendeskBody(8101, 'Question', 'Which tulip varieties flower best in a shady garden in April?', 'gardener@example.com');
		const first = await n8n.webhook(PATH, body);
		expect(first.status).toBe(200);
		const { support } = await packaged('8101');
		const handoff = support.handoff as Json;
		expect(handoff.fromLayer).toBe('intentRouter');

		const ticket = zendesk.tickets.get(8101)!;
		expect(ticket.comments).toHaveLength(1);
		const [comment] = ticket.comments;
		expect(comment.public).toBe(false);
		expect(comment.html_body).toBe(handoff.note.html);
		expect(comment.html_body).toMatch(/^<h3>Escalation: /);
		expect(ticket.tags).toEqual(expect.arrayContaining(['support-escalated', 'tier2', 'escalated-intentrouter', ...(handoff.tags as string[])]));
		expect(ticket.tags.filter((t) => /^sc_[0-9a-f]{16}$/.test(t))).toHaveLength(2);
		expect(ticket.priority).toBe(handoff.priority);
		expect(ticket.group_id).toBe(Number(GROUP_ID));
		const written = (handoff.evidence as Json[]).find((e) => e.kind === 'note_write');
		expect(written).toEqual({ kind: 'note_write', label: 'Zendesk ticket 8101: written', detail: expect.stringContaining(`(comment ${comment.id})`) });
		expect(support.trace.at(-1).outcome).toBe(`handoff:${handoff.priority};zendesk:written:comment=${comment.id}`);
		const writes = zendesk.writes.filter((w) => w.objectId === '8101').length;
		expect(writes).toBe(2);
		expect(JSON.stringify(support)).not.toContain(ZD_TOKEN);

		// The helpdesk delivers the same event again (or n8n retries): the ledger tags are found, nothing is written.
		const again = await n8n.webhook(PATH, body);
		expect(again.status).toBe(200);
		const second = await packaged('8101', 2);
		expect(zendesk.tickets.get(8101)!.comments).toHaveLength(1);
		expect(zendesk.writes.filter((w) => w.objectId === '8101')).toHaveLength(writes);
		expect((second.support.handoff.evidence as Json[]).find((e) => e.kind === 'note_write')).toMatchObject({ label: 'Zendesk ticket 8101: already written' });
		process.stdout.write(`packager -> zendesk: ${written!.detail} | re-delivery: ${second.support.trace.at(-1).outcome}\n`);
	});

	it('a ticket from another helpdesk is packaged, not written, and the item says why', async () => {
		const res = await n8n.webhook(PATH, { freshdesk_webhook: { ticket_id: 8102, ticket_subject: 'Question', ticket_description: 'Do you sell tulip bulbs for shady gardens in April?', ticket_contact_name: 'Sam Carter', ticket_contact_email: 'gardener@example.com' } });
		expect(res.status).toBe(200);
		const { support } = await packaged('8102');
		expect((support.handoff.evidence as Json[]).find((e) => e.kind === 'note_write')).toEqual({ kind: 'note_write', label: 'Zendesk: not written', detail: 'not written: ticket is not from Zendesk' });
		expect(zendesk.requests.filter((r) => r.path.includes('8102'))).toHaveLength(0);
	});
});
