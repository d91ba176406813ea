/**
 * What an n8n expression hands over is loosely typed: a number may arrive as "49.90", a date as a
 * Luxon DateTime or "2026-11-20", a list as an array or a JSON string. These turn such values into
 * what the order contract expects, and leave anything they cannot read as it is, so the contract
 * names the field instead of this code guessing.
 */

export function blank(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

export function text(v: unknown): string | undefined {
	if (blank(v)) return undefined;
	if (typeof v === 'string') return v.trim();
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return typeof (v as { toString?: unknown }).toString === 'function' ? String(v) : undefined;
}

/** "49.90", "49,90", "€49.90" and 49.9 all read as 49.9; anything else stays for the contract to reject. */
export function amount(v: unknown): unknown {
	if (blank(v)) return undefined;
	if (typeof v === 'number') return v;
	if (typeof v !== 'string') return v;
	const cleaned = v.trim().replace(/^[^\d-]+/, '').replace(/[^\d.,-]+$/, '');
	const normalised = /^-?\d+,\d{1,2}$/.test(cleaned) ? cleaned.replace(',', '.') : cleaned.replace(/,/g, '');
	const n = Number(normalised);
	return normalised !== '' && Number.isFinite(n) ? n : v;
}

/** Any date JavaScript can read becomes ISO-8601 with offset; an unreadable one stays as it is. */
export function isoDate(v: unknown): unknown {
	if (blank(v)) return undefined;
	const raw = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? v : String(v);
	const d = new Date(raw);
	return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/**
 * Order lines as a list of `{ title, quantity }`. Accepts that list, a list of strings, a JSON
 * string of either, or plain text such as "2x Mug, Lamp" (one line per comma or semicolon).
 */
export function orderItems(v: unknown): unknown {
	if (blank(v)) return [];
	let value = v;
	if (typeof value === 'string' && /^\s*\[/.test(value)) {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return v;
		}
	}
	if (typeof value === 'string') value = value.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean);
	if (!Array.isArray(value)) return v;
	return value.map((entry: unknown) => {
		if (typeof entry === 'string') {
			const m = /^(\d+)\s*[x×]\s*(.+)$/i.exec(entry.trim());
			return m ? { title: m[2].trim(), quantity: Number(m[1]) } : { title: entry.trim(), quantity: 1 };
		}
		if (entry && typeof entry === 'object') {
			const o = entry as Record<string, unknown>;
			return { title: text(o.title ?? o.name ?? o.product ?? o.sku) ?? '', quantity: amount(o.quantity ?? o.qty ?? 1) };
		}
		return entry;
	});
}
