import type { CaseFile } from '../contracts';
import { LOOKUP_FAILED_KIND } from '../retrieval/liveFactTypes';

/**
 * Why a fact the customer pointed at is still missing, for a person to read: the failed lookups of
 * that kind with their source ("order #5531: not found in Find order"), or, when no lookup of that
 * kind ran at all, that no source for it is connected. `path` is a requirement's path
 * (`facts.order`); `given` is what the customer gave (`#5531`).
 */
export function missingFactReason(caseFile: CaseFile, path: string, given: unknown): string {
	const kind = /^facts\.([A-Za-z0-9_]+)/.exec(path)?.[1] ?? path;
	const failures = (caseFile.context?.facts ?? [])
		.filter((f) => f.kind === LOOKUP_FAILED_KIND && String(f.data.lookup ?? '').toLowerCase().startsWith(`${kind.toLowerCase()} `))
		.map((f) => {
			const error = String(f.data.error ?? 'failed');
			return `${String(f.data.lookup)}: ${error}${error.includes(f.source) ? '' : ` (${f.source})`}`;
		});
	if (failures.length) return `The customer gave ${kind} ${String(given)}, but it could not be found: ${failures.join('; ')}. Not asking the customer again.`;
	return `The customer gave ${kind} ${String(given)}, but no ${kind} source is connected (no lookup ran), so it could not be checked. Not asking the customer again.`;
}
