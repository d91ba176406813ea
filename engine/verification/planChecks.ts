import type { z } from 'zod/v4';
import type { OverCapRequest, ReviewCheck } from '../contracts';
import { attempt } from '../planning/attempt';
import { compileCondition, ConditionEvalError, ConditionSyntaxError, evaluateCondition, resolvePath } from '../planning/conditions';
import { capFor, scopeViolation, TOOL_CATALOGUE } from '../planning/toolCatalogue';
import type { CheckContext } from './checkContext';
import { DEFAULT_EMAIL_PATHS } from './rules';
import { RULE } from './ruleIds';
import { requestedAmount } from './requestedAmount';

export type Check = z.input<typeof ReviewCheck>;

const pass = (id: string, reason: string): Check => ({ id, passed: true, reason, onFail: 'info' });
const fail = (id: string, reason: string, onFail: 'revise' | 'escalate'): Check => ({ id, passed: false, reason, onFail });

function num(v: unknown): number | undefined {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

/**
 * Words a customer uses when asking for an irreversible action, in the languages the Critic reads.
 * A router that is merely more-sure-than-not about "return_refund" must not be enough to move money:
 * the customer's own words must ask for it.
 */
const REFUND_WORDS = /\b(refund\w*|money back|reimburs\w*|return\w*|send (it|them|this|these|the \w+) back|charged? (twice|double)|double[- ]charged|erstatt\w*|zurück\w*|rembours\w*|retour\w*|reembols\w*|devol\w*|terugbetal\w*|rimbors\w*|restitu\w*)/i;

const REQUEST_WORDS: Record<string, { action: string; words: RegExp }> = {
	'shopify.refundOrder': { action: 'a refund', words: REFUND_WORDS },
	'stripe.createRefund': { action: 'a refund', words: REFUND_WORDS },
	'shopify.cancelOrder': { action: 'a cancellation', words: /\b(cancel\w*|don'?t (want|need) (it|this|the order)|stornier\w*|annul\w*|cancelar|anular|annuleren|annullare)\b/i },
};

/** Money-moving and cancelling steps only when the customer's own message asks for them. */
export function checkRequested(ctx: CheckContext): Check {
	const ticket = ctx.caseFile.ticket;
	const said = `${ticket?.subject ?? ''}\n${ticket?.message ?? ''}`;
	const unasked = ctx.businessWrites.filter((s) => REQUEST_WORDS[s.tool] && !REQUEST_WORDS[s.tool].words.test(said));
	if (!unasked.length) return pass(RULE.requested, 'Every refund or cancellation in the plan is what the customer asked for.');
	const actions = [...new Set(unasked.map((s) => REQUEST_WORDS[s.tool].action))].join(' and ');
	return fail(RULE.requested, `The customer's message does not ask for ${actions} (steps ${unasked.map((s) => s.id).join(', ')}); a person should decide.`, 'escalate');
}

/** Every step uses a tool the intent allows, with the access it allows. */
export function checkScope(ctx: CheckContext): Check {
	const scope = ctx.rules.scope;
	if (!scope) {
		const writes = ctx.businessWrites.map((s) => s.tool);
		return writes.length
			? fail(RULE.scope, `No tool scope is configured for this intent, so business writes (${writes.join(', ')}) cannot be allowed.`, 'escalate')
			: pass(RULE.scope, 'No tool scope configured; the plan makes no business writes.');
	}
	const problems = ctx.plan.steps.map((s) => ({ s, why: scopeViolation(scope, s.tool, s.access) })).filter((x) => x.why);
	if (problems.length) return fail(RULE.scope, problems.map((p) => `step ${p.s.id}: ${p.why}`).join('; '), 'escalate');
	const writes = ctx.plan.steps.filter((s) => s.access === 'write').length;
	if (scope.maxWritesPerTicket !== undefined && writes > scope.maxWritesPerTicket) {
		return fail(RULE.scope, `The plan makes ${writes} writes; this intent allows ${scope.maxWritesPerTicket}.`, 'escalate');
	}
	return pass(RULE.scope, `All ${ctx.plan.steps.length} steps are inside the intent's tool scope.`);
}

/** Required arguments are present (the executor would refuse otherwise, after earlier steps ran). */
export function checkArgs(ctx: CheckContext): Check {
	const problems: string[] = [];
	for (const s of ctx.plan.steps) {
		const spec = TOOL_CATALOGUE[s.tool];
		for (const a of spec?.required ?? []) {
			const v = s.args[a];
			if (v === undefined || v === null || v === '') problems.push(`step ${s.id} (${s.tool}) has no ${a}`);
		}
		const amount = spec?.amountArg ? s.args[spec.amountArg] : undefined;
		if (amount !== undefined && !((num(amount) ?? 0) > 0)) problems.push(`step ${s.id} has a non-positive or non-numeric amount ${JSON.stringify(amount)}`);
	}
	return problems.length ? fail(RULE.argsValid, problems.join('; '), 'escalate') : pass(RULE.argsValid, 'Every step has its required arguments.');
}

/** Ends the reason of an over-cap request. */
const OVER_CAP_DECISION = 'a person decides on the amount.';

/** What the customer asked for, e.g. `480.00 EUR ("480 EUR" in their message)` or `a refund of everything paid, 49.90 EUR`. */
export function describeAsked(r: OverCapRequest): string {
	const amount = `${r.asked.toFixed(2)} ${r.askedCurrency}`;
	return r.how === 'named' ? `${amount} ("${r.quoted ?? ''}" in their message)` : `a refund of everything paid, ${amount}`;
}

function describeOverCap(r: OverCapRequest): string {
	return `The customer asked for ${describeAsked(r)}, over the cap of ${r.cap.toFixed(2)} ${r.currency} for automatic refunds (step ${r.stepId} would move ${r.planned.toFixed(2)} ${r.currency})`;
}

/**
 * Money moved by the plan: within the cap for its currency, in the order's currency, at most what was
 * paid. Over the cap, who wanted that much decides: if the customer asked for more than the cap
 * (an amount in their words, or their money back when that is more), a person must decide the
 * amount, so the check escalates; capping it would close the case on less than they asked for. A
 * plan over the cap that the customer did not ask for (a planner mistake) is sent back to be revised
 * down to the cap.
 */
export function checkAmounts(ctx: CheckContext): Check[] {
	const money = ctx.plan.steps
		.filter((s) => s.access === 'write')
		.map((s) => ({ s, amount: num(s.args[TOOL_CATALOGUE[s.tool]?.amountArg ?? 'amount']), currency: typeof s.args.currency === 'string' ? s.args.currency : undefined }))
		.filter((m) => m.amount !== undefined);
	if (!money.length) {
		return [pass(RULE.amountCap, 'The plan moves no money.'), pass(RULE.amountCurrency, 'The plan moves no money.'), pass(RULE.amountOrderTotal, 'The plan moves no money.')];
	}
	const order = resolvePath(ctx.scope, 'facts.order') as Record<string, unknown> | undefined;
	const charge = resolvePath(ctx.scope, 'facts.charge') as Record<string, unknown> | undefined;
	const ticket = ctx.caseFile.ticket;
	const asksForRefund = REFUND_WORDS.test(`${ticket?.subject ?? ''}\n${ticket?.message ?? ''}`);
	const capProblems: string[] = [];
	const askedOverCap: OverCapRequest[] = [];
	const currencyProblems: string[] = [];
	const totalProblems: string[] = [];
	for (const { s, amount, currency } of money) {
		const a = amount as number;
		if (!currency) {
			currencyProblems.push(`step ${s.id} moves ${a} without a currency`);
			continue;
		}
		const cur = currency.toUpperCase();
		const paid = s.tool.startsWith('stripe.')
			? (num(charge?.amount_major) ?? 0) - (num(charge?.amount_refunded) ?? 0) / 100
			: num(order?.total);
		const cap = capFor(ctx.rules.scope, currency);
		if (cap === undefined) currencyProblems.push(`step ${s.id}: no cap configured in ${cur}`);
		else if (a > cap) {
			const asked = requestedAmount(ctx.caseFile, { asksForRefund, paid, currency });
			if (asked && asked.amount > cap + 1e-9) {
				const named = asked.how === 'named';
				askedOverCap.push({ stepId: s.id, asked: asked.amount, askedCurrency: (named ? asked.currency : undefined) ?? cur, how: named ? 'named' : 'everythingPaid', ...(named ? { quoted: asked.text } : {}), cap, planned: a, currency: cur });
			} else {
				capProblems.push(`step ${s.id} moves ${a.toFixed(2)} ${cur}, over the cap of ${cap.toFixed(2)}, which the customer did not ask for${asked ? ` (they asked for ${asked.amount.toFixed(2)})` : ''}`);
			}
		}
		const source = s.tool.startsWith('stripe.') ? charge : order;
		const paidCurrency = typeof source?.currency === 'string' ? source.currency : undefined;
		if (paidCurrency && paidCurrency.toLowerCase() !== currency.toLowerCase()) {
			currencyProblems.push(`step ${s.id} is in ${cur} but the payment was in ${paidCurrency.toUpperCase()}`);
		}
		if (paid === undefined) totalProblems.push(`step ${s.id}: the amount paid is unknown, so ${a.toFixed(2)} cannot be checked against it`);
		else if (a > paid + 1e-9) totalProblems.push(`step ${s.id} moves ${a.toFixed(2)}, more than the ${paid.toFixed(2)} paid`);
	}
	const capCheck: Check = askedOverCap.length
		? { ...fail(RULE.amountCap, `${[...askedOverCap.map(describeOverCap), ...capProblems].join('; ')}: ${OVER_CAP_DECISION}`, 'escalate'), overCap: askedOverCap }
		: capProblems.length
			? fail(RULE.amountCap, capProblems.join('; '), 'revise')
			: pass(RULE.amountCap, 'Every amount is within its cap.');
	return [
		capCheck,
		currencyProblems.length ? fail(RULE.amountCurrency, currencyProblems.join('; '), 'escalate') : pass(RULE.amountCurrency, 'Currencies match the payment and have caps.'),
		totalProblems.length ? fail(RULE.amountOrderTotal, totalProblems.join('; '), 'escalate') : pass(RULE.amountOrderTotal, 'No amount exceeds what was paid.'),
	];
}

function ageInDays(value: unknown, now: Date): number | undefined {
	const d = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : typeof value === 'string' ? new Date(value) : undefined;
	if (!d || Number.isNaN(d.getTime())) return undefined;
	return (now.getTime() - d.getTime()) / 86_400_000;
}

/** Eligibility windows against live facts, for plans that make business writes. */
export function checkWindows(ctx: CheckContext): Check {
	const windows = ctx.rules.windows ?? [];
	if (!windows.length) return pass(RULE.eligibilityWindow, 'No eligibility window configured for this intent.');
	if (!ctx.businessWrites.length) return pass(RULE.eligibilityWindow, 'The plan makes no business writes.');
	const problems: string[] = [];
	for (const w of windows) {
		const age = ageInDays(resolvePath(ctx.scope, w.date), ctx.now);
		if (age === undefined) problems.push(`${w.id ?? w.date}: ${w.date} is unknown, so eligibility cannot be confirmed`);
		else if (age > w.maxDays) problems.push(w.reason ?? `${w.id ?? w.date}: ${Math.floor(age)} days ago, over the ${w.maxDays}-day window`);
	}
	return problems.length ? fail(RULE.eligibilityWindow, problems.join('; '), 'escalate') : pass(RULE.eligibilityWindow, `Inside every eligibility window (${windows.map((w) => `${w.maxDays} days`).join(', ')}).`);
}

/** The person asking owns the order or payment the plan changes. */
export function checkIdentity(ctx: CheckContext): Check {
	if (ctx.rules.identity?.required === false) return pass(RULE.identity, 'Identity check switched off for this intent.');
	if (!ctx.businessWrites.length) return pass(RULE.identity, 'The plan makes no business writes.');
	const requester = ctx.caseFile.ticket?.customer.email?.trim().toLowerCase();
	if (!requester) return fail(RULE.identity, 'The ticket has no requester email, so the customer cannot be matched to the order or payment.', 'escalate');
	const onRecord = (ctx.rules.identity?.emailPaths ?? DEFAULT_EMAIL_PATHS)
		.map((p) => resolvePath(ctx.scope, p))
		.filter((v): v is string => typeof v === 'string' && v.includes('@'))
		.map((v) => v.trim().toLowerCase());
	if (!onRecord.length) return fail(RULE.identity, 'No customer email is on record in the live facts, so identity cannot be verified.', 'escalate');
	const mismatch = onRecord.filter((e) => e !== requester);
	if (mismatch.length) return fail(RULE.identity, `The requester (${requester}) is not the customer on record for this order or payment.`, 'escalate');
	return pass(RULE.identity, 'The requester\'s email matches the customer on record.');
}

/** Operator conditions in the planner's language; a condition that cannot be evaluated escalates. */
export function checkCustom(ctx: CheckContext): Check[] {
	return (ctx.rules.conditions ?? []).map((c) => {
		const id = `custom.${c.id}`;
		const evaluated = attempt(() => evaluateCondition(compileCondition(c.when), ctx.scope, ctx.now));
		if (!evaluated.ok) {
			const e = evaluated.error;
			if (e instanceof ConditionSyntaxError || e instanceof ConditionEvalError) return fail(id, `Rule "${c.id}" is broken: ${e.message}`, 'escalate');
			throw e;
		}
		const r = evaluated.value;
		if (r.status === 'true') return pass(id, `${c.when}: true`);
		const onFail = c.onFail ?? 'escalate';
		const reason = r.status === 'missing' ? `${c.reason} (unknown: ${r.paths.join(', ')})` : c.reason;
		return onFail === 'info' ? { id, passed: false, reason, onFail } : fail(id, reason, onFail);
	});
}
