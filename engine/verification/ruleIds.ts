/**
 * Ids of the Critic's built-in checks. The planner reads failed ids from a `revise` review to know
 * what to change, so these are a contract between the two layers.
 */
export const RULE = {
	scope: 'plan.scope',
	argsValid: 'plan.args_valid',
	amountCap: 'amount.cap',
	amountCurrency: 'amount.currency',
	amountOrderTotal: 'amount.order_total',
	eligibilityWindow: 'eligibility.window',
	identity: 'identity.verified',
	requested: 'request.matches_action',
	citationsValid: 'reply.citations_valid',
	claimsBacked: 'reply.claims_backed',
	promises: 'reply.promises',
	otherCustomer: 'privacy.other_customer',
	internalLeak: 'reply.internal_leak',
	language: 'reply.language',
	tone: 'reply.tone',
	injection: 'safety.injection',
	execution: 'reply.matches_execution',
	unfilledSlots: 'reply.unfilled_slots',
	alreadyGiven: 'reply.already_given',
} as const;
export type RuleId = (typeof RULE)[keyof typeof RULE];

/** Each check as the editor lists it (Critic checks to switch off per intent): a name and what it guards. */
export const CHECK_DESCRIPTIONS: Readonly<Record<RuleId, { name: string; hint: string }>> = {
	'plan.scope': { name: 'Tools Within Scope', hint: "Every step uses a tool this intent allows; writes only with write tools" },
	'plan.args_valid': { name: 'Step Arguments Valid', hint: 'Each step has the arguments its tool needs' },
	'amount.cap': { name: 'Amount Within Cap', hint: "A money-moving step stays at or under the intent's cap" },
	'amount.currency': { name: 'Currency Matches', hint: "A money-moving step is in the order's currency" },
	'amount.order_total': { name: 'Amount Within Order Total', hint: 'A refund never exceeds what the order cost' },
	'eligibility.window': { name: 'Eligibility Window', hint: 'Business writes only inside the window the playbook numbers set (e.g. return window)' },
	'identity.verified': { name: 'Identity Verified', hint: "Business writes only when the requester's email matches the order's or payment's" },
	'request.matches_action': { name: 'Action Matches the Request', hint: 'The plan does what the customer asked (e.g. the amount they asked for)' },
	'reply.citations_valid': { name: 'Citations Valid', hint: 'The reply cites only policy passages in force' },
	'reply.claims_backed': { name: 'Claims Backed', hint: 'Policy claims in the reply (days, amounts) are backed by a cited passage' },
	'reply.promises': { name: 'No Unbacked Promises', hint: 'The reply promises nothing the plan or policy does not do' },
	'privacy.other_customer': { name: 'No Other Customer Data', hint: "The reply holds no other customer's email, phone or order" },
	'reply.internal_leak': { name: 'No Internal Notes Leaked', hint: 'No internal ids, notes or tool names in the reply' },
	'reply.language': { name: 'Reply Language', hint: "The reply is in the customer's language" },
	'reply.tone': { name: 'Tone', hint: 'No blame, profanity or dismissive wording' },
	'safety.injection': { name: 'Prompt Injection', hint: 'The ticket does not steer the plan with instructions to the assistant' },
	'reply.matches_execution': { name: 'Reply Matches What Was Done', hint: 'After execution: the reply says only what actually happened' },
	'reply.unfilled_slots': { name: 'No Unfilled Placeholders', hint: 'No [[placeholder]] or {{slot}} left in the reply' },
	'reply.already_given': { name: 'Never Ask Again', hint: 'The reply never asks for what the customer already gave' },
};
