import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateRouter, parseEvalRouterArgs, selectShots, toIntentDefinitions, UsageError } from '../../../cli/evalRouter';
import { runCli } from '../../../cli/main';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../../../engine/routing/routeTicket';

const TRAIN: Array<[string, string]> = [
	['where is my parcel', 'shipping'],
	['my order has not arrived yet', 'shipping'],
	['when will my package be delivered', 'shipping'],
	['track my delivery please', 'shipping'],
	['the courier has not come, where is the order', 'shipping'],
	['shipping status of my order', 'shipping'],
	['I want my money back', 'refund'],
	['please refund my purchase', 'refund'],
	['how do I get a refund', 'refund'],
	['refund the charge for the broken item', 'refund'],
	['can I return this for a refund', 'refund'],
	['give me a refund, "it broke", today', 'refund'],
	['I forgot my password', 'password'],
	['reset my password', 'password'],
	['cannot log in, password does not work', 'password'],
	['how do I change my password', 'password'],
	['password reset email never came', 'password'],
	['locked out, need a new password', 'password'],
	['what is the capital of peru', 'oos'],
	['tell me a joke', 'oos'],
];
const TEST: Array<[string, string]> = [
	['where is my order', 'shipping'],
	['has my package shipped', 'shipping'],
	['I would like a refund', 'refund'],
	['refund my order please', 'refund'],
	['reset password', 'password'],
	['I forgot the password to my account', 'password'],
	['how tall is mount everest', 'oos'],
	['sing me a song about cats', 'oos'],
];

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const toCsv = (rows: Array<[string, string]>) => 'text,category\n' + rows.map(([t, c]) => `${csvCell(t)},${csvCell(c)}`).join('\n') + '\n';

const JSON_KEYS = ['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'coverage', 'coveredAccuracy', 'ece', 'msPerTicket', 'threshold', 'trainSeconds'];

describe('eval-router', () => {
	let dir: string;
	const file = (name: string, content: string) => {
		const p = path.join(dir, name);
		fs.writeFileSync(p, content);
		return p;
	};
	const run = (argv: string[]) => {
		let stdout = '';
		let stderr = '';
		const code = runCli(
			argv,
			(s) => (stdout += s),
			(s) => (stderr += s),
		);
		return { code, stdout, stderr };
	};
	let trainCsv: string;
	let testCsv: string;
	let trainJson: string;
	let testJson: string;

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-router-'));
		trainCsv = file('train.csv', toCsv(TRAIN));
		testCsv = file('test.csv', toCsv(TEST));
		trainJson = file('train.json', JSON.stringify(TRAIN, null, 1));
		testJson = file('test.json', JSON.stringify(TEST));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('--json prints one JSON object with exactly the specified keys', () => {
		const { code, stdout } = run(['eval-router', '--train', trainCsv, '--test', testCsv, '--json']);
		expect(code).toBe(0);
		expect(stdout.trim().split('\n')).toHaveLength(1);
		const report = JSON.parse(stdout) as Record<string, unknown>;
		expect(Object.keys(report)).toEqual(JSON_KEYS);
		expect(report.threshold).toBe(DEFAULT_CONFIDENCE_THRESHOLD);
		expect(report.oosRecall).toEqual(expect.any(Number));
	});

	it('gives the same figures (timing aside) from CSV and JSON files of the same rows', () => {
		const fromCsv = evaluateRouter(parseEvalRouterArgs(['--train', trainCsv, '--test', testCsv])).report;
		const fromJson = evaluateRouter(parseEvalRouterArgs(['--train', trainJson, '--test', testJson])).report;
		const strip = (r: typeof fromCsv) => ({ ...r, msPerTicket: 0, trainSeconds: 0 });
		expect(strip(fromJson)).toEqual(strip(fromCsv));
		expect(fromCsv.inScopeAccuracy).toBeGreaterThanOrEqual(5 / 6);
	});

	it('never trains on oos rows and scores them as out-of-scope', () => {
		const result = evaluateRouter(parseEvalRouterArgs(['--train', trainCsv, '--test', testCsv]));
		expect(result.intents).toBe(3);
		expect(result.trainRows).toBe(18);
		expect(result.report.oosRecall).not.toBeNull();
	});

	it('--oos-label renames the out-of-scope label', () => {
		const renamed = (rows: Array<[string, string]>) => rows.map(([t, c]) => [t, c === 'oos' ? 'other' : c] as [string, string]);
		const train = file('train-other.csv', toCsv(renamed(TRAIN)));
		const test = file('test-other.csv', toCsv(renamed(TEST)));
		const withLabel = evaluateRouter(parseEvalRouterArgs(['--train', train, '--test', test, '--oos-label', 'other']));
		expect(withLabel.intents).toBe(3);
		expect(withLabel.report.oosRecall).not.toBeNull();
		const without = evaluateRouter(parseEvalRouterArgs(['--train', train, '--test', test]));
		expect(without.intents).toBe(4);
		expect(without.report.oosRecall).toBeNull();
	});

	it('--shots keeps N rows per intent, the same ones for the same seed', () => {
		const result = evaluateRouter(parseEvalRouterArgs(['--train', trainCsv, '--test', testCsv, '--shots', '2', '--seed', '3']));
		expect(result.trainRows).toBe(6);
		const rows = TRAIN.map(([text, label]) => ({ text, label }));
		const a = selectShots(rows, 2, 3);
		expect(selectShots(rows, 2, 3)).toEqual(a);
		expect(a.filter((r) => r.label === 'refund')).toHaveLength(2);
		const seeds = [1, 2, 3, 4, 5].map((s) => JSON.stringify(selectShots(rows, 2, s)));
		expect(new Set(seeds).size).toBeGreaterThan(1);
	});

	it('prints a readable report without --json', () => {
		const { code, stdout } = run(['eval-router', '--train', trainJson, '--test', testCsv, '--threshold', '0.3']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/trained on 18 rows \(3 intents\)/);
		expect(stdout).toMatch(/out-of-scope recall.*%/);
		expect(stdout).toMatch(/threshold\s+0\.3\n/);
	});

	it('exits 2 naming the file for a missing file', () => {
		const missing = path.join(dir, 'missing.csv');
		const { code, stderr, stdout } = run(['eval-router', '--train', missing, '--test', testCsv]);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toContain(`${missing}: file not found`);
	});

	it('exits 2 naming file and line for a bad header and for an empty file', () => {
		const bad = file('bad.csv', 'utterance,intent\nhello,greet\n');
		expect(run(['eval-router', '--train', bad, '--test', testCsv])).toEqual(
			expect.objectContaining({ code: 2, stderr: expect.stringContaining(`${bad}:1: bad header`) }),
		);
		const empty = file('empty.csv', '');
		expect(run(['eval-router', '--train', trainCsv, '--test', empty])).toEqual(
			expect.objectContaining({ code: 2, stderr: expect.stringContaining(`${empty}: the file is empty`) }),
		);
	});

	it('exits 2 with the usage for wrong options', () => {
		expect(run(['eval-router', '--train', trainCsv]).code).toBe(2);
		const bad = run(['eval-router', '--train', trainCsv, '--test', testCsv, '--threshold', '2']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--threshold must be a number from 0 to 1');
		expect(run(['eval-router', '--train', trainCsv, '--test', testCsv, '--bogus']).stderr).toContain('unknown option "--bogus"');
	});

	it('needs at least two intents besides oos', () => {
		const one = file('one.csv', toCsv([['hi', 'greet'], ['weather?', 'oos']]));
		expect(() => evaluateRouter(parseEvalRouterArgs(['--train', one, '--test', testCsv]))).toThrow(UsageError);
	});
});

describe('parseEvalRouterArgs', () => {
	it('applies defaults and accepts --name=value', () => {
		expect(parseEvalRouterArgs(['--train=a.csv', '--test', 'b.json'])).toEqual({
			train: 'a.csv',
			test: 'b.json',
			shots: undefined,
			seed: 42,
			threshold: DEFAULT_CONFIDENCE_THRESHOLD,
			oosLabel: 'oos',
			json: false,
		});
	});
	it('rejects a non-integer --shots', () => {
		expect(() => parseEvalRouterArgs(['--train', 'a', '--test', 'b', '--shots', '1.5'])).toThrow(UsageError);
	});
});

describe('toIntentDefinitions', () => {
	it('groups by label, sorted, leaving out the oos label', () => {
		const intents = toIntentDefinitions(
			[
				{ text: 'x', label: 'b' },
				{ text: 'y', label: 'oos' },
				{ text: 'z', label: 'a' },
				{ text: 'w', label: 'b' },
			],
			'oos',
		);
		expect(intents.map((i) => [i.name, i.examples])).toEqual([
			['a', ['z']],
			['b', ['x', 'w']],
		]);
	});
});
