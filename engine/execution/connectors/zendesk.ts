import type { Ticket } from '../../contracts';
import type { HttpClient } from '../http';
import type { LedgerState, ResolvedTool, ToolContext, ToolOutcome } from '../types';
import { pathId, str, strList } from './args';
import { toHtml } from './html';
import { send, type ErrorText } from './send';

/**
 * Zendesk Support: `GET/PUT /api/v2/tickets/{id}.json`. Zendesk has no idempotency header, so every
 * write carries our marker as a ticket tag in the same update (`additional_tags`), and every write
 * first reads the ticket's tags: the tag is the ledger. The tag and the comment land in one update,
 * so there is no window where one exists without the other.
 *
 * Reading before writing alone leaves a hole: an attempt that timed out can still land after the
 * re-check read. So each update is sent with `safe_update` and the `updated_stamp` of the read it
 * was based on: whichever of two such updates lands second is refused with 409 and re-checked.
 */

const errorText: ErrorText = (body) => {
	const error = body.error;
	const description = typeof body.description === 'string' ? body.description : '';
	if (typeof error === 'string') return description ? `${error} (${description})` : error;
	if (error && typeof error === 'object') {
		const e = error as { title?: unknown; message?: unknown };
		return [e.title, e.message].filter((x) => typeof x === 'string').join(': ');
	}
	return description || undefined;
};

interface TicketView {
	tags: string[];
	updated_at?: string;
	priority?: string | null;
	status?: string;
	group_id?: number | string | null;
}

async function readTicket(client: HttpClient, id: string, timeoutMs: number): Promise<TicketView> {
	const { json } = await send(client, { method: 'GET', url: `/api/v2/tickets/${id}.json`, timeoutMs }, errorText);
	const t = (json.ticket ?? {}) as Record<string, unknown>;
	return {
		tags: Array.isArray(t.tags) ? (t.tags as string[]) : [],
		updated_at: typeof t.updated_at === 'string' ? t.updated_at : undefined,
		priority: t.priority as string | null | undefined,
		status: t.status as string | undefined,
		group_id: t.group_id as number | string | null | undefined,
	};
}

function ticketIdOf(args: Record<string, unknown>, ticket: Ticket): string | undefined {
	// Plans usually omit the id of the ticket being worked on; it is the case file's ticket.
	const explicit = str(args, 'ticketId');
	if (explicit !== undefined) return pathId(explicit);
	return ticket.source === 'zendesk' ? pathId(ticket.id) : undefined;
}

function ledgerCheck(client: HttpClient, id: string) {
	return async (ctx: ToolContext): Promise<LedgerState> => {
		const view = await readTicket(client, id, ctx.timeoutMs);
		if (view.tags.includes(ctx.marker)) {
			return { done: true, summary: `ticket ${id} already carries ${ctx.marker}`, externalIds: { ticketId: id } };
		}
		return { done: false, prior: { ...view } };
	};
}

async function putTicket(
	client: HttpClient,
	id: string,
	update: Record<string, unknown>,
	ctx: ToolContext,
	ledger: LedgerState | undefined,
): Promise<{ auditId?: string; commentId?: string }> {
	const stamp = ledger && !ledger.done ? (ledger.prior as TicketView | undefined)?.updated_at : undefined;
	const ticketBody = stamp ? { ...update, safe_update: true, updated_stamp: stamp } : update;
	const { json } = await send(
		client,
		{
			method: 'PUT',
			url: `/api/v2/tickets/${id}.json`,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ticket: ticketBody }),
			timeoutMs: ctx.timeoutMs,
		},
		errorText,
	);
	const audit = (json.audit ?? {}) as { id?: unknown; events?: Array<{ id?: unknown; type?: unknown }> };
	const comment = (audit.events ?? []).find((e) => e.type === 'Comment');
	return {
		auditId: audit.id !== undefined ? String(audit.id) : undefined,
		commentId: comment?.id !== undefined ? String(comment.id) : undefined,
	};
}

function ids(ticketId: string, written: { auditId?: string; commentId?: string }): Record<string, string> {
	const out: Record<string, string> = { ticketId };
	if (written.auditId) out.auditId = written.auditId;
	if (written.commentId) out.commentId = written.commentId;
	return out;
}

export function resolveZendeskTool(
	name: string,
	args: Record<string, unknown>,
	ticket: Ticket,
	client: HttpClient,
): ResolvedTool | undefined {
	const id = ticketIdOf(args, ticket);
	const idProblem = id === undefined ? 'needs a Zendesk ticket id (args.ticketId, or a Zendesk ticket in the case file)' : undefined;
	const ticketPath = `/api/v2/tickets/${id ?? '{id}'}.json`;

	if (name === 'zendesk.getTicket') {
		return {
			name,
			access: 'read',
			idempotency: 'natural',
			argProblem: idProblem,
			preview: () => ({ method: 'GET', path: ticketPath }),
			async perform(ctx): Promise<ToolOutcome> {
				const view = await readTicket(client, id as string, ctx.timeoutMs);
				return {
					summary: `ticket ${id}: status ${view.status ?? '?'}, priority ${view.priority ?? 'none'}, ${view.tags.length} tags`,
					externalIds: { ticketId: id as string },
				};
			},
		};
	}

	if (name === 'zendesk.addInternalNote' || name === 'zendesk.publicReply') {
		const isPublic = name === 'zendesk.publicReply';
		const body = str(args, 'body') ?? str(args, 'html');
		const html = toHtml(body ?? '', args.html === true || str(args, 'html') !== undefined);
		const comment = { html_body: html, public: isPublic };
		return {
			name,
			access: 'write',
			idempotency: 'ledger',
			internalNote: !isPublic,
			argProblem: idProblem ?? (body === undefined ? 'needs args.body (the text of the comment)' : undefined),
			preview: (ctx) => ({ method: 'PUT', path: ticketPath, body: { ticket: { comment, additional_tags: [ctx.marker] } } }),
			checkLedger: id ? ledgerCheck(client, id) : undefined,
			async perform(ctx, ledger) {
				const written = await putTicket(client, id as string, { comment, additional_tags: [ctx.marker] }, ctx, ledger);
				return {
					summary: `${isPublic ? 'public reply' : 'internal note'} added to ticket ${id}`,
					externalIds: ids(id as string, written),
				};
			},
		};
	}

	if (name === 'zendesk.updateTicket') {
		const addTags = strList(args, 'tags') ?? [];
		const removeTags = strList(args, 'removeTags') ?? [];
		const fields: Record<string, unknown> = {};
		for (const f of ['priority', 'status', 'type'] as const) if (str(args, f) !== undefined) fields[f] = str(args, f);
		if (str(args, 'groupId') !== undefined) fields.group_id = Number(str(args, 'groupId')) || str(args, 'groupId');
		const nothing = addTags.length + removeTags.length + Object.keys(fields).length === 0;
		const update = (marker: string) => ({
			...fields,
			additional_tags: [...addTags, marker],
			...(removeTags.length ? { remove_tags: removeTags } : {}),
		});
		return {
			name,
			access: 'write',
			idempotency: 'ledger',
			argProblem: idProblem ?? (nothing ? 'changes nothing (give tags, removeTags, priority, status, type or groupId)' : undefined),
			preview: (ctx) => ({ method: 'PUT', path: ticketPath, body: { ticket: update(ctx.marker) } }),
			checkLedger: id ? ledgerCheck(client, id) : undefined,
			async perform(ctx, ledger) {
				const written = await putTicket(client, id as string, update(ctx.marker), ctx, ledger);
				const prior = ledger && !ledger.done ? (ledger.prior as TicketView | undefined) : undefined;
				return {
					summary: `ticket ${id} updated (${Object.keys(fields).concat(addTags.length ? ['tags'] : []).join(', ') || 'tags'})`,
					externalIds: ids(id as string, written),
					compensation: prior ? restoreCall(id as string, prior, fields, addTags) : undefined,
				};
			},
		};
	}
	return undefined;
}

/** Undo of an update: the fields it changed back to what the ledger read saw, the tags it added removed. */
function restoreCall(id: string, prior: TicketView, fields: Record<string, unknown>, addTags: string[]) {
	const args: Record<string, unknown> = { ticketId: id };
	if ('priority' in fields && prior.priority) args.priority = prior.priority;
	if ('status' in fields && prior.status) args.status = prior.status;
	if ('group_id' in fields && prior.group_id !== null && prior.group_id !== undefined) args.groupId = String(prior.group_id);
	const added = addTags.filter((t) => !prior.tags.includes(t));
	if (added.length) args.removeTags = added;
	return Object.keys(args).length > 1 ? { tool: 'zendesk.updateTicket', args } : undefined;
}
