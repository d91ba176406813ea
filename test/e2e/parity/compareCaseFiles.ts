/**
 * Compares the case file n8n produced with the one the in-process pipeline produced, section by
 * section, after the normalisations below and nothing else. Each normalisation is named with why
 * it is needed, and every path it touched is counted, so a report shows what was set aside.
 */

type Json = Record<string, unknown>;

/** What is set aside, and why: everything else must be equal. */
export const NORMALISATIONS = {
	json:
		'both case files as JSON, what n8n stores and passes between nodes and what `replay --json` prints: a key whose value is ' +
		'undefined in the in-process object is no key in JSON (the same case file once written down)',
	duration: 'trace[*].durationMs: how long a node ran (wall time, machine load) is no behaviour',
	traceStart: 'trace[*].startedAt: when a node started; the two sides run seconds to minutes apart',
	clock:
		'an ISO 8601 instant (or a "YYYY-MM-DD HH:MM UTC" in text) read from the clock during the run: each side reads its own clock ' +
		'(ticket.receivedAt of payloads without a date, facts fetchedAt, review reviewedAt, plan createdAt, escalation.at, ...). ' +
		'Dates that were not read from the clock during the run (payload dates, the sample orders\' dates, policy dates) are compared as they are',
} as const;
export type NormalisationName = keyof typeof NORMALISATIONS;

/** The section order of DESIGN.md's case file; other keys follow in name order. */
const SECTION_ORDER = ['schemaVersion', 'ticket', 'intent', 'context', 'plan', 'review', 'execution', 'escalation', 'handoff', 'trace'];

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ISO_IN_TEXT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z/g;
const MINUTE_IN_TEXT = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC/g;

/** The run's wall-clock window: an instant inside it was read from the clock by one of the sides. */
export interface ClockWindow {
	from: number;
	to: number;
}

/** Paths (array indexes as [*]) each normalisation touched, over every case file normalised with it. */
export type NormalisationLog = Record<NormalisationName, Map<string, number>>;

export function newNormalisationLog(): NormalisationLog {
	return { json: new Map(), duration: new Map(), traceStart: new Map(), clock: new Map() };
}

function note(log: NormalisationLog, name: NormalisationName, path: string): void {
	const pattern = path.replace(/\[\d+\]/g, '[*]');
	log[name].set(pattern, (log[name].get(pattern) ?? 0) + 1);
}

function withinRun(ms: number, w: ClockWindow): boolean {
	return Number.isFinite(ms) && ms >= w.from && ms <= w.to;
}

function normaliseString(value: string, path: string, w: ClockWindow, log: NormalisationLog): string {
	if (ISO_INSTANT.test(value)) {
		if (withinRun(Date.parse(value), w)) {
			note(log, 'clock', path);
			return '<clock>';
		}
		return value;
	}
	let touched = false;
	const out = value
		.replace(ISO_IN_TEXT, (m) => (withinRun(Date.parse(m), w) ? ((touched = true), '<clock>') : m))
		// Rendered to the minute: the minute itself is inside the window when any of its instants is.
		.replace(MINUTE_IN_TEXT, (m, day: string, hm: string) => {
			const start = Date.parse(`${day}T${hm}:00Z`);
			return withinRun(start, { from: w.from - 60_000, to: w.to }) ? ((touched = true), '<clock>') : m;
		});
	if (touched) note(log, 'clock', path);
	return out;
}

/** Notes where the JSON text of a value differs from the value: undefined keys (dropped) and array slots (null). */
function noteNonJson(value: unknown, path: string, log: NormalisationLog): void {
	if (Array.isArray(value)) value.forEach((v, i) => (v === undefined ? note(log, 'json', `${path}[${i}]`) : noteNonJson(v, `${path}[${i}]`, log)));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			const p = path ? `${path}.${k}` : k;
			if (v === undefined) note(log, 'json', p);
			else noteNonJson(v, p, log);
		}
	}
}

/** A copy of a case file with the named normalisations applied (and logged). */
export function normaliseCaseFile(caseFile: unknown, w: ClockWindow, log: NormalisationLog): unknown {
	noteNonJson(caseFile, '', log);
	const asJson = JSON.parse(JSON.stringify(caseFile ?? null)) as unknown;
	const walk = (value: unknown, path: string): unknown => {
		if (typeof value === 'string') return normaliseString(value, path, w, log);
		if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`));
		if (value && typeof value === 'object') {
			const out: Json = {};
			for (const [k, v] of Object.entries(value)) {
				const p = path ? `${path}.${k}` : k;
				if (/^trace\[\d+\]$/.test(path) && k === 'durationMs') {
					note(log, 'duration', p);
					out[k] = '<duration>';
				} else if (/^trace\[\d+\]$/.test(path) && k === 'startedAt') {
					note(log, 'traceStart', p);
					out[k] = '<startedAt>';
				} else out[k] = walk(v, p);
			}
			return out;
		}
		return value;
	};
	return walk(asJson, '');
}

export interface Difference {
	section: string;
	path: string;
	n8n: unknown;
	inProcess: unknown;
}

const ABSENT = Symbol('absent');

function diffValues(a: unknown, b: unknown, path: string, out: Difference[], section: string): void {
	if (a === b) return;
	if (Array.isArray(a) && Array.isArray(b)) {
		for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(i < a.length ? a[i] : ABSENT, i < b.length ? b[i] : ABSENT, `${path}[${i}]`, out, section);
		return;
	}
	const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
	if (isObj(a) && isObj(b)) {
		for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
			diffValues(k in a ? a[k] : ABSENT, k in b ? b[k] : ABSENT, `${path}.${k}`, out, section);
		}
		return;
	}
	out.push({ section, path, n8n: a, inProcess: b });
}

/** Every difference between two (normalised) case files, section by section in the case file's order. */
export function diffCaseFiles(n8n: unknown, inProcess: unknown): Difference[] {
	const a = (n8n ?? {}) as Json;
	const b = (inProcess ?? {}) as Json;
	const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
	const rank = (k: string) => (SECTION_ORDER.includes(k) ? SECTION_ORDER.indexOf(k) : SECTION_ORDER.length);
	keys.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
	const out: Difference[] = [];
	for (const k of keys) diffValues(k in a ? a[k] : ABSENT, k in b ? b[k] : ABSENT, k, out, k);
	return out;
}

function show(v: unknown): string {
	if (v === ABSENT) return '(absent)';
	const text = JSON.stringify(v);
	return text === undefined ? String(v) : text.length > 400 ? `${text.slice(0, 400)}...` : text;
}

/** A report naming the ticket, each differing section and path, and both values. */
export function formatDifferences(ticket: string, diffs: readonly Difference[], limit = 40): string {
	const sections = [...new Set(diffs.map((d) => d.section))];
	const lines = diffs.slice(0, limit).map((d) => `  [${d.section}] ${d.path}\n      n8n:        ${show(d.n8n)}\n      in-process: ${show(d.inProcess)}`);
	const more = diffs.length > limit ? [`  ... and ${diffs.length - limit} more`] : [];
	return [`ticket ${ticket}: ${diffs.length} difference(s) in section(s) ${sections.join(', ')}`, ...lines, ...more].join('\n');
}

export function formatNormalisationLog(log: NormalisationLog): string {
	return (Object.keys(NORMALISATIONS) as NormalisationName[])
		.map((name) => {
			const paths = [...log[name].entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([p, n]) => `${p} (${n})`);
			return `- ${name}: ${NORMALISATIONS[name]}\n    touched: ${paths.join(', ') || 'nothing'}`;
		})
		.join('\n');
}
