/**
 * Loopback stand-in for the Zendesk Support API (tickets): GET/PUT /api/v2/tickets/{id}.json and
 * GET /api/v2/tickets/{id}/comments.json, the users lookups, GET /api/v2/groups.json (offset
 * pagination: page, per_page up to 100, next_page a full URL or null), with Zendesk's error shapes (401 "Couldn't authenticate
 * you", 404 RecordNotFound, 422 RecordInvalid, 429 with Retry-After in seconds). Zendesk has no
 * idempotency header: a repeated PUT applies again, which is what makes the ledger tag necessary.
 */
import type { IncomingMessage } from 'node:http';
import { jsonParse, StandIn, type StandInRequest, type StandInResponse } from './base';

export interface ZendeskComment {
	id: number;
	html_body: string;
	body: string;
	public: boolean;
}

export interface ZendeskTicket {
	id: number;
	subject: string;
	status: string;
	priority: string | null;
	group_id: number | null;
	type: string | null;
	tags: string[];
	comments: ZendeskComment[];
	updated_at: string;
	/** For the requester's ticket list (GET /api/v2/users/{id}/tickets/requested.json). */
	requester_id?: number;
	created_at?: string;
}

/** A Zendesk user as GET /api/v2/users/{id}.json returns it (the fields the lookups read, and two they must drop). */
export interface ZendeskUser {
	id: number;
	name: string;
	email: string;
	role: string;
	created_at: string;
	tags: string[];
	/** Agents' internal remarks: the live-fact lookup must not copy them into the case. */
	notes: string;
	details: string;
	[field: string]: unknown;
}

/** A group as GET /api/v2/groups.json lists it. */
export interface ZendeskGroup {
	id: number;
	name: string;
	description: string;
	default: boolean;
	deleted: boolean;
	is_public: boolean;
	created_at: string;
	updated_at: string;
}

const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const TYPES = ['problem', 'incident', 'question', 'task'];

export class ZendeskStandIn extends StandIn {
	readonly tickets = new Map<number, ZendeskTicket>();
	readonly users = new Map<number, ZendeskUser>();
	readonly groups = new Map<number, ZendeskGroup>();

	constructor(private readonly expectedAuth: string) {
		super();
	}

	/** A clean slate between tests: no faults, no recorded writes, only this ticket. */
	resetTo(t: Partial<ZendeskTicket> & { id: number }): ZendeskTicket {
		this.clearFaults();
		this.writes.length = 0;
		this.tickets.clear();
		return this.addTicket(t);
	}

	addTicket(t: Partial<ZendeskTicket> & { id: number }): ZendeskTicket {
		const ticket: ZendeskTicket = { subject: 'Help', status: 'open', priority: 'normal', group_id: null, type: null, tags: [], comments: [], updated_at: this.stamp(), ...t };
		this.tickets.set(ticket.id, ticket);
		return ticket;
	}

	addUser(u: Partial<ZendeskUser> & { id: number; email: string }): ZendeskUser {
		const user: ZendeskUser = { name: 'Customer', role: 'end-user', created_at: '2025-01-01T00:00:00Z', tags: [], notes: '', details: '', ...u };
		this.users.set(user.id, user);
		return user;
	}

	addGroup(g: Partial<ZendeskGroup> & { id: number; name: string }): ZendeskGroup {
		const group: ZendeskGroup = { description: '', default: false, deleted: false, is_public: true, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', ...g };
		this.groups.set(group.id, group);
		return group;
	}

	/** The stand-in's clock; tests may set it. */
	now: () => number = () => Date.now();

	/**
	 * Zendesk's updated_at: the time of the update at one-second resolution. Two updates within one
	 * second carry the same stamp, so safe_update cannot tell an update based on the first from one
	 * based on the second: it refuses only updates based on a read from an earlier second.
	 */
	private stamp(): string {
		return new Date(Math.floor(this.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
	}

	private readonly alsoAccepted = new Set<string>();

	/** Accepts one more Authorization header value (e.g. an OAuth2 bearer token) besides the one given at construction. */
	acceptAuthorization(value: string): this {
		this.alsoAccepted.add(value);
		return this;
	}

	protected authorized(headers: IncomingMessage['headers']): boolean {
		return headers.authorization === this.expectedAuth || (headers.authorization !== undefined && this.alsoAccepted.has(headers.authorization));
	}
	protected unauthorized(): StandInResponse {
		return { status: 401, body: { error: "Couldn't authenticate you" } };
	}
	protected rateLimited(retryAfter = '1'): StandInResponse {
		return { status: 429, headers: { 'retry-after': retryAfter }, body: { error: 'APIRateLimitExceeded', description: 'Rate limit exceeded' } };
	}
	protected serverError(status: number): StandInResponse {
		return { status, body: { error: status === 503 ? 'ServiceUnavailable' : 'InternalError', description: 'Server error' } };
	}

	private view(t: ZendeskTicket) {
		const rest: Partial<ZendeskTicket> = { ...t, tags: [...t.tags] };
		delete rest.comments;
		return rest;
	}

	/**
	 * Users: GET /api/v2/users/{id}.json, GET /api/v2/users/search.json?query= (Zendesk search syntax;
	 * `email:x` or free text), GET /api/v2/users/{id}/tickets/requested.json (sort_by, sort_order,
	 * per_page). Read-only here: any other method is 405 and changes nothing.
	 */
	private handleUsers(req: StandInRequest): StandInResponse | undefined {
		if (!req.path.startsWith('/api/v2/users')) return undefined;
		if (req.method !== 'GET') return { status: 405, body: { error: 'MethodNotAllowed' } };
		if (req.path === '/api/v2/users/search.json' || req.path === '/api/v2/users/search') {
			const query = (req.query.get('query') ?? '').trim();
			if (!query) return { status: 400, body: { error: 'InvalidEndpoint', description: 'query parameter is required' } };
			const term = query.replace(/^email:/i, '').replace(/^"|"$/g, '').toLowerCase();
			const users = [...this.users.values()].filter((u) => u.email.toLowerCase() === term || u.name.toLowerCase().includes(term));
			return { status: 200, body: { users, next_page: null, previous_page: null, count: users.length } };
		}
		const one = /^\/api\/v2\/users\/(\d+)(?:\.json)?$/.exec(req.path);
		if (one) {
			const user = this.users.get(Number(one[1]));
			return user ? { status: 200, body: { user } } : { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
		}
		const requested = /^\/api\/v2\/users\/(\d+)\/tickets\/requested(?:\.json)?$/.exec(req.path);
		if (requested) {
			const id = Number(requested[1]);
			if (!this.users.has(id)) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
			const desc = req.query.get('sort_order') !== 'asc';
			const byCreated = req.query.get('sort_by') === 'created_at';
			const perPage = Math.min(Number(req.query.get('per_page') ?? 100) || 100, 100);
			const all = [...this.tickets.values()].filter((t) => t.requester_id === id);
			if (byCreated) all.sort((a, b) => (desc ? -1 : 1) * String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')));
			const tickets = all.slice(0, perPage).map((t) => this.view(t));
			return { status: 200, body: { tickets, next_page: all.length > perPage ? 'page=2' : null, previous_page: null, count: all.length } };
		}
		return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
	}

	/** GET /api/v2/groups.json: Zendesk's offset pagination (page, per_page at most 100), in id order. */
	private handleGroups(req: StandInRequest): StandInResponse | undefined {
		if (req.path !== '/api/v2/groups.json' && req.path !== '/api/v2/groups') return undefined;
		if (req.method !== 'GET') return { status: 405, body: { error: 'MethodNotAllowed' } };
		const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 100) || 100, 1), 100);
		const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
		const all = [...this.groups.values()].sort((a, b) => a.id - b.id);
		const groups = all.slice((page - 1) * perPage, page * perPage).map((g) => ({ url: `${this.url}/api/v2/groups/${g.id}.json`, ...g }));
		const pageUrl = (n: number) => `${this.url}/api/v2/groups.json?page=${n}&per_page=${perPage}`;
		return {
			status: 200,
			body: { groups, next_page: page * perPage < all.length ? pageUrl(page + 1) : null, previous_page: page > 1 ? pageUrl(page - 1) : null, count: all.length },
		};
	}

	protected handle(req: StandInRequest): StandInResponse {
		const users = this.handleUsers(req);
		if (users) return users;
		const groups = this.handleGroups(req);
		if (groups) return groups;
		const m = /^\/api\/v2\/tickets\/(\d+)(\.json|\/comments\.json)$/.exec(req.path);
		if (!m) return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
		const ticket = this.tickets.get(Number(m[1]));
		if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
		if (m[2] === '/comments.json') {
			if (req.method !== 'GET') return { status: 405, body: { error: 'MethodNotAllowed' } };
			return { status: 200, body: { comments: ticket.comments, next_page: null, count: ticket.comments.length } };
		}
		if (req.method === 'GET') return { status: 200, body: { ticket: this.view(ticket) } };
		if (req.method !== 'PUT') return { status: 405, body: { error: 'MethodNotAllowed' } };

		const update = (jsonParse(req.body).ticket ?? {}) as Record<string, unknown>;
		// Zendesk's collision protection: with safe_update, an update based on outdated data is refused.
		if (update.safe_update === true && update.updated_stamp !== ticket.updated_at) {
			return { status: 409, body: { error: 'UpdateConflict', description: 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.' } };
		}
		const details: Record<string, Array<{ description: string }>> = {};
		if (update.priority !== undefined && !PRIORITIES.includes(String(update.priority))) details.priority = [{ description: 'Priority: is invalid' }];
		if (update.status !== undefined && !STATUSES.includes(String(update.status))) details.status = [{ description: 'Status: is invalid' }];
		if (update.type !== undefined && !TYPES.includes(String(update.type))) details.type = [{ description: 'Type: is invalid' }];
		const comment = update.comment as { body?: string; html_body?: string; public?: boolean } | undefined;
		if (comment && !comment.body && !comment.html_body) details.comment = [{ description: 'Comment: cannot be blank' }];
		if (Object.keys(details).length) return { status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details } };

		if (typeof update.priority === 'string') ticket.priority = update.priority;
		if (typeof update.status === 'string') ticket.status = update.status;
		if (typeof update.type === 'string') ticket.type = update.type;
		if (update.group_id !== undefined) ticket.group_id = Number(update.group_id);
		if (Array.isArray(update.tags)) ticket.tags = [...new Set(update.tags as string[])];
		for (const tag of (update.additional_tags as string[] | undefined) ?? []) if (!ticket.tags.includes(tag)) ticket.tags.push(tag);
		const remove = (update.remove_tags as string[] | undefined) ?? [];
		ticket.tags = ticket.tags.filter((t) => !remove.includes(t));
		const events: Array<Record<string, unknown>> = [];
		if (comment) {
			const c: ZendeskComment = {
				id: this.nextId(),
				html_body: comment.html_body ?? `<p>${comment.body}</p>`,
				body: comment.body ?? plainText(String(comment.html_body)),
				public: comment.public !== false,
			};
			ticket.comments.push(c);
			events.push({ id: c.id, type: 'Comment', public: c.public, html_body: c.html_body });
		}
		ticket.updated_at = this.stamp();
		const marker = ((update.additional_tags as string[] | undefined) ?? []).find((t) => t.startsWith('sc_'));
		this.logWrite({ method: 'PUT', path: req.path, key: marker, objectId: String(ticket.id) });
		return { status: 200, body: { ticket: this.view(ticket), audit: { id: this.nextId(), ticket_id: ticket.id, events } } };
	}
}

/** Zendesk's plain `body` of an HTML comment: paragraphs apart by a blank line, <br> a line break. */
function plainText(html: string): string {
	return html
		.replace(/<\/p>\s*<p>/g, '\n\n')
		.replace(/<br\s*\/?>/g, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.trim();
}
