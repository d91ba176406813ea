/**
 * No import cycles in the shipped code (engine/, nodes/, credentials/, cli/), type-only imports
 * included: a cycle means two modules that cannot be read, tested or moved one without the other.
 * Imports are read with TypeScript's own pre-processor, resolved to .ts files or folders' index.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const FOLDERS = ['engine', 'nodes', 'credentials', 'cli'];

function sources(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return sources(full);
		return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
	});
}

function importGraph(): Map<string, string[]> {
	const files = FOLDERS.flatMap((f) => sources(path.join(ROOT, f)));
	const known = new Set(files);
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const imports = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName).filter((n) => n.startsWith('.'));
		const deps = imports
			.map((spec) => path.resolve(path.dirname(file), spec))
			.map((p) => [`${p}.ts`, path.join(p, 'index.ts')].find((c) => known.has(c)))
			.filter((p): p is string => p !== undefined);
		graph.set(file, [...new Set(deps)]);
	}
	return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	let next = 0;
	const visit = (v: string): void => {
		index.set(v, next);
		low.set(v, next++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) === index.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(path.relative(ROOT, w));
			} while (w !== v);
			if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
		}
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return found;
}

describe('module structure', () => {
	it('reads the whole import graph (a check of the check: it sees the engine importing its contracts)', () => {
		const graph = importGraph();
		expect(graph.size).toBeGreaterThan(100);
		expect(graph.get(path.join(ROOT, 'engine/verification/critic.ts'))).toContain(path.join(ROOT, 'engine/contracts/index.ts'));
	});

	it('has no import cycle, type-only imports included', () => {
		expect(cycles(importGraph())).toEqual([]);
	});

	it('finds a cycle when there is one', () => {
		const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
		expect(cycles(graph)).toEqual([['a', 'b', 'c'].map((f) => path.relative(ROOT, f))]);
	});
});
