import type { z } from 'zod/v4';
import { LAYERS, type LayerId } from './layers';

/**
 * A broken hand-off between layers. The message always names the field, the problem, the layer that
 * noticed it and the layer that should have written it, because the person reading it is an operator
 * looking at an n8n execution, not a developer with a debugger.
 */
export class ContractError extends Error {
	readonly field: string;
	readonly problem: string;
	readonly layer: LayerId;
	readonly writer?: LayerId;

	constructor(opts: { field: string; problem: string; layer: LayerId; writer?: LayerId; hint?: string }) {
		const writerText = !opts.writer
			? ''
			: opts.writer === opts.layer
				? ` The ${LAYERS[opts.writer]} produced this field itself.`
				: ` This field is written by the ${LAYERS[opts.writer]}.`;
		super(`${LAYERS[opts.layer]}: ${opts.field} ${opts.problem}.${writerText}${opts.hint ? ` ${opts.hint}` : ''}`);
		this.name = 'ContractError';
		this.field = opts.field;
		this.problem = opts.problem;
		this.layer = opts.layer;
		this.writer = opts.writer;
	}
}

/** `a.b[0].c` from a zod issue path. */
export function formatPath(base: string, path: ReadonlyArray<PropertyKey>): string {
	let out = base;
	for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
	return out;
}

function describeReceived(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return value.length > 40 ? `a ${value.length}-character string` : `"${value}"`;
	return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
	let cur = root;
	for (const key of path) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<PropertyKey, unknown>)[key];
	}
	return cur;
}

/** Turns the first zod issue into a ContractError: one clear sentence beats a list of twelve. */
export function contractErrorFromZod(
	error: z.ZodError,
	input: unknown,
	opts: { base: string; layer: LayerId; writer?: LayerId; hint?: string },
): ContractError {
	const issue = error.issues[0];
	const received = valueAt(input, issue.path);
	const problem =
		received === undefined
			? `is missing (${issue.message.toLowerCase()})`
			: `is invalid: ${issue.message} (got ${describeReceived(received)})`;
	return new ContractError({ ...opts, field: formatPath(opts.base, issue.path), problem });
}
