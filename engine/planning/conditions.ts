/**
 * A tiny condition language for playbooks, parsed and evaluated here without eval or Function, so
 * an operator's expression can read the case file but never run code. Grammar (lowest first):
 *   or: and ('||' and)* · and: not ('&&' not)* · not: '!' not | cmp
 *   cmp: sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)? · sum: term (('+'|'-') term)* · term: unary (('*'|'/') unary)*
 *   unary: '-' unary | primary · primary: number | 'string' | true | false | null | path | fn(args) | (or)
 * Paths are dotted, with numeric segments for array items: `ticket.orderRefs.0`.
 */

export class ConditionSyntaxError extends Error {
	constructor(
		readonly expression: string,
		readonly position: number,
		detail: string,
	) {
		super(`${detail} at position ${position} in "${expression}"`);
		this.name = 'ConditionSyntaxError';
	}
}

export class ConditionEvalError extends Error {
	constructor(
		readonly expression: string,
		detail: string,
	) {
		super(`${detail} in "${expression}"`);
		this.name = 'ConditionEvalError';
	}
}

type Node =
	| { type: 'lit'; value: string | number | boolean | null }
	| { type: 'path'; path: string }
	| { type: 'call'; fn: string; args: Node[]; pos: number }
	| { type: 'not'; arg: Node }
	| { type: 'neg'; arg: Node }
	| { type: 'bin'; op: string; left: Node; right: Node };

type Token = { kind: 'num' | 'str' | 'ident' | 'op' | 'end'; text: string; pos: number };

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '+', '-', '*', '/', '(', ')', ',', '.'];

function tokenize(src: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < src.length) {
		const ch = src[i];
		if (/\s/.test(ch)) {
			i++;
			continue;
		}
		if (/[0-9]/.test(ch)) {
			const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
			tokens.push({ kind: 'num', text: m[0], pos: i });
			i += m[0].length;
			continue;
		}
		if (ch === "'" || ch === '"') {
			let j = i + 1;
			let text = '';
			while (j < src.length && src[j] !== ch) {
				if (src[j] === '\\' && j + 1 < src.length) j++;
				text += src[j];
				j++;
			}
			if (j >= src.length) throw new ConditionSyntaxError(src, i, 'Unterminated string');
			tokens.push({ kind: 'str', text, pos: i });
			i = j + 1;
			continue;
		}
		if (/[A-Za-z_$]/.test(ch)) {
			const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
			tokens.push({ kind: 'ident', text: m[0], pos: i });
			i += m[0].length;
			continue;
		}
		const op = OPERATORS.find((o) => src.startsWith(o, i));
		if (!op) throw new ConditionSyntaxError(src, i, `Unexpected character '${ch}'`);
		tokens.push({ kind: 'op', text: op, pos: i });
		i += op.length;
	}
	tokens.push({ kind: 'end', text: '', pos: src.length });
	return tokens;
}

/** Functions an expression may call. Anything else is a syntax error, found when the playbook loads. */
export const CONDITION_FUNCTIONS = [
	'daysSince',
	'daysUntil',
	'exists',
	'empty',
	'number',
	'lower',
	'len',
	'contains',
	'coalesce',
	'min',
	'max',
] as const;

class Parser {
	private i = 0;
	constructor(
		private readonly src: string,
		private readonly tokens: Token[],
	) {}

	parse(): Node {
		if (this.peek().kind === 'end') throw new ConditionSyntaxError(this.src, 0, 'Empty expression');
		const node = this.or();
		const t = this.peek();
		if (t.kind !== 'end') throw new ConditionSyntaxError(this.src, t.pos, `Unexpected '${t.text}'`);
		return node;
	}

	private peek(): Token {
		return this.tokens[this.i];
	}
	private next(): Token {
		return this.tokens[this.i++];
	}
	private isOp(...ops: string[]): boolean {
		const t = this.peek();
		return (t.kind === 'op' && ops.includes(t.text)) || (t.kind === 'ident' && ops.includes(t.text));
	}
	private expectOp(op: string): void {
		const t = this.next();
		if (t.kind !== 'op' || t.text !== op) {
			throw new ConditionSyntaxError(this.src, t.pos, `Expected '${op}' but found ${t.kind === 'end' ? 'the end' : `'${t.text}'`}`);
		}
	}

	private or(): Node {
		let left = this.and();
		while (this.isOp('||', 'or')) {
			this.next();
			left = { type: 'bin', op: '||', left, right: this.and() };
		}
		return left;
	}
	private and(): Node {
		let left = this.not();
		while (this.isOp('&&', 'and')) {
			this.next();
			left = { type: 'bin', op: '&&', left, right: this.not() };
		}
		return left;
	}
	private not(): Node {
		if (this.isOp('!', 'not')) {
			this.next();
			return { type: 'not', arg: this.not() };
		}
		return this.cmp();
	}
	private cmp(): Node {
		const left = this.sum();
		if (this.isOp('==', '!=', '<', '<=', '>', '>=')) {
			const op = this.next().text;
			const right = this.sum();
			if (this.isOp('==', '!=', '<', '<=', '>', '>=')) {
				throw new ConditionSyntaxError(this.src, this.peek().pos, 'Chained comparison; use && between comparisons');
			}
			return { type: 'bin', op, left, right };
		}
		return left;
	}
	private sum(): Node {
		let left = this.term();
		while (this.isOp('+', '-')) {
			const op = this.next().text;
			left = { type: 'bin', op, left, right: this.term() };
		}
		return left;
	}
	private term(): Node {
		let left = this.unary();
		while (this.isOp('*', '/')) {
			const op = this.next().text;
			left = { type: 'bin', op, left, right: this.unary() };
		}
		return left;
	}
	private unary(): Node {
		if (this.isOp('-')) {
			this.next();
			return { type: 'neg', arg: this.unary() };
		}
		return this.primary();
	}
	private primary(): Node {
		const t = this.next();
		if (t.kind === 'num') return { type: 'lit', value: Number(t.text) };
		if (t.kind === 'str') return { type: 'lit', value: t.text };
		if (t.kind === 'op' && t.text === '(') {
			const inner = this.or();
			this.expectOp(')');
			return inner;
		}
		if (t.kind === 'ident') {
			if (t.text === 'true' || t.text === 'false') return { type: 'lit', value: t.text === 'true' };
			if (t.text === 'null') return { type: 'lit', value: null };
			if (this.isOp('(')) return this.call(t);
			let path = t.text;
			while (this.isOp('.')) {
				this.next();
				const seg = this.next();
				if (seg.kind !== 'ident' && !(seg.kind === 'num' && /^[0-9]+$/.test(seg.text))) {
					throw new ConditionSyntaxError(this.src, seg.pos, `Expected a name or index after '.' in '${path}'`);
				}
				path += `.${seg.text}`;
			}
			return { type: 'path', path };
		}
		throw new ConditionSyntaxError(
			this.src,
			t.pos,
			t.kind === 'end' ? 'Unexpected end of expression' : `Unexpected '${t.text}'`,
		);
	}
	private call(name: Token): Node {
		if (!(CONDITION_FUNCTIONS as readonly string[]).includes(name.text)) {
			throw new ConditionSyntaxError(
				this.src,
				name.pos,
				`Unknown function '${name.text}' (allowed: ${CONDITION_FUNCTIONS.join(', ')})`,
			);
		}
		this.expectOp('(');
		const args: Node[] = [];
		if (!this.isOp(')')) {
			args.push(this.or());
			while (this.isOp(',')) {
				this.next();
				args.push(this.or());
			}
		}
		this.expectOp(')');
		return { type: 'call', fn: name.text, args, pos: name.pos };
	}
}

export interface CompiledCondition {
	readonly source: string;
	readonly paths: string[];
	readonly ast: Node;
}

/** Parses once; throws ConditionSyntaxError with the position of the problem. */
export function compileCondition(source: string): CompiledCondition {
	const ast = new Parser(source, tokenize(source)).parse();
	const paths: string[] = [];
	const walk = (n: Node): void => {
		if (n.type === 'path') paths.push(n.path);
		else if (n.type === 'call') n.args.forEach(walk);
		else if (n.type === 'not' || n.type === 'neg') walk(n.arg);
		else if (n.type === 'bin') {
			walk(n.left);
			walk(n.right);
		}
	};
	walk(ast);
	return { source, paths, ast };
}

/** A value the case file does not have: kept apart from null so a condition can say "we don't know". */
class Missing {
	constructor(readonly paths: string[]) {}
}

type Value = string | number | boolean | null | Missing | unknown[] | Record<string, unknown>;

export type ConditionResult = { status: 'true' } | { status: 'false' } | { status: 'missing'; paths: string[] };

const DAY_MS = 86_400_000;

/** Resolves `a.b.0.c` against plain data; undefined when any segment is absent. */
export function resolvePath(scope: unknown, path: string): unknown {
	let cur: unknown = scope;
	for (const seg of path.split('.')) {
		if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
		cur = (cur as Record<string, unknown>)[seg];
	}
	return cur;
}

function mergeMissing(...vals: Value[]): Missing | undefined {
	const ms = vals.filter((v): v is Missing => v instanceof Missing);
	return ms.length ? new Missing(ms.flatMap((m) => m.paths)) : undefined;
}

function toNumber(v: Value, expr: string, what: string): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	throw new ConditionEvalError(expr, `${what} needs a number but got ${JSON.stringify(v)}`);
}

function toDate(v: Value, expr: string): Date {
	// Stripe prints Unix seconds; everything else ISO strings.
	const d = typeof v === 'number' ? new Date(v < 1e12 ? v * 1000 : v) : typeof v === 'string' ? new Date(v) : undefined;
	if (!d || Number.isNaN(d.getTime())) throw new ConditionEvalError(expr, `Expected a date but got ${JSON.stringify(v)}`);
	return d;
}

function isNumeric(v: Value): boolean {
	return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
}

function evaluateRaw(compiled: CompiledCondition, scope: Record<string, unknown>, now: Date): Value {
	const expr = compiled.source;
	const ev = (n: Node): Value => {
		switch (n.type) {
			case 'lit':
				return n.value;
			case 'path': {
				const v = resolvePath(scope, n.path);
				return v === undefined ? new Missing([n.path]) : (v as Value);
			}
			case 'not': {
				const v = ev(n.arg);
				return v instanceof Missing ? v : !truthy(v);
			}
			case 'neg': {
				const v = ev(n.arg);
				return v instanceof Missing ? v : -toNumber(v, expr, "'-'");
			}
			case 'bin':
				return binary(n.op, n.left, n.right);
			case 'call':
				return call(n.fn, n.args);
		}
	};
	const truthy = isTruthy;
	const binary = (op: string, l: Node, r: Node): Value => {
		if (op === '&&' || op === '||') {
			const a = ev(l);
			if (!(a instanceof Missing)) {
				if (op === '&&' && !truthy(a)) return false;
				if (op === '||' && truthy(a)) return true;
			}
			const b = ev(r);
			if (!(b instanceof Missing)) {
				if (op === '&&' && !truthy(b)) return false;
				if (op === '||' && truthy(b)) return true;
			}
			return mergeMissing(a, b) ?? (op === '&&');
		}
		const a = ev(l);
		const b = ev(r);
		if (op === '==' || op === '!=') {
			// A missing value equals null: "facts.order.cancelled_at == null" reads naturally.
			const na = a instanceof Missing ? null : a;
			const nb = b instanceof Missing ? null : b;
			const eq = isNumeric(na) && isNumeric(nb) ? Number(na) === Number(nb) : na === nb;
			return op === '==' ? eq : !eq;
		}
		const missing = mergeMissing(a, b);
		if (missing) return missing;
		if (op === '+' && typeof a === 'string' && !isNumeric(a)) return a + String(b);
		const x = toNumber(a, expr, `'${op}'`);
		const y = toNumber(b, expr, `'${op}'`);
		switch (op) {
			case '<':
				return x < y;
			case '<=':
				return x <= y;
			case '>':
				return x > y;
			case '>=':
				return x >= y;
			case '+':
				return x + y;
			case '-':
				return x - y;
			case '*':
				return x * y;
			default:
				if (y === 0) throw new ConditionEvalError(expr, 'Division by zero');
				return x / y;
		}
	};
	const arity = (fn: string, args: Node[], n: number): void => {
		if (args.length !== n) throw new ConditionEvalError(expr, `${fn}() takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
	};
	const call = (fn: string, args: Node[]): Value => {
		if (fn === 'exists') {
			arity(fn, args, 1);
			const v = ev(args[0]);
			return !(v instanceof Missing) && v !== null;
		}
		if (fn === 'empty') {
			arity(fn, args, 1);
			const v = ev(args[0]);
			if (v instanceof Missing || v === null || v === '') return true;
			if (Array.isArray(v)) return v.length === 0;
			if (typeof v === 'object') return Object.keys(v).length === 0;
			return false;
		}
		if (fn === 'coalesce') {
			const vals = args.map(ev);
			const found = vals.find((v) => !(v instanceof Missing) && v !== null);
			return found === undefined ? (mergeMissing(...vals) ?? null) : found;
		}
		const vals = args.map(ev);
		const missing = mergeMissing(...vals);
		if (missing) return missing;
		switch (fn) {
			case 'daysSince':
				arity(fn, args, 1);
				return (now.getTime() - toDate(vals[0], expr).getTime()) / DAY_MS;
			case 'daysUntil':
				arity(fn, args, 1);
				return (toDate(vals[0], expr).getTime() - now.getTime()) / DAY_MS;
			case 'number':
				arity(fn, args, 1);
				return toNumber(vals[0], expr, 'number()');
			case 'lower':
				arity(fn, args, 1);
				return String(vals[0]).toLowerCase();
			case 'len': {
				arity(fn, args, 1);
				const v = vals[0];
				if (typeof v === 'string' || Array.isArray(v)) return v.length;
				if (v && typeof v === 'object') return Object.keys(v).length;
				throw new ConditionEvalError(expr, `len() needs a string, list or object but got ${JSON.stringify(v)}`);
			}
			case 'contains': {
				arity(fn, args, 2);
				const [hay, needle] = vals;
				if (Array.isArray(hay)) return hay.some((h) => h === needle || (isNumeric(h as Value) && isNumeric(needle) && Number(h) === Number(needle)));
				if (typeof hay === 'string') return hay.toLowerCase().includes(String(needle).toLowerCase());
				throw new ConditionEvalError(expr, `contains() needs a string or list but got ${JSON.stringify(hay)}`);
			}
			case 'min':
			case 'max': {
				if (!vals.length) throw new ConditionEvalError(expr, `${fn}() needs at least one argument`);
				const nums = vals.map((v) => toNumber(v, expr, `${fn}()`));
				return fn === 'min' ? Math.min(...nums) : Math.max(...nums);
			}
		}
		/* istanbul ignore next: the parser admits only known functions */
		throw new ConditionEvalError(expr, `Unknown function '${fn}'`);
	};

	return ev(compiled.ast);
}

function isTruthy(v: Value): boolean {
	return !(v === false || v === null || v === 0 || v === '' || v instanceof Missing);
}

export function evaluateCondition(
	compiled: CompiledCondition,
	scope: Record<string, unknown>,
	now: Date,
): ConditionResult {
	const result = evaluateRaw(compiled, scope, now);
	if (result instanceof Missing) return { status: 'missing', paths: [...new Set(result.paths)] };
	return isTruthy(result) ? { status: 'true' } : { status: 'false' };
}

export type ExpressionResult = { status: 'value'; value: unknown } | { status: 'missing'; paths: string[] };

/** For computed step arguments, e.g. `min(facts.order.total, caps.refund)`. */
export function evaluateExpression(
	compiled: CompiledCondition,
	scope: Record<string, unknown>,
	now: Date,
): ExpressionResult {
	const result = evaluateRaw(compiled, scope, now);
	if (result instanceof Missing) return { status: 'missing', paths: [...new Set(result.paths)] };
	return { status: 'value', value: result };
}
