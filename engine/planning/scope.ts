import type { CaseFile, PolicyPassage } from '../contracts';
import { ticketNoteTag } from '../execution/idempotency';
import { capFor, type ToolScope } from './toolCatalogue';

/** Operator settings for one intent, shared by the planner (conditions) and the Critic (rules). */
export interface PlanningSettings {
	/** Values conditions read as `policy.*`, e.g. `{ returnWindowDays: 30 }`. */
	policy?: Record<string, unknown>;
	/** Values conditions read as `caps.*`, e.g. `{ refund: 100, currency: 'EUR' }`. */
	caps?: Record<string, unknown>;
	/** The intent's tool scope (same shape the executor enforces); its cap in the order's currency becomes `caps.refund`. */
	scope?: ToolScope;
	now?: Date;
}

function toNum(v: unknown): number | undefined {
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return undefined;
}

/**
 * Vendors spell the same thing differently; playbooks read one spelling. Adds (never overwrites)
 * `total`, `delivered_at`, `customer_email`, `fulfilled` for orders and `amount_major` for charges.
 */
export function enrichFact(kind: string, data: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...data };
	if (kind === 'order') {
		if (out.total === undefined) out.total = toNum(data.total_price) ?? toNum(data.current_total_price);
		const customer = data.customer as { email?: unknown } | undefined;
		if (out.customer_email === undefined) out.customer_email = data.email ?? data.contact_email ?? customer?.email;
		if (out.delivered_at === undefined && Array.isArray(data.fulfillments)) {
			const delivered = (data.fulfillments as Array<Record<string, unknown>>).filter((f) => f && f.shipment_status === 'delivered');
			const last = delivered[delivered.length - 1];
			if (last) out.delivered_at = last.delivered_at ?? last.updated_at;
		}
		if (out.fulfilled === undefined) out.fulfilled = data.fulfillment_status === 'fulfilled';
	}
	if (kind === 'charge' && out.amount_major === undefined) {
		const amount = toNum(data.amount);
		// Stripe amounts are in the currency's minor unit; zero-decimal currencies are rare in support.
		if (amount !== undefined) out.amount_major = amount / 100;
	}
	return out;
}

/**
 * True when one of the order's refunds carries this ticket's tag (our executor writes it into the
 * refund note): the refund is this case's own earlier attempt, e.g. n8n stopped after Shopify
 * refunded and the execution was retried. The executor then finds it and records it as done.
 */
function refundedForTicket(order: Record<string, unknown>, ticketId: string): boolean {
	const refunds = Array.isArray(order.refunds) ? (order.refunds as Array<Record<string, unknown> | null>) : [];
	return refunds.some((r) => typeof r?.note === 'string' && r.note.includes(ticketNoteTag(ticketId)));
}

/** The data conditions and templates read. Facts are keyed by kind; the latest of a kind wins. */
export function buildScope(caseFile: CaseFile, settings: PlanningSettings = {}, extraPolicy: Record<string, unknown> = {}): Record<string, unknown> {
	const facts: Record<string, unknown> = {};
	for (const fact of caseFile.context?.facts ?? []) facts[fact.kind] = enrichFact(fact.kind, fact.data);
	const order = facts.order as Record<string, unknown> | undefined;
	if (order && caseFile.ticket) order.refunded_for_this_ticket = refundedForTicket(order, caseFile.ticket.id);
	const currency = typeof order?.currency === 'string' ? order.currency : undefined;
	const caps: Record<string, unknown> = { ...(settings.caps ?? {}) };
	const scopeCap = capFor(settings.scope, currency);
	if (caps.refund === undefined && scopeCap !== undefined) caps.refund = scopeCap;
	if (caps.currency === undefined && scopeCap !== undefined) caps.currency = currency;
	return {
		ticket: caseFile.ticket ?? {},
		intent: caseFile.intent ?? {},
		customer: caseFile.ticket?.customer ?? {},
		facts,
		policy: { ...extraPolicy, ...(settings.policy ?? {}) },
		caps,
		now: (settings.now ?? new Date()).toISOString(),
	};
}

/** A passage applies if it took effect on or before `asOf` and had not ended by then. */
export function inForce(passage: PolicyPassage, asOf: string | Date): boolean {
	const at = new Date(asOf).getTime();
	if (new Date(passage.effectiveFrom).getTime() > at) return false;
	return passage.effectiveTo === null || passage.effectiveTo === undefined || new Date(passage.effectiveTo).getTime() > at;
}

/**
 * Passages in force about any keyword, best score first. Tags are the operator's deliberate labels,
 * so they win; titles and headings come next; body text only when nothing else matches (a returns
 * passage that mentions "ship" is not the shipping policy).
 */
export function findPassages(caseFile: CaseFile, keywords: string[], max = 2): PolicyPassage[] {
	const ctx = caseFile.context;
	if (!ctx || !keywords.length) return [];
	const words = keywords.map((k) => k.toLowerCase());
	const live = ctx.passages.filter((p) => inForce(p, ctx.asOf)).sort((a, b) => b.score - a.score);
	const byTag = live.filter((p) => (p.tags ?? []).some((t) => words.includes(t.toLowerCase())));
	if (byTag.length) return byTag.slice(0, max);
	const byHeading = live.filter((p) => words.some((w) => `${p.title} ${(p.headingPath ?? []).join(' ')}`.toLowerCase().includes(w)));
	if (byHeading.length) return byHeading.slice(0, max);
	return live.filter((p) => words.some((w) => p.text.toLowerCase().includes(w))).slice(0, max);
}
