import type { Ticket } from '../../contracts';
import type { HttpClient } from '../http';
import type { LedgerState, ResolvedTool, ToolContext } from '../types';
import { pathId } from './args';
import { toHtml } from './html';
import { send, type ErrorText } from './send';

/**
 * Help Scout Mailbox API 2.0, for Send Reply and the Escalation Packager's hand-off note: `POST /v2/conversations/{id}/reply` (a reply thread the
 * customer receives) and `POST /v2/conversations/{id}/notes` (a note for agents), both answering
 * 201 with the new thread's id in `Resource-ID`; `GET /v2/conversations/{id}?embed=threads` (tags and
 * threads, newest first); `PUT /v2/conversations/{id}/tags` (replaces the tag list, 204).
 *
 * Help Scout has no idempotency key and no conditional update, and a thread and a tag cannot be
 * written in one request. So the ledger is read in two places, under the key's lock:
 * - the marker tag (`sc_...`), written after the thread (read, then the tags it had plus ours);
 * - the thread itself, for the window between thread and tag (a crash, a failed tag write):
 *   - a note carries the marker in its text (agents only see it; plain text Help Scout keeps);
 *   - a reply cannot (the customer would read it), so a reply thread posted after the customer's
 *     message that the key answers counts as the answer: a message already answered, by a crashed
 *     run of ours or by an agent, must not be answered again. The customer's message is the thread
 *     the trigger delivered (`sourceRefs.threadId`), else the time it was received.
 * Whatever is found there is `already_done` unless an attempt of this run may have written it
 * (runStep decides): another execution's thread is never recorded as ours.
 */

export const HELPSCOUT_TOOLS = { public: 'helpscout.reply', note: 'helpscout.addNote' } as const;
/** Adds tags to a conversation, keeping the ones it has (the Packager's hand-off tags). */
export const HELPSCOUT_TAGS_TOOL = 'helpscout.addTags';

const errorText: ErrorText = (body) => {
	// vnd.error's `message`; an OAuth error, or our own preview client, says `error`.
	const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
	const errors = (body._embedded as { errors?: Array<{ path?: unknown; message?: unknown }> } | undefined)?.errors ?? [];
	const details = errors.map((e) => [e.path, e.message].filter((x) => typeof x === 'string').join(' ')).filter(Boolean);
	return [message, ...details].filter(Boolean).join(': ') || undefined;
};

/** Help Scout says how long to wait in X-RateLimit-Retry-After (seconds); `send` reads Retry-After. */
function withHelpScoutRetryAfter(client: HttpClient): HttpClient {
	return {
		async request(req) {
			const res = await client.request(req);
			const wait = res.headers['x-ratelimit-retry-after'];
			return wait !== undefined && res.headers['retry-after'] === undefined ? { ...res, headers: { ...res.headers, 'retry-after': wait } } : res;
		},
	};
}

/** One spelling for comparing times: ISO, whole seconds (Help Scout's own resolution); '' if unreadable. */
function isoSeconds(value: unknown): string {
	const at = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(at) ? '' : new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface ThreadView {
	id: string;
	type: string;
	body: string;
	createdAt: string;
	draft: boolean;
}

interface ConversationView {
	tags: string[];
	threads: ThreadView[];
}

async function readConversation(client: HttpClient, id: string, timeoutMs: number, threads: boolean): Promise<ConversationView> {
	const { json } = await send(client, { method: 'GET', url: `/v2/conversations/${id}${threads ? '?embed=threads' : ''}`, timeoutMs }, errorText);
	const tags = (Array.isArray(json.tags) ? json.tags : []).map((t: unknown) => (t && typeof t === 'object' ? (t as { tag?: unknown }).tag : t)).filter((t): t is string => typeof t === 'string');
	const raw = (json._embedded as { threads?: unknown } | undefined)?.threads;
	const list = (Array.isArray(raw) ? raw : []).filter((t): t is Record<string, unknown> => !!t && typeof t === 'object');
	return {
		tags,
		threads: list.map((t) => ({
			id: String(t.id ?? ''),
			type: String(t.type ?? ''),
			body: typeof t.body === 'string' ? t.body : '',
			createdAt: isoSeconds(t.createdAt),
			draft: t.state === 'draft',
		})),
	};
}

/** Ours or an agent's answer: agents' replies are `message` threads (`reply` is accepted too). */
const REPLY_TYPES = new Set(['message', 'reply']);

/** Thread ids grow with time; at equal seconds the id decides. */
function later(a: ThreadView, than: { createdAt: string; id?: string }): boolean {
	if (a.createdAt !== than.createdAt) return a.createdAt > than.createdAt;
	return than.id !== undefined && Number(a.id) > Number(than.id);
}

/** The thread that already does this write, if a ledger tag is missing (see the module comment). */
function threadDoing(view: ConversationView, isPublic: boolean, ticket: Ticket, marker: string): ThreadView | undefined {
	const published = view.threads.filter((t) => !t.draft);
	if (!isPublic) return published.find((t) => t.type === 'note' && t.body.includes(marker));
	const asked = published.find((t) => t.id !== '' && t.id === ticket.sourceRefs.threadId);
	const anchor = asked ? { createdAt: asked.createdAt, id: asked.id } : { createdAt: isoSeconds(ticket.receivedAt) };
	if (anchor.createdAt === '') return undefined;
	return published.find((t) => REPLY_TYPES.has(t.type) && t.createdAt !== '' && (later(t, anchor) || (!asked && t.createdAt === anchor.createdAt)));
}

function ledgerCheck(client: HttpClient, id: string, isPublic: boolean) {
	return async (ctx: ToolContext): Promise<LedgerState> => {
		const view = await readConversation(client, id, ctx.timeoutMs, true);
		if (view.tags.includes(ctx.marker)) {
			return { done: true, summary: `conversation ${id} already carries ${ctx.marker}`, externalIds: { conversationId: id } };
		}
		const found = threadDoing(view, isPublic, ctx.ticket, ctx.marker);
		if (found) {
			const what = isPublic ? `reply thread ${found.id} was posted after the customer's message` : `note ${found.id} carries ${ctx.marker}`;
			return { done: true, summary: `conversation ${id}: ${what}`, externalIds: { conversationId: id, threadId: found.id } };
		}
		return { done: false };
	};
}

/**
 * Adds `ours` to the conversation's tags: `have` (read just before: PUT replaces the list) plus the
 * ones missing. Nothing is sent when every one is there already. Throws the request's StepError.
 */
async function putTagsKeeping(client: HttpClient, id: string, have: string[], ours: string[], timeoutMs: number): Promise<void> {
	const missing = ours.filter((t) => !have.includes(t));
	if (!missing.length) return;
	await send(
		client,
		{ method: 'PUT', url: `/v2/conversations/${id}/tags`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tags: [...have, ...missing] }), timeoutMs },
		errorText,
	);
}

/**
 * The marker tag (and `extra` tags, in the same write), after the thread: the tags the conversation
 * has now plus ours. A failure here is not the step's failure: the thread exists and is itself found
 * by the ledger check, so it is reported, not retried as a new thread.
 */
async function addMarkerTag(client: HttpClient, id: string, ctx: ToolContext, extra: string[]): Promise<string | undefined> {
	try {
		const { tags } = await readConversation(client, id, ctx.timeoutMs, false);
		await putTagsKeeping(client, id, tags, [...extra, ctx.marker], ctx.timeoutMs);
		return undefined;
	} catch (error) {
		return error instanceof Error ? error.message : 'error';
	}
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string' && t !== '') : []);

function customerOf(ticket: Ticket): { id: number } | { email: string } | undefined {
	const id = ticket.customer.id;
	if (id !== undefined && /^\d{1,18}$/.test(id)) return { id: Number(id) };
	return ticket.customer.email ? { email: ticket.customer.email } : undefined;
}

/**
 * A reply or a note on the case file's Help Scout conversation (Send Reply; the Packager's hand-off
 * note). `args.tags`: tags written together with the marker tag after the thread.
 */
export function resolveHelpScoutTool(name: string, args: Record<string, unknown>, ticket: Ticket, rawClient: HttpClient): ResolvedTool | undefined {
	if (name !== HELPSCOUT_TOOLS.public && name !== HELPSCOUT_TOOLS.note) return undefined;
	const client = withHelpScoutRetryAfter(rawClient);
	const isPublic = name === HELPSCOUT_TOOLS.public;
	const id = ticket.source === 'helpscout' ? pathId(ticket.id) : undefined;
	const customer = customerOf(ticket);
	const body = typeof args.body === 'string' ? args.body : '';
	const extraTags = stringList(args.tags);
	const html = toHtml(body, args.html === true);
	const path = `/v2/conversations/${id ?? '{id}'}/${isPublic ? 'reply' : 'notes'}`;
	const thread = (marker: string) =>
		isPublic
			? { customer, text: html }
			: // The note's marker, for the ledger check; agents see it as a reference line.
				{ text: `${html}<p><small>support-coordination ${marker}</small></p>` };
	const argProblem =
		id === undefined
			? 'needs a Help Scout conversation id (a Help Scout ticket in the case file)'
			: body.trim() === ''
				? 'needs args.body (the text of the thread)'
				: isPublic && !customer
					? 'needs the customer to reply to (support.ticket.customer.id or email)'
					: undefined;
	return {
		name,
		access: 'write',
		idempotency: 'ledger',
		internalNote: !isPublic,
		argProblem,
		preview: (ctx) => ({ method: 'POST', path, body: thread(ctx.marker) }),
		checkLedger: id ? ledgerCheck(client, id, isPublic) : undefined,
		async perform(ctx) {
			const conversationId = id as string;
			const { res } = await send(client, { method: 'POST', url: path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(thread(ctx.marker)), timeoutMs: ctx.timeoutMs }, errorText);
			const threadId = res.headers['resource-id'];
			const tagProblem = await addMarkerTag(client, conversationId, ctx, extraTags);
			return {
				summary: `${isPublic ? 'reply' : 'note'} added to conversation ${conversationId}${tagProblem ? ` (marker tag not written: ${tagProblem}; the thread itself marks it done)` : ''}`,
				externalIds: { conversationId, ...(threadId ? { threadId } : {}) },
			};
		},
	};
}

/**
 * `tags` added to the case file's Help Scout conversation, keeping its own. Its ledger is the
 * conversation's tags themselves: done when every one is there; otherwise the tags just read are the
 * list the PUT keeps.
 */
export function resolveHelpScoutTagsTool(tags: string[], ticket: Ticket, rawClient: HttpClient): ResolvedTool {
	const client = withHelpScoutRetryAfter(rawClient);
	const id = ticket.source === 'helpscout' ? pathId(ticket.id) : undefined;
	const ours = [...new Set(tags)];
	return {
		name: HELPSCOUT_TAGS_TOOL,
		access: 'write',
		idempotency: 'ledger',
		argProblem: id === undefined ? 'needs a Help Scout conversation id (a Help Scout ticket in the case file)' : undefined,
		preview: () => ({ method: 'PUT', path: `/v2/conversations/${id ?? '{id}'}/tags`, body: { tags: ours } }),
		checkLedger: id
			? async (ctx) => {
					const { tags: have } = await readConversation(client, id, ctx.timeoutMs, false);
					if (ours.every((t) => have.includes(t))) return { done: true, summary: `conversation ${id} already carries ${ours.join(', ')}`, externalIds: { conversationId: id } };
					return { done: false, prior: { tags: have } };
				}
			: undefined,
		async perform(ctx, ledger) {
			const conversationId = id as string;
			const have = ledger && !ledger.done ? stringList(ledger.prior?.tags) : (await readConversation(client, conversationId, ctx.timeoutMs, false)).tags;
			await putTagsKeeping(client, conversationId, have, ours, ctx.timeoutMs);
			return { summary: `tags ${ours.join(', ')} added to conversation ${conversationId}`, externalIds: { conversationId } };
		},
	};
}
