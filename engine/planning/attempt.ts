/**
 * Runs `fn` and returns its value or the error, so callers translate errors without throwing from a
 * catch block (n8n's lint rule reserves that for node code, where errors become NodeApiError).
 */
export function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}
