/**
 * The in-process pipeline's settings (engine/pipeline PipelineInput), read from the workflow JSON n8n
 * runs instead of written out a second time. Each node's parameters are resolved with n8n's own
 * NodeHelpers.getNodeParameters against the node's description (a parameter the template leaves out
 * gets the default n8n gives it, per node version), then read by the node's own settings reader
 * where it has an exported one (readPlannerSettings, readCriticSettings, readExecutorSettings,
 * readHandoffOptions, the Retriever's readers) through a minimal stand-in for n8n's execute context.
 *
 * What the in-process pipeline cannot be told throws, naming the node and the setting (a model
 * engine, overrides, two Critics with different rules...): a parity run on settings that only look
 * alike would prove nothing. The one gap that is checked instead of refused: the in-process layers
 * always read the intent settings the Router writes (Router version 3), while an older Executor node
 * enforces its Tool Scopes; that is accepted only when both give every intent the same scope.
 */
import { NodeHelpers, type IExecuteFunctions, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_INTENT_SCOPES } from '../../../engine/planning';
import { scopeFromSettings } from '../../../engine/planning/playbookCatalogue';
import { scopeForIntent } from '../../../engine/execution';
import type { HandoffOptions } from '../../../engine/escalation';
import type { PipelineOptions } from '../../../engine/pipeline';
import { routerVersionDefaults, type BuiltinFeatures } from '../../../engine/routing/builtinEngine';
import { parseIntentDefinitions } from '../../../engine/routing/intentDefinitions';
import type { IntentDefinition } from '../../../engine/routing/types';
import { SupportActionExecutor } from '../../../nodes/SupportActionExecutor/SupportActionExecutor.node';
import { readExecutorSettings } from '../../../nodes/SupportActionExecutor/settings';
import { SupportCaseFacts } from '../../../nodes/SupportCaseFacts/SupportCaseFacts.node';
import { SupportCritic } from '../../../nodes/SupportCritic/SupportCritic.node';
import { readCriticSettings, type CriticSettings } from '../../../nodes/SupportCritic/settings';
import { readHandoffOptions } from '../../../nodes/SupportEscalationPackager/handoffOptions';
import { SupportEscalationPackager } from '../../../nodes/SupportEscalationPackager/SupportEscalationPackager.node';
import { SETTINGS_FROM_VERSION } from '../../../nodes/SupportIntentRouter/outputs';
import { SupportIntentRouter } from '../../../nodes/SupportIntentRouter/SupportIntentRouter.node';
import { readGroundingThreshold } from '../../../nodes/SupportPolicyRetriever/groundingThreshold';
import { readLimit, toTagList } from '../../../nodes/SupportPolicyRetriever/settings';
import { SupportPolicyRetriever } from '../../../nodes/SupportPolicyRetriever/SupportPolicyRetriever.node';
import { readPlannerSettings } from '../../../nodes/SupportSpecialistPlanner/settings';
import { SupportSpecialistPlanner } from '../../../nodes/SupportSpecialistPlanner/SupportSpecialistPlanner.node';
import type { WorkflowJson } from '../harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type WorkflowNode = WorkflowJson['nodes'][number] & Json;

const PACKAGE = 'n8n-nodes-support-coordination.';
const DESCRIPTIONS: Record<string, INodeTypeDescription> = {
	supportIntentRouter: new SupportIntentRouter().description,
	supportPolicyRetriever: new SupportPolicyRetriever().description,
	supportCaseFacts: new SupportCaseFacts().description,
	supportSpecialistPlanner: new SupportSpecialistPlanner().description,
	supportCritic: new SupportCritic().description,
	supportActionExecutor: new SupportActionExecutor().description,
	supportEscalationPackager: new SupportEscalationPackager().description,
};

/** One node's parameters as n8n hands them to the node: the workflow's values plus the description's defaults. */
export class NodeParams {
	readonly values: INodeParameters;

	constructor(readonly node: WorkflowNode) {
		const description = DESCRIPTIONS[String(node.type).slice(PACKAGE.length)];
		if (!description) throw new Error(`no description for node type ${node.type}`);
		this.values = NodeHelpers.getNodeParameters(description.properties, node.parameters as INodeParameters, true, false, { typeVersion: Number(node.typeVersion) }, description) ?? {};
	}

	get version(): number {
		return Number(this.node.typeVersion);
	}

	/** The value as stored, an n8n expression (`={{ ... }}`) unevaluated (a dotted name reads into collections). */
	raw<T>(name: string, fallback?: T): T {
		let value: unknown = this.values;
		for (const key of name.split('.')) value = value && typeof value === 'object' ? (value as Json)[key] : undefined;
		return (value === undefined ? fallback : value) as T;
	}

	/** What `getNodeParameter(name, 0, fallback)` returns for a fixed value; an expression throws (it is not evaluated here). */
	get<T>(name: string, fallback?: T): T {
		const value = this.raw<T>(name, fallback);
		if (typeof value === 'string' && value.startsWith('=')) throw new Error(`${this.node.name}: ${name} is an n8n expression, which the parity run does not evaluate`);
		return value;
	}

	/** Fails the derivation when the template sets something the in-process pipeline has no setting for. */
	require(name: string, ok: (value: unknown) => boolean, why: string): void {
		const value = this.get<unknown>(name);
		if (!ok(value)) throw new Error(`${this.node.name}: ${name} = ${JSON.stringify(value)} cannot be run in-process (${why})`);
	}

	/**
	 * The part of n8n's execute context the nodes' settings readers use: parameters, the node, no
	 * sub-node on any AI input. Whatever else a reader asks for fails loudly.
	 */
	context(): IExecuteFunctions {
		const ctx = {
			getNodeParameter: (name: string, _item: number, ...fallback: unknown[]) => {
				const value = this.get<unknown>(name, fallback[0]);
				if (value === undefined && fallback.length === 0) throw new Error(`${this.node.name}: could not get parameter "${name}"`);
				return value;
			},
			getNode: () => ({ ...this.node, typeVersion: this.version, parameters: this.values }),
			getInputConnectionData: async () => undefined,
			continueOnFail: () => false,
		};
		return new Proxy(ctx, {
			get: (target, key) => {
				if (key in target) return target[key as keyof typeof target];
				if (key === 'then') return undefined;
				throw new Error(`${this.node.name}: the parity run's context has no ${String(key)}()`);
			},
		}) as unknown as IExecuteFunctions;
	}
}

const blank = (v: unknown) => v === undefined || v === null || v === '';
const isEmpty = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The single enabled node of one of our types (the Critic: each stage once). */
function ours(workflow: WorkflowJson, short: string, where: (n: WorkflowNode) => boolean = () => true): NodeParams {
	const found = (workflow.nodes as WorkflowNode[]).filter((n) => n.type === `${PACKAGE}${short}` && !n.disabled && where(n));
	if (found.length !== 1) throw new Error(`expected one ${short} node in "${workflow.name}", found ${found.length}`);
	return new NodeParams(found[0]);
}

export interface TemplateSettings {
	intents: IntentDefinition[];
	options: PipelineOptions;
	/** The Action Executor's connectors switched on, and the Shopify API version it calls. */
	executorConnectors: { zendesk: boolean; shopify: boolean; stripe: boolean; shopifyApiVersion: string };
	/** The Retriever's Live Facts switched on (the in-process pipeline looks up through the executor's connectors). */
	liveFactSources: { shopify: boolean; stripe: boolean };
	/** The Case Facts node's parameters, when the template has one (parity/dataTableLookup.ts runs its lookup). */
	caseFacts?: NodeParams;
	/** Settings the in-process pipeline has no switch for, checked to make no difference here (printed by the test). */
	notes: string[];
}

function routerSettings(router: NodeParams) {
	router.require('engine', (v) => v === 'builtin', 'the in-process pipeline runs the built-in engine only');
	router.require('source', (v) => v !== 'custom', 'custom field mappings are n8n expressions evaluated per item');
	// nodes/SupportIntentRouter/execute.ts readSettings (not exported): the same calls.
	const defaults = routerVersionDefaults(router.version);
	return {
		intents: parseIntentDefinitions(router.get('intents.intent', []), { withSettings: router.version >= SETTINGS_FROM_VERSION }),
		source: router.get<PipelineOptions['source']>('source'),
		features: router.get<BuiltinFeatures>('builtinFeatures', defaults.features),
		threshold: router.get<number>('confidenceThreshold', defaults.threshold),
		maxAlternatives: router.get<number>('options.maxAlternatives', 3),
		maxMessageLength: router.get<number>('options.maxMessageLength', 20000),
	};
}

function retrieverSettings(retriever: NodeParams) {
	retriever.require('operation', (v) => v === 'retrieve', 'the pipeline retrieves');
	retriever.require('embeddings', (v) => v === 'builtin', 'the in-process side embeds with the built-in encoder');
	retriever.require('query', blank, 'the in-process pipeline searches with the ticket text');
	retriever.require('asOf', blank, 'the in-process pipeline retrieves the policy in force when the ticket arrived');
	for (const other of ['useZendesk', 'useHttp', 'useMcp']) retriever.require(other, (v) => v !== true, 'the in-process pipeline looks up live facts through its Shopify and Stripe connectors only');
	const ctx = retriever.context();
	return {
		retrievalLimit: readLimit(ctx),
		groundingThreshold: readGroundingThreshold(ctx),
		retrievalTags: toTagList(retriever.get('tags', '')),
		live: { shopify: retriever.get<unknown>('useShopify') === true, stripe: retriever.get<unknown>('useStripe') === true },
		shopifyApiVersion: String(retriever.get('shopifyApiVersion', '')).trim(),
	};
}

/** nodes/SupportEscalationPackager: its options, and no note written (the in-process pipeline writes none). */
function handoffSettings(packager: NodeParams): HandoffOptions {
	packager.require('writeNoteTo', (v) => v === undefined || v === 'none', 'the in-process pipeline writes no hand-off note');
	return readHandoffOptions(packager.context(), 0);
}

function criticSettings(plan: CriticSettings, reply: CriticSettings): Pick<PipelineOptions, 'criticRules' | 'maxRevisions'> & { useIntentSettings: boolean } {
	for (const c of [plan, reply]) {
		if (c.model) throw new Error(`Critic (${c.stage}): a model judge cannot be run in-process`);
		if (!isEmpty(c.overrides)) throw new Error(`Critic (${c.stage}): Rule Overrides per Intent have no in-process setting`);
	}
	if (!same(plan.rules, reply.rules) || plan.maxRevisions !== reply.maxRevisions || !!plan.useIntentSettings !== !!reply.useIntentSettings) {
		throw new Error('the two Critics differ in rules, Max Revisions or node version; the in-process pipeline has one setting for both');
	}
	return { criticRules: plan.rules, maxRevisions: plan.maxRevisions, useIntentSettings: !!plan.useIntentSettings };
}

/** Everything runPipeline needs besides the payload, the policy store and the connectors, from the workflow. */
export async function templateSettings(workflow: WorkflowJson): Promise<TemplateSettings> {
	const notes: string[] = [];
	const router = ours(workflow, 'supportIntentRouter');
	const { intents, ...routing } = routerSettings(router);
	const withSettings = intents.some((i) => i.settings);
	const retriever = retrieverSettings(ours(workflow, 'supportPolicyRetriever'));

	const planner = await readPlannerSettings(ours(workflow, 'supportSpecialistPlanner').context());
	if (planner.engine !== 'playbook') throw new Error('Specialist Planner: only the playbook engine runs in-process');
	if (!isEmpty(planner.scopeOverrides) || (planner.customPlaybooks?.length ?? 0) > 0) throw new Error('Specialist Planner: Tool Scope Overrides and Custom Playbooks have no in-process setting');

	const stage = (s: string) => (n: WorkflowNode) => new NodeParams(n).get('stage') === s;
	const critic = criticSettings(
		await readCriticSettings(ours(workflow, 'supportCritic', stage('plan')).context()),
		await readCriticSettings(ours(workflow, 'supportCritic', stage('reply')).context()),
	);

	const executorNode = ours(workflow, 'supportActionExecutor');
	executorNode.require('operation', (v) => v === undefined || v === 'runPlan', 'the pipeline runs plans');
	const executor = readExecutorSettings(executorNode.context());
	if (!isEmpty(executor.scopeOverrides)) throw new Error('Action Executor: Tool Scope Overrides have no in-process setting');
	if (executor.connectors.use.helpScout || executor.connectors.http || executor.connectors.mcp) throw new Error('Action Executor: the parity run wires Zendesk, Shopify and Stripe stand-ins only');

	// The in-process layers always plan, check and execute with the intent settings the Router writes.
	if (withSettings) {
		if (!planner.useIntentSettings || !critic.useIntentSettings) throw new Error('the Planner or the Critics do not read the Router\'s intent settings (older node versions), which the in-process pipeline always reads');
		if (!executor.useIntentSettings) {
			const differ = intents.filter((i) => i.settings && !same(scopeFromSettings(i.settings), scopeForIntent(executor.scopes, i.name))).map((i) => i.name);
			if (differ.length) throw new Error(`Action Executor version ${executorNode.version} enforces its Tool Scopes, the in-process pipeline the Router's intent settings, and they differ for ${differ.join(', ')}`);
			notes.push(`Action Executor version ${executorNode.version} enforces its Tool Scopes and the in-process pipeline the Router's intent settings: the same scope for every intent of this template`);
		}
	}
	// Planner and executor read the one `scopes` option in-process.
	if (!same(planner.scopes, executor.scopes)) throw new Error('the Planner\'s and the Executor\'s Tool Scopes differ; the in-process pipeline has one setting for both');

	const connectors = executor.connectors;
	if (retriever.live.shopify && connectors.use.shopify && retriever.shopifyApiVersion !== connectors.shopifyApiVersion) {
		throw new Error('the Retriever and the Executor call different Shopify API versions; the in-process pipeline has one Shopify connector');
	}
	const caseFacts = (workflow.nodes as WorkflowNode[]).some((n) => n.type === `${PACKAGE}supportCaseFacts` && !n.disabled) ? ours(workflow, 'supportCaseFacts') : undefined;
	return {
		intents,
		options: {
			...routing,
			retrievalLimit: retriever.retrievalLimit,
			...(retriever.groundingThreshold !== undefined ? { groundingThreshold: retriever.groundingThreshold } : {}),
			retrievalTags: retriever.retrievalTags,
			liveFacts: retriever.live.shopify || retriever.live.stripe,
			...(planner.playbooks ? { playbooks: planner.playbooks } : {}),
			policy: planner.policy,
			scopes: planner.scopes ?? DEFAULT_INTENT_SCOPES,
			criticRules: critic.criticRules,
			maxRevisions: critic.maxRevisions,
			mode: executor.mode,
			retry: executor.retry,
			// No Send Reply node in the pipeline template: the approved reply is the webhook's answer.
			sendReply: false,
			handoff: handoffSettings(ours(workflow, 'supportEscalationPackager')),
		},
		executorConnectors: { zendesk: connectors.use.zendesk, shopify: connectors.use.shopify, stripe: connectors.use.stripe, shopifyApiVersion: connectors.shopifyApiVersion },
		liveFactSources: retriever.live,
		caseFacts,
		notes,
	};
}

