import { readFileSync } from 'fs';
import { join } from 'path';
import { ContractError } from '../../../engine/contracts';
import type { NormaliseOptions } from '../../../engine/intake';

export const NOW = new Date('2026-11-25T12:00:00.000Z');

export function fixture(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(join(__dirname, '../../fixtures/helpdesk', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** What n8n's Webhook node emits for a JSON POST. */
export function webhookItem(body: unknown, headers: Record<string, string> = {}): Record<string, unknown> {
	return {
		headers: { host: '127.0.0.1:5678', 'content-type': 'application/json', ...headers },
		params: {},
		query: {},
		body,
		webhookUrl: 'http://127.0.0.1:5678/webhook/support',
		executionMode: 'production',
	};
}

export function opts(extra: Partial<NormaliseOptions> = {}): NormaliseOptions {
	return { source: 'auto', now: () => NOW, ...extra };
}

export function contractError(fn: () => unknown): ContractError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	if (caught instanceof ContractError) return caught;
	throw new Error(`expected a ContractError, got ${caught === undefined ? 'nothing' : String(caught)}`);
}

/** Fixtures are untyped vendor JSON that tests break on purpose, one nested field at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

export const FIXTURES = [
	'zendesk-trigger',
	'zendesk-event',
	'zendesk-ticket',
	'helpscout-convo-created',
	'helpscout-customer-reply',
	'freshdesk-webhook',
	'freshdesk-ticket',
	'intercom-conversation-created',
	'intercom-user-replied',
] as const;
