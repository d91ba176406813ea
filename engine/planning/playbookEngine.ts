import type { CaseFile, Plan, PlanStep, Review } from '../contracts';
import { baseLanguage, guessLanguage } from '../verification/language';
import { attempt } from './attempt';
import { compilePlaybook, selectPlaybook, type CompiledPlaybook } from './compilePlaybook';
import { ConditionEvalError, evaluateCondition, resolvePath, type ConditionResult } from './conditions';
import { DEFAULT_PLAYBOOKS } from './defaultPlaybooks';
import { missingFactReason } from './factGaps';
import type { PlannerOutcome } from './outcome';
import { PlaybookError, type Playbook } from './playbook';
import { planId } from './planId';
import { applyRevision, revisionRequested, type DraftSection } from './revise';
import { buildScope, findPassages, type PlanningSettings } from './scope';
import { renderArgs, renderText } from './template';
import { isBusinessWrite } from './toolCatalogue';

export interface PlaybookPlannerOptions extends PlanningSettings {
	/** Operator playbooks (JSON) or compiled ones; defaults to DEFAULT_PLAYBOOKS. */
	playbooks?: Array<CompiledPlaybook | unknown>;
	/** A `revise` review of the current plan; defaults to caseFile.review when it is one. */
	review?: Review;
}

const compiledDefaults = new WeakMap<object, CompiledPlaybook>();

function compileAll(list: Array<CompiledPlaybook | unknown>): CompiledPlaybook[] {
	return list.map((p) => {
		if (p && typeof p === 'object' && 'playbook' in p && 'conditions' in p) return p as CompiledPlaybook;
		const cached = p && typeof p === 'object' ? compiledDefaults.get(p) : undefined;
		if (cached) return cached;
		const compiled = compilePlaybook(p);
		if (p && typeof p === 'object') compiledDefaults.set(p, compiled);
		return compiled;
	});
}

function isEmpty(v: unknown): boolean {
	return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The language the reply should be in: the ticket's locale, else a guess from the message. */
export function replyLanguage(caseFile: CaseFile): string | undefined {
	return baseLanguage(caseFile.ticket?.locale) ?? guessLanguage(caseFile.ticket?.message ?? '').language;
}

function citationNote(passages: Array<{ title: string; version: string; headingPath: string[] }>): string {
	if (!passages.length) return '';
	return `(see ${passages.map((p) => `${[p.title, ...p.headingPath.slice(-1)].join(' › ')}, v${p.version}`).join('; ')})`;
}

/** What every stage of planning one ticket reads: the playbook, the condition scope and the notes so far. */
interface Planning {
	caseFile: CaseFile;
	pb: Playbook;
	scope: Record<string, unknown>;
	now: Date;
	/** Why the plan looks as it does, for the Critic and the hand-off; each stage adds to it. */
	assumptions: string[];
	evalCond: (source: string, where: string) => ConditionResult;
}

const isOutcome = (v: unknown): v is PlannerOutcome => !!v && typeof v === 'object' && 'outcome' in v;

/** The questions for the customer (requirements and conditions that ask), or why a person must take over. */
function checkPreconditions(p: Planning): string[] | PlannerOutcome {
	const { caseFile, pb, scope, assumptions } = p;
	const questions: string[] = [];
	for (const req of pb.requires) {
		if (!isEmpty(resolvePath(scope, req.path))) continue;
		const given = req.given ? resolvePath(scope, req.given) : undefined;
		if (!isEmpty(given)) return { outcome: 'escalate', code: 'missing_data', reason: missingFactReason(caseFile, req.path, given) };
		const reason = renderText(req.reason, scope).value;
		if (!req.ask) return { outcome: 'escalate', code: 'missing_data', reason: `${reason} (${req.path} is missing).` };
		questions.push(renderText(req.ask, scope).value);
		assumptions.push(reason);
	}
	// Conditions read facts: with a requirement still to ask for, they would only say "unknown".
	if (questions.length) return questions;
	for (const [i, cond] of pb.conditions.entries()) {
		const result = p.evalCond(cond.when, `condition ${i + 1}`);
		if (result.status === 'true') continue;
		const action = result.status === 'missing' ? (cond.onMissing ?? cond.otherwise) : cond.otherwise;
		const reason = renderText(cond.reason, scope).value + (result.status === 'missing' ? ` (unknown: ${result.paths.join(', ')})` : '');
		if (action === 'escalate' || !cond.ask) return { outcome: 'escalate', code: result.status === 'missing' ? 'missing_data' : 'condition', reason };
		questions.push(renderText(cond.ask, scope).value);
		assumptions.push(reason);
	}
	return questions;
}

/** The playbook's steps for this case, rendered; a write that cannot be decided or justified escalates. */
function planSteps(p: Planning): PlanStep[] | PlannerOutcome {
	const { caseFile, pb, scope, now, assumptions } = p;
	const steps: PlanStep[] = [];
	for (const step of pb.steps) {
		const where = `step "${step.id}"`;
		if (step.when) {
			const r = p.evalCond(step.when, `${where} condition`);
			if (r.status === 'false') continue;
			if (r.status === 'missing') {
				if (step.access === 'write') return { outcome: 'escalate', code: 'missing_data', reason: `Cannot decide whether to ${step.why.toLowerCase()}: ${r.paths.join(', ')} unknown.` };
				assumptions.push(`Skipped ${step.id}: ${r.paths.join(', ')} unknown.`);
				continue;
			}
		}
		const args = renderArgs(step.args, scope, now);
		if (args.missing.length) {
			if (step.access === 'write') return { outcome: 'escalate', code: 'missing_data', reason: `Step "${step.id}" (${step.tool}) needs ${args.missing.join(', ')}, which the case does not have.` };
			assumptions.push(`Skipped ${step.id}: ${args.missing.join(', ')} unknown.`);
			continue;
		}
		const citations = findPassages(caseFile, step.cite).map((c) => c.chunkId);
		// A business write needs a passage that allows it; a note or tag on the ticket does not.
		if (isBusinessWrite(step) && pb.writesNeedCitation && !citations.length) {
			return { outcome: 'escalate', code: 'no_citation', reason: `No policy passage in force allows step "${step.id}" (${step.tool}); looked for: ${step.cite.join(', ') || 'nothing configured'}.` };
		}
		const compensation = step.compensation ? { tool: step.compensation.tool, args: renderArgs(step.compensation.args, scope, now).value as Record<string, unknown> } : undefined;
		steps.push({ id: step.id, tool: step.tool, access: step.access, args: args.value as Record<string, unknown>, why: renderText(step.why, scope).value, citations, ...(compensation ? { compensation } : {}) });
	}
	return steps;
}

/** The reply's sections in the customer's language (or the playbook's first), each cited sentence only with its passage. */
function draftSections(p: Planning, language: string | undefined): { sections: DraftSection[]; langKey: string } | PlannerOutcome {
	const { caseFile, pb, scope, assumptions } = p;
	const langKey = language && pb.reply[language] ? language : Object.keys(pb.reply)[0];
	if (language && langKey !== language) assumptions.push(`No "${language}" reply template in playbook "${pb.id}"; replied in "${langKey}".`);
	const sections: DraftSection[] = [];
	const template = pb.reply[langKey];
	const marksFrame = template.some((section) => section.frame);
	let answering = 0;
	const leftOut: string[] = [];
	for (const [i, section] of template.entries()) {
		if (section.when && p.evalCond(section.when, `reply (${langKey}) section ${i + 1} condition`).status !== 'true') continue;
		const passages = findPassages(caseFile, section.cite);
		if (section.cite.length && !passages.length) {
			leftOut.push(`no policy passage in force about ${section.cite.join('/')}`);
			continue;
		}
		const rendered = renderText(section.text, { ...scope, cite: citationNote(passages) });
		if (rendered.missing.length) {
			leftOut.push(`${rendered.missing.join(', ')} unknown`);
			continue;
		}
		if (!section.frame) answering++;
		sections.push({ text: rendered.value, citations: passages.map((c) => c.chunkId) });
	}
	assumptions.push(...leftOut.map((why) => `Left out a reply sentence: ${why}.`));
	// "Hi Tom, Best regards" answers nothing; in auto mode it would go out as the reply.
	if (marksFrame && answering === 0) {
		return { outcome: 'escalate', code: 'no_content', reason: `The reply would only greet the customer: every answering sentence of playbook "${pb.id}" was left out (${leftOut.join('; ') || 'no sentence applies'}).` };
	}
	return { sections, langKey };
}

/** Steps and reply, then the Critic's requested revision if there is one, assembled into the plan. */
function draftPlan(p: Planning, category: string, options: PlaybookPlannerOptions): PlannerOutcome {
	const { caseFile, pb, assumptions } = p;
	const steps = planSteps(p);
	if (isOutcome(steps)) return steps;
	const language = replyLanguage(caseFile);
	const reply = draftSections(p, language);
	if (isOutcome(reply)) return reply;
	let revision = 0;
	let draft = { steps, sections: reply.sections };
	const review = options.review ?? (revisionRequested(caseFile) ? caseFile.review : undefined);
	if (review) {
		revision = review.revisionCount;
		const revised = applyRevision(caseFile, draft, review, { caps: options.caps, scope: options.scope, language, hasTemplate: (l) => !!pb.reply[l] });
		if ('escalate' in revised) return { outcome: 'escalate', code: 'revision', reason: revised.escalate };
		draft = revised.draft;
		assumptions.push(...revised.changes);
	}
	if (!draft.sections.length) return { outcome: 'escalate', code: 'revision', reason: `Nothing is left to say to the customer after the playbook "${pb.id}" and the Critic's revisions.` };
	const plan = assemblePlan(caseFile, { specialist: pb.specialist, intent: category, engine: 'playbook', steps: draft.steps, sections: draft.sections, locale: reply.langKey, assumptions, revision, now: p.now });
	return { outcome: 'plan', plan };
}

/**
 * Plans a ticket from the operator's playbook for its intent. Nothing is executed: the result is a
 * plan for the Critic, a clarifying question for the customer, or a reason for a person.
 */
export function planWithPlaybook(caseFile: CaseFile, options: PlaybookPlannerOptions = {}): PlannerOutcome {
	const ticket = caseFile.ticket;
	const category = caseFile.intent?.category;
	if (!ticket) return { outcome: 'escalate', code: 'contract', reason: 'The case file has no ticket section.' };
	if (!category) return { outcome: 'escalate', code: 'contract', reason: 'The ticket has no intent to plan for.' };
	const now = options.now ?? new Date();
	const compiled = selectPlaybook(compileAll(options.playbooks ?? DEFAULT_PLAYBOOKS), category);
	if (!compiled) return { outcome: 'escalate', code: 'no_playbook', reason: `No playbook serves the intent "${category}".` };
	const pb = compiled.playbook;
	const scope = buildScope(caseFile, { ...options, now }, pb.policyDefaults);
	const assumptions: string[] = [];
	if (!pb.intents.includes(category)) assumptions.push(`No playbook for intent "${category}"; the "${pb.id}" playbook was used.`);
	const evalCond = (source: string, where: string): ConditionResult => {
		const c = compiled.conditions.get(source);
		if (!c) throw new PlaybookError(pb.id, where, `condition "${source}" was not compiled`);
		const r = attempt(() => evaluateCondition(c, scope, now));
		if (r.ok) return r.value;
		if (r.error instanceof ConditionEvalError) throw new PlaybookError(pb.id, where, r.error.message);
		throw r.error;
	};
	const p: Planning = { caseFile, pb, scope, now, assumptions, evalCond };
	const result = attempt((): PlannerOutcome => {
		const questions = checkPreconditions(p);
		if (isOutcome(questions)) return questions;
		if (questions.length) return clarify(caseFile, pb, questions, assumptions, now);
		return draftPlan(p, category, options);
	});
	if (result.ok) return result.value;
	if (result.error instanceof PlaybookError) return { outcome: 'escalate', code: 'playbook_error', reason: result.error.message };
	throw result.error;
}

function clarify(caseFile: CaseFile, pb: Playbook, questions: string[], assumptions: string[], now: Date): PlannerOutcome {
	const name = caseFile.ticket?.customer.name?.split(' ')[0];
	const body = [`Hi${name ? ` ${name}` : ''},`, 'thanks for getting in touch.', ...questions, 'As soon as we have this, we will take care of it.'].join('\n\n');
	const plan = assemblePlan(caseFile, {
		specialist: pb.specialist,
		intent: caseFile.intent?.category ?? pb.intents[0],
		engine: 'playbook',
		steps: [],
		sections: [{ text: body, citations: [] }],
		locale: replyLanguage(caseFile),
		assumptions: [...assumptions, 'Clarification needed before anything can be done.'],
		revision: 0,
		now,
	});
	return { outcome: 'clarify', plan, question: questions.join(' ') };
}

export function assemblePlan(
	caseFile: CaseFile,
	p: { specialist: string; intent: string; engine: 'playbook' | 'model'; steps: PlanStep[]; sections: DraftSection[]; locale?: string; assumptions: string[]; revision: number; now: Date },
): Plan {
	const draftReply = {
		body: p.sections.map((s) => s.text).join('\n\n'),
		citations: [...new Set(p.sections.flatMap((s) => s.citations))],
		...(p.locale ? { locale: p.locale } : {}),
	};
	const content = { specialist: p.specialist, intent: p.intent, engine: p.engine, steps: p.steps, draftReply, assumptions: p.assumptions, revision: p.revision };
	return { id: planId(caseFile.ticket ?? { id: '', message: '' }, content), ...content, createdAt: p.now.toISOString() };
}
