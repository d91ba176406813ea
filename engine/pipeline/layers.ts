import { LAYERS, writeSection, type CaseFile } from '../contracts';
import { buildHandoff } from '../escalation';
import { effectiveMode, executePlan, scopeForIntent } from '../execution';
import { recordWorkflowFacts } from '../facts';
import { normaliseTicket } from '../intake';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook } from '../planning';
import { retrievePolicies, toContextSection } from '../retrieval';
import { BuiltinEmbedder } from '../retrieval/builtinEmbedder';
import { detectSentiment, detectUrgency } from '../routing';
import { cachedBuiltinRouter, LATEST_ROUTER_VERSION, routerVersionDefaults } from '../routing/builtinEngine';
import { decideIntent } from '../routing/routeTicket';
import { DEFAULT_CRITIC_RULES, DEFAULT_MAX_REVISIONS, runCritic } from '../verification';
import { lookupLiveFacts, recordedFacts } from './liveFacts';
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
		const text = ticket.subject && !ticket.message.includes(ticket.subject) ? `${ticket.subject}\n${ticket.message}` : ticket.message;
		const intent = decideIntent(
			await classifier.predict(text),
			{ urgency: detectUrgency(ticket.message, { conversation: ticket.conversation, subject: ticket.subject }), sentiment: detectSentiment(ticket.message) },
			{ intents: input.intents, threshold: o.threshold ?? defaults.threshold, maxAlternatives: o.maxAlternatives ?? 3, engine: 'builtin', decidedBy: 'builtin' },
		);
		let support = writeSection(caseFile, 'ticket', ticket, 'intentRouter');
		support = writeSection(support, 'intent', intent, 'intentRouter');
		support = timer.finish(support, { engine: features === 'encoder' ? 'builtin+encoder' : 'builtin', outcome: intent.route === 'intent' ? `routed:${intent.category}` : 'human', contractErrors: [] });
		return { caseFile: support, next: intent.route === 'intent' ? 'continue' : 'escalate' };
	});
}

export function retrieveLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const o = input.options ?? {};
	return guarded(record, 'policyRetriever', LAYERS.policyRetriever, caseFile, async () => {
		const timer = record.start('policyRetriever', LAYERS.policyRetriever);
		const ticket = caseFile.ticket!;
		const { store, embedder } = input.policies;
		const result = await retrievePolicies(
			[ticket.subject, ticket.message].filter(Boolean).join('\n'),
			{ asOf: new Date(ticket.receivedAt), tags: o.retrievalTags ?? [], limit: o.retrievalLimit ?? 5, groundingThreshold: o.groundingThreshold },
			{ store, embedder },
		);
		const lookup = o.liveFacts === false ? { facts: [], failures: [], problems: [] } : await lookupLiveFacts(ticket, input.connectors, { now });
		let support = writeSection(caseFile, 'context', toContextSection(result, recordedFacts(lookup)), 'policyRetriever');
		if (!result.grounded) {
			const reason = `No policy grounds a reply: ${result.groundingReason ?? 'nothing scored above the threshold'}`;
			support = { ...support, escalation: { reason, layer: 'policyRetriever', code: 'ungrounded', at: now().toISOString() } };
		}
		const facts = lookup.facts.map((f) => f.kind).join('+');
		support = timer.finish(support, {
			engine: `${store.kind}/${embedder.id}`,
			outcome: `${result.grounded ? 'grounded' : 'ungrounded'}${facts ? ` (facts: ${facts})` : ''}`,
			contractErrors: lookup.problems.map((p) => `live fact lookup: ${p}`),
		});
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
		const scopes = o.scopes ?? DEFAULT_INTENT_SCOPES;
		const intent = caseFile.intent?.category;
		const scope = (intent ? scopes[intent] : undefined) ?? scopes['*'];
		const outcome = planWithPlaybook(caseFile, { playbooks: o.playbooks, policy: o.policy ?? {}, scope, now: now() });
		let support = outcome.plan ? writeSection(caseFile, 'plan', outcome.plan, 'specialistPlanner') : caseFile;
		if (outcome.outcome === 'escalate') {
			support = { ...support, escalation: { reason: outcome.reason, layer: 'specialistPlanner', code: outcome.code, at: now().toISOString() } };
		}
		support = timer.finish(support, { engine: 'playbook', outcome: outcome.outcome === 'escalate' ? `escalated:${outcome.code}` : outcome.outcome, contractErrors: [] });
		return { caseFile: support, next: outcome.outcome === 'escalate' ? 'escalate' : 'continue' };
	});
}

export function criticLayer(input: PipelineInput, stage: 'plan' | 'reply', caseFile: CaseFile, record: RunRecord, now: () => Date): Promise<LayerResult> {
	const o = input.options ?? {};
	const node = `${LAYERS.critic} (${stage})`;
	return guarded(record, 'critic', node, caseFile, async () => {
		const timer = record.start('critic', node);
		const result = await runCritic(caseFile, { stage, rules: o.criticRules ?? DEFAULT_CRITIC_RULES, maxRevisions: o.maxRevisions ?? DEFAULT_MAX_REVISIONS }, now());
		const support = timer.finish(result.caseFile, { engine: 'rules', outcome: `${stage}:${result.verdict}`, contractErrors: [] });
		return { caseFile: support, next: result.escalated ? 'escalate' : result.verdict === 'revise' ? 'revise' : 'continue' };
	});
}

export function executeLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord): Promise<LayerResult> {
	const o = input.options ?? {};
	return guarded(record, 'toolExecutor', LAYERS.toolExecutor, caseFile, async () => {
		const timer = record.start('toolExecutor', LAYERS.toolExecutor);
		const plan = caseFile.plan!;
		const mode = effectiveMode(caseFile.intent!.rolloutMode, o.mode);
		const result = await executePlan(
			{ plan, review: caseFile.review, ticket: caseFile.ticket!, mode, scope: scopeForIntent(o.scopes ?? DEFAULT_INTENT_SCOPES, plan.intent), connectors: input.connectors },
			{ retry: o.retry },
		);
		let support = writeSection(caseFile, 'execution', result.execution, 'toolExecutor');
		const done = result.execution.outcome === 'completed' || result.execution.outcome === 'dry_run';
		if (!done) {
			support = {
				...support,
				escalation: result.escalation ?? { reason: `Support Action Executor: plan ${plan.id} ended "${result.execution.outcome}"`, layer: 'toolExecutor', code: 'execution', at: new Date().toISOString() },
			};
		}
		const wired = (['zendesk', 'shopify', 'stripe', 'http', 'mcp'] as const).filter((c) => input.connectors[c]);
		support = timer.finish(support, { engine: wired.length ? wired.join('+') : 'no connectors', outcome: `${mode}:${result.execution.outcome}`, contractErrors: [] });
		return { caseFile: support, next: done ? 'continue' : 'escalate' };
	});
}

/** The Escalation Packager never fails a case: it is where broken cases end up. */
export function packageLayer(input: PipelineInput, caseFile: CaseFile, record: RunRecord): CaseFile {
	const timer = record.start('escalationPackager', LAYERS.escalationPackager);
	const handoff = buildHandoff(caseFile, input.options?.handoff ?? {});
	const support = writeSection(caseFile, 'handoff', handoff, 'escalationPackager');
	return timer.finish(support, { engine: 'builtin', outcome: `handoff:${handoff.priority}`, contractErrors: [] });
}
