import type { CaseFile, Handoff, LayerId } from '../contracts';
import { LAYERS } from '../contracts';
import { handoffReason, suggestNextAction } from './handoffReason';
import { headlineOf } from './headline';
import { priorityFor, type PriorityRules } from './priority';
import { redactDeep, redactText } from './redact';
import { renderHtml, renderMarkdown, type NoteModel } from './renderNote';

export interface HandoffOptions {
	/** Overrides the reason found in the case file. */
	reason?: string;
	priorityRules?: PriorityRules;
	/** Target group; else the one for the intent in `groupsByIntent`. */
	group?: string;
	groupsByIntent?: Record<string, string>;
	/** Extra tags, added to the ones derived from the case. */
	tags?: string[];
}

type Evidence = Handoff['evidence'][number];

/** A helpdesk tag: lower case, no spaces (Zendesk splits tags at spaces), at most 60 characters. */
export function tagSafe(s: string): string {
	return s.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);
}

function clip(text: string, max: number): string {
	const t = text.replace(/\s+/g, ' ').trim();
	return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Where the case stopped, by layer: names the layer and the failed checks, never the reason's text. */
function stoppedAt(caseFile: CaseFile, fromLayer: LayerId): string {
	const review = caseFile.review;
	const ex = caseFile.execution;
	const nothingRan = caseFile.plan?.steps.some((s) => s.access === 'write') && !ex ? ', so nothing was executed' : '';
	switch (fromLayer) {
		case 'critic': {
			if (!review) return `The ${LAYERS.critic} stopped it${nothingRan}.`;
			const failed = review.checks.filter((c) => !c.passed && c.onFail !== 'info').map((c) => c.id);
			return `The ${LAYERS.critic} stopped it at the ${review.stage} review${failed.length ? ` (failed: ${failed.join(', ')})` : ''}${review.revisionCount ? ` after ${review.revisionCount} revision(s)` : ''}${nothingRan}.`;
		}
		case 'toolExecutor': {
			const bad = ex?.steps.find((s) => s.status === 'failed' || s.status === 'refused');
			return `It stopped in the ${LAYERS.toolExecutor}${bad ? ` at step ${bad.stepId} (${bad.tool})` : ''}.`;
		}
		case 'intentRouter':
			return `The ${LAYERS.intentRouter} sent it to a person before any policy lookup or plan.`;
		case 'policyRetriever':
			return `The ${LAYERS.policyRetriever} stopped it before any plan was made.`;
		case 'specialistPlanner':
			return `The ${LAYERS.specialistPlanner} stopped it without a plan to run.`;
		default:
			return `It was sent to a person for review${nothingRan}.`;
	}
}

/**
 * One paragraph: who wrote about what, what the pipeline did and where it stopped. The reason
 * itself is under "Why" in the note, so it is not repeated here.
 */
function summaryOf(caseFile: CaseFile, fromLayer: LayerId): string {
	const t = caseFile.ticket;
	const who = t ? [t.customer.name, t.customer.email ? `<${t.customer.email}>` : undefined].filter(Boolean).join(' ') || 'An unnamed customer' : 'A customer';
	const parts: string[] = [];
	if (t) {
		const about = t.subject ? ` ("${clip(t.subject, 120)}")` : `: "${clip(t.message, 160)}"`;
		parts.push(`${who} wrote via ${t.source}${t.channel !== 'unknown' ? `/${t.channel}` : ''}${t.orderRefs.length ? ` about order ${t.orderRefs.join(', ')}` : ''}${about}.`);
	} else parts.push('The ticket itself is missing from the case file.');
	const i = caseFile.intent;
	if (i) parts.push(`${i.category ? `Classified as ${i.category}` : 'Not classified'} (confidence ${Math.round(i.confidence * 100)}%, urgency ${i.urgency.level}, sentiment ${i.sentiment.label}).`);
	const p = caseFile.plan;
	if (p) parts.push(`The ${p.specialist} specialist planned ${p.steps.length} step(s)${p.steps.length ? `: ${p.steps.map((s) => s.tool).join(', ')}` : ''}.`);
	const ex = caseFile.execution;
	if (ex) parts.push(`Execution ${ex.outcome}${ex.dryRun ? ' (dry run)' : ''}: ${ex.steps.map((s) => `${s.tool} ${s.status}`).join(', ') || 'no steps'}.`);
	parts.push(stoppedAt(caseFile, fromLayer));
	return parts.join(' ');
}

/**
 * Everything a person needs to take over, from whatever the case file holds: a case that stopped
 * at the router (only a ticket and an escalation) gives a short note, a case that stopped after
 * execution gives the whole story. Every string passes through redaction.
 */
export function buildHandoff(input: CaseFile, options: HandoffOptions = {}): Handoff {
	// Redact first, so nothing derived from the case (summaries, JSON of facts) can carry a secret.
	const caseFile = redactDeep(input);
	const found = handoffReason(caseFile, options.reason);
	const { reason, fromLayer, code } = found;
	const headline = headlineOf(caseFile, found, !!options.reason);
	const { priority, why } = priorityFor(caseFile, options.priorityRules);
	const intent = caseFile.intent?.category ?? undefined;
	const group = options.group ?? (intent ? options.groupsByIntent?.[intent] : undefined);
	const evidence: Evidence[] = [];
	const whatWasTried: string[] = [];
	const t = caseFile.ticket;
	if (t) {
		evidence.push({ kind: 'customer', label: 'Customer', detail: [t.customer.name, t.customer.email, t.customer.id ? `id ${t.customer.id}` : undefined].filter(Boolean).join(', ') || 'unknown' });
		for (const c of t.conversation) evidence.push({ kind: 'conversation', label: `${c.author}${c.public ? '' : ' (internal)'}${c.at ? ` ${c.at}` : ''}`, detail: c.body });
		evidence.push({ kind: 'message', label: 'Latest message', detail: t.message });
	}
	const i = caseFile.intent;
	if (i) evidence.push({ kind: 'intent', label: i.category ?? 'unclassified', detail: `confidence ${Math.round(i.confidence * 100)}% (threshold ${Math.round(i.threshold * 100)}%), urgency ${i.urgency.level}, sentiment ${i.sentiment.label} (${i.sentiment.score.toFixed(2)}), engine ${i.engine}/${i.decidedBy}, rollout ${i.rolloutMode}` });
	for (const p of caseFile.context?.passages ?? []) {
		evidence.push({ kind: 'policy', label: `${p.title} v${p.version} [${p.chunkId}]`, detail: `${p.headingPath.join(' › ')}${p.headingPath.length ? ': ' : ''}${clip(p.text, 400)} (in force from ${p.effectiveFrom}${p.effectiveTo ? ` to ${p.effectiveTo}` : ''}; score ${p.score.toFixed(2)})` });
	}
	for (const f of caseFile.context?.facts ?? []) evidence.push({ kind: 'fact', label: `${f.kind} from ${f.source}`, detail: clip(JSON.stringify(f.data), 600) });
	const plan = caseFile.plan;
	if (plan) {
		whatWasTried.push(`Plan ${plan.id} (${plan.engine}, revision ${plan.revision}) by the ${plan.specialist} specialist.`);
		for (const s of plan.steps) evidence.push({ kind: 'plan_step', label: `${s.id}: ${s.tool} (${s.access})`, detail: `${s.why}; args ${JSON.stringify(s.args)}${s.citations.length ? `; cites ${s.citations.join(', ')}` : ''}` });
		for (const a of plan.assumptions) evidence.push({ kind: 'assumption', label: 'Assumption', detail: a });
	}
	const ex = caseFile.execution;
	if (ex) {
		for (const s of [...ex.steps, ...ex.compensations]) {
			const ids = Object.entries(s.externalIds).map(([k, v]) => `${k}=${v}`).join(', ');
			whatWasTried.push(`${s.tool} (${s.stepId}): ${s.status}${ids ? ` [${ids}]` : ''}`);
			evidence.push({ kind: 'execution', label: `${s.stepId}: ${s.tool}`, detail: `${s.status} after ${s.attempts} attempt(s)${s.responseSummary ? `; ${s.responseSummary}` : ''}${s.error ? `; error: ${s.error}` : ''}${ids ? `; ids ${ids}` : ''}` });
		}
	}
	const review = caseFile.review;
	if (review) {
		whatWasTried.push(`Critic (${review.stage}) verdict ${review.verdict} after ${review.revisionCount} revision(s).`);
		for (const c of review.checks.filter((x) => !x.passed)) evidence.push({ kind: 'review', label: c.id, detail: `${c.onFail}: ${c.reason}` });
	}
	const tags = [...new Set(['support-escalated', `escalated-${tagSafe(fromLayer)}`, `escalation-${tagSafe(code)}`, ...(intent ? [`intent-${tagSafe(intent)}`] : []), ...(ex?.outcome === 'partial' ? ['partial-execution'] : []), ...(options.tags ?? []).map(tagSafe)])].filter(Boolean);
	const suggestedNextAction = suggestNextAction(caseFile, code);
	const summary = summaryOf(caseFile, fromLayer);
	const model: NoteModel = redactDeep({ caseFile: { ...caseFile, handoff: undefined }, reason, headline, fromLayer: LAYERS[fromLayer], summary, suggestedNextAction, priority, priorityWhy: why, group, tags });
	const handoff: Handoff = {
		reason: redactText(reason),
		fromLayer,
		summary: model.summary,
		whatWasTried: redactDeep(whatWasTried),
		evidence: redactDeep(evidence),
		suggestedNextAction: model.suggestedNextAction,
		priority,
		...(group ? { group } : {}),
		tags,
		note: { html: renderHtml(model), markdown: renderMarkdown(model) },
	};
	return handoff;
}
