import type { LiveFact } from '../contracts';

/**
 * What every live-fact lookup reports. A failure is part of the case's record (which source, what
 * went wrong), never a reason to fail the case: the playbooks then ask the customer or escalate.
 */
export interface LookupFailure {
	/** Connector, as in LiveFact.source: 'shopify', 'stripe', 'zendesk', 'http', 'mcp'. */
	source: string;
	/** What was looked up, e.g. 'order 1001', 'zendesk user by email', 'mcp lookup_order'. */
	lookup: string;
	/** Status, path or error class only: no credential, header or request body is ever quoted. */
	error: string;
	at: string;
}

export interface SourceLookup {
	facts: LiveFact[];
	failures: LookupFailure[];
	/** Lookups skipped because the case has nothing to look up with (no email, no order): traced only. */
	notes: string[];
}

/** The kind a failed lookup is recorded under in `context.facts`, next to the facts that did arrive. */
export const LOOKUP_FAILED_KIND = 'lookupFailed';

export function failureFact(f: LookupFailure): LiveFact {
	return { kind: LOOKUP_FAILED_KIND, source: f.source, fetchedAt: f.at, data: { lookup: f.lookup, error: f.error } };
}

/** Refused before anything is sent: a lookup must never be able to change a vendor's data. */
export class WriteRefusedError extends Error {
	constructor(what: string) {
		super(`live fact lookups are read-only; ${what} refused`);
		this.name = 'WriteRefusedError';
	}
}

export const emptyLookup = (): SourceLookup => ({ facts: [], failures: [], notes: [] });
