import { appendTrace, ContractError, type CaseFile, type EscalationRequest, type LayerId, type TraceEntry } from '../contracts';
import type { PathStep, PipelineResult } from './types';

/**
 * The run's record: every layer's trace entry goes into the case file exactly as the node writes
 * it (node name = the layer's display name, plus the stage for the Critic), and into the path and
 * timings of the result.
 */
export class RunRecord {
	readonly path: PathStep[] = [];
	readonly timings: PipelineResult['timings'] = { total: 0 };

	start(layer: LayerId, node: string) {
		const startedAt = new Date().toISOString();
		const t0 = performance.now();
		return {
			finish: (caseFile: CaseFile, entry: Omit<TraceEntry, 'layer' | 'node' | 'startedAt' | 'durationMs'>): CaseFile => {
				const durationMs = Math.round((performance.now() - t0) * 1000) / 1000;
				this.path.push({ layer, node, outcome: entry.outcome, durationMs });
				this.timings[layer] = Math.round(((this.timings[layer] ?? 0) + durationMs) * 1000) / 1000;
				this.timings.total = Math.round((this.timings.total + durationMs) * 1000) / 1000;
				return appendTrace(caseFile, { layer, node, startedAt, durationMs, ...entry });
			},
		};
	}
}

/** What the node shells' escalationItem writes for an input a layer could not handle. */
export function escalationFromError(error: unknown, layer: LayerId): EscalationRequest {
	const message = error instanceof Error ? error.message : String(error);
	return {
		reason: message,
		layer,
		code: error instanceof ContractError ? 'contract' : 'error',
		...(error instanceof ContractError ? { field: error.field } : {}),
		at: new Date().toISOString(),
	};
}

export function contractErrorsOf(error: unknown): string[] {
	return error instanceof ContractError ? [error.message] : [];
}
