/**
 * "Forms, not JSON": the parameters an operator must write as JSON for a shipped template's
 * documented setup. Every parameter of our nodes a template sets is looked up in the node's own
 * description at the template's node version; a JSON-typed one counts. The goal is 0.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodeType } from 'n8n-workflow';

const ROOT = path.join(__dirname, '../../..');
const WORKFLOWS = path.join(ROOT, 'workflows');
const PACKAGE = 'n8n-nodes-support-coordination';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Our node classes by type name, loaded from nodes/<Name>/<Name>.node.ts. */
function ourNodes(): Map<string, INodeType> {
	const map = new Map<string, INodeType>();
	for (const dir of fs.readdirSync(path.join(ROOT, 'nodes'))) {
		const file = path.join(ROOT, 'nodes', dir, `${dir}.node.ts`);
		if (!fs.existsSync(file)) continue;
		const mod = require(file) as Record<string, new () => INodeType>; // eslint-disable-line @typescript-eslint/no-require-imports
		const node = new mod[dir]();
		map.set(`${PACKAGE}.${node.description.name}`, node);
	}
	return map;
}

function shownInVersion(p: INodeProperties, version: number): boolean {
	const rule = p.displayOptions?.show?.['@version'];
	if (!rule) return true;
	return rule.some((r) => r === version || (typeof r === 'object' && r !== null && '_cnd' in r && version >= ((r as { _cnd: { gte?: number } })._cnd.gte ?? Infinity)));
}

/** The JSON parameters a node's parameters set, as "name" or "collection.child". */
export function jsonParametersSet(node: INodeType, version: number, parameters: Json): string[] {
	const props = node.description.properties.filter((p) => shownInVersion(p, version));
	const found: string[] = [];
	for (const [key, value] of Object.entries(parameters)) {
		const prop = props.find((p) => p.name === key);
		if (!prop) continue;
		if (prop.type === 'json') found.push(key);
		if (prop.type === 'collection' && value && typeof value === 'object') {
			for (const child of Object.keys(value)) {
				const option = (prop.options as INodeProperties[]).find((o) => o.name === child);
				if (option?.type === 'json') found.push(`${key}.${child}`);
			}
		}
		if (prop.type === 'fixedCollection' && value && typeof value === 'object') {
			for (const [group, entries] of Object.entries(value)) {
				const def = (prop.options as INodePropertyCollection[]).find((o) => o.name === group);
				for (const entry of [entries].flat() as Json[]) {
					for (const child of Object.keys(entry ?? {})) if (def?.values.find((v) => v.name === child)?.type === 'json') found.push(`${key}.${group}.${child}`);
				}
			}
		}
	}
	return found;
}

const nodes = ourNodes();
const templates = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json')).sort();

describe('JSON parameters an operator must write, per shipped template', () => {
	it('the counter finds JSON parameters where they are set (top level and in collections)', () => {
		const planner = nodes.get(`${PACKAGE}.supportSpecialistPlanner`)!;
		expect(jsonParametersSet(planner, 2, { engine: 'playbook', playbooks: '[]', toolScopes: '{}' })).toEqual(['playbooks', 'toolScopes']);
		expect(jsonParametersSet(planner, 3, { engine: 'playbook', advanced: { customPlaybooks: '[]' } })).toEqual(['advanced.customPlaybooks']);
	});

	it.each(templates)('%s: 0', (file) => {
		const wf = JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Json;
		const counted = (wf.nodes as Json[])
			.filter((n) => nodes.has(n.type))
			.flatMap((n) => jsonParametersSet(nodes.get(n.type)!, n.typeVersion, n.parameters ?? {}).map((p) => `${n.name}: ${p}`));
		expect(counted).toEqual([]);
	});
});
