/**
 * The shipped shadow-replay template (workflows/support-shadow-replay.json) in a real n8n 2.41.1:
 * the 52 demo tickets (workflows/samples/demo-tickets.json, and its CSV version) go through the six
 * layers with every intent in shadow, and the webhook answers the agreement report (read and computed
 * by the Support Shadow Replay node). Its figures are compared with `support-coordination replay` run
 * in-process on the same file (runReplay), with the policies both sides take from the ingestion
 * template. The executor's credentials point at the Zendesk, Shopify and Stripe stand-ins, which must
 * receive no request at all.
 *
 * Then the same template with the router in the cascade engine and n8n's OpenAI Chat Model node on
 * its Model input, against the OpenAI-compatible stand-in answering as an oracle (the agent's intent):
 * the model must be asked exactly for the tickets the built-in engine is unsure about, and the
 * routing agreement must be the in-process one with those tickets agreeing.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { runReplay } from '../../cli/replay';
import type { AgreementLine, ReplayReport } from '../../cli/replayReport';
import { normaliseTicket } from '../../engine/intake';
import { BuiltinEmbedder } from '../../engine/retrieval';
import { DEFAULT_MODEL_THRESHOLD } from '../../engine/routing/model';
import { CONFIGURED_OUTPUTS } from '../../nodes/SupportIntentRouter/outputs';
import { shadowReplayOutputs } from '../../nodes/SupportShadowReplay/outputs';
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../stand-ins';
import { OpenAiCompatibleStandIn, type Responder } from '../stand-ins/openaiCompatible';
import { ticketText } from '../stand-ins/openai/keywordResponder';
import { loadTemplate, nodeError, nodeOutputs, startN8n, type CredentialSpec, type N8nInstance, type WorkflowJson } from './harness';

jest.setTimeout(600_000);

const TOKEN = ['e2e', 'shadow', 'replay'].join('-');
const ZD_TOKEN = ['zd', 'shadow', '0001'].join('-');
const SHOP_TOKEN = ['shpat', 'shadow0002'].join('_');
const STRIPE_KEY = ['sk', 'test', 'shadow0003'].join('_');
const OPENAI_KEY = ['sk', 'e2e', 'shadow', 'model'].join('-');
const ZD_EMAIL = 'agent@example.com';

const SAMPLES = path.join(__dirname, '../../workflows/samples');
const JSON_FILE = path.join(SAMPLES, 'demo-tickets.json');
const CSV_FILE = path.join(SAMPLES, 'demo-tickets.csv');
const ROUTER = 'Support Intent Router';
const EXECUTOR = 'Support Action Executor';
const REPORT = 'Agreement report';
const PATH = 'support-shadow-replay';
const CASCADE_PATH = 'support-shadow-replay-cascade';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface TemplateReport {
	settings: Json;
	warnings: string[];
	tickets: Array<{ id: string; intent: string; action: string; outcome: string; confidence: number | null; decidedBy: string | null; dryRun: boolean | null; routingAgrees?: boolean }>;
	totals: { tickets: number; routed: number; autoResolved: number; suggested: number; shadowApproved: number; escalated: number; executedSteps: number; escalationReasons: Array<{ key: string; count: number }> };
	agreement: AgreementLine[];
	markdown: string;
}

const demo = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8')) as Array<{ id: string; payload: unknown; expected: { intent: string; action: string } }>;
const LABELLED_INTENTS = [...new Set(demo.map((t) => t.expected.intent))].sort();

/** The template with the executor's vendor URLs pointed at the stand-ins (its Base URL Override options). */
function shadowCopy(urls: { zendesk: string; shopify: string; stripe: string }): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(loadTemplate('support-shadow-replay.json'))) as WorkflowJson;
	for (const n of wf.nodes as Json[]) {
		if (n.name === EXECUTOR) n.parameters.options = { zendeskBaseUrl: urls.zendesk, shopifyBaseUrl: urls.shopify, stripeBaseUrl: urls.stripe };
	}
	return wf;
}

/** The same with the router in the cascade engine and n8n's OpenAI Chat Model on its Model input. */
function cascadeCopy(base: WorkflowJson): WorkflowJson {
	const wf = JSON.parse(JSON.stringify(base)) as WorkflowJson & { id?: string; connections: Record<string, unknown> };
	delete wf.id;
	wf.name = `${wf.name} [cascade]`;
	for (const n of wf.nodes as Json[]) {
		n.id = randomUUID();
		if (n.type === 'n8n-nodes-base.webhook') {
			n.parameters = { ...n.parameters, path: CASCADE_PATH };
			n.webhookId = randomUUID();
		}
		if (n.name === ROUTER) n.parameters = { ...n.parameters, engine: 'cascade', modelAttempts: 2, modelTimeout: 20000 };
	}
	wf.nodes.push({
		id: randomUUID(),
		name: 'OpenAI Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.3,
		position: [1140, 640],
		parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: { maxRetries: 0, timeout: 20000 } },
		credentials: { openAiApi: { id: 'e2eShadowOpenAi', name: 'Stand-in OpenAI' } },
	});
	wf.connections['OpenAI Chat Model'] = { ai_languageModel: [[{ node: ROUTER, type: 'ai_languageModel', index: 0 }]] };
	return wf;
}

/** Answers the agent's intent for the ticket in the prompt ("none" for human), as a perfect model would. */
function oracle(): Responder {
	const known = demo.map((t) => ({ start: normaliseTicket(t.payload, { source: 'auto' }).message.slice(0, 50), intent: t.expected.intent }));
	return (request) => {
		const text = ticketText(request);
		const hit = known.find((k) => text.includes(k.start));
		return {
			kind: 'json',
			value: { category: hit && hit.intent !== 'human' ? hit.intent : 'none', confidence: 0.95, urgency: 'normal', sentiment: 'neutral', reason: hit ? 'oracle' : 'unknown ticket' },
		};
	};
}

/** A row or the totals without the times, which differ between any two runs. */
const untimed = ({ timings, ...row }: { timings?: unknown } & Json) => row; // eslint-disable-line @typescript-eslint/no-unused-vars
const untimedTotals = ({ timePerLayer, totalMs, meanMsPerTicket, ...totals }: Json) => totals; // eslint-disable-line @typescript-eslint/no-unused-vars
const byIntent = (lines: AgreementLine[]) => Object.fromEntries(lines.map((l) => [l.intent, l]));

describe('shadow replay template (real n8n, demo tickets, vendor and model stand-ins)', () => {
	let n8n: N8nInstance;
	let zendesk: ZendeskStandIn;
	let shopify: ShopifyStandIn;
	let stripe: StripeStandIn;
	const model = new OpenAiCompatibleStandIn({ apiKey: OPENAI_KEY, responder: oracle() });
	const embedder = new BuiltinEmbedder();
	let inProcessJson: ReplayReport;
	let inProcessCsv: ReplayReport;
	const vendorRequests = () => zendesk.requests.length + shopify.requests.length + stripe.requests.length;

	/** POSTs a tickets file; the whole replay runs before n8n answers, so the wait is longer than the harness's. */
	async function post(webhookPath: string, body: string, contentType: string, token = TOKEN) {
		const response = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'Content-Type': contentType, 'X-Support-Token': token },
			body,
			signal: AbortSignal.timeout(300_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Not JSON: the assertion on the status shows the text.
		}
		return { status: response.status, body: parsed as Json };
	}

	beforeAll(async () => {
		zendesk = await new ZendeskStandIn(`Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`).start();
		shopify = await new ShopifyStandIn(SHOP_TOKEN).start();
		stripe = await new StripeStandIn(STRIPE_KEY).start();
		await model.start();
		const shadow = shadowCopy({ zendesk: zendesk.url, shopify: shopify.url, stripe: stripe.url });
		const credentials: CredentialSpec[] = [
			{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: 'X-Support-Token', value: TOKEN } },
			{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } },
			{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
			{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: STRIPE_KEY } },
			{ id: 'e2eShadowOpenAi', name: 'Stand-in OpenAI', type: 'openAiApi', data: { apiKey: OPENAI_KEY, url: model.baseURL, header: false } },
		];
		const ingestion = loadTemplate('support-policy-ingestion.json');
		n8n = await startN8n({ workflows: [ingestion, shadow, cascadeCopy(shadow)], credentials });

		// The sample policies, as the CLI's replay takes them: the ingestion template's, run as shipped.
		const started = await n8n.rest.request<{ executionId?: string }>('POST', `/rest/workflows/${n8n.workflowIds[ingestion.name]}/run`, {
			triggerToStartFrom: { name: 'Run ingestion now' },
		});
		const ingested = await n8n.waitForExecution((e) => e.id === started.executionId, 120_000);
		expect(ingested.status).toBe('success');

		// `support-coordination replay FILE` in-process, on the same files (the default settings: the pipeline template's router, shadow).
		inProcessJson = await runReplay({ file: JSON_FILE, json: true }, { embedder });
		inProcessCsv = await runReplay({ file: CSV_FILE, json: true }, { embedder });
	});
	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([zendesk?.close(), shopify?.close(), stripe?.close(), model.close()]);
	});

	let jsonReport: TemplateReport;

	it('wires every output of every layer: a ticket left on an open output would stop the loop before its report', () => {
		const template = loadTemplate('support-shadow-replay.json') as WorkflowJson & { connections: Record<string, { main: Json[][] }> };
		const router = template.nodes.find((n) => n.name === ROUTER)!;
		const intents = (router.parameters as Json).intents.intent as Json[];
		expect(intents.every((i) => i.rolloutMode === 'shadow')).toBe(true);
		expect((template.nodes.find((n) => n.name === EXECUTOR)!.parameters as Json).rolloutMode).toBe('shadow');
		// The router's outputs as n8n draws them for its version and parameters (one per intent plus Human, or Human and Routed).
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the node's own output expression, which n8n evaluates the same way
		const routerOutputs = (new Function(`return ${CONFIGURED_OUTPUTS}`)() as (v: number, p: unknown) => unknown[])(Number(router.typeVersion), router.parameters);
		const outputs: Record<string, number> = {
			'Read tickets file': shadowReplayOutputs({ operation: 'readTickets' }).length,
			[ROUTER]: routerOutputs.length,
			'Support Policy Retriever': 2,
			'Support Specialist Planner': 2,
			'Support Critic (plan)': 3,
			[EXECUTOR]: 2,
			'Support Critic (reply)': 3,
			'Support Escalation Packager': 1,
		};
		for (const [name, count] of Object.entries(outputs)) {
			const main = template.connections[name]?.main ?? [];
			expect([name, main.length, main.every((targets) => targets.length > 0)]).toEqual([name, count, true]);
		}
		const intoLoop = Object.entries(template.connections).filter(([, c]) => c.main.some((targets) => targets.some((t) => t.node === 'One ticket at a time')));
		expect(intoLoop.map(([name]) => name).sort()).toEqual(['Read tickets file', 'Support Critic (reply)', 'Support Escalation Packager']);
	});

	it('JSON file: a report for every intent, 52 tickets, nothing written, and the CLI replay figures', async () => {
		const before = vendorRequests();
		const res = await post(PATH, fs.readFileSync(JSON_FILE, 'utf8'), 'application/json');
		expect([res.status, res.status === 200 ? '' : res.body]).toEqual([200, '']);
		jsonReport = res.body as TemplateReport;
		const { totals, agreement } = jsonReport;

		expect(agreement.map((a) => a.intent)).toEqual([...LABELLED_INTENTS, 'all']);
		expect(agreement.filter((a) => a.intent !== 'all').reduce((s, a) => s + a.tickets, 0)).toBe(52);
		expect(byIntent(agreement).all.tickets).toBe(52);
		expect(totals.tickets).toBe(52);
		expect(jsonReport.tickets.map((t) => t.id)).toEqual(demo.map((t) => t.id));
		expect(totals.shadowApproved + totals.escalated).toBe(52);
		expect(totals.autoResolved + totals.suggested).toBe(0);
		expect(totals.escalationReasons.reduce((s, e) => s + e.count, 0)).toBe(totals.escalated);

		// Shadow: not one request reached Zendesk, Shopify or Stripe, and every plan that ran was a dry run.
		expect(vendorRequests()).toBe(before);
		expect(totals.executedSteps).toBe(0);
		expect(jsonReport.tickets.filter((t) => t.dryRun !== null).every((t) => t.dryRun === true)).toBe(true);
		expect(jsonReport.tickets.filter((t) => t.outcome === 'shadow').length).toBeGreaterThan(0);

		// Same file, same layers, same definitions: the in-process replay's figures, ticket by ticket.
		expect(jsonReport.tickets.map((t) => [t.id, t.intent, t.action, t.outcome])).toEqual(inProcessJson.tickets.map((t) => [t.id, t.intent, t.action, t.outcome]));
		expect(agreement).toEqual(inProcessJson.agreement);
		// The Support Shadow Replay node and the CLI compute rows and totals with the same functions: equal but for the times.
		expect(jsonReport.tickets.map(untimed)).toEqual(inProcessJson.tickets.map(untimed));
		expect(untimedTotals(totals)).toEqual(untimedTotals(inProcessJson.totals));
		expect(jsonReport.markdown).toMatch(/\| \*\*all\*\* \| 52 \|/);
		process.stdout.write(`shadow replay (n8n, JSON): ${JSON.stringify(byIntent(agreement).all)}\n${jsonReport.markdown.split('\n').slice(0, 12).join('\n')}\n`);
	});

	it('CSV file (text/csv): the same report shape, and the CLI replay figures on the same CSV', async () => {
		const before = vendorRequests();
		const res = await post(PATH, fs.readFileSync(CSV_FILE, 'utf8'), 'text/csv');
		expect([res.status, res.status === 200 ? '' : res.body]).toEqual([200, '']);
		const report = res.body as TemplateReport;
		expect(report.settings.source).toBe('webhook (CSV)');
		expect(report.totals.tickets).toBe(52);
		expect(report.agreement.map((a) => a.intent)).toEqual([...LABELLED_INTENTS, 'all']);
		// The CSV carries the intent only (the CLI's CSV columns): no action agreement.
		expect(report.agreement.every((a) => a.actionAgreement === null)).toBe(true);
		expect(vendorRequests()).toBe(before);
		expect(report.tickets.map((t) => [t.id, t.intent, t.outcome])).toEqual(inProcessCsv.tickets.map((t) => [t.id, t.intent, t.outcome]));
		expect(report.agreement).toEqual(inProcessCsv.agreement);
		expect(report.tickets.map(untimed)).toEqual(inProcessCsv.tickets.map(untimed));
		process.stdout.write(`shadow replay (n8n, CSV): ${JSON.stringify(byIntent(report.agreement).all)}\n`);
	});

	it('a CSV with the action column, ids like "ZE-70001" and text/plain is read too', async () => {
		const lines = fs.readFileSync(CSV_FILE, 'utf8').trimEnd().split('\n');
		const rows = lines.slice(1, 6).map((l, i) => `${l.replace(/^\d+/, demo[i].id)},${demo[i].expected.action}`);
		const res = await post(PATH, ['id,subject,message,email,intent,action', ...rows].join('\n'), 'text/plain');
		expect([res.status, res.status === 200 ? '' : res.body]).toEqual([200, '']);
		const report = res.body as TemplateReport;
		expect(report.tickets.map((t) => t.id)).toEqual(demo.slice(0, 5).map((t) => t.id));
		const all = byIntent(report.agreement).all;
		expect(all.tickets).toBe(5);
		expect(all.actionAgreement).not.toBeNull();
		// "ZE-70001" stays the ticket id (the CLI reads it the same way): these tickets are routed like the JSON ones.
		const fromJson = new Map(jsonReport.tickets.map((t) => [t.id, t.intent]));
		expect(report.tickets.map((t) => t.intent)).toEqual(report.tickets.map((t) => fromJson.get(t.id)));
		expect(report.totals.routed).toBeGreaterThan(0);
	});

	it('a malformed file gets a 400 that names the field', async () => {
		const bad = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8')) as Json[];
		bad[2].expected.intent = 42;
		const json = await post(PATH, JSON.stringify(bad), 'application/json');
		expect(json.status).toBe(400);
		expect(json.body).toMatchObject({ field: 'expected.intent', entry: 3 });
		expect(json.body.error).toMatch(/entry 3: expected\.intent must be a string or null/);

		const csv = await post(PATH, 'id,subject,text,email\n1,Refund,Please refund order 1,a@example.com\n', 'text/csv');
		expect(csv.status).toBe(400);
		expect(csv.body).toMatchObject({ field: 'csv header', line: 1 });
		expect(csv.body.error).toMatch(/bad header "id,subject,text,email"/);

		const notArray = await post(PATH, JSON.stringify({ ticket: { id: 1 } }), 'application/json');
		expect(notArray.status).toBe(400);
		expect(notArray.body).toMatchObject({ field: 'body' });
		expect(notArray.body.format).toMatch(/JSON array/);

		const unauthorised = await post(PATH, '[]', 'application/json', 'wrong-token');
		expect(unauthorised.status).toBeGreaterThanOrEqual(400);
		expect(unauthorised.status).toBeLessThan(500);
	});

	it('Execute workflow on the Manual Trigger replays the sample tickets', async () => {
		const id = n8n.workflowIds['Support shadow replay (agreement report per intent)'];
		const started = await n8n.rest.request<{ executionId?: string }>('POST', `/rest/workflows/${id}/run`, { triggerToStartFrom: { name: 'Try it with the sample' } });
		const execution = await n8n.waitForExecution((e) => e.id === started.executionId, 120_000);
		expect(nodeError(execution, REPORT)).toBeUndefined();
		const [[report]] = nodeOutputs(execution, REPORT);
		const r = report.json as unknown as TemplateReport;
		expect(r.settings.source).toBe('sample (JSON)');
		expect(r.totals.tickets).toBeGreaterThanOrEqual(5);
		expect(r.agreement.map((a) => a.intent)).toEqual([...LABELLED_INTENTS, 'all']);
	});

	it('cascade engine with the OpenAI Chat Model: the model is asked only when the built-in engine is unsure', async () => {
		model.reset();
		const before = vendorRequests();
		const res = await post(CASCADE_PATH, fs.readFileSync(JSON_FILE, 'utf8'), 'application/json');
		expect(res.status).toBe(200);
		const report = res.body as TemplateReport;
		expect(report.totals.tickets).toBe(52);
		expect(report.agreement.map((a) => a.intent)).toEqual([...LABELLED_INTENTS, 'all']);
		expect(vendorRequests()).toBe(before);
		expect(report.totals.executedSteps).toBe(0);

		// The built-in engine is the same as in-process: below the model threshold the model decides.
		const unsure = new Set(inProcessJson.tickets.filter((t) => (t.confidence ?? 0) < DEFAULT_MODEL_THRESHOLD).map((t) => t.id));
		expect(unsure.size).toBeGreaterThan(0);
		expect(unsure.size).toBeLessThan(52);
		expect(model.chatRequests).toHaveLength(unsure.size);
		expect(model.requests.every((r) => r.authorization === `Bearer ${OPENAI_KEY}`)).toBe(true);
		for (const t of report.tickets) expect([t.id, t.decidedBy]).toEqual([t.id, unsure.has(t.id) ? 'model' : 'builtin']);
		const inProcess = new Map(inProcessJson.tickets.map((t) => [t.id, t]));
		for (const t of report.tickets) {
			if (unsure.has(t.id)) expect([t.id, t.routingAgrees]).toEqual([t.id, true]);
			else expect([t.id, t.intent]).toEqual([t.id, inProcess.get(t.id)!.intent]);
		}
		// Routing agreement: the in-process figure with the model-decided tickets agreeing.
		const expected = new Map<string, { agree: number; n: number }>();
		for (const t of inProcessJson.tickets) {
			const agree = unsure.has(t.id) || t.routingAgrees === true;
			for (const key of [String(t.expected!.intent), 'all']) {
				const e = expected.get(key) ?? { agree: 0, n: 0 };
				expected.set(key, { agree: e.agree + (agree ? 1 : 0), n: e.n + 1 });
			}
		}
		for (const line of report.agreement) {
			const e = expected.get(line.intent)!;
			expect([line.intent, line.routingAgreement]).toEqual([line.intent, Math.round((e.agree / e.n) * 1000) / 1000]);
		}
		const all = byIntent(report.agreement).all;
		expect(all.routingAgreement!).toBeGreaterThanOrEqual(byIntent(jsonReport.agreement).all.routingAgreement!);
		process.stdout.write(`shadow replay (n8n, cascade, oracle model on ${unsure.size} ticket(s)): ${JSON.stringify(all)}\n`);
	});
});
