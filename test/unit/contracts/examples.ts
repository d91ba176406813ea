import type { CaseFile, Sections, TraceEntry, EscalationRequest } from '../../../engine/contracts';

/** One valid value per section, as the layer that writes it would produce it. */
export const VALID: Sections = {
	ticket: {
		id: '48213',
		source: 'zendesk',
		channel: 'email',
		subject: 'Refund for damaged blender',
		message: 'My order #10457 arrived broken, I would like a refund.',
		customer: { id: '19', email: 'maria@example.com', name: 'Maria' },
		orderRefs: ['10457'],
		locale: 'en',
		receivedAt: '2026-11-24T18:02:00Z',
		conversation: [{ author: 'agent', body: 'Sorry to hear that!', at: '2026-11-24T18:30:00+01:00', public: true }],
		tags: ['damaged_item'],
		sourceRefs: { ticketId: '48213' },
	},
	intent: {
		category: 'refund',
		confidence: 0.91,
		alternatives: [{ category: 'shipping', confidence: 0.05 }],
		route: 'intent',
		threshold: 0.6,
		urgency: { level: 'normal', signals: [] },
		sentiment: { label: 'negative', score: -0.4, signals: ['broken'] },
		engine: 'builtin',
		decidedBy: 'builtin',
		rolloutMode: 'suggest',
	},
	context: {
		passages: [
			{
				chunkId: 'refunds-v3#2',
				documentId: 'refunds',
				title: 'Refund policy',
				version: '3',
				effectiveFrom: '2026-01-01T00:00:00Z',
				effectiveTo: null,
				headingPath: ['Refunds', 'Damaged items'],
				text: 'Damaged items are refunded in full within 30 days of delivery.',
				score: 0.82,
				tags: ['refund'],
			},
		],
		facts: [{ kind: 'order', source: 'shopify', fetchedAt: '2026-11-24T18:03:00Z', data: { id: '10457', total: 89.9 } }],
		grounded: true,
		store: 'embedded',
		embedder: 'builtin-use-lite',
		asOf: '2026-11-24T18:02:00Z',
	},
	plan: {
		id: 'plan-7f3a',
		specialist: 'refunds',
		intent: 'refund',
		engine: 'playbook',
		steps: [
			{
				id: 's1',
				tool: 'shopify.refundOrder',
				args: { orderId: '10457', amount: 89.9 },
				access: 'write',
				why: 'Damaged on delivery, within 30 days',
				citations: ['refunds-v3#2'],
				compensation: { tool: 'zendesk.addNote', args: { text: 'refund failed' } },
			},
		],
		draftReply: { body: 'We have refunded your order.', citations: ['refunds-v3#2'], locale: 'en' },
		assumptions: [],
		createdAt: '2026-11-24T18:04:00Z',
		revision: 0,
	},
	review: {
		stage: 'plan',
		verdict: 'approve',
		planId: 'plan-7f3a',
		reviewedAt: '2026-11-24T18:05:00Z',
		checks: [{ id: 'amount-cap', passed: true, reason: '89.90 is under the 200.00 cap', onFail: 'escalate' }],
		revisionCount: 0,
		history: [],
	},
	execution: {
		planId: 'plan-7f3a',
		mode: 'auto',
		dryRun: false,
		outcome: 'completed',
		steps: [
			{
				stepId: 's1',
				tool: 'shopify.refundOrder',
				status: 'succeeded',
				idempotencyKey: 'k-1',
				attempts: 1,
				responseSummary: 'refund 998 created',
				externalIds: { refundId: '998' },
			},
		],
		compensations: [],
		startedAt: '2026-11-24T18:06:00Z',
		finishedAt: '2026-11-24T18:06:01Z',
	},
	handoff: {
		reason: 'Amount above the cap',
		fromLayer: 'critic',
		summary: 'Customer asks for a refund of 890.00 for a damaged sofa.',
		whatWasTried: ['Planned a refund'],
		evidence: [{ kind: 'policy', label: 'Refund policy v3', detail: 'cap 200.00' }],
		suggestedNextAction: 'Approve the refund manually',
		priority: 'high',
		tags: ['needs-approval'],
		note: { html: '<p>Refund above cap</p>', markdown: 'Refund above cap' },
	},
};

export const VALID_TRACE: TraceEntry = {
	layer: 'intentRouter',
	node: 'Support Intent Router',
	engine: 'builtin',
	startedAt: '2026-11-24T18:02:01Z',
	durationMs: 4,
	outcome: 'routed:return_refund',
	contractErrors: [],
};

export const VALID_ESCALATION: EscalationRequest = {
	reason: 'Confidence 0.41 is below the threshold 0.6',
	layer: 'intentRouter',
	code: 'low_confidence',
	at: '2026-11-24T18:02:01Z',
};

export function fullCaseFile(): CaseFile {
	return { v: 1, ...structuredClone(VALID), escalation: structuredClone(VALID_ESCALATION), trace: [structuredClone(VALID_TRACE)] };
}
