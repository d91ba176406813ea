/**
 * Writes workflows/support-helpscout.json: n8n's Help Scout Trigger (conversation created, customer
 * reply) -> the six layers -> a reply (auto), a note (suggest) or nothing (shadow) through n8n's
 * Help Scout node; every escalation -> the Escalation Packager -> a note and the hand-off tags on
 * the conversation.
 *   npx tsx scripts/templates/helpScout.ts
 */
import { HELPDESK_ROLLOUT, REPLY_HTML, ROLLOUT_STICKY, ROLLOUT_SWITCH, SUGGESTION_NOTE_HTML, rolloutSwitch, shadowEnd } from './helpdeskExits';
import { CREDENTIALS, GRID, layerStickies, sixLayerConnections, sixLayers, templateBuilder, to, workflowFile, writeTemplate } from './pipelineLayers';

const b = templateBuilder('support-helpscout');
// Help Scout tickets get no Zendesk notes: the executor runs Shopify and Stripe steps only.
const layers = sixLayers(b, { useZendesk: false, source: 'helpscout', rolloutModes: HELPDESK_ROLLOUT });

const HS_TRIGGER = 'Help Scout Trigger';
const HS_REPLY = 'Help Scout: reply';
const HS_NOTE = 'Help Scout: suggested reply (note)';
const HS_HANDOFF = 'Help Scout: hand-off note';
const HS_TAGS = 'Help Scout: hand-off tags';

/**
 * Thread > Create, as n8n's Help Scout node does it: POST /v2/conversations/{id}/reply or /notes.
 * The node insists on a customer for every thread type; Help Scout needs it only for replies.
 */
const thread = (name: string, position: [number, number], type: 'reply' | 'note', text: string) =>
	b.node(name, 'n8n-nodes-base.helpScout', 1, position, {
		resource: 'thread',
		operation: 'create',
		conversationId: '={{ $json.support.ticket.id }}',
		type,
		text,
		additionalFields: { customerId: '={{ Number($json.support.ticket.customer.id) }}' },
		attachmentsUi: {},
	}, { credentials: CREDENTIALS.helpScout });

/**
 * The Help Scout node has no tag operation, so the tags go through an HTTP Request signed with the
 * same Help Scout credential. PUT .../tags replaces the conversation's tags: the ones it had are kept.
 */
const tagsBody = '={{ JSON.stringify({ tags: [...new Set([...($json.support.ticket.tags || []), ...$json.support.handoff.tags])] }) }}';

const nodes = [
	b.node(HS_TRIGGER, 'n8n-nodes-base.helpScoutTrigger', 1, [GRID.entry, GRID.row], { events: ['convo.created', 'convo.customer.reply.created'] }, { webhookId: b.uid('webhookId'), credentials: CREDENTIALS.helpScout }),
	layers.router,
	layers.retriever,
	layers.planner,
	layers.criticPlan,
	layers.executor,
	layers.criticReply,
	rolloutSwitch(b, [GRID.exit, GRID.row]),
	thread(HS_REPLY, [GRID.exit2, GRID.row - GRID.pitch], 'reply', REPLY_HTML),
	thread(HS_NOTE, [GRID.exit2, GRID.row], 'note', SUGGESTION_NOTE_HTML),
	shadowEnd(b, [GRID.exit2, GRID.row + GRID.pitch]),
	layers.packager,
	thread(HS_HANDOFF, [GRID.exit2, GRID.packagerRow - GRID.pitch / 2], 'note', '={{ $json.support.handoff.note.html }}'),
	b.node(HS_TAGS, 'n8n-nodes-base.httpRequest', 4.2, [GRID.exit2, GRID.packagerRow + GRID.pitch / 2], {
		method: 'PUT',
		url: '=https://api.helpscout.net/v2/conversations/{{ $json.support.ticket.id }}/tags',
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'helpScoutOAuth2Api',
		sendBody: true,
		specifyBody: 'json',
		jsonBody: tagsBody,
		options: {},
	}, { credentials: CREDENTIALS.helpScout }),
	b.sticky('Sticky Note Setup', [-160, 0], 420, 900, [
		'## Support pipeline: Help Scout',
		'Help Scout Trigger (new conversation, customer reply) -> the six layers -> a reply, a note or nothing, by the intent\'s rollout mode. Every conversation a layer cannot handle with confidence goes to the **Support Escalation Packager** and reaches your agents as a note with tags.',
		'### Setup',
		'1. **Ingest your policies first** with the *Support policy ingestion* template (same store: embedded `policies`, built-in embeddings).',
		'2. **Help Scout OAuth2** credential: in Help Scout, Your Profile > My Apps > Create My App, with the OAuth Redirect URL n8n shows in the credential; paste the App ID and Secret and connect. Use it in the **Help Scout Trigger**, the three **Help Scout** nodes and **Help Scout: hand-off tags**.',
		'3. **Help Scout Trigger** listens to *Conversation - Created* and *Conversation Customer Reply - Created*; publishing registers the webhook in Help Scout.',
		'4. **Shopify Access Token** and **Stripe API** credentials in the Support Action Executor; the same Shopify credential in the **Support Policy Retriever** (Live Facts). Switch off a connector you do not use.',
		'5. Review the rollout per intent (note below), then publish.',
	].join('\n'), 5),
	b.sticky('Sticky Note Rollout', [GRID.exit - 60, -480], 600, 300, ROLLOUT_STICKY, 4),
	b.sticky('Sticky Note Replies', [GRID.exit2 + 240, 0], 360, 420, [
		'### Replies',
		'- **auto**: the approved reply goes to the customer (Thread > Create, type Reply).',
		'- **suggest**: the draft goes to the conversation as a note for an agent to send.',
		'- **shadow**: nothing is sent; the case file stays in the execution log.',
	].join('\n')),
	...layerStickies(b, 'Here **Help Scout: hand-off note** posts it as a note on the conversation and **Help Scout: hand-off tags** adds the hand-off tags.'),
];

const connections = sixLayerConnections({ entry: HS_TRIGGER, approved: [to(ROLLOUT_SWITCH)], handedOff: [to(HS_HANDOFF), to(HS_TAGS)] });
connections[ROLLOUT_SWITCH] = { main: [[to(HS_REPLY)], [to(HS_NOTE)], [to('Shadow: nothing sent')]] };

const workflow = workflowFile('SupHelpScoutTmpl', 'Support pipeline (Help Scout)', nodes, connections);
process.stdout.write(`wrote ${writeTemplate('support-helpscout.json', workflow)}\n`);
