/**
 * Writes workflows/support-pipeline-webhook.json: the six layers wired as DESIGN.md draws them,
 * behind a header-auth Webhook. Generated so node ids stay stable and the wiring stays readable:
 *   npx tsx scripts/templates/pipelineWebhook.ts
 */
import { SAMPLE_TABLE } from '../sampleShop';
import { GRID, LAYER, PKG, cred, layerStickies, sixLayerConnections, sixLayers, templateBuilder, to, workflowFile, writeTemplate } from './pipelineLayers';

const b = templateBuilder('support-pipeline-webhook');
const { node, sticky, uid } = b;
const layers = sixLayers(b, { useZendesk: true });

/**
 * Order facts from the workflow: the sample shop's Data Table (kept by the "Support sample shop data"
 * template) is looked up with n8n's own Data Table node, by the order the customer named or else by
 * their email, and the Support Case Facts node maps its columns into the case file. Swap the lookup
 * for a Shopify, WooCommerce, Postgres or Google Sheets node and re-map the fields to go live.
 */
const FIND_ORDER = 'Find order (sample shop data)';
const CASE_FACTS = 'Support Case Facts';
/** The lookup and the facts node take two columns after the retriever; everything right of it moves over. */
const FACTS_SHIFT = 640;
const FACTS_ROW = GRID.row;
const col = (name: string) => `={{ $json.${name} }}`;
const findOrder = node(FIND_ORDER, 'n8n-nodes-base.dataTable', 1.1, [GRID.planner, FACTS_ROW], {
	resource: 'row',
	operation: 'get',
	dataTableId: { __rl: true, mode: 'name', value: SAMPLE_TABLE },
	matchType: 'anyCondition',
	filters: {
		conditions: [
			{ keyName: 'order_number', condition: 'eq', keyValue: "={{ ($json.support.ticket.orderRefs[0] || '-').replace(/^#/, '') }}" },
			{ keyName: 'customer_email', condition: 'eq', keyValue: "={{ ($json.support.ticket.customer.email || '-').toLowerCase() }}" },
		],
	},
	returnAll: false,
	limit: 20,
}, { alwaysOutputData: true, onError: 'continueRegularOutput' });
const caseFacts = node(CASE_FACTS, `${PKG}.supportCaseFacts`, 1, [GRID.planner + 320, FACTS_ROW], {
	sourceName: `Data Table "${SAMPLE_TABLE}"`,
	input: 'fields',
	orderName: col('order_number'),
	orderId: col('order_id'),
	status: col('status'),
	financialStatus: col('payment_status'),
	fulfillmentStatus: col('fulfillment_status'),
	trackingNumber: col('tracking_number'),
	trackingCompany: col('carrier'),
	trackingUrl: '',
	createdAt: col('ordered_at'),
	deliveredAt: col('delivered_at'),
	cancelledAt: col('cancelled_at'),
	total: col('total'),
	currency: col('currency'),
	customerEmail: col('customer_email'),
	customerName: col('customer_name'),
	items: col('items'),
	paymentId: col('payment_id'),
}, { onError: 'continueRegularOutput' });

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
	findOrder,
	caseFacts,
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
		`3. **Orders**: *${FIND_ORDER}* reads the sample shop (n8n Data Table *${SAMPLE_TABLE}*); *${CASE_FACTS}* maps its columns into the case file. Going live, replace the lookup with your shop's node (Shopify, WooCommerce, Postgres, Google Sheets...) and re-map the fields.`,
		'4. Credentials: **Zendesk API**, **Shopify Access Token**, **Stripe API** in the Support Action Executor; the same Shopify credential in the **Support Policy Retriever** (Live Facts: Use Shopify), which reads the order the customer names. Switch off a connector you do not use.',
		'5. **Rollout**: every intent ships in **shadow** (dry run: nothing is written, nothing reaches the customer). Promote one intent at a time in the router: *suggest* (reads and internal notes only), then *auto*.',
		'6. Publish the workflow.',
	].join('\n'), 5),
	...layerStickies(b, 'To post the note, add a Zendesk (Ticket > Update) or HTTP Request node with `{{ $json.support.handoff.note.html }}`.'),
];

for (const n of nodes) {
	if (n.name !== FIND_ORDER && n.name !== CASE_FACTS && n.position[0] >= GRID.planner - 60) n.position = [n.position[0] + FACTS_SHIFT, n.position[1]];
}

const connections = sixLayerConnections({ entry: 'Helpdesk webhook', approved: [to('Respond: handled')], handedOff: [to('Respond: escalated')] });
// Retriever (Grounded) -> Find order -> Support Case Facts -> Planner; a bad mapping escalates.
connections[LAYER.retriever].main[0] = [to(FIND_ORDER)];
connections[FIND_ORDER] = { main: [[to(CASE_FACTS)]] };
connections[CASE_FACTS] = { main: [[to(LAYER.planner)], [to(LAYER.packager)]] };

const workflow = workflowFile('SupPipelineWbhk1', 'Support pipeline (webhook: Freshdesk, Intercom, custom)', nodes, connections);
process.stdout.write(`wrote ${writeTemplate('support-pipeline-webhook.json', workflow)}\n`);
