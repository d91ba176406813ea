import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';
import type { HttpEndpoint } from '../../engine/execution';
import { paramError, schemaParameter } from '../shared/jsonParameter';
import { ACCESS_BY_METHOD } from './formFields';

const FIELD = 'HTTP API Endpoints';

/**
 * A configured endpoint: its path is a fixed path under the base URL (placeholders only as whole
 * segments' contents), so no plan argument can turn it into another host or a parent folder.
 */
export const Endpoint = z.strictObject({
	name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only'),
	method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
	path: z
		.string()
		.regex(/^\/[A-Za-z0-9_.~{}/-]*$/, 'must start with / and hold only path characters and {param} placeholders (no query, no host)')
		.refine((p) => !p.split('/').some((seg) => seg === '.' || seg === '..') && !p.includes('//'), 'must not contain . or .. segments or //'),
	access: z.enum(['read', 'write']).optional(),
	idempotencyHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name').optional(),
});
export const Endpoints = z.array(Endpoint).refine((list) => new Set(list.map((e) => e.name)).size === list.length, 'endpoint names must be unique');

/** Version 1: a JSON array. */
export function readEndpointsJson(ctx: IExecuteFunctions): HttpEndpoint[] {
	return schemaParameter(ctx, 'httpEndpoints', FIELD, Endpoints, []);
}

/** The form's field labels, for errors that name the field the operator sees. */
const LABEL: Record<string, string> = { name: 'Name', method: 'Method', path: 'Path', access: 'Access', idempotencyHeader: 'Idempotency Header' };

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** One form row as the schema's shape: empty optional fields and "by method" access are left out. */
function fromRow(row: Record<string, unknown>): Record<string, unknown> {
	const access = trimmed(row.access);
	const header = trimmed(row.idempotencyHeader);
	return {
		name: trimmed(row.name) ?? '',
		method: row.method,
		path: trimmed(row.path) ?? '',
		...(access === undefined || access === '' || access === ACCESS_BY_METHOD ? {} : { access }),
		...(header === undefined || header === '' ? {} : { idempotencyHeader: header }),
	};
}

/**
 * Version 2: the form's rows, each checked with the same schema as version 1's JSON. An error names
 * the endpoint by position and name, and the field in it.
 */
export function readEndpointList(ctx: IExecuteFunctions): HttpEndpoint[] {
	const value = ctx.getNodeParameter('httpEndpointList', 0, {}) as { endpoint?: unknown } | undefined;
	const rows = Array.isArray(value?.endpoint) ? (value.endpoint as unknown[]) : [];
	const endpoints: HttpEndpoint[] = [];
	rows.forEach((raw, i) => {
		const row = fromRow(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});
		const which = `endpoint ${i + 1}${typeof row.name === 'string' && row.name !== '' ? ` "${row.name}"` : ''}`;
		for (const required of ['name', 'path'] as const) {
			if (row[required] === '') throw paramError(ctx, FIELD, `${which}, ${LABEL[required]}: is empty`);
		}
		const parsed = Endpoint.safeParse(row);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const field = LABEL[String(issue.path[0])] ?? (issue.path.join('.') || 'value');
			throw paramError(ctx, FIELD, `${which}, ${field}: ${issue.message}`);
		}
		const earlier = endpoints.findIndex((e) => e.name === parsed.data.name);
		if (earlier >= 0) throw paramError(ctx, FIELD, `${which}, Name: already used by endpoint ${earlier + 1}; each endpoint needs its own`);
		endpoints.push(parsed.data);
	});
	// The list as a whole, as version 1 checks it (the rows above already passed one by one).
	const all = Endpoints.safeParse(endpoints);
	if (!all.success) throw paramError(ctx, FIELD, all.error.issues[0].message);
	return all.data;
}
