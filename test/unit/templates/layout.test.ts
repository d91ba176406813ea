/**
 * Canvas layout of every shipped template: nodes must not sit on each other's labels or handles,
 * and a sticky note must not cover a node. n8n positions are a node's top-left corner; the sizes
 * below are what n8n 2.41's canvas draws (checked on the screenshots in docs/screenshots/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const WORKFLOWS = path.join(__dirname, '../../../workflows');
const PKG = 'n8n-nodes-support-coordination';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Box {
	name: string;
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Layer nodes with a Model or Embedding input draw wide, with their label inside and the sub-input handles below. */
const WIDE = new Set([`${PKG}.supportIntentRouter`, `${PKG}.supportPolicyRetriever`, `${PKG}.supportSpecialistPlanner`, `${PKG}.supportCritic`]);
const LABEL = { w: 160, h: 50 };
const SUB_INPUTS = 80;

/** The area a node takes on the canvas, its label or sub-input handles included. */
function nodeBox(n: Json): Box {
	const [x, y] = n.position as [number, number];
	if (WIDE.has(n.type as string)) {
		const h = n.type === `${PKG}.supportIntentRouter` ? 200 : 100;
		return { name: n.name as string, x, y, w: 240, h: h + SUB_INPUTS };
	}
	// A plain node is 100 x 100; its label below is wider than the node and centred on it.
	return { name: n.name as string, x: x + 50 - LABEL.w / 2, y, w: LABEL.w, h: 100 + LABEL.h };
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const isSticky = (n: Json) => n.type === 'n8n-nodes-base.stickyNote';

const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json'));
const load = (file: string): Json => JSON.parse(fs.readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Json;

describe('template canvas layout', () => {
	it('ships templates to check', () => {
		expect(files.length).toBeGreaterThanOrEqual(6);
	});

	it.each(files)('%s: no node sits on another node, its label or its handles', (file) => {
		const boxes = (load(file).nodes as Json[]).filter((n) => !isSticky(n)).map(nodeBox);
		const clashes = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.name} / ${b.name}`));
		expect(clashes).toEqual([]);
	});

	it.each(files)('%s: no sticky note covers a node', (file) => {
		const nodes = load(file).nodes as Json[];
		const stickies = nodes.filter(isSticky).map((s) => ({ name: s.name as string, x: s.position[0] as number, y: s.position[1] as number, w: s.parameters.width as number, h: s.parameters.height as number }));
		const boxes = nodes.filter((n) => !isSticky(n)).map(nodeBox);
		const covered = stickies.flatMap((s) => boxes.filter((b) => overlap(s, b)).map((b) => `${s.name} covers ${b.name}`));
		expect(covered).toEqual([]);
	});

	it.each(files)('%s: connected nodes leave at least 220 px between columns', (file) => {
		const wf = load(file);
		const byName = new Map((wf.nodes as Json[]).map((n) => [n.name as string, n]));
		const width = (n: Json) => (WIDE.has(n.type as string) ? 240 : 100);
		const tight: string[] = [];
		for (const [from, outputs] of Object.entries(wf.connections as Json)) {
			const source = byName.get(from)!;
			for (const conn of (outputs.main as Json[][]).flat()) {
				const target = byName.get(conn.node as string)!;
				const gap = target.position[0] - (source.position[0] + width(source));
				// Back edges (the Revise loop, the replay loop) are drawn under the row: only forward edges count.
				if (target.position[0] > source.position[0] && gap < 220) tight.push(`${from} -> ${conn.node as string}: ${gap}`);
			}
		}
		expect(tight).toEqual([]);
	});
});
