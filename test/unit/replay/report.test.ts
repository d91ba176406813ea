/**
 * The replay row is read from the final case file alone (all the Support Shadow Replay node has in
 * n8n), so it must say what runPipeline's own result says about the same run: outcome, reason,
 * escalation and time per layer. Then the agreement and Markdown arithmetic on rows built by hand.
 */
import { readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { inertConnectors } from '../../../cli/replay';
import { readIntentsFile, readTemplatePolicies, readTemplateRouterSettings } from '../../../cli/replayInputs';
import { agreementReport, computeTotals, replayMarkdown, replayRow, type ReplayRow } from '../../../engine/replay';
import { runPipeline, type PipelineResult } from '../../../engine/pipeline';
import { EmbeddedStore, HashingEmbedder, ingestDocuments } from '../../../engine/retrieval';
import type { RolloutMode } from '../../../engine/contracts';
import { buildCase } from '../../support/caseFiles';

const ROOT = path.join(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/helpdesk');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const PIPELINE = path.join(ROOT, 'workflows/support-pipeline-webhook.json');

describe('replayRow from a case file, against runPipeline on the same run', () => {
	const results: PipelineResult[] = [];

	beforeAll(async () => {
		const embedder = new HashingEmbedder();
		const store = new EmbeddedStore(path.join(tmpdir(), `replay-row-${process.pid}.json`));
		await ingestDocuments(readTemplatePolicies(path.join(ROOT, 'workflows/support-policy-ingestion.json')), { store, embedder });
		const router = readTemplateRouterSettings(PIPELINE);
		const payloads = ['zendesk-ticket.json', 'freshdesk-webhook.json', 'helpscout-convo-created.json', 'intercom-conversation-created.json'].map(fixture);
		payloads.push({ ticket: { id: 9, subject: 'Hello', description: 'What is the meaning of all this, really?', via: { channel: 'email' } } });
		for (const mode of ['shadow', 'suggest', 'auto'] as RolloutMode[]) {
			const intents = readIntentsFile(PIPELINE).map((i) => ({ ...i, rolloutMode: mode }));
			for (const payload of payloads) {
				results.push(await runPipeline({ payload, intents, policies: { store, embedder }, connectors: inertConnectors(), options: { liveFacts: false, sendReply: false, ...router } }));
			}
		}
	}, 120_000);
	afterAll(() => rmSync(path.join(tmpdir(), `replay-row-${process.pid}.json`), { force: true }));

	it('has the outcome, reason, escalation and timings the pipeline reported', () => {
		// A check of the check: the runs cover every outcome.
		expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(['shadow', 'suggested', 'auto_resolved', 'escalated']));
		for (const [i, r] of results.entries()) {
			const row = replayRow({ id: String(i) }, r.caseFile);
			const esc = r.escalation ? `${r.escalation.layer}:${r.escalation.code}` : null;
			expect([i, row.outcome, row.reason, row.timings]).toEqual([i, r.outcome, r.reason, r.timings]);
			if (esc || row.intent === 'human') expect([i, row.escalation]).toEqual([i, esc ?? 'intentRouter:human']);
			expect([i, row.action === 'escalate']).toEqual([i, r.outcome === 'escalated']);
			if (r.clarification && r.outcome !== 'escalated') expect(row.action).toBe('clarify');
		}
	});
});

function row(outcome: ReplayRow['outcome'], extra: Partial<ReplayRow> = {}): ReplayRow {
	return { id: 'x', source: 'zendesk', intent: 'order_status', confidence: 0.9, outcome, action: outcome === 'escalated' ? 'escalate' : 'reply', reason: 'r', escalation: null, timings: { total: 1 }, executedSteps: 0, ...extra };
}

describe('the agreement report', () => {
	it('compares with what the agent did, and counts an unreadable case file as escalated with the reason', () => {
		const approved = buildCase({ intent: 'return_refund' });
		const report = agreementReport(
			[
				{ ticket: { id: 'B', position: 2, expected: { intent: 'Return_Refund', action: 'refund' } }, support: approved },
				{ ticket: { id: 'A', position: 1, expected: { intent: 'human', action: 'escalate' } }, support: { v: 99 } },
			],
			{ source: 'webhook (JSON)', ticketsInFile: 2, warnings: ['w'] },
		);
		expect(report.tickets.map((t) => t.id)).toEqual(['A', 'B']);
		expect(report.tickets[0]).toMatchObject({ outcome: 'escalated', action: 'escalate', escalation: 'replay:case-file', routingAgrees: true, actionAgrees: true });
		expect(report.tickets[0].reason).toMatch(/^No readable case file \(json\.support\) for this ticket: v:/);
		// buildCase has no plan, no execution and no hand-off: a reply, in no mode yet, so counted as shadow.
		expect(report.tickets[1]).toMatchObject({ intent: 'return_refund', outcome: 'shadow', action: 'reply', routingAgrees: true, actionAgrees: false, rolloutMode: 'auto' });
		expect(report.agreement.find((a) => a.intent === 'all')).toEqual({ intent: 'all', tickets: 2, routingAgreement: 1, actionAgreement: 0.5, wouldAutoResolve: 0.5 });
		expect(report.settings).toEqual({ source: 'webhook (JSON)', ticketsInFile: 2, intentModes: ['auto'] });
		expect(report.warnings).toEqual(['w']);
	});

	it('writes Markdown with the agreement table, the escalations and every disagreement', () => {
		const rows = [
			row('shadow', { id: 'T|1', expected: { intent: 'order_status', action: 'refund' }, routingAgrees: true, actionAgrees: false }),
			row('escalated', { id: 'T2', intent: 'human', escalation: 'intentRouter:human', reason: 'low\nconfidence', expected: { intent: 'order_status' }, routingAgrees: false }),
		];
		const totals = computeTotals(rows);
		const md = replayMarkdown({ source: 'sample (CSV)', tickets: rows, totals, agreement: [{ intent: 'all', tickets: 2, routingAgreement: 0.5, actionAgreement: null, wouldAutoResolve: 0.5 }] });
		expect(md).toContain('## Shadow replay: 2 ticket(s) from sample (CSV)');
		expect(md).toContain('nothing was written anywhere and nothing reached a customer (0 step(s) executed)');
		expect(md).toContain('| **all** | 2 | 50% | - | 50% |');
		expect(md).toContain('| intentRouter:human | 1 | low confidence |');
		expect(md).toContain('| T\\|1 | order_status / refund | order_status / reply | shadow |');
		expect(md).toContain('| T2 | order_status / ? | human / escalate (routing differs) | escalated |');
		// A run that wrote something does not claim the contrary.
		const live = [row('auto_resolved', { rolloutMode: 'auto', executedSteps: 2 })];
		expect(replayMarkdown({ source: 's', tickets: live, totals: computeTotals(live), agreement: [] })).toContain('Rollout modes: auto; 2 step(s) executed for real.');
	});
});
