/**
 * The building blocks every pipeline template shares: stable node ids, node and sticky-note
 * factories, the shipped intents, and the six-layer middle wired as DESIGN.md draws it. A template
 * script adds only its own entry (webhook or helpdesk trigger) and its own exits (webhook answer,
 * helpdesk reply, hand-off note), so the layers are configured and connected the same way in all.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultThreshold, NODE_DEFAULT_FEATURES } from '../../engine/routing/builtinEngine';
import { humanOutput, intentOutput, singleOutput } from '../../nodes/SupportIntentRouter/outputs';

export const PKG = 'n8n-nodes-support-coordination';

export type TemplateNode = {
	parameters: Record<string, unknown>;
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	[k: string]: unknown;
};
export type Conn = { node: string; type: 'main'; index: number };
export type Connections = Record<string, { main: Conn[][] }>;
export type RolloutMode = 'shadow' | 'suggest' | 'auto';

export const to = (name: string, index = 0): Conn => ({ node: name, type: 'main', index });

/**
 * The Intent Router version templates ship (3: each intent entry carries its playbook, numbers and
 * tools; Human, then one Routed output for every intent; see nodes/SupportIntentRouter/outputs.ts).
 */
export const ROUTER_VERSION = 3;

/** The router's main outputs: every intent to `intent`, Human to `human`, at the indexes its version uses. */
export function routerOutputs(intentCount: number, intent: Conn[], human: Conn[], version = ROUTER_VERSION): Conn[][] {
	if (singleOutput(version, 'single')) return [human, intent];
	const main: Conn[][] = Array.from({ length: intentCount + 1 }, () => []);
	for (let i = 0; i < intentCount; i++) main[intentOutput(version, i)] = intent;
	main[humanOutput(version, intentCount)] = human;
	return main;
}
export const cred = (type: string, id: string, name: string) => ({ [type]: { id, name } });

/** Credential references shared by every template, so one set of credentials serves them all. */
export const CREDENTIALS = {
	zendesk: cred('zendeskApi', 'supportZendesk', 'Zendesk (support)'),
	shopify: cred('shopifyAccessTokenApi', 'supportShopify', 'Shopify (support)'),
	stripe: cred('stripeApi', 'supportStripe', 'Stripe (support)'),
	helpScout: cred('helpScoutOAuth2Api', 'supportHelpScout', 'Help Scout (support)'),
};

/** Node factories whose ids derive from the template and the node name: regenerating changes nothing. */
export function templateBuilder(seed: string) {
	const uid = (name: string): string => {
		const h = createHash('sha1').update(`${seed}:${name}`).digest('hex');
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
	};
	const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): TemplateNode => ({
		parameters,
		id: uid(name),
		name,
		type,
		typeVersion,
		position,
		...extra,
	});
	const sticky = (name: string, position: [number, number], width: number, height: number, content: string, color = 7): TemplateNode =>
		node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
	return { uid, node, sticky };
}
export type TemplateBuilder = ReturnType<typeof templateBuilder>;

export interface IntentDefinition {
	name: string;
	description: string;
	examples: string[];
}

export const INTENTS: IntentDefinition[] = [
	{ name: 'return_refund', description: 'Customer wants money back or to return an item', examples: ['I want a refund for my order', 'Please refund order #1234', 'Can I return these shoes and get my money back?', "I'd like to send this back, it doesn't fit", 'How do I get a refund for a damaged item?', 'The product broke after two days, I want my money back', 'Return request for my last purchase', 'I was charged for an item I returned, where is my refund?'] },
	{ name: 'order_status', description: 'Where is my order, delivery and shipping questions', examples: ['Where is my order?', "My package hasn't arrived yet", 'When will order 5531 be delivered?', "The tracking number doesn't show any updates", 'Has my order shipped yet?', "It's been two weeks and my parcel is still not here", 'Can you tell me the delivery date for my order?', 'The courier says delivered but I never got it'] },
	{ name: 'technical_issue', description: 'The app, website or a device does not work', examples: ['The app crashes when I open it', 'I get an error 500 on checkout', 'The website is not loading', "My device won't turn on after the update", 'Payment page keeps spinning and never finishes', 'Bluetooth pairing fails every time', 'The login button does nothing on my phone', 'Sync stopped working since yesterday'] },
	{ name: 'account_access', description: 'Login, password and account settings', examples: ['I forgot my password', "I can't log in to my account", 'How do I reset my password?', 'My account is locked after too many attempts', 'I need to change the email on my account', 'I never received the password reset email', 'Please delete my account', 'Two-factor code is not arriving'] },
];

/** The names the layer nodes carry in every template (tests and operators find them by name). */
export const LAYER = {
	router: 'Support Intent Router',
	retriever: 'Support Policy Retriever',
	planner: 'Support Specialist Planner',
	criticPlan: 'Support Critic (plan)',
	executor: 'Support Action Executor',
	criticReply: 'Support Critic (reply)',
	packager: 'Support Escalation Packager',
} as const;

/**
 * The canvas grid every pipeline template shares (n8n positions are a node's top-left corner).
 * Plain nodes are about 100 x 100 plus their label; the layer nodes with a Model or Embedding
 * input draw about 240 wide, and the router (five outputs) about 200 tall. Columns leave at least
 * 220 px between nodes, so no label sits on a neighbour's output handles; every escalation path
 * runs left to right into the Packager, one row below the layers.
 */
export const GRID = {
	entry: 300,
	router: 620,
	retriever: 1080,
	planner: 1540,
	criticPlan: 2000,
	executor: 2460,
	criticReply: 2780,
	/** First column after the layers: the reply Switch or answer, and the Packager below it. */
	exit: 3240,
	/** Second column after the layers: the helpdesk reply nodes and the hand-off exits. */
	exit2: 3560,
	/** Top of the layer row (the router sits 50 higher, so its input handle lines up). */
	row: 300,
	/** Top of the Packager row: clear of the layer labels and the Model inputs below them. */
	packagerRow: 800,
	/** Row pitch for nodes stacked in one column (100 tall plus label plus air). */
	pitch: 200,
} as const;

export interface LayerOptions {
	/** Rollout mode per intent name; intents not listed ship in shadow. */
	rolloutModes?: Partial<Record<string, RolloutMode>>;
	/** Ticket Source of the router ('auto' detects every supported helpdesk). */
	source?: string;
	/** Executor connectors: Zendesk notes only make sense where tickets live in Zendesk. */
	useZendesk: boolean;
	/**
	 * Let the Packager post its note itself (Write Note To: Zendesk or Help Scout, once per customer
	 * message however often the webhook is delivered) instead of handing it to a helpdesk node after it.
	 */
	packagerWritesNoteTo?: 'zendesk' | 'helpScout';
}

export interface SixLayers {
	router: TemplateNode;
	retriever: TemplateNode;
	planner: TemplateNode;
	criticPlan: TemplateNode;
	executor: TemplateNode;
	criticReply: TemplateNode;
	packager: TemplateNode;
}

/** The six layer nodes, configured as shipped, at the positions every template uses. */
export function sixLayers(b: TemplateBuilder, opts: LayerOptions): SixLayers {
	const executorCredentials = { ...(opts.useZendesk ? CREDENTIALS.zendesk : {}), ...CREDENTIALS.shopify, ...CREDENTIALS.stripe };
	const { row } = GRID;
	const PACKAGER_NOTE = {
		zendesk: {
			parameters: { writeNoteTo: 'zendesk', zendeskAuthentication: 'apiToken', zendeskTags: 'support-escalated', addCaseTags: true, zendeskPriority: 'fromHandoff', zendeskGroup: { __rl: true, mode: 'list', value: '' } },
			extra: { credentials: CREDENTIALS.zendesk },
		},
		helpScout: { parameters: { writeNoteTo: 'helpScout' }, extra: { credentials: CREDENTIALS.helpScout } },
	};
	const packagerNote = opts.packagerWritesNoteTo ? PACKAGER_NOTE[opts.packagerWritesNoteTo] : { parameters: {}, extra: {} };
	return {
		router: b.node(LAYER.router, `${PKG}.supportIntentRouter`, ROUTER_VERSION, [GRID.router, row - 50], {
			source: opts.source ?? 'auto',
			// Each shipped intent uses the built-in playbook of its name; numbers and tools at the form's defaults.
			intents: { intent: INTENTS.map((i) => ({ name: i.name, description: i.description, examples: i.examples.join('\n'), rolloutMode: opts.rolloutModes?.[i.name] ?? 'shadow', playbook: i.name })) },
			// The v2 default for the default features, shown so operators see what they start with.
			confidenceThreshold: defaultThreshold(NODE_DEFAULT_FEATURES),
			options: {},
		}, { onError: 'continueRegularOutput' }),
		retriever: b.node(LAYER.retriever, `${PKG}.supportPolicyRetriever`, 2, [GRID.retriever, row], { operation: 'retrieve', store: 'embedded', storeName: 'policies', embeddings: 'builtin', useShopify: true, shopifyApiVersion: '2025-01', useStripe: false, options: {} }, {
			credentials: CREDENTIALS.shopify,
		}),
		planner: b.node(LAYER.planner, `${PKG}.supportSpecialistPlanner`, 3, [GRID.planner, row], { engine: 'playbook', advanced: {} }),
		criticPlan: b.node(LAYER.criticPlan, `${PKG}.supportCritic`, 2, [GRID.criticPlan, row], { stage: 'plan', judge: 'rules', maxRevisions: 2, advanced: {} }),
		executor: b.node(LAYER.executor, `${PKG}.supportActionExecutor`, 2, [GRID.executor, row], { rolloutMode: 'fromIntent', useZendesk: opts.useZendesk, useShopify: true, useStripe: true, options: {} }, {
			credentials: executorCredentials,
		}),
		criticReply: b.node(LAYER.criticReply, `${PKG}.supportCritic`, 2, [GRID.criticReply, row], { stage: 'reply', judge: 'rules', maxRevisions: 2, advanced: {} }),
		packager: b.node(LAYER.packager, `${PKG}.supportEscalationPackager`, 2, [GRID.exit, GRID.packagerRow], { ...packagerNote.parameters }, packagerNote.extra),
	};
}

/**
 * DESIGN.md's wiring: every escalation path (router Human, retriever Ungrounded, planner Escalate,
 * both Critics, executor Escalate) ends at the Packager; plan Revise loops back to the planner.
 * `entry` feeds the router, `approved` takes the reply Critic's Approve output, `handedOff` the Packager's.
 */
export function sixLayerConnections(wiring: { entry: string; approved: Conn[]; handedOff: Conn[] }): Connections {
	const P = LAYER.packager;
	return {
		[wiring.entry]: { main: [[to(LAYER.router)]] },
		[LAYER.router]: { main: routerOutputs(INTENTS.length, [to(LAYER.retriever)], [to(P)]) },
		[LAYER.retriever]: { main: [[to(LAYER.planner)], [to(P)]] },
		[LAYER.planner]: { main: [[to(LAYER.criticPlan)], [to(P)]] },
		[LAYER.criticPlan]: { main: [[to(LAYER.executor)], [to(LAYER.planner)], [to(P)]] },
		[LAYER.executor]: { main: [[to(LAYER.criticReply)], [to(P)]] },
		[LAYER.criticReply]: { main: [wiring.approved, [to(P)], [to(P)]] },
		[P]: { main: [wiring.handedOff] },
	};
}

const ESCALATION_PATHS = 'Every escalation path ends here: router Human, retriever Ungrounded, planner Escalate, both Critics, executor Escalate.';

/** The canvas notes that explain each layer; the Packager's note says where its hand-off goes. */
export function layerStickies(b: TemplateBuilder, packagerOutput: string): TemplateNode[] {
	return [
		b.sticky('Sticky Note Router', [560, -60], 340, 280, '### 1. Intent Router\n**Human** first, for tickets it is not sure about (or cannot read), then **Routed** for every intent. Each intent entry is the one place for that intent: rollout mode, playbook and its numbers (return window...), reply text, allowed tools and refund cap. A new intent needs no new wire.'),
		b.sticky('Sticky Note Retriever', [1020, -160], 440, 380, '### 2. Policy Retriever + live order\nFinds the policy passages in force when the ticket arrived; **Ungrounded** when none supports a reply.\nWith **Live Facts: Use Shopify** it also fetches the order the customer names (read only: `#1001` or an order id) and stores it in the case file as a live fact, which the playbooks\' conditions read (delivery date, amount, owner). A failed lookup is noted in the trace; the playbook then asks for the order number or escalates.'),
		b.sticky('Sticky Note Planner', [1480, -60], 820, 280, '### 3. Specialist Planner and 5. Critic (plan)\nThe planner drafts a plan and a reply from the playbook chosen in the intent\'s Router entry; nothing is executed. The Critic checks it against the rules (caps, windows, identity, citations, tone). **Revise** loops back to the planner, at most *Max Revisions* times; then it escalates.'),
		b.sticky('Sticky Note Executor', [2400, -60], 680, 280, '### 4. Action Executor and 5. Critic (reply)\nRuns only approved plans, within the intent\'s tool scope and rollout mode; a re-delivered webhook never writes twice. The reply Critic checks the reply against what was really done. A reply it would revise goes to a person too.'),
		b.sticky('Sticky Note Escalation', [GRID.exit - 100, GRID.packagerRow + 280], 560, 220, `### 6. Escalation Packager\n${ESCALATION_PATHS} It builds the hand-off (reason, summary, evidence, priority, a rendered note). ${packagerOutput}`),
	];
}

export interface WorkflowFile {
	name: string;
	nodes: TemplateNode[];
	connections: Connections;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
	active: boolean;
	id: string;
	meta: Record<string, unknown>;
	tags: unknown[];
}

export function workflowFile(id: string, name: string, nodes: TemplateNode[], connections: Connections): WorkflowFile {
	return { name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, active: false, id, meta: { templateCredsSetupCompleted: false }, tags: [] };
}

/**
 * Where the generators write: workflows/, or the folder in SUPPORT_COORD_TEMPLATES_OUT (the test
 * that regenerates every template and compares it with the committed file).
 */
export function templatesOutDir(): string {
	return process.env.SUPPORT_COORD_TEMPLATES_OUT ?? path.join(__dirname, '../../workflows');
}

/** Writes workflows/<file> with the same formatting as every shipped template. */
export function writeTemplate(file: string, workflow: WorkflowFile): string {
	const out = path.join(templatesOutDir(), file);
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, `${JSON.stringify(workflow, null, 2)}\n`);
	return out;
}
