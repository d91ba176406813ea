import { describe, intakeError, isRecord, optId, optText, requireMessage, reqId, toIsoTime } from '../fields';
import type { CustomMapping, IntakeContext, TicketDraft } from '../types';

/**
 * A helpdesk without an adapter: the operator maps each field with an n8n expression in the
 * router, and n8n hands us the evaluated values, which can be of any type. Field names in errors
 * are `custom.<field>`, matching the router's "Custom Mapping" parameters.
 */

const HINT = 'Check the expression mapped to this field in the Support Intent Router\'s "Custom Mapping".';

function orderRefs(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
	if (typeof value === 'string') return value.split(/[\s,;]+/).filter((v) => v !== '');
	if (Array.isArray(value)) {
		return value.map((item, index) => {
			if (typeof item === 'number' && Number.isFinite(item)) return String(item);
			if (typeof item === 'string' && item.trim() !== '') return item.trim();
			throw intakeError(`custom.orderRefs[${index}]`, `must be a string or a number, got ${describe(item)}`, HINT);
		});
	}
	throw intakeError('custom.orderRefs', `must be a list of order numbers or a comma-separated string, got ${describe(value)}`, HINT);
}

/** Strict, unlike vendor timestamps: the operator chose this value, so a bad one is theirs to fix. */
function receivedAt(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let candidate: unknown = value;
	// n8n expressions like {{ $now }} evaluate to Luxon DateTime objects.
	if (isRecord(value) && typeof (value as { toISO?: unknown }).toISO === 'function') {
		candidate = (value as { toISO: () => unknown }).toISO();
	}
	const iso = toIsoTime(candidate);
	if (!iso) {
		throw intakeError('custom.receivedAt', `must be an ISO-8601 date-time or a Unix timestamp, got ${describe(value)}`, HINT);
	}
	return iso;
}

export function readCustom(custom: CustomMapping | undefined, ctx: IntakeContext): TicketDraft {
	if (!isRecord(custom)) {
		throw intakeError(
			'custom',
			custom === undefined ? 'is missing: Ticket Source is "custom" but no fields are mapped' : `must be an object, got ${describe(custom)}`,
			'Map at least "ID" and "Message" under "Custom Mapping" in the Support Intent Router.',
		);
	}
	const c = custom as CustomMapping;
	const id = reqId(c.id, 'custom.id', HINT);
	const message = requireMessage([{ field: 'custom.message', value: c.message }], ctx, HINT);
	return {
		id,
		channel: optText(c.channel, 'custom.channel'),
		subject: optText(c.subject, 'custom.subject'),
		message: message.text,
		customer: {
			id: optId(c.customerId, 'custom.customerId'),
			email: optText(c.customerEmail, 'custom.customerEmail'),
			name: optText(c.customerName, 'custom.customerName'),
		},
		explicitOrderRefs: orderRefs(c.orderRefs),
		locale: optText(c.locale, 'custom.locale'),
		receivedAt: receivedAt(c.receivedAt),
		conversation: [],
		tags: [],
		sourceRefs: {},
	};
}
