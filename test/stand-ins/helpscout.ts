/**
 * Loopback stand-in for the Help Scout Mailbox API 2.0 (developer.helpscout.com/mailbox-api):
 * POST /v2/conversations/{id}/reply and /notes (201 Created, empty body, the new thread's id in
 * the Resource-ID header), PUT /v2/conversations/{id}/tags (replaces the list, 204),
 * GET /v2/conversations/{id} (tags as objects; with `embed=threads` the threads in `_embedded`,
 * newest first, a created reply listed as type `message`), and the OAuth2 token endpoint
 * POST /v2/oauth2/token. Errors in Help Scout's vnd.error shape; 429 with X-RateLimit-Retry-After in
 * seconds. Help Scout has no idempotency header: a repeated POST adds another thread. Every applied
 * write is in `writes` (a tag write with the `sc_` marker it added as its key), so duplicates can be counted.
 */
import type { IncomingMessage } from 'node:http';
import { jsonParse, StandIn, type StandInRequest, type StandInResponse } from './base';

export interface HelpScoutThread {
	id: number;
	/** `reply` is what POST .../reply creates (listed as `message`, as Help Scout does); `customer` is the customer's own message. */
	type: 'reply' | 'note' | 'customer';
	text: string;
	customer?: { id?: number; email?: string };
	draft: boolean;
	/** ISO, whole seconds, as Help Scout writes it. */
	createdAt: string;
}

const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface HelpScoutConversation {
	id: number;
	subject: string;
	status: string;
	tags: string[];
	threads: HelpScoutThread[];
}

const VND_ERROR = { 'content-type': 'application/vnd.error+json' };

export class HelpScoutStandIn extends StandIn {
	readonly conversations = new Map<number, HelpScoutConversation>();
	/** Tokens handed out by the token endpoint are accepted too. */
	private readonly tokens = new Set<string>();

	constructor(
		accessToken: string,
		private readonly client: { id: string; secret: string } = { id: 'stand-in-app', secret: 'stand-in-secret' },
	) {
		super();
		this.tokens.add(accessToken);
	}

	addConversation(c: Partial<Omit<HelpScoutConversation, 'threads'>> & { id: number; threads?: Array<Partial<HelpScoutThread> & { id: number; type: HelpScoutThread['type']; text: string }> }): HelpScoutConversation {
		const threads = (c.threads ?? []).map((t) => ({ draft: false, createdAt: isoNow(), ...t }));
		const conversation: HelpScoutConversation = { subject: 'Help', status: 'active', tags: [], ...c, threads };
		this.conversations.set(conversation.id, conversation);
		return conversation;
	}

	/** Checked in handle(): the token endpoint is the one path that takes no bearer token. */
	protected authorized(): boolean {
		return true;
	}

	private bearerOk(headers: IncomingMessage['headers']): boolean {
		const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
		return bearer !== undefined && this.tokens.has(bearer);
	}
	protected unauthorized(): StandInResponse {
		return { status: 401, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Unauthorized', _links: { about: { href: 'https://developer.helpscout.com/mailbox-api/overview/errors/#401-unauthorized' } } } };
	}
	protected rateLimited(retryAfter = '1'): StandInResponse {
		return {
			status: 429,
			headers: { ...VND_ERROR, 'x-ratelimit-retry-after': retryAfter, 'x-ratelimit-limit-minute': '200', 'x-ratelimit-remaining-minute': '0' },
			body: { logRef: this.logRef(), message: 'Too many requests' },
		};
	}
	protected serverError(status: number): StandInResponse {
		return { status, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Internal server error' } };
	}

	private logRef(): string {
		return `stand-in#${this.nextId()}`;
	}

	private validation(path: string, message: string): StandInResponse {
		return { status: 400, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Bad request', _embedded: { errors: [{ path, message, source: 'JSON' }] } } };
	}

	private token(req: StandInRequest): StandInResponse {
		const form = new URLSearchParams(req.body);
		const json = jsonParse(req.body);
		const field = (k: string) => form.get(k) ?? (typeof json[k] === 'string' ? (json[k] as string) : undefined);
		if (field('client_id') !== this.client.id || field('client_secret') !== this.client.secret) {
			return { status: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } };
		}
		const grant = field('grant_type');
		if (grant !== 'client_credentials' && grant !== 'refresh_token') {
			return { status: 400, body: { error: 'unsupported_grant_type' } };
		}
		const accessToken = `hs-stand-in-${this.nextId()}`;
		this.tokens.add(accessToken);
		return { status: 200, body: { token_type: 'bearer', access_token: accessToken, refresh_token: `refresh-${accessToken}`, expires_in: 172800 } };
	}

	/** A thread as GET .../conversations/{id}?embed=threads lists it. */
	private threadJson(t: HelpScoutThread): Record<string, unknown> {
		const byCustomer = t.type === 'customer';
		return {
			id: t.id,
			type: t.type === 'reply' ? 'message' : t.type,
			status: 'active',
			state: t.draft ? 'draft' : 'published',
			body: t.text,
			createdBy: byCustomer ? { id: t.customer?.id ?? 1, type: 'customer', email: t.customer?.email } : { id: 1, type: 'user', email: 'agent@example.com' },
			...(t.customer ? { customer: t.customer } : {}),
			createdAt: t.createdAt,
		};
	}

	protected handle(req: StandInRequest): StandInResponse {
		if (req.method === 'POST' && req.path === '/v2/oauth2/token') return this.token(req);
		if (!this.bearerOk(req.headers)) return this.unauthorized();
		const m = /^\/v2\/conversations\/(\d+)(?:\/(reply|notes|tags))?$/.exec(req.path);
		if (!m) return { status: 404, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Not found' } };
		const conversation = this.conversations.get(Number(m[1]));
		if (!conversation) return { status: 404, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Conversation not found' } };
		const sub = m[2];
		if (!sub) {
			if (req.method !== 'GET') return { status: 405, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Method not allowed' } };
			const body: Record<string, unknown> = { id: conversation.id, subject: conversation.subject, status: conversation.status, tags: conversation.tags.map((tag, i) => ({ id: i + 1, color: '#929499', tag })) };
			if ((req.query.get('embed') ?? '').split(',').includes('threads')) {
				// Newest first: by time, then by id (ids grow).
				const newestFirst = [...conversation.threads].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
				body._embedded = { threads: newestFirst.map((t) => this.threadJson(t)) };
			}
			return { status: 200, body };
		}
		const body = jsonParse(req.body);
		if (sub === 'tags') {
			if (req.method !== 'PUT') return { status: 405, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Method not allowed' } };
			if (!Array.isArray(body.tags)) return this.validation('tags', 'may not be null');
			const before = conversation.tags;
			conversation.tags = [...new Set((body.tags as unknown[]).map(String))];
			const marker = conversation.tags.find((t) => t.startsWith('sc_') && !before.includes(t));
			this.logWrite({ method: 'PUT', path: req.path, objectId: String(conversation.id), ...(marker ? { key: marker } : {}) });
			return { status: 204 };
		}
		if (req.method !== 'POST') return { status: 405, headers: VND_ERROR, body: { logRef: this.logRef(), message: 'Method not allowed' } };
		if (typeof body.text !== 'string' || body.text.trim() === '') return this.validation('text', 'may not be empty');
		const customer = body.customer as HelpScoutThread['customer'] | undefined;
		if (sub === 'reply' && !customer?.id && !customer?.email) return this.validation('customer', 'may not be null');
		const created: HelpScoutThread = { id: this.nextId(), type: sub === 'reply' ? 'reply' : 'note', text: body.text, customer, draft: body.draft === true, createdAt: isoNow() };
		conversation.threads.push(created);
		this.logWrite({ method: 'POST', path: req.path, objectId: String(created.id) });
		return { status: 201, headers: { 'resource-id': String(created.id), location: `https://api.helpscout.net/v2/conversations/${conversation.id}/threads/${created.id}` } };
	}
}
