import { readTicketsFile, TICKETS_FILE_FORMAT, TicketsFileProblem } from '../../../engine/replay';

const ZENDESK = { ticket: { id: 48244, subject: 'Refund', description: 'Please refund order 1234' } };

/** The problem a file raises, as the node answers it (field, entry, line) and its message. */
function problemOf(input: unknown): { field: string; entry?: number; line?: number; message: string } {
	let caught: unknown;
	try {
		readTicketsFile(input);
	} catch (error) {
		caught = error;
	}
	if (!(caught instanceof TicketsFileProblem)) throw new Error(`expected a TicketsFileProblem, got ${String(caught)}`);
	const { entry, line } = caught.where;
	return { field: caught.field, ...(entry !== undefined ? { entry } : {}), ...(line !== undefined ? { line } : {}), message: caught.message };
}

describe('the shadow replay tickets file', () => {
	it('reads the same tickets from a JSON array, its text, { tickets } and a BOM', () => {
		const records = [{ id: 'ZE-1', payload: ZENDESK, expected: { intent: 'return_refund', action: ' Refund ' } }, ZENDESK];
		const fromArray = readTicketsFile(records);
		expect(fromArray).toEqual({
			format: 'JSON',
			warnings: [],
			tickets: [
				{ id: 'ZE-1', payload: ZENDESK, expected: { intent: 'return_refund', action: 'refund' } },
				{ id: '48244', payload: ZENDESK },
			],
		});
		expect(readTicketsFile(`\uFEFF${JSON.stringify(records)}`)).toEqual(fromArray);
		expect(readTicketsFile({ tickets: records })).toEqual(fromArray);
	});

	it('turns each CSV row into a Zendesk ticket body, keeping a helpdesk id like "ZE-7" as the id', () => {
		const csv = 'id,subject,message,email,intent,action\n7,"Where, oh where","Parcel late, order 5531",a@example.com,order_status,REPLY\nZE-8,Hi,Refund please,,return_refund,refund\n';
		const file = readTicketsFile(csv);
		expect(file.format).toBe('CSV');
		expect(readTicketsFile({ csv })).toEqual(file);
		expect(file.tickets[0]).toEqual({
			id: '7',
			payload: { ticket: { id: 7, subject: 'Where, oh where', description: 'Parcel late, order 5531', status: 'new', via: { channel: 'email' }, requester: { email: 'a@example.com' }, tags: [] } },
			expected: { intent: 'order_status', action: 'reply' },
		});
		expect(file.tickets[1].payload).toEqual({ ticket: { id: 'ZE-8', external_id: 'ZE-8', subject: 'Hi', description: 'Refund please', status: 'new', via: { channel: 'email' }, tags: [] } });
	});

	it('warns about an action the pipeline can never take, without refusing the file', () => {
		const file = readTicketsFile([{ payload: ZENDESK, expected: { action: 'Partial refund' } }]);
		expect(file.tickets[0].expected).toEqual({ action: 'partial refund' });
		expect(file.warnings).toEqual(['entry 1: expected.action "partial refund" is not one of refund, cancel, clarify, reply, escalate, so it can never agree']);
	});

	it('names the field and the entry or line of what it cannot read', () => {
		expect(problemOf([ZENDESK, { payload: ZENDESK, expected: { intent: 42 } }])).toEqual({ field: 'expected.intent', entry: 2, message: 'entry 2: expected.intent must be a string or null, got 42' });
		expect(problemOf([ZENDESK, 'text'])).toMatchObject({ field: '[1]', entry: 2 });
		expect(problemOf('[{"a": 1,]')).toMatchObject({ field: 'body', line: 1, message: expect.stringMatching(/^invalid JSON/) });
		expect(problemOf('id,subject,text,email\n1,a,b,c\n')).toMatchObject({ field: 'csv header', line: 1 });
		expect(problemOf('id,subject,message,email\n1,a,b,c\n2,a,b\n')).toEqual({ field: 'csv row', line: 3, message: 'expected 4 fields, found 3; quote text that contains commas' });
		expect(problemOf('id,subject,message,email\n1,"open quote\n')).toMatchObject({ field: 'csv', line: 2, message: 'a quoted field is never closed' });
		expect(problemOf('id,subject,message,email\n1,a,,c\n')).toMatchObject({ field: 'message', line: 2 });
		expect(problemOf([])).toMatchObject({ field: 'body', message: 'the array is empty' });
		expect(problemOf('  \n')).toMatchObject({ field: 'body', message: 'the file is empty' });
		expect(problemOf({ ticket: { id: 1 } })).toMatchObject({ field: 'body', message: expect.stringContaining('got an object with ticket') });
		expect(TICKETS_FILE_FORMAT).toMatch(/JSON array/);
	});
});
