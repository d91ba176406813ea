import type { Ticket } from '../contracts';
import type { HttpClient } from '../execution/http';
import { caseFields, encodePathValue, fillTemplate } from './caseFields';
import { emptyLookup, type SourceLookup } from './liveFactTypes';
import { getAnyJson, isRecord } from './liveFactsGet';

/**
 * A GET to the operator's own API (a CRM, a subscription service): one path template under a base
 * URL the client holds, e.g. `/customers/{email}`, filled from the case and URL-encoded. The method
 * is not configurable: this is a lookup, whatever the credential would allow.
 */
export interface HttpFactSource {
	client: HttpClient;
	/** Starts with "/"; may carry a query ("/customers?email={email}"). */
	pathTemplate: string;
	/** The fact's kind in the case file, e.g. 'crm' (playbooks read `facts.crm...`). */
	kind: string;
	/** Answers larger than this are refused instead of copied into every case file. */
	maxChars?: number;
}

const DEFAULT_MAX_CHARS = 100_000;

export async function lookupHttpFact(ticket: Ticket, source: HttpFactSource, timeoutMs: number, now: () => Date): Promise<SourceLookup> {
	const out = emptyLookup();
	const lookup = `http ${source.kind}`;
	let filled: ReturnType<typeof fillTemplate>;
	try {
		filled = fillTemplate(source.pathTemplate, caseFields(ticket), encodePathValue);
	} catch (error) {
		out.failures.push({ source: 'http', lookup, error: (error as Error).message, at: now().toISOString() });
		return out;
	}
	if (!filled.ok) {
		out.notes.push(`${lookup}: skipped, the case has no ${filled.missing}`);
		return out;
	}
	const got = await getAnyJson(source.client, filled.text, timeoutMs, source.maxChars ?? DEFAULT_MAX_CHARS);
	if (!got.ok) {
		out.failures.push({ source: 'http', lookup, error: got.problem, at: now().toISOString() });
		return out;
	}
	// LiveFact.data is an object: a list answer is kept under `items`.
	const data = isRecord(got.json) ? got.json : Array.isArray(got.json) ? { items: got.json } : undefined;
	if (!data) out.failures.push({ source: 'http', lookup, error: 'the answer is not a JSON object or list', at: now().toISOString() });
	else out.facts.push({ kind: source.kind, source: 'http', fetchedAt: now().toISOString(), data });
	return out;
}
