/**
 * The built-in policy numbers, once. The built-in playbooks read them as `policy.*`, the Critic's
 * eligibility windows are computed from them (engine/verification/defaultRules.ts), and the Intent
 * Router's form shows them as the defaults of its fields: an operator who changes the return window
 * in the intent entry changes what the playbook plans and what the Critic accepts.
 */
export const POLICY_DEFAULTS = {
	/** Days after delivery a return (and its refund) is accepted. */
	returnWindowDays: 30,
	/** Business days a refund takes to show on the customer's statement. */
	refundProcessingDays: 5,
	/** Business days an order usually takes to leave the warehouse. */
	dispatchDays: 2,
	/** Days after delivery damage can be reported. */
	damageReportDays: 14,
	/** Answer from Policy: days after delivery the request is accepted; 0 = no limit. */
	eligibleWithinDays: 0,
} as const;
export type PolicyKey = keyof typeof POLICY_DEFAULTS;

/** Refund caps per currency (major units) of the built-in refund scope. */
export const DEFAULT_REFUND_CAP = 100;
export const DEFAULT_CAP_CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
/** Writes one ticket may make under the built-in refund scope (refund, note, tag). */
export const DEFAULT_REFUND_MAX_WRITES = 3;
