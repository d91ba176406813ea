/**
 * What the helpdesk templates (Zendesk, Help Scout) add after the six layers: a Switch on the
 * rollout mode the executor really ran in, the texts the reply nodes send, and the rollout the
 * templates ship with. Expressions are n8n expressions evaluated per item on `$json.support`.
 */
import { CREDENTIALS, PKG, type RolloutMode, type TemplateBuilder, type TemplateNode } from './pipelineLayers';

/**
 * As shipped: one read-only intent answers by itself (auto), the ones that touch money or need a
 * person's judgement draft for an agent (suggest), and one records only (shadow). The canvas notes
 * tell operators to review this before publishing.
 */
export const HELPDESK_ROLLOUT: Record<string, RolloutMode> = {
	return_refund: 'suggest',
	order_status: 'auto',
	technical_issue: 'suggest',
	account_access: 'shadow',
};

export const ROLLOUT_SWITCH = 'Reply by rollout mode';
/** Output order of the rollout Switch. */
export const ROLLOUT_OUTPUTS: RolloutMode[] = ['auto', 'suggest', 'shadow'];

/**
 * The mode the executor ran in (`support.execution.mode`), not the intent's: the executor's own
 * Rollout Mode setting can hold an intent back, and the reply must follow what really happened.
 */
export function rolloutSwitch(b: TemplateBuilder, position: [number, number]): TemplateNode {
	return b.node(ROLLOUT_SWITCH, 'n8n-nodes-base.switch', 3.2, position, {
		rules: {
			values: ROLLOUT_OUTPUTS.map((mode) => ({
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{
							id: b.uid(`rollout-${mode}`),
							leftValue: '={{ $json.support.execution.mode }}',
							rightValue: mode,
							operator: { type: 'string', operation: 'equals' },
						},
					],
					combinator: 'and',
				},
				renameOutput: true,
				outputKey: mode,
			})),
		},
		options: {},
	});
}

/** The draft reply as plain text: Send Reply turns it into HTML paragraphs, keeping its line breaks. */
export const REPLY_TEXT = '={{ $json.support.plan.draftReply.body }}';

const escapedDraft = "$json.support.plan.draftReply.body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\\n/g, '<br>')";

/**
 * A reply node of a helpdesk template: our own keyed write (Support Action Executor, Send Reply), not
 * the helpdesk's n8n node. Helpdesks deliver a webhook at least once, and a bare node posts the reply
 * again on every delivery; Send Reply posts once per customer message, to the helpdesk the ticket
 * came from. Its Escalate output (a reply that could not be posted) goes to the Packager.
 */
export function sendReplyNode(b: TemplateBuilder, name: string, position: [number, number], helpdesk: 'zendesk' | 'helpScout', parameters: Record<string, unknown>): TemplateNode {
	const connector = helpdesk === 'zendesk' ? { useZendesk: true } : { useHelpScout: true };
	return b.node(name, `${PKG}.supportActionExecutor`, 2, position, { operation: 'sendReply', ...connector, options: {}, ...parameters }, { credentials: CREDENTIALS[helpdesk] });
}

/** An internal note for the agent: the draft to send, and what was (or was not) done. */
export const SUGGESTION_NOTE_HTML =
	"={{ '<p><strong>Suggested reply</strong> (support automation, intent <code>' + $json.support.intent.category + '</code>, suggest mode: not sent to the customer)</p><blockquote>' + " +
	escapedDraft +
	" + '</blockquote><p>Actions: ' + ($json.support.execution.steps.length ? $json.support.execution.steps.map(s => s.tool + ' (' + s.status.replace('_', ' ') + ')').join(', ') : 'none') + '</p>' }}";

/** Shadow mode ends here on purpose: the proposal is in the execution log, nothing is sent. */
export function shadowEnd(b: TemplateBuilder, position: [number, number]): TemplateNode {
	return b.node('Shadow: nothing sent', 'n8n-nodes-base.noOp', 1, position, {});
}

export const ROLLOUT_STICKY = [
	'### Rollout per intent',
	'Set in the **Support Intent Router**, per intent (*Rollout Mode*). As shipped:',
	'- `order_status`: **auto** (reads the order, then the reply goes to the customer)',
	'- `return_refund`, `technical_issue`: **suggest** (the draft goes to an agent as an internal note; refunds and other writes are not made)',
	'- `account_access`: **shadow** (nothing is sent; the proposal stays in the execution log)',
	'To promote an intent, open the router, change its *Rollout Mode* (shadow -> suggest -> auto) and publish again. Before promoting to auto, check the intent\'s agreement figures with the *Support shadow replay* template.',
	'The **Support Action Executor**\'s own *Rollout Mode* can hold every intent back at once (e.g. Shadow while testing); it never loosens an intent\'s mode.',
].join('\n');
