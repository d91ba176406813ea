import type { PlaybookInput } from './playbook';
import { DEFAULT_CAP_CURRENCIES, DEFAULT_REFUND_CAP, DEFAULT_REFUND_MAX_WRITES, POLICY_DEFAULTS as P } from './policyDefaults';
import type { ToolScope } from './toolCatalogue';

/**
 * Helpdesk notes and tags go through the Zendesk connector, so they are planned only for Zendesk
 * tickets: for a Freshdesk or Intercom ticket the executor would refuse the whole plan for want of
 * a Zendesk ticket id, and the customer's actual request would escalate for no reason of policy.
 */
export const ZENDESK_TICKET = "ticket.source == 'zendesk'";

/**
 * The playbooks the planner ships with, as plain data an operator can copy into the node and edit.
 * Facts are read as the Policy Retriever stores them: `facts.order` (a Shopify order, with the
 * derived `total`, `delivered_at`, `customer_email`), `facts.charge` (a Stripe charge).
 */

export const greeting = (lang: 'en' | 'de') => [
	{ text: lang === 'en' ? 'Hi [[ticket.customer.name]],' : 'Hallo [[ticket.customer.name]],', when: 'exists(ticket.customer.name)', frame: true },
	{ text: lang === 'en' ? 'Hi,' : 'Hallo,', when: '!exists(ticket.customer.name)', frame: true },
];
export const closing = (lang: 'en' | 'de') => ({ text: lang === 'en' ? 'Best regards,\nCustomer Support' : 'Viele Grüße\nIhr Kundenservice', frame: true });

export const askOrder = {
	path: 'facts.order',
	ask: 'Could you reply with your order number? You will find it in your order confirmation email (it starts with #).',
	reason: 'No order could be found for this ticket',
	// The customer named an order that no source could find: escalate with why, never ask again.
	given: 'ticket.orderRefs.0',
};

/** The order belongs to the person asking: required before anything changes on it. */
export const sameCustomer = {
	when: 'lower(facts.order.customer_email) == lower(ticket.customer.email)',
	otherwise: 'escalate' as const,
	reason: 'The order [[facts.order.name]] is registered to a different email address than the requester: identity not verified',
};

export const lookupOrder = {
	id: 'lookup_order',
	tool: 'shopify.getOrder',
	access: 'read' as const,
	args: { orderId: '[[facts.order.id]]' },
	why: 'Confirm the current state of order [[facts.order.name]] before acting',
};

export const DEFAULT_PLAYBOOKS: PlaybookInput[] = [
	{
		id: 'order_status',
		intents: ['order_status'],
		specialist: 'shipping',
		description: 'Tell the customer where their order is.',
		policyDefaults: { dispatchDays: P.dispatchDays },
		requires: [askOrder],
		// Where a parcel is (tracking number, delivery) is the order owner's business, not anyone's who knows the number.
		conditions: [sameCustomer],
		steps: [
			lookupOrder,
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Order status for [[facts.order.name]] looked up and sent to the customer automatically.' }, why: 'Leave a trace for agents' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'Your order [[facts.order.name]] has not shipped yet. Orders usually leave our warehouse within [[policy.dispatchDays]] business days [[cite]].', when: "facts.order.fulfillment_status == null && facts.order.cancelled_at == null", cite: ['dispatch', 'ship'] },
				{ text: 'Your order [[facts.order.name]] is on its way. Tracking number: [[facts.order.fulfillments.0.tracking_number]].', when: 'exists(facts.order.fulfillments.0.tracking_number) && !exists(facts.order.delivered_at)' },
				{ text: 'Our records show that your order [[facts.order.name]] has been delivered. If you cannot find it, reply to this message and we will look into it.', when: 'exists(facts.order.delivered_at)' },
				{ text: 'Your order [[facts.order.name]] was cancelled, so it will not be shipped.', when: 'exists(facts.order.cancelled_at)' },
				closing('en'),
			],
			de: [
				...greeting('de'),
				{ text: 'Ihre Bestellung [[facts.order.name]] wurde noch nicht versandt. Bestellungen verlassen unser Lager in der Regel innerhalb von [[policy.dispatchDays]] Werktagen [[cite]].', when: "facts.order.fulfillment_status == null && facts.order.cancelled_at == null", cite: ['dispatch', 'ship', 'versand'] },
				{ text: 'Ihre Bestellung [[facts.order.name]] ist unterwegs. Sendungsnummer: [[facts.order.fulfillments.0.tracking_number]].', when: 'exists(facts.order.fulfillments.0.tracking_number) && !exists(facts.order.delivered_at)' },
				{ text: 'Laut unseren Daten wurde Ihre Bestellung [[facts.order.name]] zugestellt. Wenn Sie sie nicht finden, antworten Sie bitte auf diese Nachricht.', when: 'exists(facts.order.delivered_at)' },
				{ text: 'Ihre Bestellung [[facts.order.name]] wurde storniert und wird daher nicht versandt.', when: 'exists(facts.order.cancelled_at)' },
				closing('de'),
			],
		},
	},
	{
		id: 'return_refund',
		intents: ['return_refund'],
		specialist: 'refunds',
		description: 'Refund a delivered order inside the return window.',
		policyDefaults: { returnWindowDays: P.returnWindowDays, refundProcessingDays: P.refundProcessingDays },
		requires: [askOrder],
		conditions: [
			sameCustomer,
			{ when: 'facts.order.cancelled_at == null', reason: 'Order [[facts.order.name]] is already cancelled' },
			// A refund this ticket already made (a retried execution) is not "already refunded": the
			// executor finds it by its marker and records it as done instead of refunding again.
			{ when: "facts.order.financial_status != 'refunded' || facts.order.refunded_for_this_ticket", reason: 'Order [[facts.order.name]] is already refunded' },
			{ when: 'exists(facts.order.delivered_at)', reason: 'Order [[facts.order.name]] has not been delivered yet, so it cannot be returned' },
			{ when: 'daysSince(facts.order.delivered_at) <= policy.returnWindowDays', reason: 'Order [[facts.order.name]] was delivered more than [[policy.returnWindowDays]] days ago: outside the return window' },
		],
		steps: [
			lookupOrder,
			{
				id: 'refund',
				tool: 'shopify.refundOrder',
				access: 'write',
				args: { orderId: '[[facts.order.id]]', amount: '[[facts.order.total]]', currency: '[[facts.order.currency]]', reason: 'Return within the return window' },
				why: 'Refund order [[facts.order.name]], returned within the return window',
				cite: ['refund', 'return'],
			},
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Automatic refund planned for [[facts.order.name]] under the returns policy.' }, why: 'Leave a trace for agents' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'We have refunded [[facts.order.total]] [[facts.order.currency]] for order [[facts.order.name]] to your original payment method.' },
				{ text: 'Refunds usually show up on your statement within [[policy.refundProcessingDays]] business days [[cite]].', cite: ['refund'] },
				closing('en'),
			],
			de: [
				...greeting('de'),
				{ text: 'Wir haben [[facts.order.total]] [[facts.order.currency]] für die Bestellung [[facts.order.name]] auf Ihre ursprüngliche Zahlungsmethode erstattet.' },
				{ text: 'Erstattungen erscheinen in der Regel innerhalb von [[policy.refundProcessingDays]] Werktagen auf Ihrem Konto [[cite]].', cite: ['refund', 'erstattung'] },
				closing('de'),
			],
		},
	},
	{
		id: 'cancel_order',
		intents: ['cancel_order'],
		specialist: 'shipping',
		description: 'Cancel an order that has not shipped.',
		requires: [askOrder],
		conditions: [
			sameCustomer,
			{ when: 'facts.order.cancelled_at == null', reason: 'Order [[facts.order.name]] is already cancelled' },
			{ when: 'facts.order.fulfillment_status == null', reason: 'Order [[facts.order.name]] has already shipped; it can be returned, not cancelled' },
		],
		steps: [
			lookupOrder,
			{ id: 'cancel', tool: 'shopify.cancelOrder', access: 'write', args: { orderId: '[[facts.order.id]]', reason: 'customer' }, why: 'Cancel unshipped order [[facts.order.name]] at the customer’s request', cite: ['cancel'] },
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Automatic cancellation planned for [[facts.order.name]].' }, why: 'Leave a trace for agents' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'We have cancelled your order [[facts.order.name]]. The amount of [[facts.order.total]] [[facts.order.currency]] goes back to your original payment method [[cite]].', cite: ['cancel'] },
				closing('en'),
			],
		},
	},
	{
		id: 'change_address',
		intents: ['change_address'],
		specialist: 'shipping',
		description: 'Pass an address change to the team while the order has not shipped.',
		requires: [askOrder],
		conditions: [
			sameCustomer,
			{ when: 'facts.order.fulfillment_status == null && facts.order.cancelled_at == null', reason: 'Order [[facts.order.name]] has already shipped or is cancelled; the address can no longer be changed' },
		],
		steps: [
			lookupOrder,
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Address change requested for unshipped order [[facts.order.name]]. The new address is in the customer’s message; please update it in Shopify before dispatch.' }, why: 'Ask an agent to change the address before dispatch' },
			{ id: 'tag', tool: 'zendesk.updateTicket', access: 'write', when: ZENDESK_TICKET, args: { tags: ['address-change'] }, why: 'Make the request visible in the address-change view' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'Thanks for letting us know. Your order [[facts.order.name]] has not shipped yet, and we have passed your new address to our team so they can update it before dispatch.' },
				{ text: 'We will confirm as soon as the change is made.' },
				closing('en'),
			],
		},
	},
	{
		id: 'damaged_item',
		intents: ['damaged_item'],
		specialist: 'refunds',
		description: 'Collect evidence for a damaged delivery inside the reporting window.',
		policyDefaults: { damageReportDays: P.damageReportDays },
		requires: [askOrder],
		conditions: [
			sameCustomer,
			{ when: 'exists(facts.order.delivered_at)', reason: 'Order [[facts.order.name]] shows no delivery yet' },
			{ when: 'daysSince(facts.order.delivered_at) <= policy.damageReportDays', reason: 'Damage reported more than [[policy.damageReportDays]] days after delivery of [[facts.order.name]]' },
		],
		steps: [
			lookupOrder,
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Damaged item reported for [[facts.order.name]]; photos requested from the customer.' }, why: 'Leave a trace for agents' },
			{ id: 'tag', tool: 'zendesk.updateTicket', access: 'write', when: ZENDESK_TICKET, args: { tags: ['damaged-item'] }, why: 'Route to the damage claims view' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'I am sorry that your order [[facts.order.name]] arrived damaged.' },
				{ text: 'Could you reply with a photo of the damaged item and of the packaging? [[cite]]', cite: ['damage'] },
				{ text: 'As soon as we have the photos, we will arrange a replacement or a refund.' },
				closing('en'),
			],
		},
	},
	{
		id: 'billing_question',
		intents: ['billing_question'],
		specialist: 'refunds',
		description: 'Explain a charge from the payment record.',
		requires: [
			{
				path: 'facts.charge',
				ask: 'Could you tell us the date and the amount of the charge you are asking about? Please do not send your full card number.',
				reason: 'No payment record could be found for this ticket',
			},
		],
		steps: [
			{ id: 'lookup_charge', tool: 'stripe.getCharge', access: 'read', args: { chargeId: '[[facts.charge.id]]' }, why: 'Confirm the charge the customer asks about' },
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Billing question answered from charge [[facts.charge.id]].' }, why: 'Leave a trace for agents' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'We found the charge of [[facts.charge.amount_major]] [[facts.charge.currency]] you asked about: [[facts.charge.description]].', when: 'exists(facts.charge.description)' },
				{ text: 'We found the charge of [[facts.charge.amount_major]] [[facts.charge.currency]] you asked about; it is the payment for your order.', when: '!exists(facts.charge.description)' },
				{ text: 'This charge has already been refunded.', when: 'facts.charge.refunded == true' },
				closing('en'),
			],
		},
	},
	{
		id: 'account_access',
		intents: ['account_access'],
		specialist: 'account',
		description: 'Help a customer back into their account; takeovers go to a person.',
		conditions: [
			{
				when: "!contains(ticket.message, 'hacked') && !contains(ticket.message, 'unauthori') && !contains(ticket.message, 'someone else')",
				reason: 'Possible account takeover: a person must verify the customer',
			},
		],
		steps: [
			{ id: 'tag', tool: 'zendesk.updateTicket', access: 'write', when: ZENDESK_TICKET, args: { tags: ['account-access'] }, why: 'Route to the account view' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'To reset your password, use the "Forgot password" link on the sign-in page; we will email a reset link to the address on your account [[cite]].', cite: ['password'] },
				{ text: 'For your security, we will never ask for your password by email.' },
				closing('en'),
			],
		},
	},
	{
		id: 'technical_issue',
		intents: ['technical_issue'],
		specialist: 'technical',
		description: 'Send first troubleshooting steps and collect details.',
		steps: [
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'Technical issue: first troubleshooting steps sent automatically.' }, why: 'Leave a trace for agents' },
			{ id: 'tag', tool: 'zendesk.updateTicket', access: 'write', when: ZENDESK_TICKET, args: { tags: ['technical'] }, why: 'Route to the technical view' },
		],
		reply: {
			en: [
				...greeting('en'),
				{ text: 'Sorry for the trouble. Please try signing out and in again, clearing your browser cache, or using another browser [[cite]].', cite: ['troubleshoot', 'browser'] },
				{ text: 'If the problem continues, reply with a screenshot and the device and browser you use, and we will look into it.' },
				closing('en'),
			],
		},
	},
	{
		id: 'general',
		intents: ['general', '*'],
		specialist: 'general',
		description: 'Acknowledge and leave the case for a person.',
		steps: [
			{ id: 'note', tool: 'zendesk.addInternalNote', access: 'write', when: ZENDESK_TICKET, args: { body: 'General request acknowledged automatically; needs an agent’s answer.' }, why: 'Ask an agent to answer' },
		],
		reply: {
			en: [...greeting('en'), { text: 'Thanks for your message. A member of our team will get back to you.' }, closing('en')],
		},
	},
];

const refundCaps = DEFAULT_CAP_CURRENCIES.map((currency) => ({ currency, max: DEFAULT_REFUND_CAP }));
const notes = ['zendesk.addInternalNote', 'zendesk.updateTicket'];

/** Tool scopes matching the default playbooks: what each intent may read and write. */
export const DEFAULT_INTENT_SCOPES: Record<string, ToolScope> = {
	order_status: { allowedTools: ['shopify.getOrder', ...notes], writeTools: notes },
	return_refund: { allowedTools: ['shopify.getOrder', 'shopify.refundOrder', ...notes], writeTools: ['shopify.refundOrder', ...notes], amountCaps: refundCaps, maxWritesPerTicket: DEFAULT_REFUND_MAX_WRITES },
	cancel_order: { allowedTools: ['shopify.getOrder', 'shopify.cancelOrder', ...notes], writeTools: ['shopify.cancelOrder', ...notes] },
	change_address: { allowedTools: ['shopify.getOrder', ...notes], writeTools: notes },
	damaged_item: { allowedTools: ['shopify.getOrder', ...notes], writeTools: notes },
	billing_question: { allowedTools: ['stripe.getCharge', ...notes], writeTools: notes },
	account_access: { allowedTools: notes, writeTools: notes },
	technical_issue: { allowedTools: ['zendesk.getTicket', ...notes], writeTools: notes },
	general: { allowedTools: notes, writeTools: notes },
};

