import type { INodeProperties } from 'n8n-workflow';
import type { OrderFieldName } from '../../engine/facts/orderFact';

const showFields = { show: { input: ['fields'] } };

/** One form field per order fact: label, hint and an example expression. Order as the editor draws them. */
const ORDER_FIELDS: Array<{ name: OrderFieldName; displayName: string; description: string; placeholder: string; required?: boolean }> = [
	{ name: 'orderName', displayName: 'Order Number', description: 'The order number the customer sees and quotes, e.g. #1001. Rows whose order number and order ID are both empty count as "nothing found".', placeholder: '{{ $json.order_number }}', required: true },
	{ name: 'orderId', displayName: 'Order ID', description: 'The ID your shop system uses for the order, if different from the number (what the Action Executor acts on). Empty: the order number.', placeholder: '{{ $json.id }}' },
	{ name: 'status', displayName: 'Order Status', description: 'Free text from your source, e.g. open, closed, cancelled. "cancelled" counts as cancelled even without a date.', placeholder: '{{ $json.status }}' },
	{ name: 'financialStatus', displayName: 'Payment Status', description: 'Shopify\'s spelling: paid, pending, refunded, partially_refunded, voided. The refund playbook needs it to rule out a second refund.', placeholder: '{{ $json.payment_status }}' },
	{ name: 'fulfillmentStatus', displayName: 'Fulfilment Status', description: 'Whether it has shipped: fulfilled/shipped, partial, or empty/unfulfilled for not shipped yet. Empty: shipped when there is a tracking number or a delivery date.', placeholder: '{{ $json.fulfillment_status }}' },
	{ name: 'trackingNumber', displayName: 'Tracking Number', description: 'The parcel\'s tracking number, quoted to the customer when the order is on its way', placeholder: '{{ $json.tracking_number }}' },
	{ name: 'trackingCompany', displayName: 'Carrier', description: 'The shipping company, e.g. DHL', placeholder: '{{ $json.carrier }}' },
	{ name: 'trackingUrl', displayName: 'Tracking URL', description: 'A link to follow the parcel', placeholder: '{{ $json.tracking_url }}' },
	{ name: 'createdAt', displayName: 'Ordered At', description: 'When the order was placed (any date format JavaScript reads)', placeholder: '{{ $json.ordered_at }}' },
	{ name: 'deliveredAt', displayName: 'Delivered At', description: 'When the parcel was delivered. The return and damage windows count from this date; empty means not delivered.', placeholder: '{{ $json.delivered_at }}' },
	{ name: 'cancelledAt', displayName: 'Cancelled At', description: 'When the order was cancelled; empty means not cancelled', placeholder: '{{ $json.cancelled_at }}' },
	{ name: 'total', displayName: 'Order Total', description: 'The amount paid, e.g. 49.90 (what a refund pays back, within the intent\'s cap)', placeholder: '{{ $json.total }}' },
	{ name: 'currency', displayName: 'Currency', description: 'Three-letter code, e.g. EUR', placeholder: '{{ $json.currency }}' },
	{ name: 'customerEmail', displayName: 'Customer Email', description: 'The email the order is registered to. Orders change only when it matches the requester\'s.', placeholder: '{{ $json.customer_email }}' },
	{ name: 'customerName', displayName: 'Customer Name', description: 'The name on the order', placeholder: '{{ $json.customer_name }}' },
	{ name: 'items', displayName: 'Items', description: 'What was ordered: a list, or text such as "2x Mug, Lamp"', placeholder: '{{ $json.items }}' },
	{ name: 'paymentId', displayName: 'Payment ID', description: 'The payment or charge ID (e.g. Stripe ch_... or pi_...)', placeholder: '{{ $json.payment_id }}' },
];

export const caseFactsProperties: INodeProperties[] = [
	{
		displayName:
			'Adds the order a node before this one looked up (Data Table, Shopify, WooCommerce, Postgres, Google Sheets, Airtable, HTTP Request...) to the case file, where the playbooks, the Critic and the Packager read it as <code>facts.order</code>. Place it after the Support Policy Retriever and after your lookup node; set the lookup node\'s <b>Always Output Data</b> so a ticket whose order is not found still arrives here. Only the order the customer named is used; when it is not found, the planner escalates with that reason instead of asking again.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Source Name',
		name: 'sourceName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Shopify, orders sheet',
		description: 'How the case file and the hand-off name where the facts came from. Empty: the name of the node before this one.',
	},
	{
		displayName: 'Input',
		name: 'input',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Map Fields Below', value: 'fields', description: 'Map each order fact from the input item with an expression' },
			{ name: 'Shopify Order', value: 'shopifyOrder', description: 'The item is an order as n8n\'s Shopify node returns it: used as it is, no mapping needed' },
		],
	},
	...ORDER_FIELDS.map(
		(f): INodeProperties => ({
			displayName: f.displayName,
			name: f.name,
			type: 'string',
			default: '',
			placeholder: f.placeholder,
			description: f.description,
			displayOptions: showFields,
			...(f.required ? { required: true } : {}),
		}),
	),
];
