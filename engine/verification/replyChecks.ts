import { flattenText, claimEvidence } from './evidence';
import type { CheckContext } from './checkContext';
import type { Check } from './planChecks';
import { unbackedClaims } from './claims';
import { findInjection, type InjectionHit } from './injection';
import { baseLanguage, guessLanguage } from './language';
import { foreignData, internalOverlap, internalTexts } from './privacy';
import { RULE } from './ruleIds';
import { toneFindings } from './tone';
import { inForce } from '../planning/scope';

const pass = (id: string, reason: string): Check => ({ id, passed: true, reason, onFail: 'info' });
const fail = (id: string, reason: string, onFail: 'revise' | 'escalate'): Check => ({ id, passed: false, reason, onFail });

/** Cited chunkIds exist among the retrieved passages and are in force; business writes cite one. */
export function checkCitations(ctx: CheckContext): Check {
	const c = ctx.caseFile.context;
	const cited = [...new Set([...ctx.plan.draftReply.citations, ...ctx.plan.steps.flatMap((s) => s.citations)])];
	const problems: string[] = [];
	for (const id of cited) {
		const p = c?.passages.find((x) => x.chunkId === id);
		if (!p) problems.push(`${id} was not retrieved for this case`);
		else if (!inForce(p, c!.asOf)) problems.push(`${id} (${p.title} v${p.version}) is not in force`);
	}
	for (const s of ctx.businessWrites) {
		if (!s.citations.some((id) => c?.passages.some((p) => p.chunkId === id && inForce(p, c.asOf)))) problems.push(`step ${s.id} (${s.tool}) cites no policy passage in force`);
	}
	return problems.length ? fail(RULE.citationsValid, problems.join('; '), 'revise') : pass(RULE.citationsValid, `${cited.length} citation(s), all retrieved and in force.`);
}

/** Durations and percentages in the reply appear in a cited, in-force passage. */
export function checkClaims(ctx: CheckContext): Check[] {
	const evidence = claimEvidence(ctx.caseFile, ctx.plan);
	const unbacked = unbackedClaims(ctx.plan.draftReply.body, evidence);
	const policy = unbacked.filter((c) => c.kind === 'duration' || c.kind === 'percent');
	const promises = unbacked.filter((c) => c.kind === 'promise' || c.kind === 'amount');
	return [
		policy.length
			? fail(RULE.claimsBacked, `Not backed by a cited passage in force: ${policy.map((c) => `"${c.text}"`).join(', ')}.`, 'revise')
			: pass(RULE.claimsBacked, 'Every policy figure in the reply appears in a cited passage.'),
		promises.length
			? fail(RULE.promises, `Promises or amounts the policy and the facts do not make: ${promises.map((c) => `"${c.text}"`).join(', ')}.`, 'revise')
			: pass(RULE.promises, 'The reply promises nothing beyond the cited policy and the facts.'),
	];
}

/** No other customer's emails, order numbers or names in the reply or the plan's arguments. */
export function checkOtherCustomer(ctx: CheckContext): Check {
	const found = foreignData(ctx.caseFile, ctx.plan, ctx.rules.allowedEmails);
	return found.length
		? fail(RULE.otherCustomer, `Data that is not this customer's: ${found.map((f) => `${f.kind} ${f.value} (${f.where})`).join('; ')}.`, 'escalate')
		: pass(RULE.otherCustomer, 'Only this customer\'s data appears.');
}

export function checkInternalLeak(ctx: CheckContext): Check {
	const hits = internalOverlap(ctx.plan.draftReply.body, internalTexts(ctx.caseFile, ctx.plan));
	return hits.length
		? fail(RULE.internalLeak, `The public reply quotes internal notes: "${hits[0]}"${hits.length > 1 ? ` and ${hits.length - 1} more` : ''}.`, 'revise')
		: pass(RULE.internalLeak, 'No internal-note text in the public reply.');
}

export function checkLanguage(ctx: CheckContext): Check {
	const ticket = ctx.caseFile.ticket;
	const wanted = baseLanguage(ticket?.locale) ?? guessLanguage(`${ticket?.subject ?? ''} ${ticket?.message ?? ''}`).language;
	const got = guessLanguage(ctx.plan.draftReply.body).language ?? baseLanguage(ctx.plan.draftReply.locale);
	if (!wanted || !got) return pass(RULE.language, 'Language could not be determined with confidence; not checked.');
	return wanted === got ? pass(RULE.language, `The reply is in the ticket's language (${got}).`) : fail(RULE.language, `The ticket is in "${wanted}" but the reply is in "${got}".`, 'revise');
}

export function checkTone(ctx: CheckContext): Check {
	const findings = toneFindings(ctx.plan.draftReply.body, ctx.rules.profanity);
	return findings.length
		? fail(RULE.tone, `Unfit for a customer: ${findings.map((f) => `${f.problem} ("${f.text}")`).join('; ')}.`, 'revise')
		: pass(RULE.tone, 'Tone is fit for a customer.');
}

/**
 * Text that tries to give the agent orders. In retrieved policy or live facts it means a poisoned
 * source: always a person. In the ticket it matters when the plan would act on it (business writes).
 */
export function checkInjection(ctx: CheckContext): Check {
	const extra = ctx.rules.injectionMarkers ?? [];
	const t = ctx.caseFile.ticket;
	const fromTicket: InjectionHit[] = [
		...findInjection('ticket subject', t?.subject, extra),
		...findInjection('ticket message', t?.message, extra),
		...(t?.conversation ?? []).filter((c) => c.author === 'customer').flatMap((c) => findInjection('conversation', c.body, extra)),
	];
	const fromSources: InjectionHit[] = [
		...(ctx.caseFile.context?.passages ?? []).flatMap((p) => findInjection(`passage ${p.chunkId}`, p.text, extra)),
		...(ctx.caseFile.context?.facts ?? []).flatMap((f) => findInjection(`${f.kind} facts`, flattenText(f.data), extra)),
	];
	const describe = (hits: InjectionHit[]) => hits.map((h) => `"${h.marker}" in ${h.where}`).join('; ');
	if (fromSources.length) return fail(RULE.injection, `Instructions planted in retrieved text or live data: ${describe(fromSources)}.`, 'escalate');
	if (fromTicket.length && ctx.businessWrites.length) {
		return fail(RULE.injection, `The ticket tries to instruct the agent (${describe(fromTicket)}) and the plan would change ${ctx.businessWrites.map((s) => s.tool).join(', ')}.`, 'escalate');
	}
	if (fromTicket.length) return { id: RULE.injection, passed: true, reason: `Instruction-like text in the ticket (${describe(fromTicket)}), but the plan makes no business writes.`, onFail: 'info' };
	return pass(RULE.injection, 'No instruction-like text in the ticket or retrieved sources.');
}

/** After execution: the reply may only go out if what it describes actually happened. */
export function checkExecution(ctx: CheckContext): Check {
	const writes = ctx.plan.steps.filter((s) => s.access === 'write');
	const ex = ctx.caseFile.execution;
	if (!ex) {
		return writes.length
			? fail(RULE.execution, 'The plan has writes but there is no execution record; the reply would describe actions nobody took.', 'escalate')
			: pass(RULE.execution, 'Nothing to execute.');
	}
	if (ex.planId !== ctx.plan.id) return fail(RULE.execution, `The execution record is for plan ${ex.planId}, not the current plan ${ctx.plan.id}.`, 'escalate');
	if (ex.outcome === 'partial' || ex.outcome === 'failed' || ex.outcome === 'refused') {
		const bad = ex.steps.filter((s) => s.status === 'failed' || s.status === 'refused' || s.status === 'not_run' || s.status === 'compensated');
		return fail(RULE.execution, `Execution ${ex.outcome}: ${bad.map((s) => `${s.stepId} ${s.status}${s.error ? ` (${s.error})` : ''}`).join('; ') || 'see execution'}.`, 'escalate');
	}
	return pass(RULE.execution, ex.outcome === 'dry_run' ? 'Dry run: nothing was sent, the reply is recorded only.' : 'Every step the reply describes completed.');
}
