import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { readTicketsFile, TICKETS_FILE_FORMAT, TicketsFileProblem, type TicketsFile } from '../../engine/replay';
import { TICKETS, UNREADABLE } from './outputs';
import { REPLAY_KEY, type ReplayItemInfo } from './replayItem';

const isObject = (v: unknown): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where an item's file is, and what to call its origin in the report. */
async function fileOf(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): Promise<{ origin: string; input: unknown }> {
	const json = item.json;
	// A Webhook item has headers; anything else (a Set node's sample, a file read earlier) is the file itself.
	if (!isObject(json.headers)) return { origin: 'sample', input: json };
	const body = json.body;
	if (body !== undefined && body !== null && body !== '' && !(isObject(body) && Object.keys(body).length === 0)) return { origin: 'webhook', input: body };
	// text/csv and other types n8n does not parse arrive only as the raw body (the Webhook's Raw Body option).
	const field = ctx.getNodeParameter('binaryPropertyName', i, 'data') as string;
	if (!item.binary?.[field]) throw new TicketsFileProblem('body', 'the request has no body: POST the tickets file');
	const raw = (await ctx.helpers.getBinaryDataBuffer(i, field)).toString('utf8');
	if (raw.trim() === '') throw new TicketsFileProblem('body', 'the request has no body: POST the tickets file');
	return { origin: 'webhook', input: raw };
}

function ticketItems(file: TicketsFile, origin: string, i: number): INodeExecutionData[] {
	const source = `${origin} (${file.format})`;
	return file.tickets.map((t, n) => {
		const replay: ReplayItemInfo = {
			id: t.id,
			position: n + 1,
			source,
			tickets: file.tickets.length,
			...(t.expected ? { expected: t.expected } : {}),
			...(n === 0 && file.warnings.length ? { warnings: file.warnings } : {}),
		};
		// Shaped as a Webhook item (headers, body), which is what the Support Intent Router reads.
		return { json: { headers: {}, body: t.payload as IDataObject, [REPLAY_KEY]: replay as unknown as IDataObject }, pairedItem: { item: i } };
	});
}

function problemItem(problem: TicketsFileProblem, i: number): INodeExecutionData {
	const { entry, line } = problem.where;
	return {
		json: {
			problem: {
				error: `The tickets file cannot be replayed: ${problem.message}`,
				field: problem.field,
				...(entry !== undefined ? { entry } : {}),
				...(line !== undefined ? { line } : {}),
				format: TICKETS_FILE_FORMAT,
			},
		},
		pairedItem: { item: i },
	};
}

/** One file's tickets, or the problem that stops it being read; anything else is a fault of the node. */
async function readItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): Promise<INodeExecutionData[] | TicketsFileProblem> {
	try {
		const { origin, input } = await fileOf(ctx, item, i);
		return ticketItems(readTicketsFile(input), origin, i);
	} catch (error) {
		if (error instanceof TicketsFileProblem) return error;
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
	}
}

/** Read Tickets File: every input item is a file; its tickets go to Tickets, a file that cannot be read to Unreadable File. */
export async function readTickets(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const out: INodeExecutionData[][] = [[], []];
	const items = this.getInputData();
	for (let i = 0; i < items.length; i++) {
		const read = await readItem(this, items[i], i);
		if (read instanceof TicketsFileProblem) out[UNREADABLE].push(problemItem(read, i));
		else out[TICKETS].push(...read);
	}
	return out;
}
