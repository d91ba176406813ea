import { createFetchHttpClient, type Connectors, type ExecuteInput, type ExecuteOptions, type IntentScope } from '../../../engine/execution';
import type { Plan, PlanStep, Review, Ticket } from '../../../engine/contracts';
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../../stand-ins';

/** Secrets the stand-ins require; tests assert none of them ever shows up in an execution record. */
export const CANARY = {
	zendesk: ['zd', 'canary', '0001'].join('-'),
	shopify: ['shpat', 'canary0002'].join('_'),
	stripe: ['sk', 'test', 'canary0003'].join('_'),
	mcp: ['mcp', 'canary', '0004'].join('-'),
};
export const ZENDESK_AUTH = `Basic ${Buffer.from(`agent@example.com/token:${CANARY.zendesk}`).toString('base64')}`;

export interface Vendors {
	zendesk: ZendeskStandIn;
	shopify: ShopifyStandIn;
	stripe: StripeStandIn;
	connectors: Connectors;
	close(): Promise<void>;
}

export async function startVendors(): Promise<Vendors> {
	const zendesk = await new ZendeskStandIn(ZENDESK_AUTH).start();
	const shopify = await new ShopifyStandIn(CANARY.shopify).start();
	const stripe = await new StripeStandIn(CANARY.stripe).start();
	const connectors: Connectors = {
		zendesk: { client: createFetchHttpClient({ baseUrl: zendesk.url, authHeaders: { authorization: ZENDESK_AUTH } }) },
		shopify: { client: createFetchHttpClient({ baseUrl: shopify.url, authHeaders: { 'x-shopify-access-token': CANARY.shopify } }) },
		stripe: { client: createFetchHttpClient({ baseUrl: stripe.url, authHeaders: { authorization: `Bearer ${CANARY.stripe}` } }) },
	};
	return {
		zendesk,
		shopify,
		stripe,
		connectors,
		async close() {
			await Promise.all([zendesk.close(), shopify.close(), stripe.close()]);
		},
	};
}

export function ticket(id = '4242'): Ticket {
	return {
		id,
		source: 'zendesk',
		channel: 'email',
		subject: 'Refund please',
		message: 'My order arrived broken, I want my money back.',
		customer: { email: 'customer@example.com' },
		orderRefs: ['5001'],
		receivedAt: '2026-01-10T10:00:00Z',
		conversation: [],
		tags: [],
		sourceRefs: {},
	};
}

export function step(id: string, tool: string, access: 'read' | 'write', args: Record<string, unknown>, extra: Partial<PlanStep> = {}): PlanStep {
	return { id, tool, access, args, why: `test step ${id}`, citations: [], ...extra };
}

export function plan(steps: PlanStep[], id = 'plan-1'): Plan {
	return {
		id,
		specialist: 'refunds',
		intent: 'refund_request',
		engine: 'playbook',
		steps,
		draftReply: { body: 'We refunded you.', citations: [] },
		assumptions: [],
		createdAt: '2026-01-10T10:00:01Z',
		revision: 0,
	};
}

export function approval(planId = 'plan-1', verdict: Review['verdict'] = 'approve'): Review {
	return { stage: 'plan', verdict, planId, reviewedAt: '2026-01-10T10:00:02Z', checks: [], revisionCount: 0, history: [] };
}

export const FULL_SCOPE: IntentScope = {
	allowedTools: ['zendesk.*', 'shopify.*', 'stripe.*', 'http.request', 'mcp.store.*'],
	writeTools: ['zendesk.*', 'shopify.refundOrder', 'shopify.cancelOrder', 'stripe.createRefund', 'http.request', 'mcp.store.*'],
	amountCaps: [
		{ currency: 'USD', max: 100 },
		{ currency: 'EUR', max: 80 },
	],
	maxWritesPerTicket: 5,
};

/** A clock that never waits: sleep advances time and records what was asked. */
export function fakeClock(start = Date.parse('2026-01-10T10:00:00Z')) {
	let now = start;
	const sleeps: number[] = [];
	const options: ExecuteOptions = {
		now: () => now,
		sleep: async (ms) => {
			sleeps.push(ms);
			now += ms;
		},
		random: () => 0.5,
		retry: { timeoutMs: 300 },
	};
	return { options, sleeps };
}

export function input(p: Plan, vendors: Pick<Vendors, 'connectors'>, extra: Partial<ExecuteInput> = {}): ExecuteInput {
	return { plan: p, review: approval(p.id), ticket: ticket(), mode: 'auto', scope: FULL_SCOPE, connectors: vendors.connectors, ...extra };
}
