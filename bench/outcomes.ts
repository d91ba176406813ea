/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * Outcomes on the embedded default: `npm run bench:outcomes -- [--json] [--only <id prefix>]`.
 *
 * One real n8n 2.41.1 (test/e2e/harness.ts) runs the shipped webhook pipeline
 * (workflows/support-pipeline-webhook.json) with the sample shop in n8n's own Data Table (written by
 * workflows/support-sample-shop-data.json, as `npm start` does), the sample policies, every intent in
 * **auto**, and the executor's Shopify writes going to the Shopify stand-in, which holds the same
 * orders. The Retriever's own Shopify lookup is off: the facts come from the Data Table only.
 * Sends the labelled tickets of bench/outcomeTickets.ts one by one and prints:
 * - correctOutcomeRate: the outcome is the labelled one (resolved with the action done and the facts
 *   stated; a question for what is missing; escalated with the labelled reason);
 * - customerFacingErrors: replies the customer would get (auto) that ask for something they already
 *   gave, state a wrong fact (another order's tracking number or number), or name another
 *   customer's order;
 * - resolvedShare: resolved correctly / tickets whose data allows a resolution;
 * - per wrong outcome, the layer where it went wrong.
 * Run after `npm run build` (npm run bench:outcomes builds first).
 */
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../test/stand-ins';
import { startN8n } from '../test/e2e/harness';
import { reasksIn } from '../engine/verification/alreadyGiven';
import { extractOrderRefs } from '../engine/intake/orderRefs';
import { CUSTOMERS, SAMPLE_ORDERS, SAMPLE_TABLE, sampleOrderId, sampleRows, sampleTracking } from '../scripts/sampleShop';
import { outcomeTickets, type Outcome, type OutcomeTicket } from './outcomeTickets';
import { SHOP_TOKEN, STRIPE_KEY, WEBHOOK_HEADER, WEBHOOK_SECRET, ZENDESK_AUTH, benchCredentials, ingestWorkflow, pipelineWorkflow, samplePolicyDocuments } from './pipelineWorkflows';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PIPELINE_PATH = 'support-pipeline';
const SEED_PATH = 'support-sample-shop-data';

function benchPipeline(urls: { zendesk: string; shopify: string; stripe: string }) {
	const wf = pipelineWorkflow(urls) as Json;
	for (const n of wf.nodes as Json[]) {
		if (n.name === 'Support Intent Router') for (const intent of n.parameters.intents.intent as Json[]) intent.rolloutMode = 'auto';
		// Facts from the Data Table only: the embedded default, no Shopify lookup by the Retriever.
		if (n.name === 'Support Policy Retriever') n.parameters.useShopify = false;
	}
	return wf;
}

function seedWorkflow() {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '../workflows/support-sample-shop-data.json'), 'utf8')) as Json;
}

function payload(t: OutcomeTicket, n: number) {
	const who = typeof t.from === 'string' ? CUSTOMERS[t.from] : t.from;
	return { freshdesk_webhook: { ticket_id: String(70000 + n), ticket_subject: t.subject, ticket_description: t.message, ticket_contact_name: who.name, ticket_contact_email: who.email } };
}

interface Result {
	id: string;
	group: string;
	expected: Outcome;
	actual: Outcome | 'error';
	correct: boolean;
	why?: string;
	layer?: string;
	intent?: string;
	customerFacing: string[];
	resolvable: boolean;
}

const OWNER_OF = new Map(SAMPLE_ORDERS.map((o) => [o.number, o.customer]));
const TRACKING = new Map(SAMPLE_ORDERS.map((o) => [sampleTracking(o.number), o.number]));

/** Replies a customer would read: what in them is wrong for this ticket. */
function customerFacingErrors(t: OutcomeTicket, reply: string): string[] {
	const who = typeof t.from === 'string' ? CUSTOMERS[t.from] : t.from;
	const errors: string[] = [];
	const given = new Map<string, string>();
	const ref = extractOrderRefs(`${t.subject}\n${t.message}`)[0];
	if (ref) given.set('order number', ref);
	given.set('email address', who.email);
	given.set('name', who.name);
	for (const r of reasksIn(reply, given)) errors.push(`asks again for the ${r.what}`);
	for (const [tracking, number] of TRACKING) if (reply.includes(tracking) && !t.expected.orders.includes(number)) errors.push(`states the tracking number of order #${number}`);
	for (const m of reply.matchAll(/#(\d{4})\b/g)) {
		const owner = OWNER_OF.get(m[1]);
		if (owner && typeof t.from === 'string' && owner !== t.from) errors.push(`names order #${m[1]}, another customer's`);
		else if (owner && !t.expected.orders.includes(m[1])) errors.push(`names order #${m[1]}, not the one asked about`);
	}
	return errors;
}

function judge(t: OutcomeTicket, body: Json): Omit<Result, 'id' | 'group' | 'resolvable'> {
	const e = t.expected;
	if (!body || (body.route !== 'handled' && body.route !== 'escalated')) return { expected: e.outcome, actual: 'error', correct: false, why: `no pipeline answer: ${JSON.stringify(body).slice(0, 200)}`, layer: 'n8n', customerFacing: [] };
	const intent = body.intent ?? undefined;
	if (body.route === 'escalated') {
		const ok = (e.outcome === 'escalated' || e.alsoOk?.includes('escalated')) && (!e.reason || e.reason.test(String(body.reason)));
		return { expected: e.outcome, actual: 'escalated', correct: !!ok, why: ok ? undefined : `escalated by ${body.fromLayer}: ${String(body.reason).slice(0, 240)}`, layer: ok ? undefined : String(body.fromLayer), intent, customerFacing: [] };
	}
	const reply = String(body.draftReply ?? '');
	const steps = (body.execution?.steps ?? []) as Json[];
	const clarify = /thanks for getting in touch/i.test(reply) && /\?/.test(reply);
	const actual: Outcome = clarify ? 'clarify' : 'resolved';
	const customerFacing = customerFacingErrors(t, reply);
	const problems: string[] = [];
	if (actual !== e.outcome && !e.alsoOk?.includes(actual)) problems.push(`${actual} instead of ${e.outcome}`);
	if (e.intent && intent !== e.intent) problems.push(`intent ${intent} instead of ${e.intent}`);
	if (actual === e.outcome) {
		for (const s of e.mustState ?? []) {
			const spellings = Array.isArray(s) ? s : [s];
			if (!spellings.some((x) => reply.includes(x))) problems.push(`reply does not state "${spellings.join('" or "')}"`);
		}
		if (e.action && !steps.some((s) => s.tool === e.action && (s.status === 'succeeded' || s.status === 'already_done'))) problems.push(`${e.action} not done (${JSON.stringify(steps)})`);
	}
	const layer = !problems.length ? undefined : e.intent && intent !== e.intent ? 'intentRouter' : e.action && problems.some((p) => p.includes('not done')) ? 'toolExecutor' : 'specialistPlanner';
	return { expected: e.outcome, actual, correct: !problems.length, why: problems.join('; ') || undefined, layer, intent, customerFacing };
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const json = argv.includes('--json');
	const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
	const log = (m: string) => (json ? process.stderr : process.stdout).write(`[bench:outcomes] ${m}\n`);
	const tickets = outcomeTickets().filter((t) => !only || t.id.startsWith(only));

	const zendesk = await new ZendeskStandIn(ZENDESK_AUTH).start();
	const shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
	const stripe = await new StripeStandIn(STRIPE_KEY).start();
	const now = new Date();
	// The Shopify stand-in holds the sample shop's orders: the executor's reads and writes land there.
	for (const row of sampleRows(now)) {
		shopify.addOrder({ id: Number(sampleOrderId(String(row.order_number))), name: `#${row.order_number}`, total_price: Number(row.total).toFixed(2), currency: String(row.currency), email: String(row.customer_email), financial_status: String(row.payment_status), cancelled_at: (row.cancelled_at as string | null) ?? null });
	}
	const n8n = await startN8n({
		workflows: [ingestWorkflow(), seedWorkflow() as never, benchPipeline({ zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url }) as never],
		credentials: benchCredentials(),
		readyTimeoutMs: 300_000,
	});
	const results: Result[] = [];
	try {
		const ingested = await n8n.webhook('pipeline-ingest', { documents: samplePolicyDocuments() });
		if (ingested.status !== 200) throw new Error(`policy ingestion failed: HTTP ${ingested.status}`);
		const seeded = await n8n.webhook(SEED_PATH, { orders: sampleRows(now) }, { headers: { [WEBHOOK_HEADER]: WEBHOOK_SECRET } });
		if (seeded.status !== 200) throw new Error(`seeding the sample shop failed: HTTP ${seeded.status} ${JSON.stringify(seeded.body).slice(0, 300)}`);
		log(`n8n ready; sample shop "${SAMPLE_TABLE}" seeded (${JSON.stringify(seeded.body)}); ${tickets.length} tickets`);
		for (const [i, t] of tickets.entries()) {
			const res = await n8n.webhook(PIPELINE_PATH, payload(t, i), { headers: { [WEBHOOK_HEADER]: WEBHOOK_SECRET } });
			const r = { id: t.id, group: t.group, resolvable: t.expected.resolvable, ...judge(t, res.body as Json) };
			results.push(r);
			if (!json) log(`${r.correct ? 'ok  ' : 'MISS'} ${t.id}: ${r.actual}${r.why ? ` (${r.why})` : ''}${r.customerFacing.length ? ` CUSTOMER-FACING: ${r.customerFacing.join('; ')}` : ''}`);
		}
	} finally {
		await n8n.stop();
		await Promise.all([zendesk.close(), shopify.close(), stripe.close()]);
	}

	const correct = results.filter((r) => r.correct).length;
	const resolvable = results.filter((r) => r.resolvable);
	const resolved = resolvable.filter((r) => r.correct && r.actual === 'resolved').length;
	const byLayer: Record<string, number> = {};
	for (const r of results) if (!r.correct) byLayer[r.layer ?? 'unknown'] = (byLayer[r.layer ?? 'unknown'] ?? 0) + 1;
	const figures = {
		tickets: results.length,
		correctOutcomeRate: Math.round((correct / Math.max(1, results.length)) * 1000) / 1000,
		customerFacingErrors: results.reduce((n, r) => n + (r.customerFacing.length ? 1 : 0), 0),
		resolvedShare: Math.round((resolved / Math.max(1, resolvable.length)) * 1000) / 1000,
		resolvable: resolvable.length,
		resolved,
		wrongByLayer: byLayer,
		wrong: results.filter((r) => !r.correct || r.customerFacing.length).map((r) => ({ id: r.id, group: r.group, expected: r.expected, actual: r.actual, layer: r.layer, why: r.why, customerFacing: r.customerFacing })),
		goals: { correctOutcomeRate: '>= 0.95', customerFacingErrors: '0', resolvedShare: '>= 0.70' },
	};
	if (json) {
		console.log(JSON.stringify(figures, null, 2));
		return;
	}
	console.log(`\ncorrectOutcomeRate ${figures.correctOutcomeRate} (${correct}/${results.length}), customerFacingErrors ${figures.customerFacingErrors}, resolvedShare ${figures.resolvedShare} (${resolved}/${resolvable.length} resolvable)`);
	console.log(`wrong outcomes by layer: ${JSON.stringify(byLayer)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
