import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { LiveFactSources } from '../../engine/retrieval';
import { baseUrlFromCredential, checkBaseUrl, n8nHttpClient } from '../shared/vendorHttp';
import { paramError } from './settings';

/** The credentials the Support Action Executor uses, read here for lookups only (GET; see engine/retrieval/liveFacts). */
export const LIVE_FACT_CREDENTIALS = {
	shopify: { type: 'shopifyAccessTokenApi', toggle: 'useShopify', label: 'Shopify' },
	stripe: { type: 'stripeApi', toggle: 'useStripe', label: 'Stripe' },
} as const;

type LiveFactVendor = keyof typeof LIVE_FACT_CREDENTIALS;

export interface LiveFactSettings {
	sources: LiveFactSources;
	timeoutMs?: number;
	/** Set up problems that do not stop the workflow (a lookup switched on without a credential); traced per case. */
	notes: string[];
}

function readOverride(ctx: IExecuteFunctions, options: IDataObject, vendor: LiveFactVendor): string | undefined {
	const raw = options[`${vendor}BaseUrl`];
	if (typeof raw !== 'string' || raw.trim() === '') return undefined;
	const checked = checkBaseUrl(LIVE_FACT_CREDENTIALS[vendor].label, raw);
	if (!checked.ok) throw paramError(ctx, 'Live Fact Options', checked.problem);
	return checked.url;
}

function readTimeout(ctx: IExecuteFunctions, options: IDataObject): number | undefined {
	if (options.timeoutMs === undefined) return undefined;
	const ms = Number(options.timeoutMs);
	if (!Number.isFinite(ms) || ms < 100) throw paramError(ctx, 'Live Fact Options', 'Request Timeout (Ms) must be at least 100');
	return ms;
}

/**
 * Wires the lookups that are switched on and have a credential set, once per execution. One
 * switched on without a credential is left out and noted in each case's trace: the case goes on
 * without the fact (its playbook asks the customer or escalates) instead of failing the workflow.
 */
export async function readLiveFactSettings(ctx: IExecuteFunctions): Promise<LiveFactSettings> {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	const configured = ctx.getNode().credentials ?? {};
	const sources: LiveFactSources = {};
	const notes: string[] = [];
	for (const vendor of Object.keys(LIVE_FACT_CREDENTIALS) as LiveFactVendor[]) {
		const { type, toggle, label } = LIVE_FACT_CREDENTIALS[vendor];
		if (!(ctx.getNodeParameter(toggle, 0, false) as boolean)) continue;
		const override = readOverride(ctx, options, vendor);
		let apiVersion = '';
		if (vendor === 'shopify') {
			apiVersion = String(ctx.getNodeParameter('shopifyApiVersion', 0, '') ?? '').trim();
			if (!/^\d{4}-\d{2}$/.test(apiVersion)) throw paramError(ctx, 'Shopify API Version', 'must look like 2025-01');
		}
		// getCredentials throws for an optional credential that is not set: ask the node first.
		if (!configured[type]) {
			notes.push(`${label} lookups are switched on but no ${label} credential is set`);
			continue;
		}
		// With an override the credential is only needed for signing, which n8n does: we read nothing from it.
		const baseUrl = override ? { ok: true as const, url: override } : baseUrlFromCredential(vendor, await ctx.getCredentials(type));
		if (!baseUrl.ok) {
			throw new NodeOperationError(ctx.getNode(), `${label}: ${baseUrl.problem}`, { description: 'Fix the credential, or set a Base URL Override under Live Fact Options.' });
		}
		const client = n8nHttpClient(ctx, type, baseUrl.url);
		if (vendor === 'shopify') sources.shopify = { client, apiVersion };
		else sources.stripe = { client };
	}
	return { sources, timeoutMs: readTimeout(ctx, options), notes };
}
