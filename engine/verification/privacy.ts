import type { CaseFile, Plan } from '../contracts';
import { flattenText } from './evidence';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Order numbers as customers and shops write them: #1001, order 1001, Bestellung 1001. */
const ORDER_REF = /(?:#|\b(?:order|bestellung|commande|pedido|bestelling|ordine)\s*(?:no\.?|nr\.?|number|nummer)?\s*#?)(\d{3,})\b/gi;

function norm(ref: string): string {
	return ref.replace(/^#/, '').trim().toLowerCase();
}

/**
 * Order references that belong to this case: the ticket's, the looked-up order's, and those named in
 * live records that carry this customer's email (a charge described as "Order #1001").
 */
export function ownOrderRefs(caseFile: CaseFile): Set<string> {
	const refs = new Set<string>((caseFile.ticket?.orderRefs ?? []).map(norm));
	const email = caseFile.ticket?.customer.email?.toLowerCase();
	for (const f of caseFile.context?.facts ?? []) {
		const text = flattenText(f.data);
		if (email && text.toLowerCase().includes(email)) for (const m of text.matchAll(ORDER_REF)) refs.add(norm(m[1]));
		if (f.kind !== 'order') continue;
		for (const key of ['id', 'name', 'order_number', 'number']) {
			const v = f.data[key];
			if (typeof v === 'string' || typeof v === 'number') refs.add(norm(String(v)));
		}
	}
	return refs;
}

export interface ForeignData {
	kind: 'email' | 'order' | 'name';
	value: string;
	where: string;
}

/**
 * Emails, order numbers and names in the reply or plan arguments that are not this customer's.
 * `allowedEmails` are the shop's own addresses (support@...), which a reply may mention.
 */
export function foreignData(caseFile: CaseFile, plan: Plan, allowedEmails: string[] = []): ForeignData[] {
	const ownEmail = caseFile.ticket?.customer.email?.toLowerCase();
	const allowed = new Set([...(ownEmail ? [ownEmail] : []), ...allowedEmails.map((e) => e.toLowerCase())]);
	const ownRefs = ownOrderRefs(caseFile);
	const found: ForeignData[] = [];
	const texts: Array<[string, string]> = [['reply', plan.draftReply.body], ...plan.steps.map((s): [string, string] => [`step ${s.id}`, flattenText(s.args)])];
	for (const [where, text] of texts) {
		for (const m of text.matchAll(EMAIL)) {
			if (!allowed.has(m[0].toLowerCase())) found.push({ kind: 'email', value: m[0], where });
		}
		for (const m of text.matchAll(ORDER_REF)) {
			if (!ownRefs.has(norm(m[1]))) found.push({ kind: 'order', value: m[0].trim(), where });
		}
	}
	for (const s of plan.steps) {
		const orderId = s.args.orderId;
		if ((typeof orderId === 'string' || typeof orderId === 'number') && !ownRefs.has(norm(String(orderId)))) {
			found.push({ kind: 'order', value: String(orderId), where: `step ${s.id} orderId` });
		}
	}
	// A name on someone else's order (the looked-up order is not this customer's) must not be quoted.
	const order = caseFile.context?.facts.find((f) => f.kind === 'order')?.data as Record<string, unknown> | undefined;
	const orderEmail = String(order?.email ?? (order?.customer as { email?: unknown } | undefined)?.email ?? '').toLowerCase();
	if (order && ownEmail && orderEmail && orderEmail !== ownEmail) {
		const c = (order.customer ?? {}) as Record<string, unknown>;
		for (const name of [c.first_name, c.last_name].filter((n): n is string => typeof n === 'string' && n.length > 2)) {
			if (plan.draftReply.body.includes(name)) found.push({ kind: 'name', value: name, where: 'reply' });
		}
	}
	return found;
}

function shingles(text: string, size: number): Set<string> {
	const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
	const out = new Set<string>();
	for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
	return out;
}

/** Internal texts of this case: private conversation entries and the plan's internal notes. */
export function internalTexts(caseFile: CaseFile, plan?: Plan): string[] {
	const notes = (caseFile.ticket?.conversation ?? []).filter((c) => c.public === false).map((c) => c.body);
	for (const s of plan?.steps ?? []) {
		if (s.tool.endsWith('.addInternalNote') && typeof s.args.body === 'string') notes.push(s.args.body);
	}
	return notes;
}

/** Runs of six or more words a public text shares with an internal note. */
export function internalOverlap(publicText: string, internal: string[]): string[] {
	const pub = shingles(publicText, 6);
	const hits: string[] = [];
	for (const note of internal) {
		for (const s of shingles(note, 6)) {
			if (pub.has(s)) {
				hits.push(s);
				break;
			}
		}
	}
	return hits;
}
