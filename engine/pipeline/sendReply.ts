import type { CaseFile } from '../contracts';
import { sendReply, type Connectors } from '../execution';

/**
 * Posts the approved draft reply to the customer, in the helpdesk the ticket came from (Zendesk,
 * Help Scout): what the helpdesk templates' Send Reply node does after the reply-stage Critic approves, through the same engine function (one reply per
 * customer message, keyed and ledger-checked), so a replay or a concurrent run never posts twice.
 */
export async function sendApprovedReply(caseFile: CaseFile, connectors: Connectors): Promise<{ sent: boolean; problem?: string }> {
	const ticket = caseFile.ticket;
	const body = caseFile.plan?.draftReply.body;
	if (!ticket || !body) return { sent: false, problem: 'no ticket or no draft reply' };
	const result = await sendReply({ ticket, body, visibility: 'public', mode: caseFile.execution?.mode, connectors });
	return result.escalation ? { sent: false, problem: result.step.error ?? result.escalation.reason } : { sent: true };
}
