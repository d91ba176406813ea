/**
 * n8n's date picker saves a date and time without a time zone ("2026-03-01T00:00:00"), meant in the
 * workflow's time zone (Workflow Settings, else the instance's GENERIC_TIMEZONE), as n8n's own nodes
 * read it. JavaScript would read it in the server's zone instead, so version 2 of the Retriever
 * reads every date without a zone (picked, or from an item) here.
 */

/** A date, or a date and time, with no offset and no Z. */
const WITHOUT_ZONE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** How far the zone's wall clock is ahead of UTC at this instant, in milliseconds. */
function offsetAt(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs));
	const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wall - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant a zone-less date means in `timeZone`; undefined if `value` has another shape (it
 * carries a zone, say), so the caller parses it as it is; an Invalid Date for an impossible one
 * (2026-02-30). A wall-clock time skipped by a DST change resolves to the instant after the jump.
 */
export function zonedInstant(value: string, timeZone: string): Date | undefined {
	const m = WITHOUT_ZONE.exec(value.trim());
	if (!m) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m;
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
	const check = new Date(wall);
	if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return new Date(NaN);
	// The offset at the wall time read as UTC, then at the instant that gives (right across DST changes).
	let instant = wall - offsetAt(wall, timeZone);
	const again = offsetAt(instant, timeZone);
	if (wall - again !== instant) instant = wall - again;
	return new Date(instant);
}
