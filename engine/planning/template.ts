import { compileCondition, evaluateExpression, resolvePath } from './conditions';

/**
 * A placeholder is `[[path]]`. n8n leaves square brackets alone; `{{path}}` (the syntax of the
 * planner's version 1) is n8n's own expression syntax: pasted into the editor it can turn the field
 * into an expression that n8n evaluates to empty strings ("Hi ,"). Both are still rendered, so
 * playbooks written for version 1 keep working; version 2 of the node refuses `{{` in playbooks.
 */
const PATH = '([A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z0-9_$]+)*)';
const PLACEHOLDER = new RegExp(`\\[\\[\\s*${PATH}\\s*\\]\\]|\\{\\{\\s*${PATH}\\s*\\}\\}`, 'g');
const WHOLE_PLACEHOLDER = new RegExp(`^(?:\\[\\[\\s*${PATH}\\s*\\]\\]|\\{\\{\\s*${PATH}\\s*\\}\\})$`);
/** The n8n-expression form only, which version 2 of the planner rejects with the fix in the message. */
export const N8N_STYLE_PLACEHOLDER = new RegExp(`\\{\\{\\s*${PATH}\\s*\\}\\}`, 'g');

/** A value that fills no slot: rendering it would leave "Hi ," or "of ." in a reply. */
function blank(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export interface Rendered<T> {
	value: T;
	/** Paths the template named that the case file does not have. */
	missing: string[];
}

function display(v: unknown): string {
	if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
	if (typeof v === 'string') return v;
	if (v === null || v === undefined) return '';
	return JSON.stringify(v);
}

export function renderText(text: string, scope: Record<string, unknown>): Rendered<string> {
	const missing: string[] = [];
	const value = text.replace(PLACEHOLDER, (_m, bracketed: string | undefined, braced: string | undefined) => {
		const path = (bracketed ?? braced)!;
		const v = resolvePath(scope, path);
		if (blank(v)) {
			missing.push(path);
			return '';
		}
		return display(v);
	});
	return { value, missing };
}

/**
 * Renders step arguments. A string that is exactly one placeholder keeps the value's type (an
 * order id stays a number); `{"$expr": "..."}` is computed; everything else renders as text.
 */
export function renderArgs(value: unknown, scope: Record<string, unknown>, now: Date): Rendered<unknown> {
	const missing: string[] = [];
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') {
			const whole = WHOLE_PLACEHOLDER.exec(v);
			if (whole) {
				const path = whole[1] ?? whole[2];
				const resolved = resolvePath(scope, path);
				if (blank(resolved)) missing.push(path);
				return resolved ?? null;
			}
			const r = renderText(v, scope);
			missing.push(...r.missing);
			return r.value;
		}
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') {
			const obj = v as Record<string, unknown>;
			if (typeof obj.$expr === 'string' && Object.keys(obj).length === 1) {
				const r = evaluateExpression(compileCondition(obj.$expr), scope, now);
				if (r.status === 'missing') {
					missing.push(...r.paths);
					return null;
				}
				return r.value;
			}
			return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, walk(x)]));
		}
		return v;
	};
	return { value: walk(value), missing };
}
