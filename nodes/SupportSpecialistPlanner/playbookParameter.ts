import type { IExecuteFunctions } from 'n8n-workflow';
import { attempt, compilePlaybook, mergeWithBuiltIns, N8N_STYLE_PLACEHOLDER, type CompiledPlaybook, type PlaybookInput } from '../../engine/planning';
import { jsonParameter, paramError } from '../shared/jsonParameter';

const LABEL = 'Playbooks';

/** `{{path}}` placeholders (not n8n's own `{{ $json... }}` expressions) in a text. */
function placeholderLike(text: string): string[] {
	return [...text.matchAll(N8N_STYLE_PLACEHOLDER)].map((m) => m[0]).filter((m) => !/^\{\{\s*\$/.test(m));
}

function strings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
	else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
	return out;
}

/**
 * n8n evaluates a parameter that is an expression (its raw value starts with "=") before the node
 * sees it: `{{ticket.customer.name}}` becomes an empty text and the reply reads "Hi ,". The raw value
 * is still there, so the mistake is caught here and named, instead of sending that reply.
 */
function refuseEvaluatedPlaceholders(ctx: IExecuteFunctions, param: PlaybookParam): void {
	const raw = param.name.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), ctx.getNode().parameters);
	if (typeof raw !== 'string' || !raw.startsWith('=')) return;
	const found = placeholderLike(raw);
	if (!found.length) return;
	throw paramError(
		ctx,
		param.label,
		`the field is an expression, so n8n evaluated ${found[0]} to an empty text before the planner saw it. Switch the field to "Fixed" and write placeholders with square brackets: ${found[0].replace(/^\{\{\s*/, '[[').replace(/\s*\}\}$/, ']]')}`,
	);
}

/** Where the playbooks JSON lives: top level (versions 1-2) or the Advanced collection (version 3). */
interface PlaybookParam {
	name: string;
	label: string;
}

export interface PlaybookSetting {
	/** undefined: the built-in playbooks. */
	playbooks?: Array<CompiledPlaybook | PlaybookInput>;
	/** Built-in playbook ids the operator's replace, for the execution hint. */
	replaced: string[];
}

/**
 * Version 2 of the Playbooks parameter: placeholders are `[[path]]` (n8n never touches them), and
 * the operator's playbooks are merged with the built-ins by intent.
 */
export function readPlaybooksV2(ctx: IExecuteFunctions, param: PlaybookParam = { name: 'playbooks', label: LABEL }): PlaybookSetting & { custom: CompiledPlaybook[] } {
	refuseEvaluatedPlaceholders(ctx, param);
	const value = jsonParameter(ctx, param.name, param.label);
	if (value === undefined || value === null) return { replaced: [], custom: [] };
	const list = Array.isArray(value) ? value : [value];
	const compiled = list.map((p) => {
		const braces = placeholderLike(strings(p).join('\n'));
		const id = p && typeof p === 'object' && typeof (p as { id?: unknown }).id === 'string' ? (p as { id: string }).id : '(no id)';
		if (braces.length) {
			throw paramError(ctx, param.label, `Playbook "${id}": ${braces[0]} is n8n expression syntax, which the editor may evaluate to an empty text; write ${braces[0].replace(/^\{\{\s*/, '[[').replace(/\s*\}\}$/, ']]')}`);
		}
		const r = attempt(() => compilePlaybook(p));
		if (!r.ok) throw paramError(ctx, param.label, (r.error as Error).message);
		return r.value;
	});
	return { ...mergeWithBuiltIns(compiled), custom: compiled };
}

/** Version 1: `{{path}}` placeholders; the operator's playbooks replace the built-ins. */
export function readPlaybooksV1(ctx: IExecuteFunctions): PlaybookSetting {
	const value = jsonParameter(ctx, 'playbooks', LABEL);
	if (value === undefined || value === null) return { replaced: [] };
	const list = Array.isArray(value) ? value : [value];
	if (!list.length) throw paramError(ctx, LABEL, 'is an empty list; leave the field empty to use the built-in playbooks');
	const playbooks = list.map((p) => {
		const compiled = attempt(() => compilePlaybook(p));
		if (!compiled.ok) throw paramError(ctx, LABEL, (compiled.error as Error).message);
		return compiled.value;
	});
	return { playbooks, replaced: [] };
}
