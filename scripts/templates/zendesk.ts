/**
 * Writes workflows/support-zendesk.json: n8n's Zendesk Trigger (new ticket, customer reply) -> the
 * six layers -> a public reply (auto), an internal note (suggest) or nothing (shadow) through the
 * Support Action Executor's Send Reply (one reply per customer message, however often Zendesk
 * delivers the trigger: keyed, ledger-checked, safe_update); every escalation -> the Escalation Packager, which writes its internal note with
 * tags and priority to the ticket itself (Write Note To: Zendesk; a re-delivered webhook does not
 * add the note twice).
 *   npx tsx scripts/templates/zendesk.ts
 */
import { HELPDESK_ROLLOUT, REPLY_TEXT, ROLLOUT_STICKY, ROLLOUT_SWITCH, SUGGESTION_NOTE_HTML, rolloutSwitch, sendReplyNode, shadowEnd } from './helpdeskExits';
import { CREDENTIALS, GRID, LAYER, layerStickies, sixLayerConnections, sixLayers, templateBuilder, to, workflowFile, writeTemplate } from './pipelineLayers';

const b = templateBuilder('support-zendesk');
const layers = sixLayers(b, { useZendesk: true, source: 'zendesk', rolloutModes: HELPDESK_ROLLOUT, packagerWritesNoteTo: 'zendesk' });

const ZENDESK_TRIGGER = 'Zendesk Trigger';
const ZENDESK_REPLY = 'Zendesk: public reply';
const ZENDESK_NOTE = 'Zendesk: suggested reply (internal note)';

/**
 * The placeholders the trigger's Zendesk webhook sends. `ticket.latest_comment` is not in n8n's
 * field list but is a Zendesk placeholder: on a customer reply it is the reply, which the router
 * classifies (on a new ticket it equals the description).
 */
const FIELDS = [
	'ticket.id',
	'ticket.title',
	'ticket.description',
	'ticket.latest_comment',
	'ticket.via',
	'ticket.url',
	'ticket.tags',
	'ticket.requester.name',
	'ticket.requester.email',
	'ticket.requester.language',
	'ticket.brand.name',
];

/**
 * Zendesk trigger conditions (developer.zendesk.com conditions reference): a public comment, on a
 * ticket being created or written by the end user. n8n's form lists only status, priority, type,
 * group and assignee, so these field names are given as fixed expressions (`=update_type`), which
 * n8n passes to Zendesk unchanged. Agents' and this workflow's own replies do not match (the
 * current user is an agent), so a public reply never triggers the workflow again.
 */
const condition = (field: string, value: string) => ({ resource: 'ticket', field: `=${field}`, operation: 'is', value: `=${value}` });

const sendReply = (name: string, position: [number, number], parameters: Record<string, unknown>) => sendReplyNode(b, name, position, 'zendesk', parameters);

const nodes = [
	b.node(ZENDESK_TRIGGER, 'n8n-nodes-base.zendeskTrigger', 1, [GRID.entry, GRID.row], {
		authentication: 'apiToken',
		service: 'support',
		options: { fields: FIELDS },
		conditions: {
			all: [condition('comment_is_public', 'true')],
			any: [condition('update_type', 'Create'), condition('role', 'end_user')],
		},
	}, { webhookId: b.uid('webhookId'), credentials: CREDENTIALS.zendesk }),
	layers.router,
	layers.retriever,
	layers.planner,
	layers.criticPlan,
	layers.executor,
	layers.criticReply,
	rolloutSwitch(b, [GRID.exit, GRID.row]),
	sendReply(ZENDESK_REPLY, [GRID.exit2, GRID.row - GRID.pitch], { replyAs: 'public', replyBody: REPLY_TEXT }),
	sendReply(ZENDESK_NOTE, [GRID.exit2, GRID.row], { replyAs: 'note', replyBody: SUGGESTION_NOTE_HTML, replyBodyIsHtml: true }),
	shadowEnd(b, [GRID.exit2, GRID.row + GRID.pitch]),
	layers.packager,
	b.sticky('Sticky Note Setup', [-160, 0], 420, 900, [
		'## Support pipeline: Zendesk',
		'Zendesk Trigger (new ticket, customer reply) -> the six layers -> a public reply, an internal note or nothing, by the intent\'s rollout mode. Every ticket a layer cannot handle with confidence goes to the **Support Escalation Packager** and reaches your agents as an internal note.',
		'### Setup',
		'1. **Ingest your policies first** with the *Support policy ingestion* template (same store: embedded `policies`, built-in embeddings).',
		'2. **Zendesk API** credential (subdomain, agent email, API token from Admin Center > Apps and integrations > Zendesk API) in the **Zendesk Trigger**, the **Support Action Executor**, the **Support Escalation Packager** and the two **Zendesk:** reply nodes on the right.',
		'3. **Zendesk Trigger**: as shipped it fires on a public comment on a new ticket or from the customer (`comment_is_public`, `update_type` Create or `role` end_user). Keep *Description* and *latest_comment* in Options > Fields: the router reads them.',
		'4. **Shopify Access Token** and **Stripe API** credentials in the Support Action Executor; the same Shopify credential in the **Support Policy Retriever** (Live Facts). Switch off a connector you do not use.',
		'5. Review the rollout per intent (note below), then publish: publishing registers the webhook and trigger in Zendesk.',
	].join('\n'), 5),
	b.sticky('Sticky Note Rollout', [GRID.exit - 60, -480], 600, 300, ROLLOUT_STICKY, 4),
	b.sticky('Sticky Note Replies', [GRID.exit2 + 240, 0], 360, 420, [
		'### Replies',
		'- **auto**: the approved reply goes to the customer as a public comment (Support Action Executor, *Send Reply*: once per customer message, however often Zendesk delivers the trigger).',
		'- **suggest**: the draft goes to the ticket as an internal note for an agent to send.',
		'- **shadow**: nothing is sent; the case file stays in the execution log.',
		'The playbooks also leave their own internal note and tags through the Support Action Executor.',
	].join('\n')),
	...layerStickies(b, 'It posts the note to the ticket itself (*Write Note To: Zendesk*) as an internal note, adds the `support-escalated` and hand-off tags and sets the hand-off priority; a re-delivered webhook does not add the note twice.'),
];

const connections = sixLayerConnections({ entry: ZENDESK_TRIGGER, approved: [to(ROLLOUT_SWITCH)], handedOff: [] });
connections[ROLLOUT_SWITCH] = { main: [[to(ZENDESK_REPLY)], [to(ZENDESK_NOTE)], [to('Shadow: nothing sent')]] };
connections[ZENDESK_REPLY] = { main: [[], [to(LAYER.packager)]] };
connections[ZENDESK_NOTE] = { main: [[], [to(LAYER.packager)]] };

const workflow = workflowFile('SupZendeskTmpl01', 'Support pipeline (Zendesk)', nodes, connections);
process.stdout.write(`wrote ${writeTemplate('support-zendesk.json', workflow)}\n`);
