import { z } from 'zod/v4';
import { IsoDateTime } from './common';

/**
 * The order fact as an operator maps it from any n8n node (Data Table, Shopify, WooCommerce, a
 * database, a sheet...) in the Support Case Facts node. Every field but the order name is optional:
 * a source that has no tracking number simply leaves it out, and the playbook sentence that needs
 * it is left out too. Stored in `context.facts` in the shape Shopify's REST order has, so playbooks,
 * Critic and Packager read `facts.order` the same way whatever the source.
 */
const Text = z.string().trim().max(2_000);
const OptionalDate = IsoDateTime.optional();

export const MappedOrderFields = z.object({
	orderName: z.string().trim().min(1, 'is empty: map the order number the customer sees (e.g. #1001)').max(256),
	orderId: Text.optional(),
	status: Text.optional(),
	financialStatus: Text.optional(),
	fulfillmentStatus: Text.optional(),
	trackingNumber: Text.optional(),
	trackingCompany: Text.optional(),
	trackingUrl: Text.optional(),
	createdAt: OptionalDate,
	deliveredAt: OptionalDate,
	cancelledAt: OptionalDate,
	total: z.number().finite().min(0).optional(),
	currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'is not a three-letter currency code (ISO 4217, e.g. EUR)').optional(),
	customerEmail: z.email().optional(),
	customerName: Text.optional(),
	items: z.array(z.object({ title: Text, quantity: z.number().int().min(0).default(1) })).default([]),
	paymentId: Text.optional(),
});
export type MappedOrderFields = z.infer<typeof MappedOrderFields>;
export type MappedOrderInput = z.input<typeof MappedOrderFields>;
