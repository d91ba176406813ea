import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { RolloutMode, ToolScopes } from '../../engine/contracts';
import { effectiveMode, scopeForIntent, type IntentScope, type ModeSetting, type RetryPolicy } from '../../engine/execution';

// The rollout rule and scope lookup live in the engine, shared with the in-process pipeline.
export { effectiveMode, scopeForIntent, type ModeSetting };
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { paramError, schemaParameter } from '../shared/jsonParameter';
import { checkBaseUrl, type ConnectorSettings } from './connectors';
import { CONNECTOR_CREDENTIALS, type ConnectorName } from './description';


export interface ExecutorSettings {
	mode: ModeSetting;
	scopes: Record<string, IntentScope>;
	retry: Partial<RetryPolicy>;
	connectors: ConnectorSettings;
}

function readScopes(ctx: IExecuteFunctions): Record<string, IntentScope> {
	return schemaParameter(ctx, 'toolScopes', 'Tool Scopes', ToolScopes, DEFAULT_INTENT_SCOPES);
}

function readMode(ctx: IExecuteFunctions): ModeSetting {
	const mode = ctx.getNodeParameter('rolloutMode', 0, 'fromIntent') as ModeSetting;
	if (mode !== 'fromIntent' && !RolloutMode.safeParse(mode).success) throw paramError(ctx, 'Rollout Mode', `must be From Intent, Shadow, Suggest or Auto, not ${JSON.stringify(mode)}`);
	return mode;
}

function readConnectorSettings(ctx: IExecuteFunctions, options: IDataObject): ConnectorSettings {
	const use = {} as Record<ConnectorName, boolean>;
	const baseUrlOverride: Partial<Record<ConnectorName, string>> = {};
	for (const name of Object.keys(CONNECTOR_CREDENTIALS) as ConnectorName[]) {
		const { toggle, label } = CONNECTOR_CREDENTIALS[name];
		use[name] = ctx.getNodeParameter(toggle, 0, false) as boolean;
		const override = options[`${name}BaseUrl`];
		if (typeof override === 'string' && override.trim() !== '') {
			const checked = checkBaseUrl(label, override);
			if (!checked.ok) throw paramError(ctx, 'Options', checked.problem);
			baseUrlOverride[name] = checked.url;
		}
	}
	const shopifyApiVersion = use.shopify ? String(ctx.getNodeParameter('shopifyApiVersion', 0, '')).trim() : '';
	if (use.shopify && !/^\d{4}-\d{2}$/.test(shopifyApiVersion)) throw paramError(ctx, 'Shopify API Version', 'must look like 2025-01');
	return { use, baseUrlOverride, shopifyApiVersion };
}

function readRetry(ctx: IExecuteFunctions, options: IDataObject): Partial<RetryPolicy> {
	const retry: Partial<RetryPolicy> = {};
	if (options.maxAttempts !== undefined) {
		const n = Number(options.maxAttempts);
		if (!Number.isInteger(n) || n < 1) throw paramError(ctx, 'Options', 'Max Attempts per Step must be a whole number, 1 or more');
		retry.maxAttempts = n;
	}
	if (options.timeoutMs !== undefined) {
		const ms = Number(options.timeoutMs);
		if (!Number.isFinite(ms) || ms < 100) throw paramError(ctx, 'Options', 'Request Timeout (Ms) must be at least 100');
		retry.timeoutMs = ms;
	}
	return retry;
}

/** Reads and checks the parameters once per execution: a typo in a scope fails before any ticket is touched. */
export function readExecutorSettings(ctx: IExecuteFunctions): ExecutorSettings {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as IDataObject;
	return { mode: readMode(ctx), scopes: readScopes(ctx), retry: readRetry(ctx, options), connectors: readConnectorSettings(ctx, options) };
}
