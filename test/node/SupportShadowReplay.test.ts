import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { SupportShadowReplay } from '../../nodes/SupportShadowReplay/SupportShadowReplay.node';
import { shadowReplayOutputs } from '../../nodes/SupportShadowReplay/outputs';
import { buildCase } from '../support/caseFiles';
import { fakeExecuteContext } from '../support/fakeExecuteContext';

const TICKETS = 0;
const UNREADABLE = 1;
const ZENDESK = { ticket: { id: 48244, subject: 'Refund', description: 'Please refund order 1234' } };
const CSV = 'id,subject,message,email,intent\n7,Late,"Parcel late, order 5531",a@example.com,order_status\n8,Pw,I cannot log in,b@example.com,account_access\n';

function run(operation: string, items: INodeExecutionData[]) {
	const ctx = fakeExecuteContext({ parameters: { operation, binaryPropertyName: 'data' }, items, nodeName: 'Support Shadow Replay' });
	// n8n reads a binary field's bytes whether they are inline (base64) or in its binary data store.
	Object.assign(ctx, { helpers: { getBinaryDataBuffer: async (i: number, field: string) => Buffer.from(String(items[i].binary?.[field]?.data ?? ''), 'base64') } });
	return new SupportShadowReplay().execute.call(ctx as IExecuteFunctions);
}

const webhook = (body: unknown, rawBody?: string): INodeExecutionData => ({
	json: { headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: body as INodeExecutionData['json'] },
	...(rawBody !== undefined ? { binary: { data: { data: Buffer.from(rawBody).toString('base64'), mimeType: 'text/csv' } } } : {}),
});

describe('Support Shadow Replay node', () => {
	it('has Tickets and Unreadable File outputs to read a file, and one Report output for the report', () => {
		expect(shadowReplayOutputs({ operation: 'readTickets' }).map((o) => o.displayName)).toEqual(['Tickets', 'Unreadable File']);
		expect(shadowReplayOutputs({}).map((o) => o.displayName)).toEqual(['Tickets', 'Unreadable File']);
		expect(shadowReplayOutputs({ operation: 'agreementReport' }).map((o) => o.displayName)).toEqual(['Report']);
	});

	it('Read Tickets File: one webhook-shaped item per ticket, with which ticket of which file it is', async () => {
		const out = await run('readTickets', [webhook([{ id: 'ZE-1', payload: ZENDESK, expected: { intent: 'return_refund', action: 'Sell' } }, ZENDESK])]);
		expect(out[UNREADABLE]).toEqual([]);
		expect(out[TICKETS].map((i) => i.json)).toEqual([
			{
				headers: {},
				body: ZENDESK,
				replay: { id: 'ZE-1', position: 1, source: 'webhook (JSON)', tickets: 2, expected: { intent: 'return_refund', action: 'sell' }, warnings: [expect.stringContaining('"sell" is not one of')] },
			},
			{ headers: {}, body: ZENDESK, replay: { id: '48244', position: 2, source: 'webhook (JSON)', tickets: 2 } },
		]);
		expect(out[TICKETS].every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	});

	it('reads CSV from the raw body n8n leaves unparsed (text/csv), and a sample item { csv } or { tickets }', async () => {
		const raw = await run('readTickets', [webhook({}, CSV)]);
		expect(raw[TICKETS].map((i) => [i.json.replay, (i.json.body as { ticket: { id: unknown } }).ticket.id])).toEqual([
			[{ id: '7', position: 1, source: 'webhook (CSV)', tickets: 2, expected: { intent: 'order_status' } }, 7],
			[{ id: '8', position: 2, source: 'webhook (CSV)', tickets: 2, expected: { intent: 'account_access' } }, 8],
		]);
		const sample = await run('readTickets', [{ json: { csv: CSV } }, { json: { tickets: [ZENDESK] } }]);
		expect(sample[TICKETS].map((i) => [(i.json.replay as { source: string }).source, i.pairedItem])).toEqual([
			['sample (CSV)', { item: 0 }],
			['sample (CSV)', { item: 0 }],
			['sample (JSON)', { item: 1 }],
		]);
	});

	it('sends a file it cannot read to Unreadable File, naming the field, the entry or line, and the format', async () => {
		const out = await run('readTickets', [webhook([ZENDESK, { payload: ZENDESK, expected: { intent: 42 } }]), webhook('id,subject,text,email\n1,a,b,c\n'), webhook({})]);
		expect(out[TICKETS]).toEqual([]);
		expect(out[UNREADABLE].map((i) => i.json.problem)).toEqual([
			{ error: 'The tickets file cannot be replayed: entry 2: expected.intent must be a string or null, got 42', field: 'expected.intent', entry: 2, format: expect.stringContaining('JSON array') },
			expect.objectContaining({ field: 'csv header', line: 1 }),
			expect.objectContaining({ field: 'body', error: 'The tickets file cannot be replayed: the request has no body: POST the tickets file' }),
		]);
		expect(out[UNREADABLE].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('Agreement Report: one report item from every ticket item, in file order, whatever order they arrive in', async () => {
		const read = await run('readTickets', [webhook([
			{ id: 'A', payload: ZENDESK, expected: { intent: 'return_refund', action: 'reply' } },
			{ id: 'B', payload: ZENDESK, expected: { intent: 'human', action: 'escalate' } },
		])]);
		// What the loop's done output holds: each ticket item with the case file the pipeline wrote.
		const [a, b] = read[TICKETS];
		// B: routed to a person, but (in this hand-made case file) never packaged, so not counted as escalated.
		const human = buildCase({ intent: null });
		const done: INodeExecutionData[] = [
			{ json: { ...b.json, support: human as unknown as INodeExecutionData['json'] } },
			{ json: { ...a.json, support: buildCase({ intent: 'return_refund' }) as unknown as INodeExecutionData['json'] } },
		];
		const [[report], ...rest] = await run('agreementReport', done);
		expect(rest).toEqual([]);
		const r = report.json as unknown as { settings: unknown; tickets: Array<Record<string, unknown>>; agreement: Array<Record<string, unknown>>; markdown: string };
		expect(r.settings).toEqual({ source: 'webhook (JSON)', ticketsInFile: 2, intentModes: ['auto'] });
		expect(r.tickets.map((t) => [t.id, t.position, t.intent, t.action, t.routingAgrees, t.actionAgrees])).toEqual([
			['A', 1, 'return_refund', 'reply', true, true],
			['B', 2, 'human', 'reply', true, false],
		]);
		expect(r.agreement.at(-1)).toEqual({ intent: 'all', tickets: 2, routingAgreement: 1, actionAgreement: 0.5, wouldAutoResolve: 1 });
		expect(r.markdown).toContain('| **all** | 2 | 100% | 50% | 100% |');
		expect(report.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
