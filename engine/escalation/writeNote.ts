import { createHash } from 'node:crypto';
import type { CaseFile, Handoff, Ticket } from '../contracts';
import { pathId } from '../execution/connectors/args';
import { HELPSCOUT_TAGS_TOOL, HELPSCOUT_TOOLS, resolveHelpScoutTagsTool, resolveHelpScoutTool } from '../execution/connectors/helpScout';
import { resolveZendeskTool } from '../execution/connectors/zendesk';
import { lockedRun } from '../execution/executor';
import type { HttpClient } from '../execution/http';
import { idempotencyKey, ledgerMarker } from '../execution/idempotency';
import { processKeyLock, type KeyLock } from '../execution/keyLock';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../execution/retry';
import type { Clock, StepRun } from '../execution/runStep';
import type { ResolvedTool } from '../execution/types';
import { redactText } from './redact';

/**
 * Writes the hand-off note to the helpdesk itself, through the executor's connectors and their
 * retry loop, each write under the lock of its key (design note 19):
 * - Zendesk: a private comment with the HTML note, then the tags, priority and group. Zendesk has
 *   no idempotency header, so, as for the executor's notes, each update carries a ledger tag that is
 *   read back before writing;
 * - Help Scout: a note thread carrying its marker (Send Reply's note tool and ledger: the marker tag,
 *   and the note itself between note and tag), then the hand-off tags with the marker tag.
 * A re-delivered webhook, a concurrent delivery or an n8n retry finds the ledger and writes nothing.
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

export interface HelpScoutNoteSettings {
	/** Tags to add to the conversation (the marker tag is added on top); the ones it has stay. */
	tags: string[];
}

export interface NoteWriteOptions {
	retry?: Partial<RetryPolicy>;
	/** Injected for tests; defaults to the real clock, setTimeout and Math.random. */
	clock?: Partial<Clock>;
	/** The lock per key; defaults to this process's. Queue mode passes n8n's Redis one (keyLockFromEnv). */
	lock?: KeyLock;
}

/** Where a note goes: the helpdesk, as `support.ticket.source` names it. */
export type NoteTargetName = 'zendesk' | 'helpscout';

export interface NoteWriteResult {
	target: NoteTargetName;
	/**
	 * written: note (and fields) added now; already_written: an earlier run did it, nothing sent;
	 * partial: the note is there but tags, priority or group failed; failed: no note; not_written:
	 * nothing was tried (the ticket is not from the target's helpdesk).
	 */
	status: 'written' | 'already_written' | 'partial' | 'failed' | 'not_written';
	/** The Zendesk ticket or the Help Scout conversation. */
	ticketId?: string;
	/** Zendesk: the comment and the audit of the note. */
	commentId?: string;
	auditId?: string;
	/** Help Scout: the note thread. */
	threadId?: string;
	/** The ledger tag of the note, as it appears on the ticket. */
	marker?: string;
	/** Requests tried, ledger reads included in neither. */
	attempts: number;
	/** One sentence for the trace and the person reading the item; never contains a credential. */
	detail: string;
}

export const NOT_FROM_ZENDESK = 'not written: ticket is not from Zendesk';
export const NOT_FROM_HELPSCOUT = 'not written: ticket is not from Help Scout';

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The note tool of each target; part of the key, so Zendesk keys stay what they were. */
const NOTE_TOOLS: Record<NoteTargetName, string> = { zendesk: 'zendesk.addInternalNote', helpscout: HELPSCOUT_TOOLS.note };

/**
 * The key of one escalation note: the ticket, the customer's message it answers and the layer that
 * escalated. Not the note's text, which carries timings and would differ on every run; not the
 * received time, which some helpdesks leave out (then it is the time of the run). Distinct from Send
 * Reply's note key on the same message (step `escalation-note`, not `reply:note`): a suggested reply
 * and a hand-off are two notes.
 */
export function noteIdempotencyKey(ticket: Ticket, handoff: Pick<Handoff, 'fromLayer'>, target: NoteTargetName = 'zendesk'): string {
	return idempotencyKey(ticket.id, 'escalation-note', NOTE_TOOLS[target], { message: sha256(ticket.message), fromLayer: handoff.fromLayer });
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

/** One keyed write of a note, under its key's lock, with the retry policy, clock and lock every write of the note shares. */
function noteRunner(ticket: Ticket, options: NoteWriteOptions): (tool: ResolvedTool, key: string) => Promise<StepRun> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const c = clock(options.clock);
	const lock = options.lock ?? processKeyLock;
	return async (tool, key) => await lockedRun(lock, tool, { ticket, key, marker: ledgerMarker(key), timeoutMs: policy.timeoutMs }, policy, c);
}

/** The case's ticket, if it came from the target's helpdesk; otherwise the result that says why not. */
function ticketFor(caseFile: CaseFile, target: NoteTargetName, notFrom: string): { ticket: Ticket } | { skipped: NoteWriteResult } {
	const ticket = caseFile.ticket;
	if (!ticket) return { skipped: { target, status: 'not_written', attempts: 0, detail: 'not written: the case file has no ticket' } };
	if (ticket.source !== target) return { skipped: { target, status: 'not_written', attempts: 0, detail: notFrom } };
	return { ticket };
}

/** Writes the note of `handoff` to the case's Zendesk ticket. API failures are returned, never thrown. */
export async function writeNoteToZendesk(
	caseFile: CaseFile,
	handoff: Handoff,
	client: HttpClient,
	settings: ZendeskNoteSettings,
	options: NoteWriteOptions = {},
): Promise<NoteWriteResult> {
	const found = ticketFor(caseFile, 'zendesk', NOT_FROM_ZENDESK);
	if ('skipped' in found) return found.skipped;
	const { ticket } = found;
	const run = noteRunner(ticket, options);
	const key = noteIdempotencyKey(ticket, handoff);
	const marker = ledgerMarker(key);

	const note = resolveZendeskTool('zendesk.addInternalNote', { body: handoff.note.html, html: true }, ticket, client);
	if (!note || note.argProblem) {
		return { target: 'zendesk', status: 'not_written', attempts: 0, marker, detail: `not written: zendesk.addInternalNote ${note?.argProblem ?? 'is unavailable'}` };
	}
	// The connector's own reading of the id: the case's ticket, as a safe path segment.
	const ticketId = pathId(ticket.id);
	const noteRun = await run(note, key);
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
	const fieldsRun = await run(fields, fieldsKey);
	const attempts = noteRun.attempts + fieldsRun.attempts;
	if (fieldsRun.status === 'failed') {
		return { ...written, status: 'partial', attempts, detail: `${noteText}, but setting ${describeFields(args)} failed: ${failure(fieldsRun)}` };
	}
	const bothEarlier = noteRun.status === 'already_done' && fieldsRun.status === 'already_done';
	const fieldText = fieldsRun.status === 'already_done' ? `${describeFields(args)} already set by that run` : `${describeFields(args)} set`;
	return { ...written, status: bothEarlier ? 'already_written' : 'written', attempts, detail: `${noteText}; ${fieldText}.` };
}

/**
 * Writes the note of `handoff` to the case's Help Scout conversation as a note thread, then adds the
 * hand-off tags with the marker tag. The note is Send Reply's note tool (connectors/helpScout.ts):
 * its ledger is the marker tag and, for the window between note and tag, the marker in the note's
 * reference line. The tags are a second keyed step whose ledger is the tags themselves: normally the
 * note's own tag write has added them and this step only reads; if that write failed, it is retried
 * here, and if it still fails the result is partial (the note is there; a re-delivery finds it and
 * adds only the tags). API failures are returned, never thrown.
 */
export async function writeNoteToHelpScout(
	caseFile: CaseFile,
	handoff: Handoff,
	client: HttpClient,
	settings: HelpScoutNoteSettings,
	options: NoteWriteOptions = {},
): Promise<NoteWriteResult> {
	const found = ticketFor(caseFile, 'helpscout', NOT_FROM_HELPSCOUT);
	if ('skipped' in found) return found.skipped;
	const { ticket } = found;
	const run = noteRunner(ticket, options);
	const key = noteIdempotencyKey(ticket, handoff, 'helpscout');
	const marker = ledgerMarker(key);
	const tags = [...new Set(settings.tags.filter(Boolean))];

	const note = resolveHelpScoutTool(HELPSCOUT_TOOLS.note, { body: handoff.note.html, html: true, tags }, ticket, client);
	if (!note || note.argProblem) {
		return { target: 'helpscout', status: 'not_written', attempts: 0, marker, detail: `not written: ${HELPSCOUT_TOOLS.note} ${note?.argProblem ?? 'is unavailable'}` };
	}
	const conversationId = pathId(ticket.id);
	const noteRun = await run(note, key);
	const base = { target: 'helpscout' as const, ticketId: conversationId, marker };
	if (noteRun.status === 'failed') {
		return { ...base, status: 'failed', attempts: noteRun.attempts, detail: `not written: ${failure(noteRun)}` };
	}
	const threadId = noteRun.externalIds?.threadId;
	const earlier = noteRun.status === 'already_done';
	const noteText = earlier
		? `note already on conversation ${conversationId} from an earlier run (${marker}); nothing sent again`
		: `note added to conversation ${conversationId}${threadId ? ` (thread ${threadId})` : ''}`;
	const written = { ...base, ...(threadId ? { threadId } : {}) };

	const tagsKey = idempotencyKey(ticket.id, 'escalation-note#tags', HELPSCOUT_TAGS_TOOL, { note: key });
	const tagsRun = await run(resolveHelpScoutTagsTool([...tags, marker], ticket, client), tagsKey);
	const attempts = noteRun.attempts + tagsRun.attempts;
	const named = tags.length ? `tags ${tags.join(', ')}` : 'the marker tag';
	if (tagsRun.status === 'failed') {
		return { ...written, status: 'partial', attempts, detail: `${noteText}, but adding ${named} failed: ${failure(tagsRun)}` };
	}
	// Found there after this run's note: the note's own tag write added them.
	const tagText = tagsRun.status === 'succeeded' ? `${named} added` : earlier ? `${named} already there` : `${named} added with it`;
	return { ...written, status: earlier && tagsRun.status === 'already_done' ? 'already_written' : 'written', attempts, detail: `${noteText}; ${tagText}.` };
}

const TARGET_LABELS: Record<NoteTargetName, { name: string; item: string }> = {
	zendesk: { name: 'Zendesk', item: 'ticket' },
	helpscout: { name: 'Help Scout', item: 'conversation' },
};

/** Short form for the trace entry's outcome, e.g. `zendesk:written:comment=1234`, `helpscout:written:thread=56`. */
export function noteWriteOutcome(r: NoteWriteResult): string {
	return `${r.target}:${r.status}${r.commentId ? `:comment=${r.commentId}` : ''}${r.threadId ? `:thread=${r.threadId}` : ''}`;
}

/** The write's result as an evidence entry of the hand-off, so it travels with the item. */
export function noteWriteEvidence(r: NoteWriteResult): Handoff['evidence'][number] {
	const { name, item } = TARGET_LABELS[r.target];
	return { kind: 'note_write', label: `${name}${r.ticketId ? ` ${item} ${r.ticketId}` : ''}: ${r.status.replace('_', ' ')}`, detail: r.detail };
}
