import type { CaseFile, PolicyPassage } from '../contracts';
import { factView, readableTime } from './factFields';

/** The already-redacted material a note is rendered from. */
export interface NoteModel {
	caseFile: CaseFile;
	reason: string;
	/** Short and specific: the heading. The full reason is shown once, under "Why". */
	headline: string;
	/** Display name of the layer. */
	fromLayer: string;
	summary: string;
	suggestedNextAction: string;
	priority: string;
	priorityWhy: string[];
	group?: string;
	tags: string[];
}

/**
 * A note is a list of simple blocks rendered twice. Only headings, paragraphs, lists, quotes, plain
 * tables and one collapsed block of raw data: the subset Zendesk, Help Scout and Freshdesk keep in
 * internal notes (a helpdesk that drops <details> still shows the <pre> inside it).
 */
type Block =
	| { type: 'h'; text: string }
	| { type: 'p'; text: string; strongLabel?: string }
	| { type: 'list'; items: string[] }
	| { type: 'quote'; text: string }
	| { type: 'table'; head: string[]; rows: string[][] }
	| { type: 'details'; summary: string; code: string };

const MAX_CONVERSATION = 20;
const MAX_TEXT = 2000;
const MAX_JSON = 4000;

function clip(s: string, max = MAX_TEXT): string {
	return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function pct(x: number): string {
	return `${Math.round(x * 100)}%`;
}

/** In force at `at`: from its effective date, until (not including) its end date. */
export function inForceAt(p: PolicyPassage, at: string): boolean {
	const t = Date.parse(at);
	if (!Number.isFinite(t)) return true;
	return Date.parse(p.effectiveFrom) <= t && (p.effectiveTo === null || Date.parse(p.effectiveTo) > t);
}

export function noteBlocks(m: NoteModel): Block[] {
	const c = m.caseFile;
	const b: Block[] = [];
	b.push({ type: 'h', text: `Escalation: ${m.headline}` });
	b.push({ type: 'p', strongLabel: 'Why', text: m.reason });
	b.push({ type: 'p', strongLabel: 'Priority', text: `${m.priority}${m.priorityWhy.length ? ` (${m.priorityWhy.join(', ')})` : ''} · From: ${m.fromLayer}${m.group ? ` · Group: ${m.group}` : ''}` });
	b.push({ type: 'p', strongLabel: 'Summary', text: m.summary });
	b.push({ type: 'p', strongLabel: 'Suggested next action', text: m.suggestedNextAction });
	const t = c.ticket;
	if (t) {
		b.push({ type: 'h', text: 'Customer' });
		b.push({
			type: 'table',
			head: ['Field', 'Value'],
			rows: [
				['Name', t.customer.name ?? '—'],
				['Email', t.customer.email ?? '—'],
				['Ticket', `${t.id} (${t.source}, ${t.channel})`],
				['Orders', t.orderRefs.join(', ') || '—'],
				['Locale', t.locale ?? '—'],
				['Received', readableTime(t.receivedAt) ?? t.receivedAt],
			],
		});
		b.push({ type: 'h', text: 'Conversation' });
		const convo = t.conversation.slice(-MAX_CONVERSATION);
		if (t.conversation.length > convo.length) b.push({ type: 'p', text: `(${t.conversation.length - convo.length} earlier messages not shown)` });
		for (const e of convo) b.push({ type: 'p', strongLabel: `${e.author}${e.public ? '' : ' (internal note)'}${e.at ? `, ${readableTime(e.at) ?? e.at}` : ''}`, text: clip(e.body) });
		b.push({ type: 'p', strongLabel: `customer, latest${t.subject ? ` — ${clip(t.subject, 200)}` : ''}`, text: clip(t.message) });
	}
	const i = c.intent;
	if (i) {
		b.push({ type: 'h', text: 'Intent' });
		b.push({
			type: 'table',
			head: ['Intent', 'Confidence', 'Urgency', 'Sentiment', 'Rollout'],
			rows: [[i.category ?? '(none)', `${pct(i.confidence)} (threshold ${pct(i.threshold)})`, `${i.urgency.level}${i.urgency.signals.length ? `: ${i.urgency.signals.join(', ')}` : ''}`, `${i.sentiment.label} (${i.sentiment.score.toFixed(2)})`, i.rolloutMode]],
		});
		if (i.alternatives.length) b.push({ type: 'p', strongLabel: 'Alternatives', text: i.alternatives.map((a) => `${a.category} ${pct(a.confidence)}`).join(', ') });
	}
	const ctx = c.context;
	if (ctx) {
		b.push({ type: 'h', text: 'Policy passages used' });
		// Only what was in force when the customer wrote: an older version would mislead the agent.
		const asOf = ctx.asOf;
		const inForce = ctx.passages.filter((p) => inForceAt(p, asOf));
		if (inForce.length) {
			b.push({ type: 'table', head: ['Passage', 'Document', 'Version', 'In force', 'Text'], rows: inForce.map((p) => [p.chunkId, `${p.title}${p.headingPath.length ? ` › ${p.headingPath.join(' › ')}` : ''}`, p.version, p.effectiveTo ? `${p.effectiveFrom.slice(0, 10)} – ${p.effectiveTo.slice(0, 10)}` : `from ${p.effectiveFrom.slice(0, 10)}`, clip(p.text, 500)]) });
		} else b.push({ type: 'p', text: `None in force${ctx.passages.length ? '' : ' retrieved'}.${ctx.groundingReason ? ` ${ctx.groundingReason}` : ''}` });
		const outOfForce = ctx.passages.length - inForce.length;
		if (outOfForce) b.push({ type: 'p', text: `(${outOfForce} retrieved passage${outOfForce === 1 ? '' : 's'} not in force on ${asOf.slice(0, 10)} not shown.)` });
		if (ctx.facts.length) {
			b.push({ type: 'h', text: 'Live facts' });
			for (const f of ctx.facts) {
				const view = factView(f);
				b.push({ type: 'p', strongLabel: view.title, text: `from ${f.source}, fetched ${readableTime(f.fetchedAt) ?? f.fetchedAt}` });
				if (view.rows.length) b.push({ type: 'table', head: ['Field', 'Value'], rows: view.rows.map(([k, v]) => [k, clip(v, 500)]) });
				b.push({ type: 'details', summary: `Full ${f.kind} data (JSON)`, code: clip(JSON.stringify(f.data, null, 2), MAX_JSON) });
			}
		}
	}
	const plan = c.plan;
	if (plan) {
		b.push({ type: 'h', text: `Plan (${plan.specialist}, ${plan.engine}, revision ${plan.revision})` });
		if (plan.steps.length) b.push({ type: 'table', head: ['#', 'Tool', 'Access', 'Arguments', 'Why', 'Cites'], rows: plan.steps.map((s, n) => [String(n + 1), s.tool, s.access, clip(JSON.stringify(s.args), 500), s.why, s.citations.join(', ')]) });
		else b.push({ type: 'p', text: 'No actions planned.' });
		if (plan.assumptions.length) b.push({ type: 'list', items: plan.assumptions });
		b.push({ type: 'p', strongLabel: `Draft reply (not sent${plan.draftReply.citations.length ? `; cites ${plan.draftReply.citations.join(', ')}` : ''})`, text: '' });
		b.push({ type: 'quote', text: clip(plan.draftReply.body) });
	}
	const ex = c.execution;
	if (ex) {
		b.push({ type: 'h', text: `Executed actions (${ex.outcome}${ex.dryRun ? ', dry run' : ''}, mode ${ex.mode})` });
		const rows = [...ex.steps, ...ex.compensations].map((s) => [s.stepId, s.tool, s.status, Object.entries(s.externalIds).map(([k, v]) => `${k}: ${v}`).join(', '), [s.responseSummary, s.error].filter(Boolean).join(' — ')]);
		if (rows.length) b.push({ type: 'table', head: ['Step', 'Tool', 'Status', 'External ids', 'Result'], rows });
	}
	const review = c.review;
	if (review) {
		b.push({ type: 'h', text: `Critic findings (${review.stage}: ${review.verdict}, ${review.revisionCount} revision(s))` });
		const failed = review.checks.filter((x) => !x.passed);
		// A failure whose words are the escalation reason is already under "Why": point there instead.
		const shown = (x: (typeof failed)[number]) => (!x.passed && x.reason.length > 20 && m.reason.includes(x.reason) ? 'See Why above.' : x.reason);
		b.push({ type: 'table', head: ['Check', 'Result', 'Reason'], rows: (failed.length ? failed : review.checks).map((x) => [x.id, x.passed ? 'passed' : `failed (${x.onFail})`, shown(x)]) });
	}
	if (c.trace.length) {
		b.push({ type: 'h', text: 'Trace' });
		b.push({ type: 'list', items: c.trace.map((e) => `${e.node} (${e.layer}${e.engine ? `, ${e.engine}` : ''}): ${e.outcome}${e.contractErrors.length ? ` — ${e.contractErrors.join('; ')}` : ''}`) });
	}
	if (m.tags.length) b.push({ type: 'p', strongLabel: 'Tags', text: m.tags.join(', ') });
	return b;
}

export function escapeHtml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function htmlText(s: string): string {
	return escapeHtml(s).replace(/\r?\n/g, '<br>');
}

export function renderHtml(m: NoteModel): string {
	return noteBlocks(m)
		.map((b) => {
			switch (b.type) {
				case 'h':
					return `<h3>${htmlText(b.text)}</h3>`;
				case 'p':
					return `<p>${b.strongLabel ? `<strong>${htmlText(b.strongLabel)}:</strong> ` : ''}${htmlText(b.text)}</p>`;
				case 'list':
					return `<ul>${b.items.map((x) => `<li>${htmlText(x)}</li>`).join('')}</ul>`;
				case 'quote':
					return `<blockquote>${htmlText(b.text)}</blockquote>`;
				case 'details':
					return `<details><summary>${htmlText(b.summary)}</summary><pre>${escapeHtml(b.code)}</pre></details>`;
				case 'table':
					return `<table border="1" cellpadding="4" cellspacing="0"><thead><tr>${b.head.map((h) => `<th align="left">${htmlText(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((x) => `<td>${htmlText(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
			}
		})
		.join('\n');
}

/** Escapes what Markdown would otherwise interpret, including raw HTML. */
export function escapeMarkdown(s: string): string {
	return s.replace(/([\\`*_[\]#|~])/g, '\\$1').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mdCell(s: string): string {
	return escapeMarkdown(s).replace(/\r?\n/g, ' ');
}

/** A fenced block no line of the content can close early: the fence is longer than any backtick run in it. */
function codeBlock(code: string): string {
	const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
	const fence = '`'.repeat(Math.max(3, longest + 1));
	return `${fence}json\n${code}\n${fence}`;
}

export function renderMarkdown(m: NoteModel): string {
	return noteBlocks(m)
		.map((b) => {
			switch (b.type) {
				case 'h':
					return `### ${mdCell(b.text)}`;
				case 'p':
					return `${b.strongLabel ? `**${mdCell(b.strongLabel)}:** ` : ''}${escapeMarkdown(b.text).replace(/\r?\n/g, '  \n')}`;
				case 'list':
					return b.items.map((x) => `- ${mdCell(x)}`).join('\n');
				case 'quote':
					return escapeMarkdown(b.text).split(/\r?\n/).map((l) => `> ${l}`).join('\n');
				case 'details':
					return `**${mdCell(b.summary)}:**\n\n${codeBlock(b.code)}`;
				case 'table':
					return [`| ${b.head.map(mdCell).join(' | ')} |`, `| ${b.head.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)].join('\n');
			}
		})
		.join('\n\n');
}
