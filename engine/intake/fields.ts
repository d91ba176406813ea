import { ContractError, type ConversationEntry } from '../contracts';
import { htmlToText } from './html';
import type { IntakeContext } from './types';

/**
 * Readers for untrusted vendor values. Every failure is a ContractError of the Intent Router
 * (which writes `ticket` from the incoming payload) naming the field as the operator sees it in
 * the trigger's output, because that is where they will go to fix it.
 */

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json | undefined {
	return isRecord(value) ? value : undefined;
}

export function intakeError(field: string, problem: string, hint?: string): ContractError {
	return new ContractError({ field, problem, layer: 'intentRouter', writer: 'intentRouter', hint });
}

export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `a ${value.length}-character string`;
	return `${typeof value} ${String(value)}`;
}

/** Path as shown to the operator, e.g. `body.freshdesk_webhook.ticket_id`. */
export function at(ctx: IntakeContext, path: string): string {
	return `${ctx.prefix}${path}`;
}

/** A text field: absent, null and blank mean "not given"; anything but a string is an error. */
export function optText(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw intakeError(field, `must be text, got ${describe(value)}`);
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** Ids: helpdesks send numbers or strings; both are fine, anything else is not. */
export function optId(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	throw intakeError(field, `must be a string or a number, got ${describe(value)}`);
}

export function reqId(value: unknown, field: string, hint?: string): string {
	const id = optId(value, field);
	if (id === undefined) throw intakeError(field, 'is missing: every ticket needs an id', hint);
	return id;
}

/** Lenient timestamp: ISO strings or Unix time (seconds below 1e12, else milliseconds); undefined if unusable. */
export function toIsoTime(value: unknown): string | undefined {
	let date: Date | undefined;
	if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value < 1e12 ? value * 1000 : value);
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) < 1e12 ? Number(text) * 1000 : Number(text)) : new Date(text);
	} else if (value instanceof Date) date = value;
	if (!date || Number.isNaN(date.getTime())) return undefined;
	return date.toISOString();
}

/** Tags from an array (strings, or objects with a name/tag) or a separated string. */
export function readTags(value: unknown, separator: RegExp): string[] {
	const raw: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(separator) : [];
	const out: string[] = [];
	for (const item of raw) {
		let tag: unknown = item;
		if (isRecord(item)) tag = item.name ?? item.tag;
		if (typeof tag === 'number') tag = String(tag);
		if (typeof tag !== 'string') continue;
		const trimmed = tag.trim();
		if (trimmed !== '' && !out.includes(trimmed)) out.push(trimmed);
	}
	return out;
}

export function channelName(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function fullName(first: unknown, last: unknown): string | undefined {
	const parts = [first, last].filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
	return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Only string values survive: sourceRefs is a string map in the contract. */
export function refs(entries: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(entries)) {
		if (typeof value === 'string' && value.trim() !== '') out[key] = value.trim();
		else if (typeof value === 'number' && Number.isFinite(value)) out[key] = String(value);
	}
	return out;
}

/**
 * Message text from a raw body: type-checked, HTML stripped, length-checked. Returns undefined for
 * empty text so callers can fall back to another field. The raw length is checked too, with room
 * for markup, so a megabyte of HTML is refused before we spend time stripping it.
 */
export function messageText(value: unknown, field: string, ctx: IntakeContext): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw intakeError(field, `must be text, got ${describe(value)}`);
	const limit = ctx.maxMessageLength;
	if (value.length > limit * 10 + 10_000) throw tooLong(field, value.length, limit, ' before HTML removal');
	const text = htmlToText(value);
	if (text.length > limit) throw tooLong(field, text.length, limit);
	return text === '' ? undefined : text;
}

export function tooLong(field: string, length: number, limit: number, qualifier = ''): ContractError {
	return intakeError(
		field,
		`is ${length} characters long${qualifier}; the limit is ${limit} characters`,
		'Raise "Max Message Length" in the Support Intent Router (up to the contract ceiling) or shorten the message upstream.',
	);
}

export interface MessageCandidate {
	field: string;
	value: unknown;
}

/**
 * The first candidate with text. When none has any, the error names the first (primary) field,
 * which is the one the operator should map or enable.
 */
export function requireMessage(candidates: MessageCandidate[], ctx: IntakeContext, hint?: string): { text: string; field: string } {
	for (const candidate of candidates) {
		const text = messageText(candidate.value, candidate.field, ctx);
		if (text !== undefined) return { text, field: candidate.field };
	}
	throw intakeError(candidates[0].field, 'is missing or empty: the ticket has no message text to classify', hint);
}

/**
 * A conversation entry from an earlier message; empty bodies are dropped (attachments only, line
 * items). Earlier messages are context, not what we classify, so an overlong one is cut to the
 * limit rather than failing the ticket.
 */
export function entry(
	author: ConversationEntry['author'],
	body: unknown,
	field: string,
	ctx: IntakeContext,
	opts: { at?: unknown; public?: boolean } = {},
): ConversationEntry | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body !== 'string') throw intakeError(field, `must be text, got ${describe(body)}`);
	const limit = ctx.maxMessageLength;
	const text = htmlToText(body.length > limit * 10 ? body.slice(0, limit * 10) : body).slice(0, limit);
	if (text === '') return undefined;
	const when = toIsoTime(opts.at);
	return { author, body: text, ...(when ? { at: when } : {}), public: opts.public ?? true };
}
