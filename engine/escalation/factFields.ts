import type { LiveFact } from '../contracts';
import { enrichFact } from '../planning/scope';

/** A live fact as an agent reads it: a title and the few fields that decide a support case. */
export interface FactView {
	title: string;
	rows: Array<[string, string]>;
}

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** `2026-03-10 12:00 UTC` from an ISO string or Unix seconds (Stripe); anything else as it is. */
export function readableTime(v: unknown): string | undefined {
	const ms = typeof v === 'number' && Number.isFinite(v) ? v * 1000 : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
	if (!Number.isFinite(ms)) return str(v);
	return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function money(amount: unknown, currency: unknown): string | undefined {
	const a = str(amount);
	if (a === undefined) return undefined;
	const c = str(currency)?.toUpperCase();
	return c ? `${a} ${c}` : a;
}

/** Stripe amounts are in minor units (cents); zero-decimal currencies are rare in support. */
function minor(amount: unknown, currency: unknown): string | undefined {
	return typeof amount === 'number' && Number.isFinite(amount) ? money((amount / 100).toFixed(2), currency) : money(amount, currency);
}

function push(rows: Array<[string, string]>, label: string, value: string | undefined): void {
	if (value !== undefined && value !== '') rows.push([label, value]);
}

function orderView(data: Rec): FactView {
	const d = enrichFact('order', data);
	const rows: Array<[string, string]> = [];
	const name = str(d.name) ?? (str(d.order_number) ? `#${str(d.order_number)}` : str(d.id));
	const cancelled = readableTime(d.cancelled_at);
	const status = str(d.status) ?? (cancelled ? `cancelled ${cancelled}${str(d.cancel_reason) ? ` (${str(d.cancel_reason)})` : ''}` : d.closed_at ? 'closed' : 'open');
	push(rows, 'Order', name);
	push(rows, 'Status', status);
	push(rows, 'Financial status', str(d.financial_status));
	push(rows, 'Total', money(d.total_price ?? d.total, d.currency));
	push(rows, 'Created', readableTime(d.created_at));
	const fulfillments = Array.isArray(d.fulfillments) ? d.fulfillments.filter(isRec) : [];
	const shipments = fulfillments
		.map((f) => [str(f.shipment_status) ?? str(f.status), str(f.tracking_company), str(f.tracking_number) ? `tracking ${str(f.tracking_number)}` : undefined].filter(Boolean).join(', '))
		.filter(Boolean);
	push(rows, 'Fulfilment', [str(d.fulfillment_status) ?? (fulfillments.length ? undefined : 'unfulfilled'), ...shipments].filter(Boolean).join('; '));
	push(rows, 'Delivered', readableTime(d.delivered_at));
	const items = Array.isArray(d.line_items) ? d.line_items.filter(isRec) : [];
	push(rows, 'Items', items.map((i) => `${str(i.quantity) ?? '1'} × ${str(i.title) ?? str(i.name) ?? '?'}`).join(', ') || undefined);
	push(rows, 'Email on order', str(d.email) ?? str(d.contact_email));
	return { title: `Order ${name ?? '(no number)'}`, rows };
}

function chargeView(d: Rec): FactView {
	const rows: Array<[string, string]> = [];
	push(rows, 'Amount', minor(d.amount, d.currency));
	push(rows, 'Currency', str(d.currency)?.toUpperCase());
	const refundedAmount = typeof d.amount_refunded === 'number' && d.amount_refunded > 0 ? ` (${minor(d.amount_refunded, d.currency)} refunded)` : '';
	push(rows, 'Refunded', typeof d.refunded === 'boolean' ? `${d.refunded ? 'yes' : refundedAmount ? 'partly' : 'no'}${refundedAmount}` : refundedAmount.trim() || undefined);
	push(rows, 'Status', str(d.status));
	push(rows, 'Created', readableTime(d.created));
	push(rows, 'Description', str(d.description));
	const billing = isRec(d.billing_details) ? d.billing_details : {};
	push(rows, 'Receipt email', str(d.receipt_email) ?? str(billing.email));
	return { title: `Charge ${str(d.id) ?? ''}`.trim(), rows };
}

function customerView(d: Rec): FactView {
	const rows: Array<[string, string]> = [];
	const name = str(d.name) ?? ([str(d.first_name), str(d.last_name)].filter(Boolean).join(' ') || undefined);
	push(rows, 'Name', name);
	push(rows, 'Email', str(d.email));
	push(rows, 'Customer since', readableTime(d.created_at));
	if (Array.isArray(d.tags) && d.tags.length) push(rows, 'Tags', d.tags.map((t) => String(t)).join(', '));
	return { title: `Customer ${name ?? str(d.email) ?? ''}`.trim(), rows };
}

function recentTicketsView(d: Rec): FactView {
	const tickets = Array.isArray(d.tickets) ? d.tickets.filter(isRec) : [];
	const rows = tickets.map((t): [string, string] => [`#${str(t.id) ?? '?'}`, [str(t.subject) ?? '(no subject)', [str(t.status), readableTime(t.created_at)].filter(Boolean).join(', ')].filter(Boolean).join(' — ')]);
	return { title: `Earlier tickets of this customer (${tickets.length})`, rows };
}

const VIEWS: Record<string, (data: Rec) => FactView> = { order: orderView, charge: chargeView, customer: customerView, recentTickets: recentTicketsView };

/** The readable view of a fact of a known kind; other kinds get a title only (their data is in the JSON). */
export function factView(fact: LiveFact): FactView {
	const view = VIEWS[fact.kind];
	return view ? view(fact.data) : { title: fact.kind, rows: [] };
}
