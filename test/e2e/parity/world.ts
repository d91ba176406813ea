/**
 * One side's vendors: Zendesk, Shopify and Stripe stand-ins on loopback, the Shopify one holding the
 * sample shop's orders (scripts/sampleShop.ts, the rows n8n's Data Table gets). Each side of the
 * parity run gets its own set, started from the same rows: the refunds n8n makes in auto mode land
 * in its set only, so the in-process side never sees them as "already refunded".
 */
import type { Connectors } from '../../../engine/execution';
import { createFetchHttpClient } from '../../../engine/execution';
import { sampleOrderId } from '../../../scripts/sampleShop';
import { ShopifyStandIn, StripeStandIn, ZendeskStandIn } from '../../stand-ins';
import type { CredentialSpec } from '../harness';
import type { Row } from './dataTableLookup';
import type { TemplateSettings } from './templateSettings';

export const WEBHOOK_HEADER = 'X-Support-Token';
// Throwaway secrets for loopback stand-ins only, built at run time so no scanner mistakes them for real ones.
export const WEBHOOK_SECRET = ['parity', 'webhook', 'header'].join('-');
const ZD_EMAIL = 'agent@example.com';
const ZD_TOKEN = ['zd', 'parity', '0001'].join('-');
const SHOP_TOKEN = ['shpat', 'parity0002'].join('_');
const STRIPE_KEY = ['sk', 'test', 'parity0003'].join('_');
const ZENDESK_AUTH = `Basic ${Buffer.from(`${ZD_EMAIL}/token:${ZD_TOKEN}`).toString('base64')}`;

/** The credentials the pipeline template references (by id), filled for the stand-ins. */
export const PARITY_CREDENTIALS: CredentialSpec[] = [
	{ id: 'supportWebhookAuth', name: 'Support webhook auth', type: 'httpHeaderAuth', data: { name: WEBHOOK_HEADER, value: WEBHOOK_SECRET } },
	{ id: 'supportZendesk', name: 'Zendesk (support)', type: 'zendeskApi', data: { subdomain: 'acme', email: ZD_EMAIL, apiToken: ZD_TOKEN } },
	{ id: 'supportShopify', name: 'Shopify (support)', type: 'shopifyAccessTokenApi', data: { shopSubdomain: 'acme', accessToken: SHOP_TOKEN, appSecretKey: 'unused-app-secret' } },
	{ id: 'supportStripe', name: 'Stripe (support)', type: 'stripeApi', data: { secretKey: STRIPE_KEY } },
];

export class VendorWorld {
	private constructor(
		readonly zendesk: ZendeskStandIn,
		readonly shopify: ShopifyStandIn,
		readonly stripe: StripeStandIn,
	) {}

	/** Fresh stand-ins; Shopify holds one order per sample row (as bench/outcomes.ts seeds it). */
	static async start(rows: readonly Row[]): Promise<VendorWorld> {
		const world = new VendorWorld(await new ZendeskStandIn(ZENDESK_AUTH).start(), await new ShopifyStandIn(SHOP_TOKEN).start(), await new StripeStandIn(STRIPE_KEY).start());
		for (const row of rows) {
			world.shopify.addOrder({
				id: Number(sampleOrderId(String(row.order_number))),
				name: `#${row.order_number}`,
				total_price: Number(row.total).toFixed(2),
				currency: String(row.currency),
				email: String(row.customer_email),
				financial_status: String(row.payment_status),
				cancelled_at: (row.cancelled_at as string | null) ?? null,
			});
		}
		return world;
	}

	get urls(): { zendesk: string; shopify: string; stripe: string } {
		return { zendesk: this.zendesk.url, shopify: this.shopify.url, stripe: this.stripe.url };
	}

	/**
	 * The in-process pipeline's connectors: the ones the template's Action Executor switches on,
	 * signed as n8n signs them with PARITY_CREDENTIALS (Zendesk basic token, Shopify access-token
	 * header, Stripe bearer key).
	 */
	connectors(use: TemplateSettings['executorConnectors']): Connectors {
		const c: Connectors = {};
		if (use.zendesk) c.zendesk = { client: createFetchHttpClient({ baseUrl: this.zendesk.url, authHeaders: { authorization: ZENDESK_AUTH } }) };
		if (use.shopify) c.shopify = { client: createFetchHttpClient({ baseUrl: this.shopify.url, authHeaders: { 'x-shopify-access-token': SHOP_TOKEN } }), apiVersion: use.shopifyApiVersion };
		if (use.stripe) c.stripe = { client: createFetchHttpClient({ baseUrl: this.stripe.url, authHeaders: { authorization: `Bearer ${STRIPE_KEY}` } }) };
		return c;
	}

	/** The writes the vendors applied, in order per vendor, with our idempotency key as they saw it. */
	writes(): Array<{ vendor: string; method: string; path: string; key?: string; objectId: string }> {
		return (['zendesk', 'shopify', 'stripe'] as const).flatMap((vendor) => this[vendor].writes.map((w) => ({ vendor, ...w })));
	}

	async close(): Promise<void> {
		await Promise.all([this.zendesk.close(), this.shopify.close(), this.stripe.close()]);
	}
}
