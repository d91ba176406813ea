import type { CaseFile, LayerId, Ticket } from '../contracts';
import type { HandoffOptions } from '../escalation';
import type { Connectors, IntentScope, ModeSetting, RetryPolicy } from '../execution';
import type { CustomMapping, SourceSetting } from '../intake';
import type { CriticRules } from '../verification';
import type { Embedder, PolicyStore } from '../retrieval';
import type { BuiltinFeatures } from '../routing/builtinEngine';
import type { WorkflowRecord } from '../facts';
import type { IntentDefinition } from '../routing/types';

/** The Support Action Executor's "Rollout Mode" parameter: the intent's own mode, or a stricter override. */
export type { ModeSetting };

/** Everything the six nodes read from their parameters, with the nodes' defaults when absent. */
export interface PipelineOptions {
	/** Router: Ticket Source (default 'auto') and, for 'custom', the mapped fields. */
	source?: SourceSetting;
	custom?: CustomMapping;
	/** Router: Built-in Features and confidence threshold (default: a new node's, routerVersionDefaults). */
	features?: BuiltinFeatures;
	threshold?: number;
	maxAlternatives?: number;
	maxMessageLength?: number;
	/** Retriever: result limit, grounding threshold override, tag filter. */
	retrievalLimit?: number;
	groundingThreshold?: number;
	retrievalTags?: string[];
	/**
	 * Live facts (order, charge) looked up read-only through the connectors before planning.
	 * DESIGN.md gives this job to the Policy Retriever, whose node does not do it yet (it writes
	 * `facts: []`); default true, so order-based playbooks can act. false mirrors today's node.
	 */
	liveFacts?: boolean;
	/** Planner: playbooks (default the built-in ones) and policy values. */
	playbooks?: unknown[];
	policy?: Record<string, unknown>;
	/** Planner and executor tool scopes (default DEFAULT_INTENT_SCOPES, as both nodes). */
	scopes?: Record<string, IntentScope>;
	/** Critic: rules per intent (default DEFAULT_CRITIC_RULES) and revision bound (default 2). */
	criticRules?: Record<string, CriticRules>;
	maxRevisions?: number;
	/** Executor: Rollout Mode parameter (default 'fromIntent') and retry policy. */
	mode?: ModeSetting;
	retry?: Partial<RetryPolicy>;
	/**
	 * In auto mode, after the reply-stage Critic approves, post the draft reply to the customer
	 * through the connectors (what the helpdesk templates' Send Reply node does). Default false.
	 */
	sendReply?: boolean;
	/** Packager options (group, priority rules, tags). */
	handoff?: HandoffOptions;
	/** Clock for planning and review (eligibility windows); defaults to the real time. */
	now?: () => Date;
}

/** One plain object in: what `replay FILE` and `npm run demo` build from a JSON file and settings. */
export interface PipelineInput {
	/** The helpdesk payload, as the trigger node would hand it to the router. */
	payload: unknown;
	intents: IntentDefinition[];
	policies: { store: PolicyStore; embedder: Embedder };
	connectors: Connectors;
	options?: PipelineOptions;
	/**
	 * The Support Case Facts layer, as a workflow places it after the Retriever: the records an order
	 * lookup returns for a ticket (a Data Table, a database, a sheet) and the source's name. Absent:
	 * the layer is not in the pipeline, as in a workflow without the node.
	 */
	workflowFacts?: { source: string; lookup: (ticket: Ticket) => WorkflowRecord[] | Promise<WorkflowRecord[]> };
}

export type PipelineOutcome = 'auto_resolved' | 'suggested' | 'shadow' | 'escalated';

/** One layer's decision, in the order the case travelled. */
export interface PathStep {
	layer: LayerId;
	/** Node-style label: 'Support Critic (plan)'. */
	node: string;
	/** Same string the node writes to the trace, e.g. 'routed:return_refund', 'plan:revise'. */
	outcome: string;
	durationMs: number;
}

/** JSON-serialisable result of one run. */
export interface PipelineResult {
	outcome: PipelineOutcome;
	/** Why a person is needed (escalated) or what happened, in one sentence. */
	reason: string;
	/** The escalation request, when one was made: which layer, which code. */
	escalation?: { layer: LayerId; code: string; reason: string; field?: string };
	/** The plan's reply is a clarifying question (no action taken yet). */
	clarification: boolean;
	/** Whether the reply was posted to the customer (only with sendReply in auto mode). */
	replySent: boolean;
	path: PathStep[];
	/** Milliseconds per layer, summed over the layer's runs (the planner and plan Critic may run several times). */
	timings: Partial<Record<LayerId, number>> & { total: number };
	/** The final case file, validated against the contract. */
	caseFile: CaseFile;
	/** The payload as received: a case that failed at intake still carries what the customer sent. */
	payload: unknown;
}
