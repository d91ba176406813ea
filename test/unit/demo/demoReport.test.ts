import { buildDemoReport, finalCaseFile, formatDemoReport, nodeTimePerLayer, sqliteTime, toDemoRow, type DemoTicketResult } from '../../../scripts/demoReport';
import type { RunExecutionData } from '../../e2e/n8nRestClient';

const NODE_TYPES = {
	'Helpdesk webhook': 'n8n-nodes-base.webhook',
	'Support Intent Router': 'n8n-nodes-support-coordination.supportIntentRouter',
	'Support Critic (plan)': 'n8n-nodes-support-coordination.supportCritic',
	'Support Critic (reply)': 'n8n-nodes-support-coordination.supportCritic',
	'Support Escalation Packager': 'n8n-nodes-support-coordination.supportEscalationPackager',
	'Respond: handled': 'n8n-nodes-base.respondToWebhook',
};

const trace = (layer: string, durationMs: number, outcome = 'ok') => ({ layer, node: layer, startedAt: '2026-11-25T10:00:00.000Z', durationMs, outcome, contractErrors: [] });

function run(node: string, executionTime: number, support: Record<string, unknown>) {
	return [node, [{ executionTime, data: { main: [[{ json: { support } }]] } }]] as const;
}

/** A shadow refund: router, critic twice; the case file grows along the way. */
function handledExecution(): RunExecutionData {
	const routed = { intent: { route: 'intent', category: 'return_refund', confidence: 0.9 }, ticket: { source: 'zendesk' }, trace: [trace('intentRouter', 12)] };
	const final = {
		...routed,
		plan: { steps: [{ tool: 'shopify.refundOrder' }], assumptions: [] },
		trace: [trace('intentRouter', 12), trace('critic', 2, 'plan:approve'), trace('critic', 3, 'reply:approve')],
	};
	return {
		resultData: {
			runData: Object.fromEntries([
				run('Support Intent Router', 15, routed),
				[
					'Support Critic (plan)',
					[
						{ executionTime: 4, data: { main: [[{ json: { support: final } }]] } },
						{ executionTime: 6, data: { main: [null, [{ json: { support: routed } }]] } },
					],
				],
				run('Support Critic (reply)', 5, final),
				run('Respond: handled', 1, final),
			]),
		},
	} as unknown as RunExecutionData;
}

describe('demo report from n8n answers and saved executions', () => {
	it('reads the final case file (the longest trace) and sums n8n node time per layer by node type', () => {
		const data = handledExecution();
		expect(finalCaseFile(data)?.trace).toHaveLength(3);
		// Both Critic nodes and both runs of the plan Critic count for the critic layer; Respond is not a layer.
		expect(nodeTimePerLayer(data, NODE_TYPES)).toEqual({ intentRouter: 15, critic: 15 });
	});

	it('turns a shadow answer into a row with the trace times per layer and the execution wall time', () => {
		const result: DemoTicketResult = {
			id: 'ZE-1',
			expected: { intent: 'return_refund', action: 'refund' },
			status: 200,
			body: { route: 'handled', intent: 'return_refund', rolloutMode: 'shadow', executionMode: 'shadow', verdicts: ['plan:approve', 'reply:approve'], execution: { outcome: 'dry_run' } },
			httpMs: 120.44,
			execution: { startedAt: '2026-11-25 10:00:00.000', stoppedAt: '2026-11-25 10:00:00.085', data: handledExecution() },
		};
		const row = toDemoRow(result, NODE_TYPES);
		expect(row).toMatchObject({ outcome: 'shadow', intent: 'return_refund', confidence: 0.9, source: 'zendesk', action: 'refund', executionMs: 85, httpMs: 120.4, routingAgrees: true, actionAgrees: true, escalation: null });
		expect(row.timings).toEqual({ intentRouter: 12, critic: 5, total: 17 });
	});

	it('an escalation at the router counts as not routed, keyed by layer; an HTTP failure is an error, not an outcome', () => {
		const escalated = toDemoRow({ id: 'FR-2', status: 200, body: { route: 'escalated', intent: 'return_refund', fromLayer: 'intentRouter', reason: 'confidence 31% under the 50% threshold' }, httpMs: 40 }, NODE_TYPES);
		expect(escalated).toMatchObject({ outcome: 'escalated', intent: 'human', action: 'escalate', escalation: 'intentRouter', executionMs: null });
		const failed = toDemoRow({ id: 'IN-3', status: 500, body: { message: 'Error in workflow' }, httpMs: 30 }, NODE_TYPES);
		expect(failed.outcome).toBe('error');
		expect(failed.reason).toContain('HTTP 500');

		const ok = toDemoRow(
			{ id: 'ZE-1', status: 200, body: { route: 'handled', executionMode: 'suggest', verdicts: [], execution: { outcome: 'completed' } }, httpMs: 100, execution: { startedAt: null, stoppedAt: null, data: handledExecution() } },
			NODE_TYPES,
		);
		const report = buildDemoReport({ target: 'http://127.0.0.1:5678', workflow: 'w', startedBy: 'demo', concurrency: 1, file: 'f.json' }, [ok, escalated, failed], 2000);
		expect(report.totals).toMatchObject({ tickets: 3, errors: 1, routed: 1, suggested: 1, escalated: 1, shadowApproved: 0, ticketsPerSecond: 1.5, meanHttpMs: 56.7 });
		expect(report.totals.escalationReasons).toEqual([{ key: 'intentRouter', count: 1, example: 'confidence 31% under the 50% threshold' }]);
		expect(report.totals.nodeTimePerLayer.critic).toEqual({ totalMs: 15, runs: 1, meanMs: 15 });
		const text = formatDemoReport(report);
		expect(text).toContain('1 failed');
		expect(text).toMatch(/Support Critic\s+5\.0\s+15\.0/);
	});

	it("reads n8n's SQLite times as UTC", () => {
		expect(sqliteTime('2026-11-25 13:20:28.863')).toBe(Date.UTC(2026, 10, 25, 13, 20, 28, 863));
		expect(sqliteTime('2026-11-25T13:20:28.863Z')).toBe(Date.UTC(2026, 10, 25, 13, 20, 28, 863));
	});
});
