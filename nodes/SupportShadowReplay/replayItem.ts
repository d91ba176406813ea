import type { IDataObject } from 'n8n-workflow';
import type { ExpectedOutcome, ReplayTicketRef } from '../../engine/replay';

/**
 * `json.replay` on every ticket item Read Tickets File puts out: which ticket of which file it is.
 * The pipeline's nodes pass it on untouched, and Agreement Report reads it back beside the case file.
 */
export interface ReplayItemInfo extends ReplayTicketRef {
	position: number;
	/** Where the file came from, e.g. "webhook (CSV)". */
	source: string;
	/** How many tickets the file held. */
	tickets: number;
	/** The file's warnings, on its first ticket only. */
	warnings?: string[];
}

export const REPLAY_KEY = 'replay';

const isObject = (v: unknown): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function readExpected(v: unknown): ExpectedOutcome | undefined {
	if (!isObject(v)) return undefined;
	const intent = typeof v.intent === 'string' || v.intent === null ? v.intent : undefined;
	const action = typeof v.action === 'string' ? v.action : undefined;
	return { ...(intent !== undefined ? { intent } : {}), ...(action !== undefined ? { action } : {}) };
}

/**
 * What an item says about its ticket, read defensively: an item that did not come from Read Tickets
 * File (or lost `json.replay` on the way) still counts, under the case file's ticket id.
 */
export function replayInfoOf(json: IDataObject, index: number): Partial<ReplayItemInfo> & ReplayTicketRef {
	const r = isObject(json[REPLAY_KEY]) ? json[REPLAY_KEY] : {};
	const support = isObject(json.support) ? json.support : {};
	const ticketId = isObject(support.ticket) ? support.ticket.id : undefined;
	const id = typeof r.id === 'string' ? r.id : typeof ticketId === 'string' || typeof ticketId === 'number' ? String(ticketId) : `item ${index + 1}`;
	const expected = readExpected(r.expected);
	return {
		id,
		...(typeof r.position === 'number' ? { position: r.position } : {}),
		...(expected ? { expected } : {}),
		...(typeof r.source === 'string' ? { source: r.source } : {}),
		...(typeof r.tickets === 'number' ? { tickets: r.tickets } : {}),
		...(Array.isArray(r.warnings) ? { warnings: r.warnings.map(String) } : {}),
	};
}
