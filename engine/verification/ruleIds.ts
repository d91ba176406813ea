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
