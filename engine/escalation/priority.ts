import type { CaseFile } from '../contracts';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
const ORDER: Priority[] = ['low', 'normal', 'high', 'urgent'];
/** The priorities from lowest to highest (e.g. for a "minimum priority" choice). */
export const PRIORITY_LEVELS: readonly Priority[] = ORDER;

/** The rules' defaults, the one place they are written (the Packager's parameters show them). */
export const DEFAULT_HIGH_AMOUNT = 250;
export const DEFAULT_URGENT_AMOUNT = 1000;
export const DEFAULT_NEGATIVE_SENTIMENT_AT = -0.6;

export interface PriorityRules {
	/** Amounts (major units) at or above which the case is at least high / urgent. */
	highAmount?: number;
	urgentAmount?: number;
	/** Sentiment score at or below which priority goes up one level (default DEFAULT_NEGATIVE_SENTIMENT_AT). */
	negativeSentimentAt?: number;
	/** Ticket tags of customers who always get one level more (e.g. 'vip'). */
	vipTags?: string[];
	/** Never below this. */
	minimum?: Priority;
}

const FROM_URGENCY: Record<string, Priority> = { low: 'low', normal: 'normal', high: 'high', critical: 'urgent' };

function num(v: unknown): number | undefined {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

/** The largest sum of money this case is about: plan amounts, the order total, the charge. */
export function amountAtStake(caseFile: CaseFile): number | undefined {
	const amounts: number[] = [];
	for (const s of caseFile.plan?.steps ?? []) {
		const a = num(s.args.amount);
		if (a !== undefined) amounts.push(a);
	}
	for (const f of caseFile.context?.facts ?? []) {
		if (f.kind === 'order') {
			const t = num(f.data.total_price) ?? num(f.data.total);
			if (t !== undefined) amounts.push(t);
		}
		if (f.kind === 'charge') {
			const a = num(f.data.amount);
			if (a !== undefined) amounts.push(a / 100);
		}
	}
	return amounts.length ? Math.max(...amounts) : undefined;
}

/** Priority from urgency, then raised (never lowered) by anger, money, VIP tags and half-done work. */
export function priorityFor(caseFile: CaseFile, rules: PriorityRules = {}): { priority: Priority; why: string[] } {
	const why: string[] = [];
	let level = ORDER.indexOf(FROM_URGENCY[caseFile.intent?.urgency.level ?? 'normal'] ?? 'normal');
	if (caseFile.intent) why.push(`urgency ${caseFile.intent.urgency.level}`);
	const raiseTo = (p: Priority, reason: string) => {
		if (ORDER.indexOf(p) > level) {
			level = ORDER.indexOf(p);
			why.push(reason);
		}
	};
	const sentiment = caseFile.intent?.sentiment.score;
	if (sentiment !== undefined && sentiment <= (rules.negativeSentimentAt ?? DEFAULT_NEGATIVE_SENTIMENT_AT)) raiseTo(ORDER[Math.min(level + 1, 3)], 'very negative sentiment');
	const tags = new Set((caseFile.ticket?.tags ?? []).map((t) => t.toLowerCase()));
	if ((rules.vipTags ?? []).some((t) => tags.has(t.toLowerCase()))) raiseTo(ORDER[Math.min(level + 1, 3)], 'VIP customer');
	const amount = amountAtStake(caseFile);
	if (amount !== undefined && amount >= (rules.urgentAmount ?? DEFAULT_URGENT_AMOUNT)) raiseTo('urgent', `${amount.toFixed(2)} at stake`);
	else if (amount !== undefined && amount >= (rules.highAmount ?? DEFAULT_HIGH_AMOUNT)) raiseTo('high', `${amount.toFixed(2)} at stake`);
	const outcome = caseFile.execution?.outcome;
	if (outcome === 'partial' || outcome === 'failed') raiseTo('high', `execution ${outcome}`);
	if (rules.minimum) raiseTo(rules.minimum, 'minimum priority');
	return { priority: ORDER[level], why };
}
