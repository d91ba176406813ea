import type { Ticket } from '../contracts';

/**
 * The case-file values an operator may put into a lookup's URL or tool arguments, by placeholder
 * name: `/customers/{email}` or `/customers/{{email}}`. A fixed, small set on purpose: a lookup is
 * configured once per workflow and must not be able to read arbitrary parts of the case.
 */
export const CASE_FIELD_NAMES = ['email', 'customerId', 'customerName', 'orderRef', 'ticketId', 'source', 'channel', 'locale'] as const;
export type CaseFieldName = (typeof CASE_FIELD_NAMES)[number];

export function caseFields(ticket: Ticket): Record<CaseFieldName, string | undefined> {
	const clean = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
	return {
		email: clean(ticket.customer.email),
		customerId: clean(ticket.customer.id),
		customerName: clean(ticket.customer.name),
		// Customers write "#1001"; systems store 1001 or name it "#1001": the bare reference fits both templates.
		orderRef: clean(ticket.orderRefs[0]?.replace(/^#/, '')),
		ticketId: clean(ticket.id),
		source: ticket.source,
		channel: clean(ticket.channel),
		locale: clean(ticket.locale),
	};
}

/** `{{ name }}` (as the issue and n8n users write it) or `{name}` (as the executor's endpoints do). */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}|\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** Placeholder names used in a template, so the node can reject an unknown one before any case runs. */
export function placeholdersIn(template: string): string[] {
	return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? m[2]);
}

export function unknownPlaceholders(template: string): string[] {
	return placeholdersIn(template).filter((n) => !(CASE_FIELD_NAMES as readonly string[]).includes(n));
}

export type Filled = { ok: true; text: string } | { ok: false; missing: string };

/** Fills every placeholder; the first one the case has no value for stops the lookup (it is skipped, not guessed). */
export function fillTemplate(template: string, fields: Record<string, string | undefined>, encode: (value: string) => string = (v) => v): Filled {
	let missing: string | undefined;
	const text = template.replace(PLACEHOLDER, (_m, a: string | undefined, b: string | undefined) => {
		const name = (a ?? b) as string;
		const value = fields[name];
		if (value === undefined) {
			missing ??= name;
			return '';
		}
		return encode(value);
	});
	return missing ? { ok: false, missing } : { ok: true, text };
}

/** A URL path segment from a case value: encoded, and never "." or "..", which would climb out of the operator's path. */
export function encodePathValue(value: string): string {
	if (value === '.' || value === '..') throw new Error(`the value ${JSON.stringify(value)} cannot be used in a URL`);
	return encodeURIComponent(value);
}

/**
 * Tool arguments from a template object: strings are filled (a string that is exactly one
 * placeholder takes the value as it is), everything else is kept. Values are not URL-encoded: the
 * MCP SDK serialises arguments as JSON.
 */
export function fillArguments(template: unknown, fields: Record<string, string | undefined>): { ok: true; value: unknown } | { ok: false; missing: string } {
	if (typeof template === 'string') {
		const filled = fillTemplate(template, fields);
		return filled.ok ? { ok: true, value: filled.text } : filled;
	}
	if (Array.isArray(template)) {
		const out: unknown[] = [];
		for (const v of template) {
			const f = fillArguments(v, fields);
			if (!f.ok) return f;
			out.push(f.value);
		}
		return { ok: true, value: out };
	}
	if (template && typeof template === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(template as Record<string, unknown>)) {
			const f = fillArguments(v, fields);
			if (!f.ok) return f;
			out[k] = f.value;
		}
		return { ok: true, value: out };
	}
	return { ok: true, value: template };
}
