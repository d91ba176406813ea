import type { CaseFile } from '../contracts';
import { DEFAULT_RETRY_POLICY, idempotencyKey, ledgerMarker, type Connectors } from '../execution';
import { resolveTool } from '../execution/catalogue';
import { runStep } from '../execution/runStep';

/**
 * Posts the approved draft reply as a public Zendesk comment: what the template's Zendesk node does
 * after the reply-stage Critic approves. Keyed like a plan step, so a replay never posts twice.
 */
export async function sendApprovedReply(caseFile: CaseFile, connectors: Connectors): Promise<{ sent: boolean; problem?: string }> {
	const ticket = caseFile.ticket;
	const body = caseFile.plan?.draftReply.body;
	if (!ticket || !body) return { sent: false, problem: 'no ticket or no draft reply' };
	const args = { body };
	const resolved = resolveTool('zendesk.publicReply', args, ticket, connectors);
	if (!resolved.ok) return { sent: false, problem: resolved.problem };
	if (resolved.tool.argProblem) return { sent: false, problem: resolved.tool.argProblem };
	const key = idempotencyKey(ticket.id, 'reply', 'zendesk.publicReply', args);
	const run = await runStep(resolved.tool, { ticket, key, marker: ledgerMarker(key), timeoutMs: DEFAULT_RETRY_POLICY.timeoutMs }, DEFAULT_RETRY_POLICY, {
		now: () => Date.now(),
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		random: Math.random,
	});
	return run.status === 'failed' ? { sent: false, problem: run.error } : { sent: true };
}
