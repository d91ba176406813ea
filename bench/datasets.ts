/**
 * Loads the shared benchmark datasets (../shared/datasets beside the repo) and makes the seeded
 * splits the router benchmark reports on. BANKING77: CC BY 4.0, PolyAI-LDN/task-specific-datasets
 * (Casanueva et al., 2020). CLINC150: CC BY 3.0, clinc/oos-eval (Larson et al., 2019).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCsvRecords } from '../engine/replay/csv';
import { createRandom, shuffleInPlace } from '../engine/routing/seededRandom';

export const DATASETS_DIR = path.resolve(__dirname, '../../shared/datasets');

export type Row = [text: string, label: string];

export function loadBanking77(): Row[] {
	const csv = fs.readFileSync(path.join(DATASETS_DIR, 'banking77/train.csv'), 'utf8');
	return parseCsv(csv)
		.slice(1)
		.filter((r) => r.length === 2)
		.map((r) => [r[0], r[1]] as Row);
}

export function loadClinc150(): { train: Row[]; val: Row[]; oosVal: Row[]; oosTrain: Row[] } {
	const raw = JSON.parse(fs.readFileSync(path.join(DATASETS_DIR, 'clinc150/train_val.json'), 'utf8')) as Record<
		string,
		Row[]
	>;
	return { train: raw.train, val: raw.val, oosVal: raw.oos_val, oosTrain: raw.oos_train };
}

/** The CSV rows, read by the package's one RFC 4180 reader (engine/replay/csv.ts). */
export function parseCsv(text: string): string[][] {
	return parseCsvRecords(text).map((r) => r.fields);
}

function groupByLabel(rows: readonly Row[], seed: number): Map<string, Row[]> {
	const groups = new Map<string, Row[]>();
	for (const row of rows) {
		const list = groups.get(row[1]) ?? [];
		list.push(row);
		groups.set(row[1], list);
	}
	const random = createRandom(seed);
	for (const label of [...groups.keys()].sort()) shuffleInPlace(groups.get(label)!, random);
	return groups;
}

/** Stratified split: `testShare` of every label goes to test, in a seeded order. */
export function stratifiedSplit(rows: readonly Row[], testShare: number, seed: number): { train: Row[]; test: Row[] } {
	const train: Row[] = [];
	const test: Row[] = [];
	for (const [, list] of [...groupByLabel(rows, seed)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
		const cut = Math.round(list.length * testShare);
		test.push(...list.slice(0, cut));
		train.push(...list.slice(cut));
	}
	return { train, test };
}

/** The first `shots` examples of every label, in a seeded order. */
export function takeShots(rows: readonly Row[], shots: number, seed: number): Row[] {
	const out: Row[] = [];
	for (const [, list] of [...groupByLabel(rows, seed)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
		out.push(...list.slice(0, shots));
	}
	return out;
}
