/**
 * Writes workflows/support-pipeline-webhook.json: the six layers wired as DESIGN.md draws them,
 * behind a header-auth Webhook. Generated so node ids stay stable and the wiring stays readable:
 *   npx tsx scripts/templates/pipelineWebhook.ts
 */
import { GRID, cred, layerStickies, sixLayerConnections, sixLayers, templateBuilder, to, workflowFile, writeTemplate } from './pipelineLayers';

const b = templateBuilder('support-pipeline-webhook');
const { node, sticky, uid } = b;
const layers = sixLayers(b, { useZendesk: true });

const handled =
	"={{ JSON.stringify({ ticketId: $json.support.ticket.id, route: 'handled', intent: $json.support.intent.category, confidence: $json.support.intent.confidence, rolloutMode: $json.support.intent.rolloutMode, executionMode: $json.support.execution.mode, verdicts: $json.support.trace.filter(t => t.layer === 'critic').map(t => t.outcome), execution: { outcome: $json.support.execution.outcome, dryRun: $json.support.execution.dryRun, steps: $json.support.execution.steps.map(s => ({ tool: s.tool, status: s.status })) }, draftReply: $json.support.plan.draftReply.body }) }}";
const escalated =
	"={{ JSON.stringify({ ticketId: $json.support.ticket ? $json.support.ticket.id : null, route: 'escalated', intent: $json.support.intent ? $json.support.intent.category : null, rolloutMode: $json.support.intent ? $json.support.intent.rolloutMode : null, fromLayer: $json.support.handoff.fromLayer, reason: $json.support.handoff.reason, summary: $json.support.handoff.summary, priority: $json.support.handoff.priority, tags: $json.support.handoff.tags, verdicts: ($json.support.trace || []).filter(t => t.layer === 'critic').map(t => t.outcome), execution: $json.support.execution ? { outcome: $json.support.execution.outcome, dryRun: $json.support.execution.dryRun } : null, note: $json.support.handoff.note.markdown }) }}";

const nodes = [
	node('Helpdesk webhook', 'n8n-nodes-base.webhook', 2.1, [GRID.entry, GRID.row], { httpMethod: 'POST', path: 'support-pipeline', authentication: 'headerAuth', responseMode: 'responseNode', options: {} }, {
		webhookId: uid('webhookId'),
		credentials: cred('httpHeaderAuth', 'supportWebhookAuth', 'Support webhook auth'),
	}),
	layers.router,
	layers.retriever,
	layers.planner,
	layers.criticPlan,
	layers.executor,
	layers.criticReply,
	node('Respond: handled', 'n8n-nodes-base.respondToWebhook', 1.5, [GRID.exit, GRID.row], { respondWith: 'json', responseBody: handled, options: {} }),
	layers.packager,
	node('Respond: escalated', 'n8n-nodes-base.respondToWebhook', 1.5, [GRID.exit2, GRID.packagerRow], { respondWith: 'json', responseBody: escalated, options: {} }),
	sticky('Sticky Note Setup', [-160, 0], 420, 820, [
		'## Support pipeline: webhook template',
		'Freshdesk, Intercom or any helpdesk -> the six layers -> a JSON answer to the webhook. Every ticket a layer cannot handle with confidence goes to the **Support Escalation Packager**, with the reason.',
		'### Setup',
		'1. **Ingest your policies first** with the *Support policy ingestion* template (same store: embedded `policies`, built-in embeddings).',
		'2. **Helpdesk webhook**: a *Header Auth* credential (`X-Support-Token` and a long random secret); send the same header from your helpdesk to the Production URL.',
		'   - *Freshdesk*: automation rule > Trigger webhook, POST, JSON: `{"freshdesk_webhook": {"ticket_id": "{{ticket.id}}", "ticket_subject": "{{ticket.subject}}", "ticket_description": "{{ticket.description}}", "ticket_contact_email": "{{ticket.contact.email}}"}}`',
		'   - *Intercom*: webhook topics `conversation.user.created`, `conversation.user.replied`.',
		'   - *Custom*: set the router\'s Ticket Source to Custom Mapping.',
		'3. Credentials: **Zendesk API**, **Shopify Access Token**, **Stripe API** in the Support Action Executor; the same Shopify credential in the **Support Policy Retriever** (Live Facts: Use Shopify), which reads the order the customer names. Switch off a connector you do not use.',
		'4. **Rollout**: every intent ships in **shadow** (dry run: nothing is written, nothing reaches the customer). Promote one intent at a time in the router: *suggest* (reads and internal notes only), then *auto*.',
		'5. Publish the workflow.',
	].join('\n'), 5),
	...layerStickies(b, 'To post the note, add a Zendesk (Ticket > Update) or HTTP Request node with `{{ $json.support.handoff.note.html }}`.'),
];

const connections = sixLayerConnections({ entry: 'Helpdesk webhook', approved: [to('Respond: handled')], handedOff: [to('Respond: escalated')] });

const workflow = workflowFile('SupPipelineWbhk1', 'Support pipeline (webhook: Freshdesk, Intercom, custom)', nodes, connections);
process.stdout.write(`wrote ${writeTemplate('support-pipeline-webhook.json', workflow)}\n`);
