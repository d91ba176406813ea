import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runCli } from '../../../cli/main';
import { inertConnectors, parseReplayArgs, runReplay } from '../../../cli/replay';
import { readTicketsFile } from '../../../cli/replayInputs';
import { computeAgreement, computeTotals, formatReplayReport, type ReplayRow } from '../../../cli/replayReport';
import { UsageError } from '../../../cli/evalRouter';
import { HashingEmbedder } from '../../../engine/retrieval';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'helpdesk');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

let dir: string;
const file = (name: string, content: string): string => {
	const p = path.join(dir, name);
	writeFileSync(p, content);
	return p;
};
const deps = () => ({ embedder: new HashingEmbedder() });

beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'replay-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay inputs', () => {
	it('reads a JSON array of payloads, taking ids from the payloads', () => {
		const tickets = readTicketsFile(file('p.json', JSON.stringify([fixture('zendesk-ticket.json'), fixture('freshdesk-webhook.json')])));
		expect(tickets.map((t) => t.id)).toEqual(['48244', '10931']);
		expect(tickets.every((t) => t.expected === undefined)).toBe(true);
	});

	it('reads { payload, expected } records and a CSV with an intent column', () => {
		const records = readTicketsFile(file('r.json', JSON.stringify([{ id: 'A1', payload: fixture('zendesk-ticket.json'), expected: { intent: 'return_refund', action: 'Refund' } }])));
		expect(records[0]).toMatchObject({ id: 'A1', expected: { intent: 'return_refund', action: 'refund' } });
		const csv = readTicketsFile(file('t.csv', 'id,subject,message,email,intent\n7,"Where, oh where","My parcel has not arrived, order 5531",a@example.com,order_status\n'));
		expect(csv[0]).toMatchObject({ id: '7', expected: { intent: 'order_status' }, payload: { ticket: { id: 7, subject: 'Where, oh where', requester: { email: 'a@example.com' } } } });
	});

	it("reads a CSV with intent and action columns, and keeps a helpdesk's non-numeric id as the ticket id", () => {
		const csv = readTicketsFile(file('ta.csv', 'id,subject,message,email,intent,action\nZE-70001,Refund,"Refund order 5531 please",a@example.com,return_refund,refund\n'));
		expect(csv[0]).toMatchObject({ id: 'ZE-70001', expected: { intent: 'return_refund', action: 'refund' }, payload: { ticket: { id: 'ZE-70001', external_id: 'ZE-70001' } } });
	});

	it('rejects a CSV with the wrong header, naming the file and line', () => {
		const p = file('bad.csv', 'text,category\nhello,x\n');
		expect(() => readTicketsFile(p)).toThrow(`${p}:1: bad header`);
	});

	it('parses options and refuses unknown ones and bad modes', () => {
		expect(parseReplayArgs(['t.json', '--json', '--mode=suggest', '--policies', 'docs'])).toEqual({ file: 't.json', json: true, mode: 'suggest', policiesDir: 'docs' });
		expect(() => parseReplayArgs(['t.json', '--mode', 'yolo'])).toThrow(UsageError);
		expect(() => parseReplayArgs(['--json'])).toThrow('FILE is required');
		expect(() => parseReplayArgs(['t.json', '--fast'])).toThrow('unknown option');
	});

	it('inert connectors answer every call without sending it', async () => {
		const response = await inertConnectors().shopify!.client.request({ method: 'POST', url: 'https://shop.example/refund', timeoutMs: 1000 });
		expect(response.status).toBe(403);
	});
});

function row(outcome: ReplayRow['outcome'], extra: Partial<ReplayRow> = {}): ReplayRow {
	return { id: 'x', source: 'zendesk', intent: 'order_status', confidence: 0.9, outcome, action: outcome === 'escalated' ? 'escalate' : 'reply', reason: 'r', escalation: null, timings: { total: 10, intentRouter: 4, policyRetriever: 6 }, ...extra };
}

describe('replay totals', () => {
	it('counts outcomes, escalation reasons and time per layer', () => {
		const rows = [
			row('auto_resolved'),
			row('suggested'),
			row('shadow'),
			row('escalated', { escalation: 'policyRetriever:ungrounded', reason: 'no policy' }),
			row('escalated', { intent: 'human', escalation: 'intentRouter:human', reason: 'low', timings: { total: 2, intentRouter: 2 } }),
			row('escalated', { escalation: 'policyRetriever:ungrounded', reason: 'no policy 2' }),
		];
		const t = computeTotals(rows);
		expect([t.tickets, t.routed, t.autoResolved, t.suggested, t.shadowApproved, t.escalated]).toEqual([6, 5, 1, 1, 1, 3]);
		expect(t.escalationReasons).toEqual([
			{ key: 'policyRetriever:ungrounded', count: 2, example: 'no policy' },
			{ key: 'intentRouter:human', count: 1, example: 'low' },
		]);
		expect(t.timePerLayer.intentRouter).toEqual({ totalMs: 22, runs: 6, meanMs: 3.67 });
		expect(t.timePerLayer.policyRetriever).toEqual({ totalMs: 30, runs: 5, meanMs: 6 });
		expect(t.totalMs).toBe(52);
	});

	it('reports agreement per expected intent and overall', () => {
		const rows = [
			row('shadow', { expected: { intent: 'order_status', action: 'reply' }, routingAgrees: true, actionAgrees: true }),
			row('escalated', { expected: { intent: 'order_status', action: 'reply' }, routingAgrees: true, actionAgrees: false }),
			row('escalated', { intent: 'human', expected: { intent: 'human', action: 'escalate' }, routingAgrees: true, actionAgrees: true }),
			row('shadow', { expected: { intent: 'return_refund' }, routingAgrees: false }),
		];
		const a = computeAgreement(rows);
		expect(a.map((l) => l.intent)).toEqual(['human', 'order_status', 'return_refund', 'all']);
		expect(a[1]).toEqual({ intent: 'order_status', tickets: 2, routingAgreement: 1, actionAgreement: 0.5, wouldAutoResolve: 0.5 });
		expect(a[2].actionAgreement).toBeNull();
		expect(a[3]).toEqual({ intent: 'all', tickets: 4, routingAgreement: 0.75, actionAgreement: 0.667, wouldAutoResolve: 0.5 });
		expect(computeAgreement([row('shadow')])).toEqual([]);
	});
});

describe('runReplay', () => {
	// First run in the process: loads the built-in encoder and trains the router (cold start, generous limit).
	it('runs payloads of every vendor shape through the template pipeline in shadow mode', async () => {
		const names = ['zendesk-ticket.json', 'freshdesk-webhook.json', 'helpscout-convo-created.json', 'intercom-conversation-created.json'];
		const report = await runReplay({ file: file('all.json', JSON.stringify(names.map(fixture))), json: false }, deps());
		expect(report.tickets.map((r) => r.source)).toEqual(['zendesk', 'freshdesk', 'helpscout', 'intercom']);
		expect(report.tickets.map((r) => r.intent)).toEqual(['return_refund', 'technical_issue', 'account_access', 'account_access']);
		expect(report.tickets.some((r) => r.outcome === 'auto_resolved' || r.outcome === 'suggested')).toBe(false);
		expect(report.totals.tickets).toBe(4);
		expect(report.agreement).toEqual([]);
		expect(report.settings).toMatchObject({ liveFacts: false, connectors: 'inert' });
		expect(formatReplayReport(report)).toContain('nothing was sent anywhere');
	}, 60_000);

	it('marks agreement for records with expectations, and --mode changes every intent', async () => {
		const p = file('exp.json', JSON.stringify([
			{ payload: fixture('zendesk-ticket.json'), expected: { intent: 'return_refund', action: 'refund' } },
			{ payload: fixture('helpscout-convo-created.json'), expected: { intent: 'order_status' } },
		]));
		const report = await runReplay({ file: p, json: true, mode: 'suggest' }, deps());
		expect(report.tickets.map((r) => r.routingAgrees)).toEqual([true, false]);
		expect(report.settings.intents).toContain('return_refund [suggest]');
		expect(report.tickets.some((r) => r.outcome === 'shadow')).toBe(false);
		expect(report.agreement.find((a) => a.intent === 'all')).toMatchObject({ tickets: 2, routingAgreement: 0.5 });
	});

	it('ingests --policies DIR and refuses a folder without Markdown', async () => {
		const docs = path.join(dir, 'docs');
		mkdirSync(docs);
		const tickets = file('one-csv.csv', 'id,subject,message,email\n1,Refund,"Please refund order 1234, it arrived broken",r@example.com\n');
		await expect(runReplay({ file: tickets, json: false, policiesDir: docs }, deps())).rejects.toThrow(`${docs}: no Markdown`);
		writeFileSync(path.join(docs, 'refunds.md'), '# Refunds\n\nWe refund broken items within 30 days of delivery to the original payment method.\n');
		const report = await runReplay({ file: tickets, json: false, policiesDir: docs }, deps());
		expect(report.settings.policies).toContain(`1 document(s) from ${docs}`);
		expect(report.tickets[0].intent).toBe('return_refund');
	});

	it('runs a CSV file', async () => {
		const p = file('c.csv', 'id,subject,message,email\n9001,Password reset,"I forgot my password and the reset email never arrives, I cannot log in",p@example.com\n');
		const report = await runReplay({ file: p, json: false }, deps());
		expect(report.tickets[0]).toMatchObject({ id: '9001', source: 'zendesk', intent: 'account_access' });
	});
});

describe('support-coordination replay', () => {
	it('exits 2 and names the file when it is unusable', async () => {
		const errors: string[] = [];
		const missing = path.join(dir, 'nope.json');
		expect(await runCli(['replay', missing], () => undefined, (s) => errors.push(s))).toBe(2);
		expect(errors.join('')).toContain(`${missing}: file not found`);
		const broken = file('broken.json', '[{"ticket": ');
		errors.length = 0;
		expect(await runCli(['replay', broken], () => undefined, (s) => errors.push(s))).toBe(2);
		expect(errors.join('')).toContain(`${broken}`);
		expect(errors.join('')).toContain('invalid JSON');
	});

	it('prints one JSON object with --json', async () => {
		let out = '';
		const code = await runCli(['replay', file('one.json', JSON.stringify([fixture('zendesk-ticket.json')])), '--json'], (s) => (out += s), () => undefined);
		expect(code).toBe(0);
		const parsed = JSON.parse(out) as Record<string, unknown>;
		expect(Object.keys(parsed).sort()).toEqual(['agreement', 'settings', 'tickets', 'totals']);
		expect(Object.keys(parsed.totals as object).sort()).toEqual(['autoResolved', 'escalated', 'escalationReasons', 'executedSteps', 'meanMsPerTicket', 'routed', 'shadowApproved', 'suggested', 'tickets', 'timePerLayer', 'totalMs']);
	}, 60_000);
});
