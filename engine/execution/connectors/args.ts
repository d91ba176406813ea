/** Small argument readers shared by the connectors; they never throw, they report. */

export function str(args: Record<string, unknown>, name: string): string | undefined {
	const v = args[name];
	if (typeof v === 'string' && v.trim() !== '') return v.trim();
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	return undefined;
}

export function num(args: Record<string, unknown>, name: string): number | undefined {
	const v = args[name];
	if (typeof v === 'number' && Number.isFinite(v)) return v;
	if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return parseFloat(v);
	return undefined;
}

export function strList(args: Record<string, unknown>, name: string): string[] | undefined {
	const v = args[name];
	if (v === undefined) return undefined;
	if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
	if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
	return undefined;
}

/** Ids go into URL paths: only plain id characters, so a plan cannot reach another path. */
export function pathId(value: string | undefined): string | undefined {
	return value !== undefined && /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
}
