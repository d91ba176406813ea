/**
 * Static checks of every shipped template in workflows/: what n8n needs to import it and what a
 * Community Nodes install can run. The end-to-end tests run the templates; these catch a broken
 * file in milliseconds, including templates no e2e test covers yet.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseIntentDefinitions } from '../../../engine/routing/intentDefinitions';
import { humanOutput, HUMAN_FIRST_FROM_VERSION, SETTINGS_FROM_VERSION, singleOutput } from '../../../nodes/SupportIntentRouter/outputs';

const ROOT = path.join(__dirname, '../../..');
const WORKFLOWS = path.join(ROOT, 'workflows');
const PACKAGE = 'n8n-nodes-support-coordination';
const ALLOWED_PREFIXES = ['n8n-nodes-base.', '@n8n/n8n-nodes-langchain.', `${PACKAGE}.`];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Node types this package ships: `nodes/SupportIntentRouter` -> `supportIntentRouter`. */
const PACKAGE_TYPES = new Set(
	fs
		.readdirSync(path.join(ROOT, 'nodes'), { withFileTypes: true })
		.filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, 'nodes', d.name, `${d.name}.node.ts`)))
		.map((d) => `${PACKAGE}.${d.name[0].toLowerCase()}${d.name.slice(1)}`),
);

/** Everything wrong with a workflow file's text, as readable sentences; empty when it is fine. */
function templateProblems(text: string): string[] {
	let wf: Json;
	try {
		wf = JSON.parse(text) as Json;
	} catch (error) {
		return [`not JSON: ${(error as Error).message}`];
	}
	const problems: string[] = [];
	if (typeof wf.name !== 'string' || wf.name === '') problems.push('no workflow name');
	if (!Array.isArray(wf.nodes) || wf.nodes.length === 0) return [...problems, 'no nodes'];
	if (typeof wf.connections !== 'object' || wf.connections === null) problems.push('no connections object');
	const names = new Set<string>();
	const ids = new Set<string>();
	for (const node of wf.nodes as Json[]) {
		if (names.has(node.name)) problems.push(`duplicate node name "${node.name}"`);
		names.add(node.name);
		if (node.id !== undefined) {
			if (ids.has(node.id)) problems.push(`duplicate node id ${node.id}`);
			ids.add(node.id);
		}
		const type = String(node.type);
		if (!ALLOWED_PREFIXES.some((p) => type.startsWith(p))) problems.push(`node "${node.name}" has type ${type}, from no allowed package`);
		if (type.startsWith(`${PACKAGE}.`) && !PACKAGE_TYPES.has(type)) problems.push(`node "${node.name}" has type ${type}, which this package does not ship`);
		if (typeof node.typeVersion !== 'number') problems.push(`node "${node.name}" has no typeVersion`);
		if (!Array.isArray(node.position) || node.position.length !== 2) problems.push(`node "${node.name}" has no position`);
		if (typeof node.parameters !== 'object' || node.parameters === null) problems.push(`node "${node.name}" has no parameters`);
	}
	for (const [source, byType] of Object.entries((wf.connections ?? {}) as Record<string, Json>)) {
		if (!names.has(source)) problems.push(`connections start at "${source}", which is not a node`);
		for (const [type, outputs] of Object.entries(byType)) {
			for (const targets of (outputs as Json[][]) ?? []) {
				for (const target of targets ?? []) {
					if (!names.has(target.node)) problems.push(`"${source}" connects (${type}) to "${target.node}", which is not a node`);
					if (target.type !== type) problems.push(`"${source}" -> "${target.node}": connection type ${target.type} under ${type}`);
				}
			}
		}
	}
	// The router has Human plus one output per intent (or one Routed output for all, version 3):
	// a template wiring fewer leaves tickets nowhere.
	const routers = (wf.nodes as Json[]).filter((n) => n.type === `${PACKAGE}.supportIntentRouter`);
	for (const router of routers) {
		const intents = (router.parameters?.intents?.intent ?? []) as Json[];
		const wired = (wf.connections?.[router.name]?.main ?? []) as Json[][];
		const expected = singleOutput(router.typeVersion, router.parameters?.outputLayout) ? 2 : intents.length + 1;
		if (wired.length !== expected) problems.push(`"${router.name}" has ${intents.length} intents + Human but ${wired.length} wired outputs`);
		// Version 3 entries are checked as the node checks them (playbook known, reply text, tools...).
		if (router.typeVersion >= SETTINGS_FROM_VERSION) {
			try {
				parseIntentDefinitions(intents, { withSettings: true });
			} catch (error) {
				problems.push(`"${router.name}": ${(error as Error).message}`);
			}
		}
		// Templates ship the router version whose Human output never moves when an intent is added.
		if (router.typeVersion < HUMAN_FIRST_FROM_VERSION) problems.push(`"${router.name}" is version ${router.typeVersion}: Human moves when an intent is added`);
		if ((wired[humanOutput(router.typeVersion, intents.length)] ?? []).length === 0) problems.push(`"${router.name}": its Human output goes nowhere`);
	}
	problems.push(...namesThatDisagree(wf, routers));
	return problems;
}

/**
 * Names that must agree across nodes: an intent set to a custom playbook needs a custom playbook
 * listing it in a Planner, and an override (Planner, Critic, Executor) must name an intent the
 * Router defines. A mismatch would otherwise fall back silently on the first ticket.
 */
function namesThatDisagree(wf: Json, routers: Json[]): string[] {
	const problems: string[] = [];
	const intents = routers.flatMap((r) => (r.parameters?.intents?.intent ?? []) as Json[]);
	const names = new Set(intents.map((i) => i.name as string));
	const json = (v: unknown): Json => (typeof v === 'string' && v.trim() ? JSON.parse(v) : (v ?? {}));
	const planners = (wf.nodes as Json[]).filter((n) => n.type === `${PACKAGE}.supportSpecialistPlanner`);
	const custom = new Set(planners.flatMap((p) => (json(p.parameters?.advanced?.customPlaybooks ?? '[]') as Json[]).flatMap((pb) => pb.intents ?? [])));
	for (const i of intents) if (i.playbook === 'custom' && !custom.has(i.name)) problems.push(`intent "${i.name}" is set to a custom playbook, but no Planner's Custom Playbooks lists it`);
	if (!routers.length) return problems;
	for (const n of wf.nodes as Json[]) {
		const overrides = [n.parameters?.advanced?.toolScopes, n.parameters?.advanced?.rules, n.parameters?.advanced?.toolScopeOverrides, n.parameters?.options?.toolScopeOverrides].map(json);
		for (const o of overrides) for (const intent of Object.keys(o)) if (intent !== '*' && !names.has(intent)) problems.push(`"${n.name}" overrides the intent "${intent}", which no Intent Router defines`);
	}
	return problems;
}

const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json')).sort();

describe('templateProblems (the checker itself)', () => {
	const good = {
		name: 'ok',
		nodes: [
			{ id: 'a', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], parameters: {} },
			{ id: 'b', name: 'Router', type: `${PACKAGE}.supportIntentRouter`, typeVersion: 2, position: [200, 0], parameters: { intents: { intent: [{ name: 'x' }] } } },
			{ id: 'c', name: 'Person', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} },
		],
		connections: { Webhook: { main: [[{ node: 'Router', type: 'main', index: 0 }]] }, Router: { main: [[{ node: 'Person', type: 'main', index: 0 }], []] } },
	};

	it('accepts a well-formed workflow', () => {
		expect(templateProblems(JSON.stringify(good))).toEqual([]);
	});

	it('names intent names that disagree between nodes and version-3 entries the Router would refuse', () => {
		const v3 = JSON.parse(JSON.stringify(good)) as Json;
		v3.nodes[1].typeVersion = 3;
		v3.nodes[1].parameters = { intents: { intent: [{ name: 'vip', examples: 'hello', playbook: 'custom', tools: 'choose', allowedTools: ['shopify.getOrder'] }, { name: 'warranty_claim', examples: 'it broke', playbook: 'answer_from_policy' }] } };
		v3.nodes.push({ id: 'p', name: 'Planner', type: `${PACKAGE}.supportSpecialistPlanner`, typeVersion: 3, position: [0, 0], parameters: { advanced: { toolScopes: '{"refund": {"allowedTools": []}}' } } });
		const problems = templateProblems(JSON.stringify(v3));
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/"Router": .*Intents\[2\]\.Reply Text.*warranty_claim/),
				'intent "vip" is set to a custom playbook, but no Planner\'s Custom Playbooks lists it',
				'"Planner" overrides the intent "refund", which no Intent Router defines',
			]),
		);
	});

	it('names every defect it finds', () => {
		const bad = JSON.parse(JSON.stringify(good)) as Json;
		bad.nodes.push({ id: 'a', name: 'Webhook', type: 'CUSTOM.supportIntentRouter', typeVersion: 1, position: [0, 0], parameters: {} });
		bad.nodes.push({ id: 'c', name: 'Ghost', type: `${PACKAGE}.supportGhost`, typeVersion: 1, position: [0, 0], parameters: {} });
		bad.connections.Router = { main: [[{ node: 'Nowhere', type: 'main', index: 0 }]] };
		bad.connections.Missing = { main: [[]] };
		expect(templateProblems(JSON.stringify(bad))).toEqual(
			expect.arrayContaining([
				'duplicate node name "Webhook"',
				'duplicate node id a',
				'node "Webhook" has type CUSTOM.supportIntentRouter, from no allowed package',
				`node "Ghost" has type ${PACKAGE}.supportGhost, which this package does not ship`,
				'"Router" connects (main) to "Nowhere", which is not a node',
				'connections start at "Missing", which is not a node',
				'"Router" has 1 intents + Human but 1 wired outputs',
			]),
		);
		expect(templateProblems('{ "name": ')).toEqual([expect.stringMatching(/^not JSON/)]);
	});

	it('flags a router whose Human output goes nowhere, and a router version whose Human moves', () => {
		const v1 = JSON.parse(JSON.stringify(good)) as Json;
		v1.nodes[1].typeVersion = 1;
		expect(templateProblems(JSON.stringify(v1))).toEqual([
			'"Router" is version 1: Human moves when an intent is added',
			'"Router": its Human output goes nowhere',
		]);
	});
});

describe('shipped templates (workflows/*.json)', () => {
	it('finds the templates and this package\'s node types', () => {
		expect(files).toEqual(expect.arrayContaining(['support-pipeline-webhook.json', 'support-zendesk.json', 'support-helpscout.json']));
		expect(PACKAGE_TYPES).toEqual(new Set(['supportActionExecutor', 'supportCaseFacts', 'supportCritic', 'supportEscalationPackager', 'supportIntentRouter', 'supportPolicyRetriever', 'supportShadowReplay', 'supportSpecialistPlanner'].map((n) => `${PACKAGE}.${n}`)));
	});

	it.each(files)('%s: parses, unique node names, known node types, connections between existing nodes', (file) => {
		expect(templateProblems(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8'))).toEqual([]);
	});

	it.each(files)('%s: explains itself in a titled sticky note on the canvas', (file) => {
		const wf = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Json;
		const notes = (wf.nodes as Json[]).filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		expect(notes.some((n) => /^## \S/.test(String(n.parameters.content)))).toBe(true);
	});

	it.each(['support-zendesk.json', 'support-helpscout.json', 'support-pipeline-webhook.json'])('%s: its sticky notes cover setup, credentials and rollout', (file) => {
		const wf = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Json;
		const text = (wf.nodes as Json[]).filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content)).join('\n');
		expect(text).toMatch(/### Setup/);
		expect(text).toMatch(/credential/i);
		expect(text).toMatch(/shadow/);
		expect(text).toMatch(/\bauto\b/);
	});
});

describe('helpdesk templates: trigger, rollout and hand-off wiring', () => {
	const load = (file: string) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Json;
	const byName = (wf: Json, name: string) => (wf.nodes as Json[]).find((n) => n.name === name)!;
	const targets = (wf: Json, name: string) => ((wf.connections[name]?.main ?? []) as Json[][]).map((out) => out.map((c) => c.node));

	it.each([
		['support-zendesk.json', 'Zendesk Trigger', 'n8n-nodes-base.zendeskTrigger', 'zendeskApi'],
		['support-helpscout.json', 'Help Scout Trigger', 'n8n-nodes-base.helpScoutTrigger', 'helpScoutOAuth2Api'],
	])('%s starts at n8n\'s own trigger with the built-in credential', (file, trigger, type, credential) => {
		const wf = load(file);
		expect(byName(wf, trigger)).toMatchObject({ type, credentials: { [credential]: expect.any(Object) } });
		expect(targets(wf, trigger)).toEqual([['Support Intent Router']]);
	});

	it('Help Scout: listens to new conversations and customer replies', () => {
		expect(byName(load('support-helpscout.json'), 'Help Scout Trigger').parameters.events).toEqual(['convo.created', 'convo.customer.reply.created']);
	});

	it('Zendesk: fires on a public comment on a new ticket or from the end user, and sends the fields the router reads', () => {
		const { conditions, options } = byName(load('support-zendesk.json'), 'Zendesk Trigger').parameters;
		const plain = (list: Json[]) => list.map((c) => `${c.field} ${c.operation} ${c.value}`);
		expect(plain(conditions.all)).toEqual(['=comment_is_public is =true']);
		expect(plain(conditions.any)).toEqual(['=update_type is =Create', '=role is =end_user']);
		expect(options.fields).toEqual(expect.arrayContaining(['ticket.id', 'ticket.title', 'ticket.description', 'ticket.latest_comment', 'ticket.requester.email']));
	});

	it.each([
		// The Packager posts its note itself (see below): nothing follows it.
		['support-zendesk.json', ['Zendesk: public reply', 'Zendesk: suggested reply (internal note)', 'Shadow: nothing sent'], [[]]],
		['support-helpscout.json', ['Help Scout: reply', 'Help Scout: suggested reply (note)', 'Shadow: nothing sent'], [[]]],
	])('%s: approved replies go out by rollout mode (auto, suggest, shadow); the Packager\'s hand-off goes to the helpdesk', (file, byMode, handoff) => {
		const wf = load(file);
		expect(targets(wf, 'Support Critic (reply)')[0]).toEqual(['Reply by rollout mode']);
		const rules = byName(wf, 'Reply by rollout mode').parameters.rules.values as Json[];
		expect(rules.map((r) => [r.outputKey, r.conditions.conditions[0].leftValue, r.conditions.conditions[0].rightValue])).toEqual(
			['auto', 'suggest', 'shadow'].map((m) => [m, '={{ $json.support.execution.mode }}', m]),
		);
		expect(targets(wf, 'Reply by rollout mode')).toEqual(byMode.map((n) => [n]));
		expect(targets(wf, 'Support Escalation Packager')).toEqual(handoff);
	});

	it('Zendesk: the Packager writes the hand-off note, tags and priority to the ticket itself, with the template\'s Zendesk credential', () => {
		const zendesk = load('support-zendesk.json');
		const packager = byName(zendesk, 'Support Escalation Packager');
		expect(packager.parameters).toMatchObject({ writeNoteTo: 'zendesk', zendeskAuthentication: 'apiToken', zendeskTags: 'support-escalated', addCaseTags: true, zendeskPriority: 'fromHandoff', zendeskGroup: { __rl: true, mode: 'list', value: '' } });
		expect(packager.credentials).toEqual({ zendeskApi: byName(zendesk, 'Zendesk Trigger').credentials.zendeskApi });
		// Replies go through the executor's keyed Send Reply, never n8n's bare Zendesk node (it posts again on every delivery).
		expect(zendesk.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.zendesk')).toHaveLength(0);
		const replies = zendesk.nodes.filter((n: Json) => n.parameters?.operation === 'sendReply');
		expect(replies.map((n: Json) => [n.name, n.parameters.replyAs, n.credentials])).toEqual([
			['Zendesk: public reply', 'public', { zendeskApi: byName(zendesk, 'Zendesk Trigger').credentials.zendeskApi }],
			['Zendesk: suggested reply (internal note)', 'note', { zendeskApi: byName(zendesk, 'Zendesk Trigger').credentials.zendeskApi }],
		]);
		for (const r of replies) expect(targets(zendesk, r.name)).toEqual([[], ['Support Escalation Packager']]);
		// The webhook template keeps the note in the item for its own exit node.
		expect(byName(load('support-pipeline-webhook.json'), 'Support Escalation Packager').parameters.writeNoteTo).toBeUndefined();
	});

	it('Help Scout: the reply, the suggestion note and the hand-off note are keyed writes of ours with the template\'s Help Scout credential; no n8n Help Scout node writes', () => {
		const hs = load('support-helpscout.json');
		const credential = byName(hs, 'Help Scout Trigger').credentials.helpScoutOAuth2Api;
		const replies = hs.nodes.filter((n: Json) => n.parameters?.operation === 'sendReply');
		expect(replies.map((n: Json) => [n.name, n.parameters.replyAs, n.parameters.useHelpScout, n.credentials])).toEqual([
			['Help Scout: reply', 'public', true, { helpScoutOAuth2Api: credential }],
			['Help Scout: suggested reply (note)', 'note', true, { helpScoutOAuth2Api: credential }],
		]);
		for (const r of replies) expect(targets(hs, r.name)).toEqual([[], ['Support Escalation Packager']]);
		// n8n's bare Help Scout node (and an HTTP Request for the tags) would post again on every delivery.
		expect(hs.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.helpScout' || n.type === 'n8n-nodes-base.httpRequest')).toHaveLength(0);
		const packager = byName(hs, 'Support Escalation Packager');
		expect(packager.parameters).toMatchObject({ writeNoteTo: 'helpScout' });
		expect(packager.credentials).toEqual({ helpScoutOAuth2Api: credential });
	});

	it.each(['support-zendesk.json', 'support-helpscout.json', 'support-pipeline-webhook.json'])('%s: every escalation output of the six layers ends at the Packager', (file) => {
		const wf = load(file);
		const P = 'Support Escalation Packager';
		const router = byName(wf, 'Support Intent Router');
		const intents = router.parameters.intents.intent as Json[];
		expect(targets(wf, 'Support Intent Router')[humanOutput(router.typeVersion, intents.length)]).toEqual([P]);
		expect(targets(wf, 'Support Policy Retriever')[1]).toEqual([P]);
		expect(targets(wf, 'Support Specialist Planner')[1]).toEqual([P]);
		expect(targets(wf, 'Support Critic (plan)')).toEqual([['Support Action Executor'], ['Support Specialist Planner'], [P]]);
		expect(targets(wf, 'Support Action Executor')[1]).toEqual([P]);
		expect(targets(wf, 'Support Critic (reply)').slice(1)).toEqual([[P], [P]]);
	});

	it('ships one intent in each rollout mode in both helpdesk templates', () => {
		for (const file of ['support-zendesk.json', 'support-helpscout.json']) {
			const modes = Object.fromEntries((byName(load(file), 'Support Intent Router').parameters.intents.intent as Json[]).map((i) => [i.name, i.rolloutMode]));
			expect(modes).toEqual({ return_refund: 'suggest', order_status: 'auto', technical_issue: 'suggest', account_access: 'shadow' });
		}
	});
});
