/**
 * Patterns for what a support message reports (outage, security incident, threat, deadline,
 * repeated contact). Urgency weighs them; sentiment reads the problem reports too, because a
 * customer reporting fraud or a third unanswered email is unhappy even without an emotive word.
 * All patterns run on normalizeText output (lower case, apostrophes removed).
 */
const DAY = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|noon|midday)';

/** Each rule: a pattern on normalised text (lower case, no apostrophes), the signal it names, its weight. */
export const RULES = {
	security: /\b(hacked|hacker|unauthori[sz]ed|fraud(ulent)?|stolen|data breach|breach|compromised|identity theft|leaked|accidentally (committed|published|exposed)|security (issue|problem|incident)|(other|another) (people|customers|users)s? (data|details|address|order)|someone (else )?(accessed|logged in|is using|has access)|i (never|did not|didnt) (made|make|authori[sz]e))/,
	outage: /\b(outage|offline|(is|are|went|been|goes|was|still|completely|totally) down\b|down for (everyone|everybody|all|us)|(5\d\d) errors?|nothing (works|loads|is loading)|(site|website|store|service|server|platform|app|api|dashboard|system|checkout|portal)s? (is |are |has been |have been |was )?(completely |totally )?(unreachable|unavailable|inaccessible))/,
	malfunction: /\b(stopped (working|firing|syncing|loading|sending|charging)|no \w+ (are|is) (syncing|loading|arriving|coming through)|(not|isnt|arent|stopped|no longer) working|(doesnt|dont|didnt|does not|do not) work|broken|crash(es|ed|ing)?|keeps? (failing|crashing)|(is|are|been|keeps) failing|failed|failing|errors?\b|bug|cant (log ?in|access|login|sign in|pay|check ?out)|locked out|(account|card) (is |was |has been )?(locked|blocked|frozen)|not (loading|syncing|generating|firing|arriving))/,
	impact: /\b(all (of )?((our|my|the) )?(customers|users|staff|clients|orders|accounts|customer accounts)|every (customer|user|order|single order|page|client)|everyone|everybody|none of our|our (whole|entire)|entire (platform|site|store|team|company)|production|losing (money|sales|orders|thousands|revenue|customers|every)|costing us|at a standstill|whole (checkout|team|company|business)|our business|\d+ (staff|users|employees|customers))/,
	legal: /\b(lawyer|attorney|solicitor|sue|suing|lawsuit|legal action|court|small claims|charge ?backs?|dispute (the|this|it)|disputing|file a dispute|report (you|this|your company)|better business bureau|bbb|trading standards|consumer protection|ombudsman|ftc|(going|go) to my bank|contact(ing)? my bank)/,
	/** Stated time pressure: weighs as much as a threat. */
	deadline: new RegExp(
		`\\b(asap|as soon as possible|urgent(ly)?|immediately|right now|right away|emergency|expedite|time.sensitive|deadline|within the hour|in (one|an|two|three|\\d+) hours?|by ${DAY}|by end of (the )?(day|week)|by eod|before ${DAY}|before the weekend|month end|(needed|need it|due) (by )?${DAY}|is about to (lapse|expire))`,
	),
	/** A day named without a demand ("slow today") is weaker evidence. */
	soon: new RegExp(`\\b(today|tonight|this (morning|afternoon|evening)|${DAY} morning|on ${DAY}\\b)`),
	repeated: /\b(third|fourth|fifth|3rd|4th|5th|second|2nd) (time|email|message|complaint|request|call|missed)|(two|three|four|five|several|multiple|many|\d+) times|again and again|yet again|once again|\bagain[.,!?]|still (waiting|nothing|no|not|haven|hasnt|havent)|no (response|reply|answer)|nobody (tells|answers|replies|responds|has (replied|answered|responded)|gets back)|(why is|is) (nobody|no one) (answering|replying|responding)|following up|(any|an) update|chased|chasing|asked (again|before|already)|for (days|weeks)|been (a|one|two|three) (week|month)s?|it.?s been (a|one|two|three|\d+) (days?|weeks?|months?)|(days|weeks|months) (later|without)/,
	low: /\b(no rush|no hurry|not urgent|whenever|when you (get a chance|have time|can)|when someone is free|low priority|just (curious|wondering|a question|wanted to (say|let you know))|out of interest|feature request|suggestion|would be nice|would you consider|fyi|for your information|feedback|at some point|any plans|plan to (support|add)|roadmap)\b/,
};


/** "not urgent" and "no rush" must not count as time pressure. */
export function negateUrgentOff(text: string): string {
	return text.replace(/\b(not|no|isnt|nothing) (urgent|rush|hurry|emergency)/g, ' ');
}
