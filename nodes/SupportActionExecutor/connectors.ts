import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { Connectors } from '../../engine/execution';
import { baseUrlFromCredential, n8nHttpClient } from '../shared/vendorHttp';
import { CONNECTOR_CREDENTIALS, type ConnectorName } from './description';

// Shared with the Support Policy Retriever's live facts; re-exported for this node's callers.
export { baseUrlFromCredential, checkBaseUrl, n8nHttpClient, type Checked } from '../shared/vendorHttp';

export interface ConnectorSettings {
	use: Record<ConnectorName, boolean>;
	baseUrlOverride: Partial<Record<ConnectorName, string>>;
	shopifyApiVersion: string;
}

/**
 * Wires the connectors that are switched on and have a credential set. One switched on without a
 * credential stays unwired: its steps are refused with "connector is not configured" and escalate,
 * rather than failing the whole workflow.
 */
export async function buildConnectors(ctx: IExecuteFunctions, s: ConnectorSettings): Promise<{ connectors: Connectors; wired: ConnectorName[] }> {
	const connectors: Connectors = {};
	const wired: ConnectorName[] = [];
	const configured = ctx.getNode().credentials ?? {};
	for (const name of Object.keys(CONNECTOR_CREDENTIALS) as ConnectorName[]) {
		const { type } = CONNECTOR_CREDENTIALS[name];
		// getCredentials throws for an optional credential that is not set: ask the node first.
		if (!s.use[name] || !configured[type]) continue;
		const override = s.baseUrlOverride[name];
		// With an override the credential is only needed for signing, which n8n does: we read nothing from it.
		const baseUrl = override ? { ok: true as const, url: override } : baseUrlFromCredential(name, await ctx.getCredentials(type));
		if (!baseUrl.ok) {
			throw new NodeOperationError(ctx.getNode(), `${CONNECTOR_CREDENTIALS[name].label}: ${baseUrl.problem}`, { description: 'Fix the credential, or set a Base URL Override under Options.' });
		}
		const client = n8nHttpClient(ctx, type, baseUrl.url);
		if (name === 'shopify') connectors.shopify = { client, apiVersion: s.shopifyApiVersion };
		else connectors[name] = { client };
		wired.push(name);
	}
	return { connectors, wired };
}
