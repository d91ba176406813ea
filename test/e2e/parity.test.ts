/**
 * Parity: the shipped pipeline template in a real n8n 2.41.1 and the in-process pipeline
 * (engine/pipeline runPipeline: `replay`, `npm run demo -- --in-process`, bench:safety/faults) must
 * produce the same case file for every ticket of the sample sets, section by section.
 *
 * (a) n8n runs copies of workflows/support-pipeline-webhook.json, driven through their webhook, one
 *     ticket at a time; each run's case file is read from the execution data (REST API).
 * (b) runPipeline runs the same payloads in the same order, with settings read from the very same
 *     workflow JSON (parity/templateSettings.ts: n8n's parameter defaults applied, nothing retyped),
 *     a copy of the embedded policy store n8n's Retriever reads, the template's order lookup over the
 *     same sample-shop rows (parity/dataTableLookup.ts), and its own fresh stand-ins seeded alike
 *     (parity/world.ts), so n8n's refunds cannot make it see "already refunded".
 *
 * Two sets, as the sample runs use them:
 * - workflows/samples/demo-tickets.json on the template as shipped (every intent in shadow, the
 *   Retriever's Shopify lookup on), what `npm run demo` sends;
 * - bench/outcomeTickets.ts on the template as bench/outcomes.ts runs it (every intent in auto, the
 *   Retriever's Shopify lookup off, facts from the Data Table only), with real writes.
 * Only what parity/compareCaseFiles.ts NORMALISATIONS names is set aside (timings and clock
 * readings); any other difference fails the ticket's test with the section, the path and both values.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { PipelineResult } from '../../engine/pipeline';
import { readTemplatePolicies } from '../../cli/replayInputs';
import { CUSTOMERS, sampleRows } from '../../scripts/sampleShop';
import { outcomeTickets, type OutcomeTicket } from '../../bench/outcomeTickets';
import { loadTemplate, loadWorkflow, startN8n, type N8nInstance } from './harness';
import {
	diffCaseFiles,
	formatDifferences,
	formatNormalisationLog,
	newNormalisationLog,
	normaliseCaseFile,
	type ClockWindow,
} from './parity/compareCaseFiles';
import { copyN8nStore, runInProcess } from './parity/inProcessSide';
import { parityCopy, runInN8n, type N8nRun, type ParityCopy } from './parity/n8nSide';
import type { Row } from './parity/dataTableLookup';
import { PARITY_CREDENTIALS, VendorWorld, WEBHOOK_HEADER, WEBHOOK_SECRET } from './parity/world';

jest.setTimeout(300_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REPO = path.join(__dirname, '../..');
const TEMPLATE = 'support-pipeline-webhook.json';
const SEED_PATH = 'support-sample-shop-data';

interface ParityTicket {
	id: string;
	payload: unknown;
}

interface TicketSet {
	name: string;
	label: string;
	tickets: ParityTicket[];
	/** How the sample run changes the template (nothing: as shipped). */
	edit: (nodes: Json[]) => void;
}

const demoTickets = (JSON.parse(fs.readFileSync(path.join(REPO, 'workflows/samples/demo-tickets.json'), 'utf8')) as Array<{ id: string; payload: unknown }>).map((t) => ({ id: t.id, payload: t.payload }));

/** bench/outcomes.ts's payload for its n-th ticket: a Freshdesk webhook body. */
function outcomePayload(t: OutcomeTicket, n: number): unknown {
	const who = typeof t.from === 'string' ? CUSTOMERS[t.from] : t.from;
	return { freshdesk_webhook: { ticket_id: String(70000 + n), ticket_subject: t.subject, ticket_description: t.message, ticket_contact_name: who.name, ticket_contact_email: who.email } };
}

const SETS: TicketSet[] = [
	{ name: 'demo tickets (workflows/samples/demo-tickets.json), template as shipped', label: 'demo', tickets: demoTickets, edit: () => {} },
	{
		name: 'outcome bench tickets (bench/outcomeTickets.ts), template as bench:outcomes runs it',
		label: 'outcomes',
		tickets: outcomeTickets().map((t, n) => ({ id: t.id, payload: outcomePayload(t, n) })),
		// bench/outcomes.ts benchPipeline: every intent in auto; facts from the Data Table only.
		edit: (nodes) => {
			for (const n of nodes) {
				if (n.name === 'Support Intent Router') for (const intent of n.parameters.intents.intent as Json[]) intent.rolloutMode = 'auto';
				if (n.name === 'Support Policy Retriever') n.parameters.useShopify = false;
			}
		},
	},
];

interface SideResults {
	n8n: N8nRun[];
	inProcess: PipelineResult[];
}

/** The webhook's answer in n8n (which Respond to Webhook node ran), and the in-process pipeline's counterpart. */
const inProcessRoute = (r: PipelineResult) => (r.outcome === 'escalated' ? 'escalated' : 'handled');

describe('parity: real n8n vs the in-process pipeline, case file by case file', () => {
	let n8n: N8nInstance | undefined;
	let worldA: VendorWorld | undefined;
	let worldB: VendorWorld | undefined;
	let storeDir: string | undefined;
	const results = new Map<string, SideResults>();
	const log = newNormalisationLog();
	let window: ClockWindow;
	const timings: Record<string, number> = {};
	const settingNotes = new Set<string>();

	beforeAll(async () => {
		const t0 = Date.now();
		// One clock reading for the sample shop: n8n's Data Table, both sides' Shopify and the in-process lookup hold the same rows.
		const rows: Row[] = sampleRows(new Date(t0));
		worldA = await VendorWorld.start(rows);
		worldB = await VendorWorld.start(rows);
		const template = loadTemplate(TEMPLATE);
		const copies: ParityCopy[] = SETS.map((s, i) => parityCopy(template, s.label, i + 1, worldA!.urls, s.edit));
		const seed = JSON.parse(fs.readFileSync(path.join(REPO, 'workflows', `${SEED_PATH}.json`), 'utf8')) as Json;
		n8n = await startN8n({ workflows: [loadWorkflow('pipeline-ingest.json'), seed as never, ...copies.map((c) => c.workflow)], credentials: PARITY_CREDENTIALS });
		timings.n8nStart = Date.now() - t0;

		// The sample policies `npm start` ingests, into the Retriever's embedded store.
		const documents = readTemplatePolicies(path.join(REPO, 'workflows/support-policy-ingestion.json'));
		const ingested = await n8n.webhook('pipeline-ingest', { documents });
		if (ingested.status !== 200) throw new Error(`policy ingestion: HTTP ${ingested.status} ${JSON.stringify(ingested.body).slice(0, 500)}`);
		const seeded = await n8n.webhook(SEED_PATH, { orders: rows }, { headers: { [WEBHOOK_HEADER]: WEBHOOK_SECRET } });
		if (seeded.status !== 200) throw new Error(`seeding the sample shop: HTTP ${seeded.status} ${JSON.stringify(seeded.body).slice(0, 500)}`);

		storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'support-parity-'));
		const storeName = String((template.nodes as Json[]).find((n) => n.name === 'Support Policy Retriever')?.parameters.storeName ?? 'policies');
		const store = copyN8nStore(n8n, storeName, storeDir);

		// Each set's two sides run at the same time: separate stand-ins, and each side keeps its tickets in order.
		const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
			const t = Date.now();
			const out = await run();
			timings[name] = Date.now() - t;
			return out;
		};
		for (const [i, set] of SETS.entries()) {
			const payloads = set.tickets.map((t) => t.payload);
			const [a, b] = await Promise.all([
				timed(`${set.label}: n8n`, async () => await runInN8n(n8n!, copies[i], payloads)),
				timed(`${set.label}: in-process`, async () => await runInProcess(copies[i].workflow, payloads, { store, world: worldB!, rows, notes: (n) => settingNotes.add(n) })),
			]);
			results.set(set.label, { n8n: a, inProcess: b });
		}
		window = { from: t0, to: Date.now() };
		timings.total = Date.now() - t0;
	});

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([worldA?.close(), worldB?.close()]);
		if (storeDir) fs.rmSync(storeDir, { recursive: true, force: true });
		const compared = SETS.reduce((n, s) => n + (results.get(s.label)?.n8n.length ?? 0), 0);
		// What the sets exercised (n8n's side): answers, and the layer each escalation came from.
		const count = (values: string[]) => values.reduce<Record<string, number>>((m, v) => ({ ...m, [v]: (m[v] ?? 0) + 1 }), {});
		const covered = SETS.map((s) => {
			const runs = results.get(s.label)?.n8n ?? [];
			return `${s.label}: ${JSON.stringify(count(runs.map((r) => r.route)))}, escalated from ${JSON.stringify(count(runs.flatMap((r) => (r.caseFile.handoff ? [String(r.caseFile.handoff.fromLayer)] : []))))}`;
		});
		process.stdout.write(
			`[parity] ${compared} tickets compared; ${covered.join('; ')}; vendor writes ${worldA?.writes().length ?? 0}\n` +
				`[parity] timings (ms) ${JSON.stringify(timings)}\n[parity] normalisations applied:\n${formatNormalisationLog(log)}\n` +
				(settingNotes.size ? `[parity] settings without an in-process switch, checked to make no difference:\n${[...settingNotes].map((n) => `- ${n}`).join('\n')}\n` : ''),
		);
	});

	describe.each(SETS)('$name', (set) => {
		it.each(set.tickets.map((t, i) => [t.id, i] as const))('ticket %s: same case file', (id, i) => {
			const sides = results.get(set.label)!;
			const a = normaliseCaseFile(sides.n8n[i].caseFile, window, log);
			const b = normaliseCaseFile(sides.inProcess[i].caseFile, window, log);
			const diffs = diffCaseFiles(a, b);
			const route = { n8n: sides.n8n[i].route, inProcess: inProcessRoute(sides.inProcess[i]) };
			if (route.n8n !== route.inProcess) diffs.unshift({ section: 'webhook answer', path: 'route', ...route });
			if (diffs.length) throw new Error(formatDifferences(`${id} (${set.label} #${i + 1})`, diffs));
			// Not vacuous: both sides produced a case file with a trace.
			expect((a as Json).trace?.length).toBeGreaterThan(0);
		});
	});

	it('the comparison sees a one-value change in a real case file (it is not vacuous)', () => {
		const { n8n: a } = results.get(SETS[0].label)!;
		const changed = JSON.parse(JSON.stringify(a[0].caseFile)) as Json;
		changed.intent.confidence += 0.001;
		const diffs = diffCaseFiles(normaliseCaseFile(a[0].caseFile, window, newNormalisationLog()), normaliseCaseFile(changed, window, newNormalisationLog()));
		expect(diffs).toEqual([expect.objectContaining({ section: 'intent', path: 'intent.confidence' })]);
	});

	it('both sides made the same writes to their vendors, in the same order', () => {
		// Not vacuous: the auto-mode set refunds in-window orders.
		expect(worldA!.writes().length).toBeGreaterThan(0);
		expect(worldB!.writes()).toEqual(worldA!.writes());
	});
});
