import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { ToolScopes, type RolloutMode } from '../../engine/contracts';
import type { IntentScope, RetryPolicy } from '../../engine/execution';
import { DEFAULT_INTENT_SCOPES } from '../../engine/planning';
import { paramError, schemaParameter } from '../shared/jsonParameter';
import { checkBaseUrl, type ConnectorSettings } from './connectors';
import { CONNECTOR_CREDENTIALS, type ConnectorName } from './description';

export type ModeSetting = 'fromIntent' | RolloutMode;

export interface ExecutorSettings {
	mode: ModeSetting;
	scopes: Record<string, IntentScope>;
	retry: Partial<RetryPolicy>;
	connectors: ConnectorSettings;
}

/** Most careful first: an override may move a ticket left in this list, never right. */
const STRICTNESS: readonly RolloutMode[] = ['shadow', 'suggest', 'auto'];

/**
 * The mode to run in: the intent's, or the override when that is stricter. An override that is
 * looser than the intent's mode is ignored: the node setting exists to hold rollout back (e.g. shadow
 * everything while testing), and must never let through what the router's per-intent mode holds back.
 */
export function effectiveMode(intentMode: RolloutMode, setting: ModeSetting): RolloutMode {
	if (setting === 'fromIntent') return intentMode;
	return STRICTNESS[Math.min(STRICTNESS.indexOf(intentMode), STRICTNESS.indexOf(setting))];
}

/** Deny by default: an intent with no scope and no "*" scope may not run any tool. */
export function scopeForIntent(scopes: Record<string, IntentScope>, intent: string): IntentScope {
	return scopes[intent] ?? scopes['*'] ?? { allowedTools: [] };
}

function readScopes(ctx: IExecuteFunctions): Record<string, IntentScope> {
	return schemaParameter(ctx, 'toolScopes', 'Tool Scopes', ToolScopes, DEFAULT_INTENT_SCOPES);
}

function readMode(ctx: IExecuteFunctions): ModeSetting {
	const mode = ctx.getNodeParameter('rolloutMode', 0, 'fromIntent') as ModeSetting;
	if (mode !== 'fromIntent' && !STRICTNESS.includes(mode)) throw paramError(ctx, 'Rollout Mode', `must be From Intent, Shadow, Suggest or Auto, not ${JSON.stringify(mode)}`);
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
