import type { Ticket } from '../contracts';
import type { HttpClient } from '../execution/http';
import { caseFields } from './caseFields';
import { emptyLookup, type SourceLookup } from './liveFactTypes';
import { getJson, isRecord, type Got } from './liveFactsGet';

/**
 * The requester in Zendesk (`facts.customer`, a Zendesk user) and their recent tickets
 * (`facts.recentTickets`): `GET /api/v2/users/{id}.json`, `GET /api/v2/users/search.json?query=`,
 * `GET /api/v2/users/{id}/tickets/requested.json`.
 */
export interface ZendeskFactSource {
	/** Relative to https://<subdomain>.zendesk.com; the n8n credential signs the requests. */
	client: HttpClient;
	/** How many of the requester's other tickets to record; 0 = do not list them. */
	recentTickets?: number;
}

/**
 * Fields kept from a Zendesk user. Left out on purpose: `notes` and `details` (agents' internal
 * remarks, not for a reply), photos and identities. What is kept is what playbooks and the critic use.
 */
const USER_FIELDS = ['id', 'name', 'email', 'role', 'locale', 'time_zone', 'created_at', 'updated_at', 'organization_id', 'tags', 'verified', 'suspended', 'external_id', 'user_fields'];
/** Ticket fields kept: the history at a glance. Descriptions stay out (other conversations, other people's words). */
const TICKET_FIELDS = ['id', 'subject', 'status', 'priority', 'type', 'created_at', 'updated_at', 'tags'];
const MAX_RECENT = 20;

function pick(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const f of fields) if (record[f] !== undefined) out[f] = record[f];
	return out;
}

async function userById(client: HttpClient, id: string, timeoutMs: number): Promise<Got> {
	const got = await getJson(client, `/api/v2/users/${id}.json`, timeoutMs);
	if (!got.ok) return got;
	return isRecord(got.json.user) ? { ok: true, json: got.json.user } : { ok: false, problem: 'no user in the answer' };
}

/** Search matches loosely (names, partial addresses): only a user whose address is exactly the requester's counts. */
async function userByEmail(client: HttpClient, email: string, timeoutMs: number): Promise<Got> {
	const got = await getJson(client, `/api/v2/users/search.json?query=${encodeURIComponent(`email:${email}`)}`, timeoutMs);
	if (!got.ok) return got;
	const users = Array.isArray(got.json.users) ? got.json.users.filter(isRecord) : [];
	const exact = users.find((u) => typeof u.email === 'string' && u.email.toLowerCase() === email.toLowerCase());
	return exact ? { ok: true, json: exact } : { ok: false, problem: 'no user with that email' };
}

export async function lookupZendeskCustomer(ticket: Ticket, source: ZendeskFactSource, timeoutMs: number, now: () => Date): Promise<SourceLookup> {
	const out = emptyLookup();
	const { email, customerId } = caseFields(ticket);
	// A requester id means something in Zendesk only when the ticket came from Zendesk.
	const zendeskId = ticket.source === 'zendesk' && customerId && /^\d{1,20}$/.test(customerId) ? customerId : undefined;
	if (!zendeskId && !email) {
		out.notes.push('zendesk: the ticket names no requester id or email to look up');
		return out;
	}
	const fail = (lookup: string, error: string) => out.failures.push({ source: 'zendesk', lookup, error, at: now().toISOString() });

	let user: Got = { ok: false, problem: 'not looked up' };
	if (zendeskId) {
		user = await userById(source.client, zendeskId, timeoutMs);
		if (!user.ok) fail(`zendesk user ${zendeskId}`, user.problem);
	}
	// The requester may have been merged or deleted since the ticket was opened: the address still finds them.
	if (!user.ok && email && (!zendeskId || user.problem === 'not found (404)')) {
		user = await userByEmail(source.client, email, timeoutMs);
		if (!user.ok) fail('zendesk user by email', user.problem);
	}
	if (!user.ok) return out;
	// A success after a not-found by id replaces that failure: the customer was found.
	out.failures = out.failures.filter((f) => !(f.lookup.startsWith('zendesk user ') && f.error === 'not found (404)'));
	const customer = pick(user.json, USER_FIELDS);
	out.facts.push({ kind: 'customer', source: 'zendesk', fetchedAt: now().toISOString(), data: customer });

	const limit = Math.min(Math.max(Math.floor(source.recentTickets ?? 0), 0), MAX_RECENT);
	if (limit === 0 || customer.id === undefined) return out;
	const userId = encodeURIComponent(String(customer.id));
	// One more than needed: the ticket being worked on is usually among them and is left out.
	const listed = await getJson(source.client, `/api/v2/users/${userId}/tickets/requested.json?sort_by=created_at&sort_order=desc&per_page=${limit + 1}`, timeoutMs);
	if (!listed.ok) {
		fail(`zendesk recent tickets of user ${String(customer.id)}`, listed.problem);
		return out;
	}
	const current = ticket.source === 'zendesk' ? ticket.id : undefined;
	const tickets = (Array.isArray(listed.json.tickets) ? listed.json.tickets.filter(isRecord) : [])
		.filter((t) => String(t.id) !== current)
		// Sorted here too: not every Zendesk endpoint version honours sort_by on this list.
		.sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))
		.slice(0, limit)
		.map((t) => pick(t, TICKET_FIELDS));
	out.facts.push({ kind: 'recentTickets', source: 'zendesk', fetchedAt: now().toISOString(), data: { userId: customer.id, tickets } });
	return out;
}
