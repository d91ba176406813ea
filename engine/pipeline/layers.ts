import { LAYERS, writeSection, type CaseFile } from '../contracts';
import { buildHandoff } from '../escalation';
import { runExecutor } from '../execution';
import { recordWorkflowFacts } from '../facts';
import { normaliseTicket } from '../intake';
import { DEFAULT_INTENT_SCOPES, runPlanner } from '../planning';
import { runRetriever } from '../retrieval';
import { BuiltinEmbedder } from '../retrieval/builtinEmbedder';
import { cachedBuiltinRouter, LATEST_ROUTER_VERSION, routerVersionDefaults } from '../routing/builtinEngine';
import { DEFAULT_MODEL_THRESHOLD, MODEL_DEFAULTS } from '../routing/model';
import { runRouter } from '../routing/routerLayer';
import { DEFAULT_CRITIC_RULES, DEFAULT_MAX_REVISIONS, runCritic } from '../verification';
import { contractErrorsOf, escalationFromError, type RunRecord } from './trace';
import type { PipelineInput } from './types';

/** A layer's result: the case file after it, and whether the case goes on or to a person. */
export interface LayerResult {
	caseFile: CaseFile;
	next: 'continue' | 'escalate' | 'revise';
}

/** Runs one layer; an error becomes an escalation with the reason, like a node set to continue on error (escalationItem). */
function guarded(record: RunRecord, layer: keyof typeof LAYERS, node: string, caseFile: CaseFile, fn: () => Promise<LayerResult>): Promise<LayerResult> {
	const timer = record.start(layer, node);
	return fn().catch((error: unknown) => ({
		caseFile: timer.finish({ ...caseFile, escalation: escalationFromError(error, layer) }, { outcome: 'escalated', contractErrors: contractErrorsOf(error) }),
		next: 'escalate' as const,
	}));
}

export function routeLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const o = input.options ?? {};
	return guarded(record, 'intentRouter', LAYERS.intentRouter, caseFile, async () => {
		const timer = record.start('intentRouter', LAYERS.intentRouter);
		const source = o.source ?? 'auto';
		const ticket = normaliseTicket(input.payload, { source, custom: source === 'custom' ? o.custom : undefined, maxMessageLength: o.maxMessageLength ?? 20000, now });
		// The node's engine function, with a new node's defaults unless asked otherwise.
		const defaults = routerVersionDefaults(LATEST_ROUTER_VERSION);
		const features = o.features ?? defaults.features;
		const classifier = await cachedBuiltinRouter(input.intents, features, () => new BuiltinEmbedder());
		const { intent, traceOutcome, engineLabel } = await runRouter(ticket, {
			engine: 'builtin',
			intents: input.intents,
			classifier,
			features,
			threshold: o.threshold ?? defaults.threshold,
			maxAlternatives: o.maxAlternatives ?? 3,
			// Unused by the built-in engine: the in-process pipeline runs no model.
			modelThreshold: DEFAULT_MODEL_THRESHOLD,
			modelAttempts: MODEL_DEFAULTS.maxAttempts,
			modelTimeoutMs: MODEL_DEFAULTS.timeoutMs,
		});
		let support = writeSection(caseFile, 'ticket', ticket, 'intentRouter');
		support = writeSection(support, 'intent', intent, 'intentRouter');
		support = timer.finish(support, { engine: engineLabel, outcome: traceOutcome, contractErrors: [] });
		return { caseFile: support, next: intent.route === 'intent' ? 'continue' : 'escalate' };
	});
}

export function retrieveLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const o = input.options ?? {};
	return guarded(record, 'policyRetriever', LAYERS.policyRetriever, caseFile, async () => {
		const timer = record.start('policyRetriever', LAYERS.policyRetriever);
		const { store, embedder } = input.policies;
		const result = await runRetriever(
			caseFile,
			{ store, embedder, limit: o.retrievalLimit ?? 5, groundingThreshold: o.groundingThreshold, tags: o.retrievalTags ?? [], liveFacts: o.liveFacts === false ? {} : input.connectors },
			now,
		);
		const support = timer.finish(result.caseFile, { engine: result.engineLabel, outcome: result.traceOutcome, contractErrors: result.problems });
		return { caseFile: support, next: result.grounded ? 'continue' : 'escalate' };
	});
}

/** The Support Case Facts node's engine function, on the records the pipeline's lookup returns. */
export function caseFactsLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const facts = input.workflowFacts!;
	return guarded(record, 'caseFacts', LAYERS.caseFacts, caseFile, async () => {
		const timer = record.start('caseFacts', LAYERS.caseFacts);
		const result = recordWorkflowFacts(caseFile, { source: facts.source, records: await facts.lookup(caseFile.ticket!), now: now() });
		return { caseFile: timer.finish(result.caseFile, { engine: 'mapped fields', outcome: result.outcome, contractErrors: [] }), next: 'continue' };
	});
}

export function planLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const o = input.options ?? {};
	return guarded(record, 'specialistPlanner', LAYERS.specialistPlanner, caseFile, async () => {
		const timer = record.start('specialistPlanner', LAYERS.specialistPlanner);
		const result = await runPlanner(caseFile, { engine: 'playbook', playbooks: o.playbooks, policy: o.policy ?? {}, scopes: o.scopes ?? DEFAULT_INTENT_SCOPES, useIntentSettings: true }, now());
		const support = timer.finish(result.caseFile, { engine: 'playbook', outcome: result.traceOutcome, contractErrors: [] });
		return { caseFile: support, next: result.outcome === 'escalate' ? 'escalate' : 'continue' };
	});
}

export function criticLayer(input: PipelineInput, stage: 'plan' | 'reply', caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const o = input.options ?? {};
	const node = `${LAYERS.critic} (${stage})`;
	return guarded(record, 'critic', node, caseFile, async () => {
		const timer = record.start('critic', node);
		const result = await runCritic(caseFile, { stage, rules: o.criticRules ?? DEFAULT_CRITIC_RULES, maxRevisions: o.maxRevisions ?? DEFAULT_MAX_REVISIONS, useIntentSettings: true }, now());
		const support = timer.finish(result.caseFile, { engine: 'rules', outcome: `${stage}:${result.verdict}`, contractErrors: [] });
		return { caseFile: support, next: result.escalated ? 'escalate' : result.verdict === 'revise' ? 'revise' : 'continue' };
	});
}

export function executeLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord): Promise<LayerResult> {
	const o = input.options ?? {};
	return guarded(record, 'toolExecutor', LAYERS.toolExecutor, caseFile, async () => {
		const timer = record.start('toolExecutor', LAYERS.toolExecutor);
		const result = await runExecutor(caseFile, { mode: o.mode, scopes: o.scopes ?? DEFAULT_INTENT_SCOPES, useIntentSettings: true, retry: o.retry, connectors: input.connectors });
		const wired = (['zendesk', 'helpScout', 'shopify', 'stripe', 'http', 'mcp'] as const).filter((c) => input.connectors[c]);
		const support = timer.finish(result.caseFile, { engine: wired.length ? wired.join('+') : 'no connectors', outcome: `${result.mode}:${result.outcome}`, contractErrors: [] });
		return { caseFile: support, next: result.done ? 'continue' : 'escalate' };
	});
}

/** The Escalation Packager never fails a case: it is where broken cases end up. */
export function packageLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord): CaseFile {
	const timer = record.start('escalationPackager', LAYERS.escalationPackager);
	const handoff = buildHandoff(caseFile, input.options?.handoff ?? {});
	const support = writeSection(caseFile, 'handoff', handoff, 'escalationPackager');
	return timer.finish(support, { engine: 'builtin', outcome: `handoff:${handoff.priority}`, contractErrors: [] });
}
