/**
 * Phrases that try to steer an automated agent rather than ask for help. Found in the ticket, in
 * an order note or in retrieved policy text, they mean the text is trying to give orders.
 */
export const INJECTION_MARKERS: RegExp[] = [
	/\bignore (all |any |the )?(previous|prior|above|earlier|your) (instructions|rules|prompts?|policy|policies)\b/i,
	/\bdisregard (all |any |the )?(previous|prior|above|your) (instructions|rules|policy|policies)\b/i,
	/\bforget (all |your )?(previous )?(instructions|rules)\b/i,
	/\b(my |the )?(manager|supervisor|admin|administrator|ceo|team lead)( has| already)? (approved|authori[sz]ed|signed off|okayed)\b/i,
	/\bapproved by (the |your |a )?(manager|supervisor|admin|management)\b/i,
	/\bas an? (admin|administrator|developer|system|root|support agent|employee)\b/i,
	/\b(system|developer) (prompt|message|override)\b/i,
	/\byou are now\b/i,
	/\bnew instructions?\b/i,
	/\boverride (the )?(policy|rules|limits?|caps?)\b/i,
	/\b(admin|administrator|system|manager|supervisor) override\b/i,
	/\bdisregard (the |our |your |all |any )?[\w\s-]{0,20}?(policy|policies|rules|limits?)\b/i,
	/\bjailbreak\b|\bDAN mode\b/i,
	/<\/?(system|instructions?)>/i,
	/\bdo not (tell|inform|notify) (anyone|the agent|a human)\b/i,
	/\brefund (it )?to (a |this |my )?(different|other|new) (card|account)\b/i,
	/\bignorier(e|en sie) (alle )?(vorherigen|bisherigen) anweisungen\b/i,
	/\bignore[sz]? (les |toutes les )?instructions (précédentes|antérieures)\b/i,
];

export interface InjectionHit {
	where: string;
	marker: string;
}

export function findInjection(where: string, text: string | undefined, extra: string[] = []): InjectionHit[] {
	if (!text) return [];
	const hits: InjectionHit[] = [];
	for (const r of INJECTION_MARKERS) {
		const m = r.exec(text);
		if (m) hits.push({ where, marker: m[0] });
	}
	const lower = text.toLowerCase();
	for (const e of extra) if (e && lower.includes(e.toLowerCase())) hits.push({ where, marker: e });
	return hits;
}
