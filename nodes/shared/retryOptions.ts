import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../engine/execution';
import { paramError } from './jsonParameter';

/**
 * The retry options of every node that writes to a vendor (Action Executor, Escalation Packager):
 * the same parameter names, limits and checks, with the engine's defaults shown as the defaults.
 */
export function retryOptionFields(labels: { attempts: string; attemptsHint: string }): INodeProperties[] {
	return [
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the engine's, DEFAULT_RETRY_POLICY (one source)
		{
			displayName: labels.attempts,
			name: 'maxAttempts',
			type: 'number',
			default: DEFAULT_RETRY_POLICY.maxAttempts,
			typeOptions: { minValue: 1, maxValue: 10 },
			description: labels.attemptsHint,
		},
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the engine's, DEFAULT_RETRY_POLICY (one source)
		{
			displayName: 'Request Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			default: DEFAULT_RETRY_POLICY.timeoutMs,
			typeOptions: { minValue: 100 },
			description: 'Per request, in milliseconds',
		},
	];
}

/** The retry policy from those options; an error names the options collection and the field. */
export function readRetryOptions(ctx: IExecuteFunctions, options: IDataObject, collection: string, attemptsLabel: string): Partial<RetryPolicy> {
	const retry: Partial<RetryPolicy> = {};
	if (options.maxAttempts !== undefined) {
		const n = Number(options.maxAttempts);
		if (!Number.isInteger(n) || n < 1) throw paramError(ctx, collection, `${attemptsLabel} must be a whole number, 1 or more`);
		retry.maxAttempts = n;
	}
	if (options.timeoutMs !== undefined) {
		const ms = Number(options.timeoutMs);
		if (!Number.isFinite(ms) || ms < 100) throw paramError(ctx, collection, 'Request Timeout (Ms) must be at least 100');
		retry.timeoutMs = ms;
	}
	return retry;
}
