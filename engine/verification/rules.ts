import type { ToolScope } from '../planning/toolCatalogue';

/**
 * The Critic's configuration for one intent, as an operator writes it in the node (JSON). Every
 * field is optional; absent fields fall back to safe defaults (identity required before business
 * writes, citations required for policy claims).
 */
export interface CriticRules {
	/** Same shape the Support Action Executor enforces: tools, write tools, amount caps per currency. */
	scope?: ToolScope;
	/** Eligibility windows: a date fact must be at most `maxDays` old when the plan makes a business write. */
	windows?: Array<{ id?: string; date: string; maxDays: number; reason?: string }>;
	identity?: {
		/** Default true: a business write needs the requester's email to match the order's/payment's. */
		required?: boolean;
		/** Paths (condition-language syntax) holding the customer email on record. */
		emailPaths?: string[];
	};
	/** The shop's own addresses a reply may mention (support@...). */
	allowedEmails?: string[];
	profanity?: string[];
	injectionMarkers?: string[];
	/** Extra checks in the planner's condition language, e.g. `facts.order.total < 500`. */
	conditions?: Array<{ id: string; when: string; reason: string; onFail?: 'revise' | 'escalate' | 'info' }>;
	/** Values the custom conditions read as `policy.*`. */
	policy?: Record<string, unknown>;
	/** Check ids to switch off, e.g. ['reply.language'] for a shop that always answers in English. */
	disabled?: string[];
}

export const DEFAULT_EMAIL_PATHS = [
	'facts.order.customer_email',
	'facts.customer.email',
	'facts.charge.billing_details.email',
	'facts.charge.receipt_email',
];

/** Per-intent rules with a '*' entry for the rest: picks and merges the one for this intent. */
export function rulesForIntent(byIntent: Record<string, CriticRules>, intent: string | null | undefined): CriticRules {
	const base = byIntent['*'] ?? {};
	const own = (intent && byIntent[intent]) || {};
	return { ...base, ...own };
}
