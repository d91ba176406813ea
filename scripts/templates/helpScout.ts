/**
 * Writes workflows/support-helpscout.json: n8n's Help Scout Trigger (conversation created, customer
 * reply) -> the six layers -> a reply thread (auto), a note (suggest) or nothing (shadow) through the
 * Support Action Executor's Send Reply (one reply per customer message, however often Help Scout
 * delivers the webhook: keyed, a marker tag and the thread itself as the ledger); every escalation
 * -> the Escalation Packager, which writes its note and the hand-off tags to the conversation itself
 * (Write Note To: Help Scout; a re-delivered webhook does not add the note twice).
 *   npx tsx scripts/templates/helpScout.ts
 */
import { HELPDESK_ROLLOUT, REPLY_TEXT, ROLLOUT_STICKY, ROLLOUT_SWITCH, SUGGESTION_NOTE_HTML, rolloutSwitch, sendReplyNode, shadowEnd } from './helpdeskExits';
import { CREDENTIALS, GRID, LAYER, layerStickies, sixLayerConnections, sixLayers, templateBuilder, to, workflowFile, writeTemplate } from './pipelineLayers';

const b = templateBuilder('support-helpscout');
// Help Scout tickets get no Zendesk notes: the executor runs Shopify and Stripe steps only.
const layers = sixLayers(b, { useZendesk: false, source: 'helpscout', rolloutModes: HELPDESK_ROLLOUT, packagerWritesNoteTo: 'helpScout' });

const HS_TRIGGER = 'Help Scout Trigger';
const HS_REPLY = 'Help Scout: reply';
const HS_NOTE = 'Help Scout: suggested reply (note)';

const nodes = [
	b.node(HS_TRIGGER, 'n8n-nodes-base.helpScoutTrigger', 1, [GRID.entry, GRID.row], { events: ['convo.created', 'convo.customer.reply.created'] }, { webhookId: b.uid('webhookId'), credentials: CREDENTIALS.helpScout }),
	layers.router,
	layers.retriever,
	layers.planner,
	layers.criticPlan,
	layers.executor,
	layers.criticReply,
	rolloutSwitch(b, [GRID.exit, GRID.row]),
	sendReplyNode(b, HS_REPLY, [GRID.exit2, GRID.row - GRID.pitch], 'helpScout', { replyAs: 'public', replyBody: REPLY_TEXT }),
	sendReplyNode(b, HS_NOTE, [GRID.exit2, GRID.row], 'helpScout', { replyAs: 'note', replyBody: SUGGESTION_NOTE_HTML, replyBodyIsHtml: true }),
	shadowEnd(b, [GRID.exit2, GRID.row + GRID.pitch]),
	layers.packager,
	b.sticky('Sticky Note Setup', [-160, 0], 420, 900, [
		'## Support pipeline: Help Scout',
		'Help Scout Trigger (new conversation, customer reply) -> the six layers -> a reply, a note or nothing, by the intent\'s rollout mode. Every conversation a layer cannot handle with confidence goes to the **Support Escalation Packager**, which posts it to the conversation as a note with tags for your agents.',
		'### Setup',
		'1. **Ingest your policies first** with the *Support policy ingestion* template (same store: embedded `policies`, built-in embeddings).',
		'2. **Help Scout OAuth2** credential: in Help Scout, Your Profile > My Apps > Create My App, with the OAuth Redirect URL n8n shows in the credential; paste the App ID and Secret and connect. Use it in the **Help Scout Trigger**, the two reply nodes (**Help Scout: reply** and **Help Scout: suggested reply (note)**, Support Action Executor *Send Reply* with *Use Help Scout*) and the **Support Escalation Packager** (*Write Note To: Help Scout*).',
		'3. **Help Scout Trigger** listens to *Conversation - Created* and *Conversation Customer Reply - Created*; publishing registers the webhook in Help Scout.',
		'4. **Shopify Access Token** and **Stripe API** credentials in the Support Action Executor; the same Shopify credential in the **Support Policy Retriever** (Live Facts). Switch off a connector you do not use.',
		'5. Review the rollout per intent (note below), then publish.',
	].join('\n'), 5),
	b.sticky('Sticky Note Rollout', [GRID.exit - 60, -480], 600, 300, ROLLOUT_STICKY, 4),
	b.sticky('Sticky Note Replies', [GRID.exit2 + 240, 0], 360, 420, [
		'### Replies',
		'- **auto**: the approved reply goes to the customer as a reply thread (Support Action Executor, *Send Reply*: once per customer message, however often Help Scout delivers the webhook; a `sc_...` tag on the conversation marks it sent).',
		'- **suggest**: the draft goes to the conversation as a note for an agent to send (also *Send Reply*, once).',
		'- **shadow**: nothing is sent; the case file stays in the execution log.',
	].join('\n')),
	...layerStickies(b, 'It posts the note to the conversation itself (*Write Note To: Help Scout*) and adds the `support-escalated` and hand-off tags, keeping the conversation\'s own; a re-delivered webhook does not add the note twice.'),
];

const connections = sixLayerConnections({ entry: HS_TRIGGER, approved: [to(ROLLOUT_SWITCH)], handedOff: [] });
connections[ROLLOUT_SWITCH] = { main: [[to(HS_REPLY)], [to(HS_NOTE)], [to('Shadow: nothing sent')]] };
// A reply that could not be posted goes to a person.
connections[HS_REPLY] = { main: [[], [to(LAYER.packager)]] };
connections[HS_NOTE] = { main: [[], [to(LAYER.packager)]] };

const workflow = workflowFile('SupHelpScoutTmpl', 'Support pipeline (Help Scout)', nodes, connections);
process.stdout.write(`wrote ${writeTemplate('support-helpscout.json', workflow)}\n`);
