import { CaseFile, type LiveFact, type Plan, type PlanStep, type PolicyPassage, type Review } from '../../engine/contracts';

/** Every test case happens at this moment, so day-count conditions are deterministic. */
export const NOW = new Date('2026-03-10T12:00:00.000Z');

export function daysAgo(days: number): string {
	return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

export function passage(p: Partial<PolicyPassage> & { chunkId: string; text: string }): PolicyPassage {
	return {
		documentId: 'policy-handbook',
		title: 'Customer Policy',
		version: '3',
		effectiveFrom: '2025-01-01T00:00:00.000Z',
		effectiveTo: null,
		headingPath: [],
		score: 0.8,
		tags: [],
		...p,
	};
}

/** A small, realistic policy handbook, as the Policy Retriever would return it. */
export const PASSAGES = {
	returns: passage({ chunkId: 'returns-1', documentId: 'returns-policy', title: 'Returns & Refunds', headingPath: ['Returns'], tags: ['returns', 'refund'], text: 'You can return any item within 30 days of delivery for a refund to the original payment method.', score: 0.91 }),
	refundTiming: passage({ chunkId: 'returns-2', documentId: 'returns-policy', title: 'Returns & Refunds', headingPath: ['Refund timing'], tags: ['refund'], text: 'Once issued, a refund usually shows on your statement within 5 business days, depending on your bank.', score: 0.84 }),
	shipping: passage({ chunkId: 'shipping-1', documentId: 'shipping-policy', title: 'Shipping', headingPath: ['Dispatch'], tags: ['shipping', 'dispatch'], text: 'Orders usually ship within 2 business days. You receive a tracking number by email once your order has shipped.', score: 0.88 }),
	cancel: passage({ chunkId: 'orders-1', documentId: 'orders-policy', title: 'Orders', headingPath: ['Cancellations'], tags: ['cancel'], text: 'Orders can be cancelled free of charge until they ship. The amount is returned to the original payment method.', score: 0.86 }),
	damage: passage({ chunkId: 'damage-1', documentId: 'returns-policy', title: 'Returns & Refunds', headingPath: ['Damaged items'], tags: ['damage'], text: 'If an item arrives damaged, report it within 14 days of delivery with a photo of the damage and the packaging. We replace or refund damaged items.', score: 0.87 }),
	password: passage({ chunkId: 'account-1', documentId: 'account-help', title: 'Account help', headingPath: ['Password reset'], tags: ['password', 'account'], text: 'Use the Forgot password link on the sign-in page. The reset link we email is valid for 24 hours.', score: 0.9 }),
	troubleshoot: passage({ chunkId: 'tech-1', documentId: 'tech-help', title: 'Technical help', headingPath: ['Troubleshooting'], tags: ['troubleshoot'], text: 'Most problems are solved by signing out and in, clearing the browser cache or trying another browser.', score: 0.8 }),
	/** The previous returns policy: no longer in force at NOW. */
	oldReturns: passage({ chunkId: 'returns-old', documentId: 'returns-policy', title: 'Returns & Refunds', version: '2', effectiveFrom: '2023-01-01T00:00:00.000Z', effectiveTo: '2025-01-01T00:00:00.000Z', headingPath: ['Returns'], tags: ['returns', 'refund'], text: 'You can return any item within 60 days of delivery for a full refund.', score: 0.7 }),
};

export const CUSTOMER = { id: 'cust-42', email: 'jane.doe@example.com', name: 'Jane Doe' };

/** A Shopify order (REST Admin shape) as a live fact. */
export function orderFact(overrides: Record<string, unknown> = {}): LiveFact {
	return {
		kind: 'order',
		source: 'shopify',
		fetchedAt: NOW.toISOString(),
		data: {
			id: 5823957483821,
			name: '#1001',
			order_number: 1001,
			email: CUSTOMER.email,
			created_at: daysAgo(14),
			currency: 'EUR',
			total_price: '49.90',
			financial_status: 'paid',
			fulfillment_status: 'fulfilled',
			cancelled_at: null,
			customer: { id: 7001, email: CUSTOMER.email, first_name: 'Jane', last_name: 'Doe' },
			fulfillments: [{ id: 1, status: 'success', shipment_status: 'delivered', tracking_number: '1Z999AA10123456784', updated_at: daysAgo(10) }],
			...overrides,
		},
	};
}

/** A Stripe charge as a live fact (amounts in cents). */
export function chargeFact(overrides: Record<string, unknown> = {}): LiveFact {
	return {
		kind: 'charge',
		source: 'stripe',
		fetchedAt: NOW.toISOString(),
		data: { id: 'ch_3Nabc123', amount: 4990, amount_refunded: 0, currency: 'eur', refunded: false, receipt_email: CUSTOMER.email, billing_details: { email: CUSTOMER.email }, description: 'Order #1001', created: Math.floor(NOW.getTime() / 1000) - 5 * 86400, ...overrides },
	};
}

export interface CaseOptions {
	intent?: string | null;
	message?: string;
	subject?: string;
	customer?: { id?: string; email?: string; name?: string };
	orderRefs?: string[];
	locale?: string;
	facts?: LiveFact[];
	passages?: PolicyPassage[];
	conversation?: CaseFile['ticket'] extends infer T ? (T extends { conversation: infer C } ? C : never) : never;
	tags?: string[];
	urgency?: 'low' | 'normal' | 'high' | 'critical';
	sentimentScore?: number;
	confidence?: number;
	/** Leave out sections to build partial case files. */
	without?: Array<'intent' | 'context'>;
}

/** A valid case file as it looks when it reaches the planner (ticket, intent, context). */
export function buildCase(o: CaseOptions = {}): CaseFile {
	const score = o.sentimentScore ?? -0.2;
	const raw = {
		v: 1,
		ticket: {
			id: '3187',
			source: 'zendesk',
			channel: 'email',
			subject: o.subject ?? 'About my order',
			message: o.message ?? 'Hi, I would like to return order #1001, the shoes do not fit. Can I get my money back?',
			customer: o.customer ?? CUSTOMER,
			orderRefs: o.orderRefs ?? ['#1001'],
			...(o.locale ? { locale: o.locale } : {}),
			receivedAt: NOW.toISOString(),
			conversation: o.conversation ?? [],
			tags: o.tags ?? [],
			sourceRefs: {},
		},
		intent: o.without?.includes('intent')
			? undefined
			: {
					category: o.intent === undefined ? 'return_refund' : o.intent,
					confidence: o.confidence ?? 0.91,
					alternatives: [{ category: 'order_status', confidence: 0.05 }],
					route: o.intent === null ? 'human' : 'intent',
					threshold: 0.6,
					urgency: { level: o.urgency ?? 'normal', signals: [] },
					sentiment: { label: score < -0.3 ? 'negative' : score > 0.3 ? 'positive' : 'neutral', score, signals: [] },
					engine: 'builtin',
					decidedBy: 'builtin',
					rolloutMode: 'auto',
				},
		context: o.without?.includes('context')
			? undefined
			: {
					passages: o.passages ?? Object.values(PASSAGES),
					facts: o.facts ?? [orderFact()],
					grounded: true,
					store: 'embedded',
					embedder: 'builtin',
					asOf: NOW.toISOString(),
				},
		trace: [],
	};
	// Parsing proves the builder produces what the real layers would: a test on an invalid case proves nothing.
	return CaseFile.parse(raw);
}

/** One realistic case per default intent, with the facts its playbook needs. */
export const SCENARIOS: Record<string, () => CaseFile> = {
	order_status: () => buildCase({ intent: 'order_status', message: 'Where is my order #1002? I ordered it last week and have heard nothing.', orderRefs: ['#1002'], facts: [orderFact({ name: '#1002', id: 5823957483822, order_number: 1002, fulfillment_status: null, fulfillments: [] })] }),
	return_refund: () => buildCase({ intent: 'return_refund' }),
	cancel_order: () => buildCase({ intent: 'cancel_order', message: 'Please cancel my order #1001, I ordered the wrong size.', facts: [orderFact({ fulfillment_status: null, fulfillments: [] })] }),
	change_address: () => buildCase({ intent: 'change_address', message: 'I moved! Please send order #1001 to Hauptstrasse 5, 10115 Berlin instead.', facts: [orderFact({ fulfillment_status: null, fulfillments: [] })] }),
	damaged_item: () => buildCase({ intent: 'damaged_item', message: 'The mug in order #1001 arrived broken. The handle snapped off.', facts: [orderFact({ fulfillments: [{ id: 1, shipment_status: 'delivered', updated_at: daysAgo(3) }] })] }),
	billing_question: () => buildCase({ intent: 'billing_question', message: 'I see a charge of 49.90 EUR on my card and I do not know what it is for.', orderRefs: [], facts: [chargeFact()] }),
	account_access: () => buildCase({ intent: 'account_access', message: 'I forgot my password and cannot log in to my account.', orderRefs: [], facts: [] }),
	technical_issue: () => buildCase({ intent: 'technical_issue', message: 'The checkout page keeps spinning and I cannot pay. I tried twice.', orderRefs: [], facts: [] }),
	general: () => buildCase({ intent: 'general', message: 'Do you have a physical store in Hamburg where I could see the products?', orderRefs: [], facts: [] }),
};

/** A step of a hand-written plan. */
export function planStep(id: string, tool: string, access: 'read' | 'write', args: Record<string, unknown>): PlanStep {
	return { id, tool, access, args, why: `test step ${id}`, citations: [] };
}

/** The return_refund scenario with `steps` as its plan, approved by the plan Critic: what the Action Executor receives. */
export function approvedPlanCase(steps: PlanStep[]): CaseFile {
	const base = SCENARIOS.return_refund();
	const plan: Plan = { id: `plan_${steps.map((s) => s.id).join('_')}`, specialist: 'refunds', intent: 'return_refund', engine: 'playbook', steps, draftReply: { body: 'Done.', citations: [] }, assumptions: [], createdAt: NOW.toISOString(), revision: 0 };
	const review: Review = { stage: 'plan', verdict: 'approve', planId: plan.id, reviewedAt: NOW.toISOString(), checks: [], revisionCount: 0, history: [] };
	return { ...base, plan, review };
}
