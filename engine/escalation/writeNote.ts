import { createHash } from 'node:crypto';
import type { CaseFile, Handoff, Ticket } from '../contracts';
import { pathId } from '../execution/connectors/args';
import { resolveZendeskTool } from '../execution/connectors/zendesk';
import type { HttpClient } from '../execution/http';
import { idempotencyKey, ledgerMarker } from '../execution/idempotency';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../execution/retry';
import { runStep, type Clock, type StepRun } from '../execution/runStep';
import { redactText } from './redact';

/**
 * Writes the hand-off note to the helpdesk itself, through the executor's Zendesk connector and its
 * retry loop: a private comment with the HTML note, then the tags, priority and group. Zendesk has
 * no idempotency header, so, as for the executor's notes, each update carries a ledger tag that is
 * read back before writing: a re-delivered webhook or an n8n retry finds it and writes nothing.
 */

export type HelpdeskPriority = Handoff['priority'];

export interface ZendeskNoteSettings {
	/** Tags to add to the ticket (the marker tags are added on top). */
	tags: string[];
	/** 'fromHandoff': the hand-off's priority; 'keep': leave the ticket's priority alone. */
	priority: 'fromHandoff' | 'keep' | HelpdeskPriority;
	/** Zendesk group id (digits); empty leaves the group alone. */
	groupId?: string;
}

export interface NoteWriteOptions {
	retry?: Partial<RetryPolicy>;
	/** Injected for tests; defaults to the real clock, setTimeout and Math.random. */
	clock?: Partial<Clock>;
}

export interface NoteWriteResult {
	target: 'zendesk';
	/**
	 * written: note (and fields) added now; already_written: an earlier run did it, nothing sent;
	 * partial: the note is there but tags, priority or group failed; failed: no note; not_written:
	 * nothing was tried (the ticket is not a Zendesk ticket).
	 */
	status: 'written' | 'already_written' | 'partial' | 'failed' | 'not_written';
	ticketId?: string;
	commentId?: string;
	auditId?: string;
	/** The ledger tag of the note, as it appears on the ticket. */
	marker?: string;
	/** Requests tried, ledger reads included in neither. */
	attempts: number;
	/** One sentence for the trace and the person reading the item; never contains a credential. */
	detail: string;
}

export const NOT_FROM_ZENDESK = 'not written: ticket is not from Zendesk';

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/**
 * The key of one escalation note: the ticket, the customer's message it answers and the layer that
 * escalated. Not the note's text, which carries timings and would differ on every run; not the
 * received time, which some helpdesks leave out (then it is the time of the run).
 */
export function noteIdempotencyKey(ticket: Ticket, handoff: Pick<Handoff, 'fromLayer'>): string {
	return idempotencyKey(ticket.id, 'escalation-note', 'zendesk.addInternalNote', { message: sha256(ticket.message), fromLayer: handoff.fromLayer });
}

function clock(partial: Partial<Clock> = {}): Clock {
	return {
		now: partial.now ?? (() => Date.now()),
		sleep: partial.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
		random: partial.random ?? Math.random,
	};
}

function fieldArgs(handoff: Handoff, settings: ZendeskNoteSettings): Record<string, unknown> {
	const args: Record<string, unknown> = {};
	if (settings.tags.length) args.tags = settings.tags;
	const priority = settings.priority === 'fromHandoff' ? handoff.priority : settings.priority === 'keep' ? undefined : settings.priority;
	if (priority) args.priority = priority;
	if (settings.groupId) args.groupId = settings.groupId;
	return args;
}

function describeFields(args: Record<string, unknown>): string {
	const parts: string[] = [];
	if (Array.isArray(args.tags)) parts.push(`tags ${(args.tags as string[]).join(', ')}`);
	if (args.priority) parts.push(`priority ${String(args.priority)}`);
	if (args.groupId) parts.push(`group ${String(args.groupId)}`);
	return parts.join(', ');
}

const failure = (run: StepRun) => redactText(run.error ?? 'failed');

/** Writes the note of `handoff` to the case's Zendesk ticket. API failures are returned, never thrown. */
export async function writeNoteToZendesk(
	caseFile: CaseFile,
	handoff: Handoff,
	client: HttpClient,
	settings: ZendeskNoteSettings,
	options: NoteWriteOptions = {},
): Promise<NoteWriteResult> {
	const ticket = caseFile.ticket;
	if (!ticket) return { target: 'zendesk', status: 'not_written', attempts: 0, detail: 'not written: the case file has no ticket' };
	if (ticket.source !== 'zendesk') return { target: 'zendesk', status: 'not_written', attempts: 0, detail: NOT_FROM_ZENDESK };
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const c = clock(options.clock);
	const key = noteIdempotencyKey(ticket, handoff);
	const marker = ledgerMarker(key);

	const note = resolveZendeskTool('zendesk.addInternalNote', { body: handoff.note.html, html: true }, ticket, client);
	if (!note || note.argProblem) {
		return { target: 'zendesk', status: 'not_written', attempts: 0, marker, detail: `not written: zendesk.addInternalNote ${note?.argProblem ?? 'is unavailable'}` };
	}
	// The connector's own reading of the id: the case's ticket, as a safe path segment.
	const ticketId = pathId(ticket.id);
	const noteRun = await runStep(note, { ticket, key, marker, timeoutMs: policy.timeoutMs }, policy, c);
	const base = { target: 'zendesk' as const, ticketId, marker };
	if (noteRun.status === 'failed') {
		return { ...base, status: 'failed', attempts: noteRun.attempts, detail: `not written: ${failure(noteRun)}` };
	}
	const ids = noteRun.externalIds ?? {};
	const noteText =
		noteRun.status === 'already_done'
			? `internal note already on ticket ${ticketId} from an earlier run (tag ${marker}); nothing sent again`
			: `internal note added to ticket ${ticketId}${ids.commentId ? ` (comment ${ids.commentId})` : ''}`;
	const written = { ...base, ...(ids.commentId ? { commentId: ids.commentId } : {}), ...(ids.auditId ? { auditId: ids.auditId } : {}) };

	const args = fieldArgs(handoff, settings);
	if (!Object.keys(args).length) {
		return { ...written, status: noteRun.status === 'already_done' ? 'already_written' : 'written', attempts: noteRun.attempts, detail: `${noteText}.` };
	}
	const fieldsKey = idempotencyKey(ticket.id, 'escalation-note#fields', 'zendesk.updateTicket', { note: key });
	const fields = resolveZendeskTool('zendesk.updateTicket', args, ticket, client)!;
	const fieldsRun = await runStep(fields, { ticket, key: fieldsKey, marker: ledgerMarker(fieldsKey), timeoutMs: policy.timeoutMs }, policy, c);
	const attempts = noteRun.attempts + fieldsRun.attempts;
	if (fieldsRun.status === 'failed') {
		return { ...written, status: 'partial', attempts, detail: `${noteText}, but setting ${describeFields(args)} failed: ${failure(fieldsRun)}` };
	}
	const bothEarlier = noteRun.status === 'already_done' && fieldsRun.status === 'already_done';
	const fieldText = fieldsRun.status === 'already_done' ? `${describeFields(args)} already set by that run` : `${describeFields(args)} set`;
	return { ...written, status: bothEarlier ? 'already_written' : 'written', attempts, detail: `${noteText}; ${fieldText}.` };
}

/** Short form for the trace entry's outcome, e.g. `zendesk:written:comment=1234`. */
export function noteWriteOutcome(r: NoteWriteResult): string {
	return `${r.target}:${r.status}${r.commentId ? `:comment=${r.commentId}` : ''}`;
}

/** The write's result as an evidence entry of the hand-off, so it travels with the item. */
export function noteWriteEvidence(r: NoteWriteResult): Handoff['evidence'][number] {
	return { kind: 'note_write', label: `Zendesk${r.ticketId ? ` ticket ${r.ticketId}` : ''}: ${r.status.replace('_', ' ')}`, detail: r.detail };
}
