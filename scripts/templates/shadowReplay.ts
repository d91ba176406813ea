/**
 * Writes workflows/support-shadow-replay.json (issue 7, template 5) and the CSV version of the demo
 * tickets, workflows/samples/demo-tickets.csv:
 *   npx tsx scripts/templates/shadowReplay.ts
 *
 * Historical tickets with what the human agent did -> the six layers with every intent in shadow ->
 * an agreement report per intent. The file format and the agreement definitions are those of
 * `support-coordination replay FILE` (cli/replayInputs.ts, cli/replayReport.ts), so the figures of
 * the template and of the CLI can be compared; the two Code nodes' JavaScript is below as text.
 *
 * Tickets go through the pipeline one at a time (Loop Over Items, batch size 1): each ticket ends in
 * exactly one place (approved by the reply Critic, or packaged for a person), both lead back into
 * the loop, and the loop's "done" output then holds every ticket once, whatever path it took. That
 * is the merge of all branches, including the Critic's revise loop, without depending on when n8n
 * runs a multi-input node.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normaliseTicket } from '../../engine/intake';
import { ROUTER_VERSION, routerOutputs, templatesOutDir } from './pipelineLayers';

const PKG = 'n8n-nodes-support-coordination';
const ROOT = path.join(__dirname, '../..');
const PIPELINE_TEMPLATE = path.join(ROOT, 'workflows/support-pipeline-webhook.json');
const DEMO_TICKETS = path.join(ROOT, 'workflows/samples/demo-tickets.json');
const OUT = path.join(templatesOutDir(), 'support-shadow-replay.json');
const OUT_CSV = path.join(templatesOutDir(), 'samples/demo-tickets.csv');

/** "Read tickets file": webhook body (JSON array, {tickets}, {csv}, CSV text or raw CSV) or the sample -> one item per ticket. */
export const READ_TICKETS_JS = String.raw`// Reads the historical tickets, in the file format of "support-coordination replay FILE":
// - a JSON array of helpdesk payloads, or of records { "id"?, "payload": {...}, "expected": { "intent", "action" } }
// - or CSV text with the header id,subject,message,email[,intent[,action]]
// and emits one item per ticket: { headers: {}, body: <payload>, replay: { id, position, expected } }.
// A file that cannot be read becomes ONE item { problem: {...} } naming the field; the IF node
// after this one answers it with HTTP 400.
const ACTIONS = ['refund', 'cancel', 'clarify', 'reply', 'escalate'];
const FORMAT = 'A JSON array of helpdesk payloads or of { "id", "payload", "expected": { "intent", "action" } } records (intent "human" when no intent fits; action one of ' + ACTIONS.join(', ') + '), or CSV text with the header id,subject,message,email[,intent[,action]].';

class FileProblem extends Error {
	constructor(field, detail, where) {
		super(detail);
		this.field = field;
		this.where = where || {};
	}
}

const isRecord = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

// RFC 4180: quoted fields may hold commas, newlines and doubled quotes (as cli/datasetFiles.ts).
function parseCsvRecords(text) {
	const records = [];
	let fields = [];
	let field = '';
	let quoted = false;
	let afterQuote = false;
	let line = 1;
	let recordLine = 1;
	let quoteLine = 1;
	const endField = () => { fields.push(field); field = ''; afterQuote = false; };
	const endRecord = () => { endField(); records.push({ fields, line: recordLine }); fields = []; };
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
			else if (c === '"') { quoted = false; afterQuote = true; }
			else { if (c === '\n') line++; field += c; }
			continue;
		}
		if (c === ',') endField();
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endRecord();
			line++;
			recordLine = line;
		} else if (afterQuote) {
			throw new FileProblem('csv', 'unexpected text after a closing quote', { line });
		} else if (c === '"' && field === '') { quoted = true; quoteLine = line; }
		else field += c;
	}
	if (quoted) throw new FileProblem('csv', 'a quoted field is never closed', { line: quoteLine });
	if (field !== '' || fields.length > 0 || afterQuote) endRecord();
	return records;
}

// The ticket id for the table, from the shapes the router reads (as cli/replayInputs.ts).
function payloadId(payload) {
	if (!isRecord(payload)) return undefined;
	const body = isRecord(payload.body) ? payload.body : payload;
	const candidates = [
		isRecord(body.ticket) ? body.ticket.id : undefined,
		isRecord(body.freshdesk_webhook) ? body.freshdesk_webhook.ticket_id : undefined,
		isRecord(body.data) && isRecord(body.data.item) ? body.data.item.id : undefined,
		isRecord(body.detail) ? body.detail.id : undefined,
		body['ticket.id'],
		body.number,
		body.id,
	];
	const found = candidates.find((c) => typeof c === 'string' || typeof c === 'number');
	return found === undefined ? undefined : String(found);
}

function readExpected(raw, entry, warnings) {
	if (!isRecord(raw)) throw new FileProblem('expected', 'entry ' + entry + ': "expected" must be an object { intent?, action? }', { entry });
	const out = {};
	if (raw.intent !== undefined) {
		if (raw.intent !== null && typeof raw.intent !== 'string') throw new FileProblem('expected.intent', 'entry ' + entry + ': expected.intent must be a string or null, got ' + JSON.stringify(raw.intent), { entry });
		out.intent = raw.intent;
	}
	if (raw.action !== undefined) {
		if (typeof raw.action !== 'string' || !raw.action.trim()) throw new FileProblem('expected.action', 'entry ' + entry + ': expected.action must be a non-empty string, got ' + JSON.stringify(raw.action), { entry });
		out.action = raw.action.trim().toLowerCase();
		if (!ACTIONS.includes(out.action)) warnings.push('entry ' + entry + ': expected.action "' + out.action + '" is not one of ' + ACTIONS.join(', ') + ', so it can never agree');
	}
	return out;
}

function fromJson(data, warnings) {
	if (!Array.isArray(data)) throw new FileProblem('body', 'expected a JSON array of helpdesk payloads or { payload, expected } records', {});
	if (data.length === 0) throw new FileProblem('body', 'the array is empty', {});
	return data.map((entry, i) => {
		if (!isRecord(entry)) throw new FileProblem('[' + i + ']', 'entry ' + (i + 1) + ' is not an object', { entry: i + 1 });
		// A record wraps the payload; no helpdesk body the router reads has a top-level "payload" key.
		if ('payload' in entry) {
			const expected = entry.expected === undefined ? undefined : readExpected(entry.expected, i + 1, warnings);
			const id = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : (payloadId(entry.payload) || String(i + 1));
			return { id, payload: entry.payload, expected };
		}
		return { id: payloadId(entry) || String(i + 1), payload: entry };
	});
}

const CSV_COLUMNS = ['id', 'subject', 'message', 'email'];

// Each row becomes a Zendesk Ticket API body, exactly as the CLI builds it.
function fromCsv(text, warnings) {
	const records = parseCsvRecords(text).filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
	if (records.length === 0) throw new FileProblem('csv', 'the file is empty', {});
	const header = records[0];
	const rows = records.slice(1);
	const names = header.fields.map((f) => f.trim().toLowerCase());
	const extra = names.slice(4);
	const okExtra = extra.length === 0 || (extra[0] === 'intent' && (extra.length === 1 || (extra.length === 2 && extra[1] === 'action')));
	if (!CSV_COLUMNS.every((c, i) => names[i] === c) || !okExtra) {
		throw new FileProblem('csv header', 'bad header "' + header.fields.join(',') + '" (expected "id,subject,message,email", optionally followed by ",intent" or ",intent,action")', { line: header.line });
	}
	if (rows.length === 0) throw new FileProblem('csv', 'no rows after the header', { line: header.line });
	return rows.map((r) => {
		if (r.fields.length !== names.length) {
			throw new FileProblem('csv row', 'line ' + r.line + ': expected ' + names.length + ' fields, found ' + r.fields.length + '; quote text that contains commas', { line: r.line });
		}
		const f = r.fields.map((x) => x.trim());
		const id = f[0];
		const subject = f[1];
		const message = f[2];
		const email = f[3];
		if (!message) throw new FileProblem('message', 'line ' + r.line + ': empty message', { line: r.line });
		const numeric = /^\d+$/.test(id) ? Number(id) : undefined;
		const ticket = {};
		if (numeric !== undefined) ticket.id = numeric;
		// The CLI sets only external_id for an id like "ZE-1", and no router shape takes a ticket
		// without "id": the whole row would go to a person. Here the id is kept as the ticket's id too.
		if (numeric === undefined && id) Object.assign(ticket, { id, external_id: id });
		Object.assign(ticket, { subject, description: message, status: 'new', via: { channel: 'email' } });
		if (email) ticket.requester = { email };
		ticket.tags = [];
		let expected;
		if (names.length >= 5 && f[4]) expected = { intent: f[4] };
		if (names.length === 6 && f[5]) {
			expected = Object.assign(expected || {}, readExpected({ action: f[5] }, r.line, warnings));
		}
		return { id: id || String(r.line), payload: { ticket }, expected };
	});
}

function parseJsonText(text) {
	try {
		return JSON.parse(text);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const position = /position (\d+)/.exec(message);
		const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
		throw new FileProblem('body', 'invalid JSON: ' + message, { line });
	}
}

// Text not starting with "[" is CSV, as in the CLI.
function fromText(text, warnings) {
	const clean = String(text).replace(/^\uFEFF/, '');
	if (clean.trim() === '') throw new FileProblem('body', 'the file is empty', {});
	return /^\s*\[/.test(clean) ? { format: 'JSON', tickets: fromJson(parseJsonText(clean), warnings) } : { format: 'CSV', tickets: fromCsv(clean, warnings) };
}

async function rawBodyText(item) {
	const bin = item.binary && item.binary.data;
	if (!bin) return undefined;
	// Filesystem or database binary mode stores an id; the default mode keeps base64 inline.
	const buffer = bin.id ? await this.helpers.getBinaryDataBuffer(0, 'data') : Buffer.from(bin.data || '', 'base64');
	return buffer.toString('utf8');
}

async function read(item) {
	const warnings = [];
	const json = item.json || {};
	// A Webhook item has headers; its body is absent when n8n did not parse the content type (text/csv).
	if (!isRecord(json.headers)) {
		// The Manual Trigger's sample: { tickets: [...] } or { csv: "..." }.
		if (typeof json.csv === 'string') return Object.assign({ source: 'sample (CSV)', warnings }, { tickets: fromCsv(json.csv, warnings) });
		return { source: 'sample (JSON)', warnings, tickets: fromJson(json.tickets, warnings) };
	}
	let body = json.body;
	const emptyObject = isRecord(body) && Object.keys(body).length === 0;
	if (body === undefined || body === null || body === '' || emptyObject) {
		// text/csv and other types n8n does not parse arrive only as the raw body (Webhook option Raw Body).
		const raw = await rawBodyText.call(this, item);
		if (raw === undefined || raw.trim() === '') throw new FileProblem('body', 'the request has no body: POST the tickets file', {});
		body = raw;
	}
	if (typeof body === 'string') {
		const r = fromText(body, warnings);
		return { source: 'webhook (' + r.format + ')', warnings, tickets: r.tickets };
	}
	if (Array.isArray(body)) return { source: 'webhook (JSON)', warnings, tickets: fromJson(body, warnings) };
	if (typeof body.csv === 'string') return { source: 'webhook (CSV)', warnings, tickets: fromCsv(body.csv, warnings) };
	if ('tickets' in body) return { source: 'webhook (JSON)', warnings, tickets: fromJson(body.tickets, warnings) };
	throw new FileProblem('body', 'expected a JSON array of tickets (or { "tickets": [...] }, or { "csv": "..." }, or CSV text), got an object with ' + (Object.keys(body).slice(0, 5).join(', ') || 'no keys'), {});
}

const first = $input.first();
try {
	const file = await read.call(this, first);
	return file.tickets.map((t, i) => ({
		json: {
			headers: {},
			body: t.payload,
			replay: Object.assign({ id: t.id, position: i + 1, source: file.source, tickets: file.tickets.length }, t.expected ? { expected: t.expected } : {}, i === 0 && file.warnings.length ? { warnings: file.warnings } : {}),
		},
		pairedItem: { item: 0 },
	}));
} catch (error) {
	if (!(error instanceof FileProblem)) throw error;
	const where = error.where || {};
	return [{
		json: {
			problem: Object.assign(
				{ error: 'The tickets file cannot be replayed: ' + error.message, field: error.field },
				where.entry !== undefined ? { entry: where.entry } : {},
				where.line !== undefined ? { line: where.line } : {},
				{ format: FORMAT },
			),
		},
		pairedItem: { item: 0 },
	}];
}
`;

/** "Agreement report": every ticket's case file and the agent's labels -> the report JSON and Markdown. */
export const REPORT_JS = String.raw`// Builds the agreement report from every ticket's case file, with the same definitions as
// "support-coordination replay FILE" (cli/replayReport.ts):
// - routing agreement: the router's intent ("human" when it handed the ticket to a person) equals the agent's intent
// - action agreement: what the pipeline would have done (escalate, refund, cancel, clarify or reply) equals the agent's action
// - would auto-resolve: share of the tickets the pipeline approved without a person (no escalation on any layer)
// Grouped by the agent's intent, then "all". Shares are rounded to 3 decimals; null when nothing was labelled.
const LAYERS = {
	intentRouter: 'Support Intent Router',
	policyRetriever: 'Support Policy Retriever',
	specialistPlanner: 'Support Specialist Planner',
	toolExecutor: 'Support Action Executor',
	critic: 'Support Critic',
	escalationPackager: 'Support Escalation Packager',
};
const CLARIFY = 'Clarification needed before anything can be done.';
const norm = (s) => (s == null || String(s).trim() === '' ? 'human' : String(s).trim().toLowerCase());
const round = (n, digits) => { const f = Math.pow(10, digits === undefined ? 1 : digits); return Math.round(n * f) / f; };

function actionOf(support, escalated) {
	if (escalated) return 'escalate';
	const tools = ((support.plan && support.plan.steps) || []).map((s) => s.tool);
	if (tools.includes('shopify.refundOrder') || tools.includes('stripe.createRefund')) return 'refund';
	if (tools.includes('shopify.cancelOrder')) return 'cancel';
	return support.plan && (support.plan.assumptions || []).includes(CLARIFY) ? 'clarify' : 'reply';
}

function approvedNote(support) {
	const execution = support.execution || {};
	if (execution.mode === 'auto') {
		const done = (execution.steps || []).filter((s) => s.status === 'succeeded' || s.status === 'already_done').length;
		return 'Approved and executed (' + done + ' step(s)); reply approved for sending.';
	}
	if (execution.mode === 'suggest') return 'Approved; proposed actions and the draft reply go to a person (suggest mode).';
	return 'Approved; nothing was written (shadow mode).';
}

function toRow(item) {
	const support = item.json.support || {};
	const replay = item.json.replay || {};
	const intent = support.intent;
	const routedTo = intent && intent.route === 'intent' && intent.category ? intent.category : 'human';
	// Every escalation path ends at the Escalation Packager, which writes the hand-off.
	const escalated = !!support.handoff;
	const mode = (support.execution && support.execution.mode) || 'shadow';
	const outcome = escalated ? 'escalated' : mode === 'auto' ? 'auto_resolved' : mode === 'suggest' ? 'suggested' : 'shadow';
	const esc = support.escalation;
	const timings = { total: 0 };
	for (const t of support.trace || []) {
		timings[t.layer] = round((timings[t.layer] || 0) + (t.durationMs || 0), 3);
		timings.total = round(timings.total + (t.durationMs || 0), 3);
	}
	const row = {
		id: replay.id,
		position: replay.position,
		source: (support.ticket && support.ticket.source) || null,
		intent: routedTo,
		confidence: intent ? intent.confidence : null,
		engine: intent ? intent.engine : null,
		decidedBy: intent ? intent.decidedBy : null,
		rolloutMode: intent ? intent.rolloutMode : null,
		outcome,
		action: actionOf(support, escalated),
		reason: escalated ? (support.handoff.reason || (esc && esc.reason) || '') : approvedNote(support),
		escalation: esc ? esc.layer + ':' + esc.code : routedTo === 'human' ? 'intentRouter:human' : escalated ? support.handoff.fromLayer + ':handoff' : null,
		dryRun: support.execution ? support.execution.dryRun : null,
		executedSteps: ((support.execution && support.execution.steps) || []).filter((s) => s.status === 'succeeded' || s.status === 'already_done').length,
		timings,
	};
	if (replay.expected) {
		row.expected = replay.expected;
		if (replay.expected.intent !== undefined) row.routingAgrees = norm(replay.expected.intent) === norm(routedTo);
		if (replay.expected.action !== undefined) row.actionAgrees = norm(replay.expected.action) === row.action;
	}
	return row;
}

function computeTotals(rows) {
	const count = (o) => rows.filter((r) => r.outcome === o).length;
	const reasons = new Map();
	for (const r of rows) {
		if (r.outcome !== 'escalated') continue;
		const key = r.escalation || 'unknown';
		const seen = reasons.get(key);
		if (seen) seen.count++;
		else reasons.set(key, { count: 1, example: r.reason });
	}
	const timePerLayer = {};
	for (const layer of Object.keys(LAYERS)) {
		const ran = rows.filter((r) => r.timings[layer] !== undefined);
		if (ran.length === 0) continue;
		const totalMs = ran.reduce((s, r) => s + (r.timings[layer] || 0), 0);
		timePerLayer[layer] = { totalMs: round(totalMs), runs: ran.length, meanMs: round(totalMs / ran.length, 2) };
	}
	const totalMs = rows.reduce((s, r) => s + r.timings.total, 0);
	return {
		tickets: rows.length,
		routed: rows.filter((r) => r.intent !== 'human').length,
		autoResolved: count('auto_resolved'),
		suggested: count('suggested'),
		shadowApproved: count('shadow'),
		escalated: count('escalated'),
		escalationReasons: Array.from(reasons.entries()).map(([key, v]) => Object.assign({ key }, v)).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
		timePerLayer,
		totalMs: round(totalMs),
		meanMsPerTicket: rows.length ? round(totalMs / rows.length, 2) : 0,
		executedSteps: rows.reduce((s, r) => s + r.executedSteps, 0),
	};
}

function share(rows, pick) {
	const judged = rows.map(pick).filter((v) => v !== undefined);
	return judged.length ? round(judged.filter(Boolean).length / judged.length, 3) : null;
}

function computeAgreement(rows) {
	const labelled = rows.filter((r) => r.expected);
	if (labelled.length === 0) return [];
	const groups = new Map();
	for (const r of labelled) {
		const key = r.expected.intent === undefined ? '(no intent given)' : norm(r.expected.intent);
		groups.set(key, (groups.get(key) || []).concat([r]));
	}
	const line = (intent, group) => ({
		intent,
		tickets: group.length,
		routingAgreement: share(group, (r) => r.routingAgrees),
		actionAgreement: share(group, (r) => r.actionAgrees),
		wouldAutoResolve: round(group.filter((r) => r.outcome !== 'escalated').length / group.length, 3),
	});
	return Array.from(groups.entries()).sort((a, b) => a[0].localeCompare(b[0])).map(([k, g]) => line(k, g)).concat([line('all', labelled)]);
}

const pct = (v) => (v === null ? '-' : Math.round(v * 100) + '%');
const cell = (s) => String(s === null || s === undefined ? '' : s).replace(/\|/g, '\\|').replace(/\s+/g, ' ');

function markdown(report) {
	const t = report.totals;
	const s = report.settings;
	const lines = [];
	lines.push('## Shadow replay: ' + t.tickets + ' ticket(s) from ' + s.source);
	lines.push('');
	lines.push('Every intent ran in **shadow**: nothing was written anywhere and nothing reached a customer (' + t.executedSteps + ' step(s) executed).');
	lines.push('');
	if (report.agreement.length) {
		lines.push('| intent (as the agent filed it) | tickets | routing agreement | action agreement | would auto-resolve |');
		lines.push('|---|---:|---:|---:|---:|');
		for (const a of report.agreement) {
			const name = a.intent === 'all' ? '**all**' : cell(a.intent);
			lines.push('| ' + name + ' | ' + a.tickets + ' | ' + pct(a.routingAgreement) + ' | ' + pct(a.actionAgreement) + ' | ' + pct(a.wouldAutoResolve) + ' |');
		}
		lines.push('');
	} else {
		lines.push('No ticket carries what the agent did ("expected"), so there is no agreement to report.');
		lines.push('');
	}
	lines.push('Routed ' + t.routed + ' (to a person at the router: ' + (t.tickets - t.routed) + '), approved in shadow ' + t.shadowApproved + ', suggested ' + t.suggested + ', auto-resolved ' + t.autoResolved + ', escalated ' + t.escalated + '.');
	if (t.escalationReasons.length) {
		lines.push('');
		lines.push('| escalations | count | example |');
		lines.push('|---|---:|---|');
		for (const e of t.escalationReasons) lines.push('| ' + cell(e.key) + ' | ' + e.count + ' | ' + cell(e.example).slice(0, 140) + ' |');
	}
	const wrong = report.tickets.filter((r) => r.routingAgrees === false || r.actionAgrees === false);
	if (wrong.length) {
		lines.push('');
		lines.push('| ticket | agent: intent / action | pipeline: intent / action | outcome |');
		lines.push('|---|---|---|---|');
		for (const r of wrong) {
			const exp = (r.expected.intent === undefined ? '?' : norm(r.expected.intent)) + ' / ' + (r.expected.action || '?');
			lines.push('| ' + cell(r.id) + ' | ' + cell(exp) + ' | ' + cell(r.intent + ' / ' + r.action) + (r.routingAgrees === false ? ' (routing differs)' : '') + ' | ' + cell(r.outcome) + ' |');
		}
	}
	return lines.join('\n') + '\n';
}

const items = $input.all();
const rows = items.map(toRow).sort((a, b) => (a.position || 0) - (b.position || 0));
const first = (items[0] && items[0].json.replay) || {};
const modes = Array.from(new Set(rows.map((r) => r.rolloutMode).filter(Boolean)));
const report = {
	settings: {
		source: first.source || 'unknown',
		ticketsInFile: first.tickets === undefined ? rows.length : first.tickets,
		mode: 'shadow (Support Action Executor: Rollout Mode = Shadow)',
		intentModes: modes,
		liveFacts: false,
		connectors: 'configured, dry run: nothing sent',
	},
	warnings: first.warnings || [],
	tickets: rows,
	totals: computeTotals(rows),
	agreement: computeAgreement(rows),
};
report.markdown = markdown(report);
return [{ json: report, pairedItem: items.map((_, i) => ({ item: i })) }];
`;

type Json = Record<string, unknown>;
type Node = { parameters: Json; id: string; name: string; type: string; typeVersion: number; position: [number, number]; [k: string]: unknown };

/** A stable uuid-shaped id from a name, so regenerating the file changes nothing. */
function uid(name: string): string {
	const h = createHash('sha1').update(`support-shadow-replay:${name}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Json, extra: Json = {}): Node => ({
	parameters,
	id: uid(name),
	name,
	type,
	typeVersion,
	position,
	...extra,
});
const sticky = (name: string, position: [number, number], width: number, height: number, content: string, color = 7): Node =>
	node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
const cred = (type: string, id: string, name: string) => ({ [type]: { id, name } });
/** Every layer continues on error: a ticket a layer cannot read goes to its escalation output with the reason, never stops the replay. */
const CONTINUE = { onError: 'continueRegularOutput' };

interface RouterParams {
	intents: { intent: Array<{ name: string; description?: string; examples: string; rolloutMode: string }> };
	confidenceThreshold?: number;
	source?: string;
}

/** The pipeline template's router (the one the CLI replays by default), with every intent forced to shadow. */
function shadowRouter(): RouterParams {
	const pipeline = JSON.parse(fs.readFileSync(PIPELINE_TEMPLATE, 'utf8')) as { nodes: Array<{ type: string; parameters: RouterParams }> };
	const router = pipeline.nodes.find((n) => n.type === `${PKG}.supportIntentRouter`);
	if (!router) throw new Error(`${PIPELINE_TEMPLATE}: no Support Intent Router`);
	const p = router.parameters;
	return { ...p, intents: { intent: p.intents.intent.map((i) => ({ ...i, rolloutMode: 'shadow' })) } };
}

interface DemoTicket {
	id: string;
	payload: unknown;
	expected: { intent: string | null; action: string };
}

/** A few demo tickets for the Manual Trigger: the first of each of the agent's intents, and one more escalation. */
function sampleTickets(all: DemoTicket[]): DemoTicket[] {
	const picked: DemoTicket[] = [];
	for (const t of all) if (!picked.some((p) => p.expected.intent === t.expected.intent)) picked.push(t);
	const extra = all.find((t) => t.expected.action === 'escalate' && !picked.includes(t));
	return extra ? [...picked, extra] : picked;
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The demo tickets as the CSV the CLI reads (id,subject,message,email,intent): text as the router normalises it. */
function demoCsv(all: DemoTicket[]): string {
	const now = () => new Date('2026-11-10T08:00:00Z');
	const rows = all.map((t) => {
		const ticket = normaliseTicket(t.payload, { source: 'auto', now });
		// Numeric ids (70001 for ZE-70001): the CLI reads a non-numeric CSV id as external_id only, which the router cannot place.
		return [t.id.replace(/^\D+-/, ''), ticket.subject ?? '', ticket.message, ticket.customer.email ?? '', t.expected.intent ?? 'human'].map(csvField).join(',');
	});
	return ['id,subject,message,email,intent', ...rows].join('\n') + '\n';
}

const R = 'Support Intent Router';
const RETRIEVER = 'Support Policy Retriever';
const PLANNER = 'Support Specialist Planner';
const CRITIC_PLAN = 'Support Critic (plan)';
const EXECUTOR = 'Support Action Executor';
const CRITIC_REPLY = 'Support Critic (reply)';
const P = 'Support Escalation Packager';
const LOOP = 'One ticket at a time';
const READ = 'Read tickets file';
const CHECK = 'File readable?';
const REPORT = 'Agreement report';

function build(): { workflow: Json; csv: string } {
	const demo = JSON.parse(fs.readFileSync(DEMO_TICKETS, 'utf8')) as DemoTicket[];
	const router = shadowRouter();
	const intents = router.intents.intent;
	const nodes: Node[] = [
		node('Tickets file (webhook)', 'n8n-nodes-base.webhook', 2.1, [0, 360], {
			httpMethod: 'POST',
			path: 'support-shadow-replay',
			authentication: 'headerAuth',
			responseMode: 'responseNode',
			// CSV sent as text/csv is not parsed by n8n: the raw body carries it to the Read node.
			options: { rawBody: true },
		}, { webhookId: uid('webhookId'), credentials: cred('httpHeaderAuth', 'supportWebhookAuth', 'Support webhook auth') }),
		node('Try it with the sample', 'n8n-nodes-base.manualTrigger', 1, [0, 620], {}),
		node('Sample tickets', 'n8n-nodes-base.set', 3.4, [320, 620], { mode: 'raw', jsonOutput: JSON.stringify({ tickets: sampleTickets(demo) }, null, 2), options: {} }),
		node(READ, 'n8n-nodes-base.code', 2, [640, 490], { jsCode: READ_TICKETS_JS }),
		node(CHECK, 'n8n-nodes-base.if', 2.2, [960, 490], {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: uid('condition'), leftValue: '={{ $json.problem }}', rightValue: '', operator: { type: 'object', operation: 'notExists', singleValue: true } }],
				combinator: 'and',
			},
			options: {},
		}),
		node('Respond: bad file (400)', 'n8n-nodes-base.respondToWebhook', 1.5, [1280, 680], {
			respondWith: 'json',
			responseBody: '={{ JSON.stringify($json.problem) }}',
			options: { responseCode: 400 },
		}),
		node(LOOP, 'n8n-nodes-base.splitInBatches', 3, [1280, 360], { batchSize: 1, options: {} }),
		node(R, `${PKG}.supportIntentRouter`, ROUTER_VERSION, [1600, 310], { ...router, options: {} }, CONTINUE),
		node(RETRIEVER, `${PKG}.supportPolicyRetriever`, 1, [2060, 360], {
			operation: 'retrieve',
			store: 'embedded',
			storeName: 'policies',
			embeddings: 'builtin',
			// No live facts: a replay reads nothing from the shop or the payment provider (as the CLI).
			useShopify: false,
			useStripe: false,
			options: {},
		}, CONTINUE),
		node(PLANNER, `${PKG}.supportSpecialistPlanner`, 2, [2520, 360], { engine: 'playbook', policyValues: '{}' }, CONTINUE),
		node(CRITIC_PLAN, `${PKG}.supportCritic`, 1, [2980, 360], { stage: 'plan', maxRevisions: 2 }, CONTINUE),
		node(EXECUTOR, `${PKG}.supportActionExecutor`, 1, [3440, 360], { rolloutMode: 'shadow', useZendesk: true, useShopify: true, useStripe: true, options: {} }, {
			...CONTINUE,
			credentials: { ...cred('zendeskApi', 'supportZendesk', 'Zendesk (support)'), ...cred('shopifyAccessTokenApi', 'supportShopify', 'Shopify (support)'), ...cred('stripeApi', 'supportStripe', 'Stripe (support)') },
		}),
		node(CRITIC_REPLY, `${PKG}.supportCritic`, 1, [3760, 360], { stage: 'reply', maxRevisions: 2 }, CONTINUE),
		node(P, `${PKG}.supportEscalationPackager`, 1, [4220, 780], { groupsByIntent: '{}' }),
		node(REPORT, 'n8n-nodes-base.code', 2, [1600, 40], { jsCode: REPORT_JS }),
		node('Respond: report', 'n8n-nodes-base.respondToWebhook', 1.5, [1920, 40], { respondWith: 'firstIncomingItem', options: {} }),
		sticky('Sticky Note Setup', [-460, 0], 400, 980, [
			'## Shadow replay: would the pipeline have done what your agents did?',
			'POST a file of **historical tickets** with what the human agent did; every ticket runs through the six layers with **every intent in shadow**, and the answer is an **agreement report per intent**. Nothing is written anywhere and no customer hears of it.',
			'### Setup',
			'1. Ingest your policies with the *Support policy ingestion* template (embedded store `policies`, built-in embeddings), as for the pipeline.',
			'2. **Tickets file (webhook)**: a *Header Auth* credential (e.g. `X-Support-Token` and a long random secret).',
			'3. **Support Action Executor**: the same Zendesk, Shopify and Stripe credentials as your pipeline. Rollout Mode is **Shadow**: it sends nothing, but it plans only with the connectors you have, like the pipeline. A connector left without a credential makes its plans escalate ("not configured").',
			'4. Copy your pipeline\'s intents into the **Support Intent Router** if you changed them (keep every Rollout Mode on Shadow).',
			'5. Publish, then:',
			'`curl -X POST -H "X-Support-Token: <secret>" -H "Content-Type: application/json" --data @tickets.json <Production URL>`',
			'(CSV: `-H "Content-Type: text/csv" --data-binary @tickets.csv`)',
			'Or click **Execute workflow** on *Try it with the sample* to see the report on a few tickets.',
			'### The tickets file',
			'The format of `support-coordination replay FILE`:',
			'- **JSON**: an array of records `{"id": "ZE-1", "payload": {...helpdesk event...}, "expected": {"intent": "return_refund", "action": "refund"}}` (Zendesk, Help Scout, Freshdesk, Intercom payloads, as their webhooks send them). `intent` is one of the router\'s intents, or `"human"` when none fits; `action` is `refund`, `cancel`, `clarify` (asked the customer a question), `reply` or `escalate`. A bare payload (no `expected`) is replayed but not compared.',
			'- **CSV**: header `id,subject,message,email`, optionally `,intent` and `,action`; quote text with commas.',
			'A file that cannot be read is answered **400** with `field`, `entry` or `line`, and the expected format.',
		].join('\n'), 5),
		sticky('Sticky Note Report', [1540, -460], 560, 440, [
			'### Reading the report',
			'Per intent **as your agent filed it**, then **all**:',
			'- **routing agreement**: the router chose the agent\'s intent (a ticket the router hands to a person counts as `human`).',
			'- **action agreement**: what the pipeline would have done (escalate, refund, cancel, clarify, reply) is what the agent did.',
			'- **would auto-resolve**: the share the pipeline approved with no person involved, were the intent promoted to *auto*.',
			'Promote an intent (router: Rollout Mode *suggest*, then *auto*) when its routing and action agreement are high and its disagreements are ones you accept. `tickets` lists every ticket with the reason; `totals.escalationReasons` says where the pipeline gave up; `markdown` is the same as tables to paste into a note.',
			'The figures use the same definitions as `support-coordination replay FILE`, which runs the same layers without n8n.',
		].join('\n'), 6),
		sticky('Sticky Note Loop', [1100, -160], 420, 420, [
			'### One ticket at a time',
			'**One ticket at a time** feeds the tickets into the pipeline one by one. Every ticket ends in exactly one place: approved by **Support Critic (reply)**, or packaged for a person by the **Support Escalation Packager** (router *Human*, retriever *Ungrounded*, planner, both Critics and executor *Escalate*). Both lead back into the loop, so its **done** output has every ticket once, and the report is built from all of them.',
		].join('\n')),
		sticky('Sticky Note Shadow', [3380, 0], 680, 280, [
			'### Shadow: nothing is written',
			'Every intent of the router is in **shadow**, and the executor\'s Rollout Mode is **Shadow** as well: even an intent switched to *auto* by mistake stays a dry run here. Each plan step is recorded as `dry_run` with the request it *would* have sent. The retriever reads no live order or charge facts.',
		].join('\n')),
	];

	type Conn = { node: string; type: 'main'; index: number };
	const to = (name: string, index = 0): Conn => ({ node: name, type: 'main', index });
	const connections: Record<string, { main: Conn[][] }> = {
		'Tickets file (webhook)': { main: [[to(READ)]] },
		'Try it with the sample': { main: [[to('Sample tickets')]] },
		'Sample tickets': { main: [[to(READ)]] },
		[READ]: { main: [[to(CHECK)]] },
		[CHECK]: { main: [[to(LOOP)], [to('Respond: bad file (400)')]] },
		[LOOP]: { main: [[to(REPORT)], [to(R)]] },
		[R]: { main: routerOutputs(intents.length, [to(RETRIEVER)], [to(P)]) },
		[RETRIEVER]: { main: [[to(PLANNER)], [to(P)]] },
		[PLANNER]: { main: [[to(CRITIC_PLAN)], [to(P)]] },
		[CRITIC_PLAN]: { main: [[to(EXECUTOR)], [to(PLANNER)], [to(P)]] },
		[EXECUTOR]: { main: [[to(CRITIC_REPLY)], [to(P)]] },
		[CRITIC_REPLY]: { main: [[to(LOOP)], [to(P)], [to(P)]] },
		[P]: { main: [[to(LOOP)]] },
		[REPORT]: { main: [[to('Respond: report')]] },
	};

	const workflow = {
		name: 'Support shadow replay (agreement report per intent)',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
		id: 'SupShadowReplay1',
		meta: { templateCredsSetupCompleted: false },
		tags: [],
	};
	return { workflow, csv: demoCsv(demo) };
}

const { workflow, csv } = build();
fs.mkdirSync(path.dirname(OUT_CSV), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(workflow, null, 2)}\n`);
fs.writeFileSync(OUT_CSV, csv);
process.stdout.write(`wrote ${OUT}\nwrote ${OUT_CSV}\n`);
