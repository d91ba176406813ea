import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { appendTrace, writeSection, type IntentResult } from '../../engine/contracts';
import { normaliseTicket, type CustomMapping, type SourceSetting } from '../../engine/intake';
import { cachedBuiltinRouter, routerVersionDefaults, type BuiltinFeatures } from '../../engine/routing/builtinEngine';
import { BuiltinEmbedder } from '../../engine/retrieval/builtinEmbedder';
import { parseIntentDefinitions } from '../../engine/routing/intentDefinitions';
import { isChatModel, modelInput } from '../shared/chatModel';
import { DEFAULT_MODEL_THRESHOLD, MODEL_DEFAULTS, type ChatModelLike } from '../../engine/routing/model';
import { runRouter, type RouterLayerSettings } from '../../engine/routing/routerLayer';
import { existingCaseFile, startTrace, withCaseFile } from '../shared/caseFileItems';
import { routeItems } from '../shared/routeItems';
import { connectedOutputs, humanOutput, intentOutput, SETTINGS_FROM_VERSION, singleOutput } from './outputs';

const LAYER = 'intentRouter' as const;

type Engine = IntentResult['engine'];

export const NO_MODEL_CONNECTED = (engine: Engine) =>
	`Engine is ${engine === 'model' ? 'Model' : 'Cascade'} but no chat model is connected to the Model input`;

/**
 * The layer's settings (engine/routing/routerLayer.ts: the classifier is absent for engine=model, the
 * model for engine=builtin, whose Model input is not even read) and what only the node needs.
 */
interface RouterSettings extends RouterLayerSettings {
	maxMessageLength: number;
	source: SourceSetting;
	/** The node's typeVersion: it decides where Human sits among the outputs (outputs.ts). */
	version: number;
	/** Version 3, Outputs "One for All Intents": every intent leaves through output 1 (Routed). */
	single: boolean;
	/** Outputs wired to a node; undefined when n8n cannot tell or nothing is wired at all. */
	connected?: Set<number>;
}

/**
 * The chat model on the Model input (nodes/shared/chatModel.ts reads it the same way for every node),
 * or an error that says what to connect.
 */
async function connectedModel(ctx: IExecuteFunctions, engine: Engine): Promise<ChatModelLike> {
	const value = await modelInput(ctx);
	if (value === undefined || value === null) {
		throw new NodeOperationError(ctx.getNode(), NO_MODEL_CONNECTED(engine), {
			description: 'Connect a chat model node (for example OpenAI Chat Model) to the Model input, or set Engine to Built-in (No API Key).',
		});
	}
	if (!isChatModel(value)) {
		throw new NodeOperationError(ctx.getNode(), 'The node connected to the Model input is not a chat model', {
			description: 'Connect a chat model node (for example OpenAI Chat Model) to the Model input.',
		});
	}
	return value;
}

function positiveNumber(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Reads and checks the node's parameters once per execution (they do not vary per item). */
async function readSettings(ctx: IExecuteFunctions): Promise<RouterSettings> {
	const engine = ctx.getNodeParameter('engine', 0, 'builtin') as Engine;
	const version = ctx.getNode().typeVersion;
	const intents = parseIntentDefinitions(ctx.getNodeParameter('intents.intent', 0, []), { withSettings: version >= SETTINGS_FROM_VERSION });
	const options = ctx.getNodeParameter('options', 0, {}) as { maxMessageLength?: number; maxAlternatives?: number };
	const model = engine === 'builtin' ? undefined : await connectedModel(ctx, engine);
	const defaults = routerVersionDefaults(ctx.getNode().typeVersion);
	const features = engine === 'model' ? 'lexical' : (ctx.getNodeParameter('builtinFeatures', 0, defaults.features) as BuiltinFeatures);
	// Trained once per intent set and process; with sentence meaning on, the examples are embedded
	// once at training and each ticket then costs one encoder call (shared per process by BuiltinEmbedder).
	const classifier = engine === 'model' ? undefined : await cachedBuiltinRouter(intents, features, () => new BuiltinEmbedder());
	const modelParam = (name: string, fallback: number) => (engine === 'builtin' ? fallback : (ctx.getNodeParameter(name, 0, fallback) as number));
	return {
		engine,
		intents,
		classifier,
		features,
		model,
		threshold: ctx.getNodeParameter('confidenceThreshold', 0, defaults.threshold) as number,
		modelThreshold: engine === 'cascade' ? (ctx.getNodeParameter('modelThreshold', 0, DEFAULT_MODEL_THRESHOLD) as number) : DEFAULT_MODEL_THRESHOLD,
		modelAttempts: Math.floor(positiveNumber(modelParam('modelAttempts', MODEL_DEFAULTS.maxAttempts), MODEL_DEFAULTS.maxAttempts)),
		modelTimeoutMs: positiveNumber(modelParam('modelTimeout', MODEL_DEFAULTS.timeoutMs), MODEL_DEFAULTS.timeoutMs),
		maxAlternatives: options.maxAlternatives ?? 3,
		maxMessageLength: options.maxMessageLength ?? 20000,
		source: ctx.getNodeParameter('source', 0) as SourceSetting,
		version,
		single: singleOutput(version, ctx.getNodeParameter('outputLayout', 0, 'single')),
		connected: wiredOutputs(ctx),
	};
}

/** A Router with no wired output at all is being tried on its own (or used as a tool): its
 * outputs are what the operator looks at, so nothing is rerouted then. */
function wiredOutputs(ctx: IExecuteFunctions): Set<number> | undefined {
	const connected = connectedOutputs(ctx);
	return connected && connected.size > 0 ? connected : undefined;
}

/** An intent whose output goes nowhere would drop its tickets without a trace: a person gets them. */
function unwiredIntent(intent: IntentResult, output: number): IntentResult {
	const reason =
		`Intent "${intent.category}" was recognised, but its output (${output + 1}) is not connected to any node, ` +
		`so the ticket goes to a person. Connect the "${intent.category}" output of the Intent Router.`;
	return { ...intent, route: 'human', humanReason: reason, rolloutMode: 'suggest' };
}

function customMapping(ctx: IExecuteFunctions, i: number): CustomMapping {
	const get = (name: string) => ctx.getNodeParameter(name, i, undefined) as unknown;
	return {
		id: get('customId'),
		message: get('customMessage'),
		subject: get('customSubject'),
		customerEmail: get('customCustomerEmail'),
		customerName: get('customCustomerName'),
		customerId: get('customCustomerId'),
		orderRefs: get('customOrderRefs'),
		locale: get('customLocale'),
		channel: get('customChannel'),
	};
}

/** One item through the Router layer (engine/routing/routerLayer.ts, the same function the in-process pipeline runs). */
async function routeItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: RouterSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	const ticket = normaliseTicket(item.json, {
		source: s.source,
		custom: s.source === 'custom' ? customMapping(ctx, i) : undefined,
		maxMessageLength: s.maxMessageLength,
	});
	const result = await runRouter(ticket, { ...s, signal: ctx.getExecutionCancelSignal?.() });
	let intent = result.intent;
	const intentIndex = s.intents.findIndex((d) => d.name === intent.category);
	const output = intentOutput(s.version, intentIndex, s.single);
	if (intent.route === 'intent' && s.connected && !s.connected.has(output)) intent = unwiredIntent(intent, output);
	let support = writeSection(existingCaseFile(item), 'ticket', ticket, LAYER);
	support = writeSection(support, 'intent', intent, LAYER);
	// Sent to a person because its output is not wired: the trace says human, as for any person-bound ticket.
	const outcome = intent === result.intent ? result.traceOutcome : result.traceOutcome.replace(/^routed:\S+/, 'human');
	support = appendTrace(support, timer.finish({ engine: result.engineLabel, outcome, contractErrors: result.modelProblems }));
	return { output: intent.route === 'intent' ? output : humanOutput(s.version, s.intents.length), item: withCaseFile(item, support, i) };
}

/**
 * Routes every item to its intent's output, or to Human (first output from version 2, last in
 * version 1). Bad input stops the workflow with an error that names the field, unless the node is
 * set to continue on error: then the item goes to Human with the reason, so no ticket is lost. A
 * model that fails is not an error: its ticket goes to Human with the reason. An intent whose
 * output is not wired sends its tickets to Human; tickets for a Human output that is not wired
 * fail the execution loudly instead of vanishing.
 */
export async function executeIntentRouter(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const configured = ((this.getNodeParameter('intents.intent', 0, []) as unknown[]) ?? []).length;
	const version = this.getNode().typeVersion;
	const human = humanOutput(version, configured);
	const single = singleOutput(version, this.getNodeParameter('outputLayout', 0, 'single'));
	const outputs = await routeItems(this, {
		layer: LAYER,
		outputCount: single ? 2 : configured + 1,
		escalateOutput: human,
		readSettings: async () => await readSettings(this),
		handle: async (item, i, settings) => await routeItem(this, item, i, settings),
	});
	const connected = wiredOutputs(this);
	if (connected && !connected.has(human) && outputs[human].length > 0) {
		throw new NodeOperationError(this.getNode(), `${outputs[human].length} ticket(s) need a person, but the Human output of the Intent Router is not connected`, {
			description: 'Connect the Human output (for example to the Support Escalation Packager) so that tickets the router is unsure about reach a person. Nothing was sent on.',
		});
	}
	return outputs;
}
