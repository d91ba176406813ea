import { compileCondition, evaluateExpression, resolvePath } from './conditions';

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z0-9_$]+)*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z0-9_$]+)*)\s*\}\}$/;

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

/** Every `{{path}}` in a string, for checking a playbook before it runs. */
export function placeholderPaths(text: string): string[] {
	return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

export function renderText(text: string, scope: Record<string, unknown>): Rendered<string> {
	const missing: string[] = [];
	const value = text.replace(PLACEHOLDER, (_m, path: string) => {
		const v = resolvePath(scope, path);
		if (v === undefined || v === null) {
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
				const resolved = resolvePath(scope, whole[1]);
				if (resolved === undefined || resolved === null) missing.push(whole[1]);
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
