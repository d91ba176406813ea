/**
 * Order references in customer text. Later layers look orders up by these, so we only take what
 * is clearly an order number: a `#1234`, a number right after the word "order", or an `ORD-1234`
 * style reference. A bare number (a phone, a date, an amount) is not taken.
 */

const HASH_REF = /(?:^|[^\w&#])#\s?(\d{3,12})\b/g;
const ORDER_WORD_REF =
	/\border(?:\s+(?:number|num|no\.?|nr\.?|id|ref(?:erence)?))?\s*(?:is|was)?\s*[:#]?\s*#?\s*([a-z]{0,5}-?\d[\w-]{2,30})/gi;
const PREFIXED_REF = /\b(ORD(?:ER)?-?\d{3,12})\b/gi;

function clean(ref: string): string {
	return ref.replace(/^#/, '').replace(/-+$/, '').trim();
}

/** Adds refs to `into`, skipping case-insensitive duplicates; keeps the first spelling seen. */
function addUnique(into: string[], refs: Iterable<string>): void {
	const seen = new Set(into.map((r) => r.toUpperCase()));
	for (const raw of refs) {
		const ref = clean(raw);
		if (ref.length === 0 || !/\d/.test(ref)) continue;
		const key = ref.toUpperCase();
		if (seen.has(key)) continue;
		seen.add(key);
		into.push(ref);
	}
}

export function extractOrderRefs(text: string): string[] {
	const found: Array<{ at: number; ref: string }> = [];
	for (const pattern of [HASH_REF, ORDER_WORD_REF, PREFIXED_REF]) {
		for (const match of text.matchAll(pattern)) found.push({ at: match.index ?? 0, ref: match[1] });
	}
	// Text order, so the first order the customer mentions comes first.
	found.sort((a, b) => a.at - b.at);
	const out: string[] = [];
	addUnique(
		out,
		found.map((f) => f.ref),
	);
	return out;
}

/** Explicit refs first (they are what the helpdesk or operator stated), then those found in the text. */
export function mergeOrderRefs(explicit: string[], fromText: string[]): string[] {
	const out: string[] = [];
	addUnique(out, explicit);
	addUnique(out, fromText);
	return out;
}

/** Order numbers in custom-field style records: keys like `cf_order_number`, `order_id`, `Order ref`. */
export function orderRefsFromFields(record: Record<string, unknown> | undefined): string[] {
	if (!record) return [];
	const out: string[] = [];
	for (const [key, value] of Object.entries(record)) {
		if (!/(?:^|[\s_-])order[\s_-]*(?:number|num|no|nr|id|ref|reference)?$/i.test(key)) continue;
		if (typeof value === 'string' && value.trim() !== '') out.push(value.trim());
		else if (typeof value === 'number' && Number.isFinite(value)) out.push(String(value));
	}
	return out;
}
