import type { CaseFile, Plan, PolicyPassage } from '../contracts';
import { inForce } from '../planning/scope';
import { numbersIn, type ClaimEvidence } from './claims';

function collectStrings(value: unknown, out: string[], depth = 0): void {
	if (depth > 8 || value === null || value === undefined) return;
	if (typeof value === 'string' || typeof value === 'number') out.push(String(value));
	else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out, depth + 1));
	else if (typeof value === 'object') Object.values(value).forEach((v) => collectStrings(v, out, depth + 1));
}

/** Every string and number in a value, flattened: what "appears in the facts" means. */
export function flattenText(value: unknown): string {
	const out: string[] = [];
	collectStrings(value, out);
	return out.join('\n');
}

/** The cited passages that exist in context and are in force at the ticket's time. */
export function validCitedPassages(caseFile: CaseFile, citations: string[]): PolicyPassage[] {
	const ctx = caseFile.context;
	if (!ctx) return [];
	return ctx.passages.filter((p) => citations.includes(p.chunkId) && inForce(p, ctx.asOf));
}

/** What may back a number in a reply: cited passages, or facts of this case (order, charge, plan). */
export function claimEvidence(caseFile: CaseFile, plan: Plan): ClaimEvidence {
	const factText = [flattenText(caseFile.context?.facts.map((f) => f.data)), flattenText(plan.steps.map((s) => s.args))].join('\n');
	const factNumbers = numbersIn(factText);
	// Stripe amounts are minor units: 4990 backs "49.90".
	for (const f of caseFile.context?.facts ?? []) {
		if (f.kind === 'charge' && typeof f.data.amount === 'number') factNumbers.add(String(f.data.amount / 100));
	}
	const citations = [...new Set([...plan.draftReply.citations, ...plan.steps.flatMap((s) => s.citations)])];
	return { cited: validCitedPassages(caseFile, citations), factNumbers };
}
