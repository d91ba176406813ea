import type { CaseFile, Plan, PlanStep, Review } from '../contracts';
import { unbackedClaims } from '../verification/claims';
import { claimEvidence } from '../verification/evidence';
import { internalOverlap, internalTexts } from '../verification/privacy';
import { requestedAmount } from '../verification/requestedAmount';
import { RULE } from '../verification/ruleIds';
import { toneFindings } from '../verification/tone';
import { capFor, TOOL_CATALOGUE, type ToolScope } from './toolCatalogue';

/** One reply paragraph with the passages it cites: the unit a revision keeps or drops. */
export interface DraftSection {
	text: string;
	citations: string[];
}

export interface Draft {
	steps: PlanStep[];
	sections: DraftSection[];
}

/** The case's latest review asks the planner to revise the plan the case carries. */
export function revisionRequested(caseFile: CaseFile): boolean {
	const r = caseFile.review;
	return !!r && r.verdict === 'revise' && !!caseFile.plan && r.planId === caseFile.plan.id;
}

function numberVariants(n: number, raw: unknown): string[] {
	const out = new Set<string>([n.toFixed(2), String(n)]);
	if (typeof raw === 'string') out.add(raw);
	return [...out];
}

function toNum(v: unknown): number | undefined {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

function pseudoPlan(draft: Draft): Plan {
	return {
		steps: draft.steps,
		draftReply: { body: draft.sections.map((s) => s.text).join('\n\n'), citations: [...new Set(draft.sections.flatMap((s) => s.citations))] },
	} as Plan;
}

/**
 * Applies what a `revise` review asked for, check by check: cap amounts, drop reply paragraphs with
 * unbacked claims, promises, internal-note text or bad tone. A failed check the planner cannot fix
 * by itself ends in an escalation with that check's reason, never in the same plan again.
 */
export function applyRevision(
	caseFile: CaseFile,
	input: Draft,
	review: Review,
	opts: { caps?: Record<string, unknown>; scope?: ToolScope; language?: string; hasTemplate: (language: string) => boolean },
): { draft: Draft; changes: string[] } | { escalate: string } {
	let draft: Draft = { steps: input.steps.map((s) => ({ ...s, args: { ...s.args } })), sections: [...input.sections] };
	const changes: string[] = [];
	const failed = review.checks.filter((c) => !c.passed && c.onFail !== 'info');
	const dropSections = (test: (s: DraftSection) => boolean, why: string): void => {
		const kept = draft.sections.filter((s) => !test(s));
		if (kept.length < draft.sections.length) changes.push(`Revision: removed ${draft.sections.length - kept.length} reply paragraph(s) ${why}.`);
		draft = { ...draft, sections: kept };
	};

	for (const check of failed) {
		switch (check.id) {
			case RULE.amountCap: {
				for (const step of draft.steps) {
					const arg = TOOL_CATALOGUE[step.tool]?.amountArg;
					const amount = arg ? toNum(step.args[arg]) : undefined;
					if (!arg || amount === undefined) continue;
					const currency = typeof step.args.currency === 'string' ? step.args.currency : undefined;
					const cap = capFor(opts.scope, currency) ?? toNum(opts.caps?.refund);
					if (cap === undefined) return { escalate: `Critic: ${check.reason} (no refund cap is configured to revise to).` };
					if (amount <= cap) continue;
					// The Critic revises only when the customer did not ask for more than the cap; if they
					// named a smaller amount, that is what they get, not the cap.
					const asked = requestedAmount(caseFile, { asksForRefund: true, paid: amount, currency });
					const sameCurrency = !asked?.currency || !currency || asked.currency.toUpperCase() === currency.toUpperCase();
					const target = asked?.how === 'named' && sameCurrency && asked.amount > 0 && asked.amount < cap ? asked.amount : cap;
					const old = numberVariants(amount, step.args[arg]);
					step.args[arg] = target;
					draft.sections = draft.sections.map((s) => ({ ...s, text: old.reduce((t, o) => t.split(o).join(target.toFixed(2)), s.text) }));
					changes.push(
						target < cap
							? `Revision: ${step.id} lowered from ${amount.toFixed(2)} to ${target.toFixed(2)}, the amount the customer asked for (cap ${cap.toFixed(2)}).`
							: `Revision: ${step.id} capped from ${amount.toFixed(2)} to ${cap.toFixed(2)} (the refund cap); the rest needs a person's decision.`,
					);
				}
				break;
			}
			case RULE.claimsBacked:
			case RULE.promises: {
				const evidence = claimEvidence(caseFile, pseudoPlan(draft));
				dropSections((s) => unbackedClaims(s.text, evidence).length > 0, 'with claims or promises no cited policy passage backs');
				break;
			}
			case RULE.internalLeak: {
				const internal = internalTexts(caseFile, pseudoPlan(draft));
				dropSections((s) => internalOverlap(s.text, internal).length > 0, 'quoting internal notes');
				break;
			}
			case RULE.tone:
				dropSections((s) => toneFindings(s.text).length > 0, 'with wording unfit for a customer');
				break;
			case RULE.citationsValid:
				// Citations come from the passages in force; re-planning already re-derived them.
				changes.push('Revision: citations re-derived from the passages in force.');
				break;
			case RULE.language:
				if (!opts.language || !opts.hasTemplate(opts.language)) {
					return { escalate: `Critic: ${check.reason} There is no reply template in "${opts.language ?? 'the ticket language'}".` };
				}
				break;
			default:
				return { escalate: `Critic asked for a revision the planner cannot make: ${check.id}: ${check.reason}` };
		}
	}
	return { draft, changes };
}
