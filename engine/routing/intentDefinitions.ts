import { createHash } from 'node:crypto';
import { ContractError, RolloutMode } from '../contracts';
import { intentSettingsFromEntry } from './intentEntry';
import type { IntentDefinition } from './types';

/** Reserved: the router's own last output. An intent of that name would be ambiguous. */
const RESERVED = new Set(['human']);

/**
 * Validates the intents as the operator typed them in the node (examples as one message per line)
 * and names the exact entry and field when something is off.
 */
export function parseIntentDefinitions(raw: unknown, opts: { withSettings?: boolean } = {}): IntentDefinition[] {
	const list = Array.isArray(raw) ? raw : [];
	if (list.length === 0) {
		throw new ContractError({
			field: 'Intents',
			problem: 'is empty: define at least one intent with a name and example messages',
			layer: 'intentRouter',
		});
	}
	const seen = new Set<string>();
	return list.map((entry, index) => {
		const at = `Intents[${index + 1}]`;
		const e = (entry ?? {}) as Record<string, unknown>;
		const name = typeof e.name === 'string' ? e.name.trim() : '';
		if (!name) throw new ContractError({ field: `${at}.Name`, problem: 'is empty', layer: 'intentRouter' });
		if (RESERVED.has(name.toLowerCase())) {
			throw new ContractError({ field: `${at}.Name`, problem: `is "${name}", which is reserved for the Human output`, layer: 'intentRouter' });
		}
		if (seen.has(name.toLowerCase())) {
			throw new ContractError({ field: `${at}.Name`, problem: `"${name}" is used by an earlier intent`, layer: 'intentRouter' });
		}
		seen.add(name.toLowerCase());
		const examples = (typeof e.examples === 'string' ? e.examples.split(/\r?\n/) : Array.isArray(e.examples) ? e.examples : [])
			.map((x) => (typeof x === 'string' ? x.trim() : ''))
			.filter((x) => x.length > 0);
		if (examples.length === 0) {
			throw new ContractError({
				field: `${at}.Example Messages`,
				problem: `has no examples for intent "${name}": add at least one customer message per line`,
				layer: 'intentRouter',
			});
		}
		const mode = RolloutMode.safeParse(e.rolloutMode ?? 'shadow');
		if (!mode.success) {
			throw new ContractError({ field: `${at}.Rollout Mode`, problem: `is "${String(e.rolloutMode)}"; use shadow, suggest or auto`, layer: 'intentRouter' });
		}
		const description = typeof e.description === 'string' && e.description.trim() ? e.description.trim() : undefined;
		// Version 3 of the node: the entry also carries the intent's playbook, numbers, tools and checks.
		const settings = opts.withSettings ? intentSettingsFromEntry(e, at, name) : undefined;
		return { name, description, examples, rolloutMode: mode.data, ...(settings ? { settings } : {}) };
	});
}

const MAX_CACHED = 32;
const cache = new Map<string, unknown>();

/**
 * Training runs once per distinct intent set per process, not per item or per execution: the key is
 * a hash of everything that changes the model. Bounded so a workflow whose intents are edited often
 * cannot grow memory without limit. `train` may return a promise (the encoder mode): the promise is
 * cached, so executions that arrive while it trains share one training; a failed one is forgotten.
 */
export function cachedClassifier<C>(
	intents: readonly IntentDefinition[],
	settings: Record<string, unknown>,
	train: () => C,
): { classifier: C; cacheHit: boolean } {
	const key = createHash('sha256')
		.update(JSON.stringify({ intents: intents.map(({ name, description, examples }) => ({ name, description, examples })), settings }))
		.digest('hex');
	if (cache.has(key)) {
		const hit = cache.get(key) as C;
		cache.delete(key);
		cache.set(key, hit);
		return { classifier: hit, cacheHit: true };
	}
	const classifier = train();
	cache.set(key, classifier);
	if (classifier instanceof Promise) classifier.catch(() => cache.get(key) === classifier && cache.delete(key));
	if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
	return { classifier, cacheHit: false };
}
