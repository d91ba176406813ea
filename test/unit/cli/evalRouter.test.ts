import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateRouter, parseEvalRouterArgs, selectShots, toIntentDefinitions, UsageError } from '../../../cli/evalRouter';
import { runCli } from '../../../cli/main';
import { defaultThreshold, NODE_DEFAULT_FEATURES } from '../../../engine/routing/builtinEngine';

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

const JSON_KEYS = ['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall', 'coverage', 'coveredAccuracy', 'ece', 'msPerTicket', 'threshold', 'thresholdSource', 'features', 'trainSeconds'];
/** Most checks use the fast feature set; the sentence-meaning one has its own tests below. */
const WORDS = ['--features', 'words'];

describe('eval-router', () => {
	let dir: string;
	const file = (name: string, content: string) => {
		const p = path.join(dir, name);
		fs.writeFileSync(p, content);
		return p;
	};
	const run = async (argv: string[]) => {
		let stdout = '';
		let stderr = '';
		const code = await runCli(
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

	it('--json prints one JSON object with exactly the specified keys', async () => {
		const { code, stdout } = await run(['eval-router', ...WORDS, '--train', trainCsv, '--test', testCsv, '--json']);
		expect(code).toBe(0);
		expect(stdout.trim().split('\n')).toHaveLength(1);
		const report = JSON.parse(stdout) as Record<string, unknown>;
		expect(Object.keys(report)).toEqual(JSON_KEYS);
		expect(report).toMatchObject({ features: 'words', threshold: defaultThreshold('lexical'), thresholdSource: 'auto' });
		expect(report.oosRecall).toEqual(expect.any(Number));
	});

	it('gives the same figures (timing aside) from CSV and JSON files of the same rows', async () => {
		const fromCsv = (await evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', trainCsv, '--test', testCsv]))).report;
		const fromJson = (await evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', trainJson, '--test', testJson]))).report;
		const strip = (r: typeof fromCsv) => ({ ...r, msPerTicket: 0, trainSeconds: 0 });
		expect(strip(fromJson)).toEqual(strip(fromCsv));
		expect(fromCsv.inScopeAccuracy).toBeGreaterThanOrEqual(5 / 6);
	});

	it('never trains on oos rows and scores them as out-of-scope', async () => {
		const result = await evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', trainCsv, '--test', testCsv]));
		expect(result.intents).toBe(3);
		expect(result.trainRows).toBe(18);
		expect(result.report.oosRecall).not.toBeNull();
	});

	it('--oos-label renames the out-of-scope label', async () => {
		const renamed = (rows: Array<[string, string]>) => rows.map(([t, c]) => [t, c === 'oos' ? 'other' : c] as [string, string]);
		const train = file('train-other.csv', toCsv(renamed(TRAIN)));
		const test = file('test-other.csv', toCsv(renamed(TEST)));
		const withLabel = await evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', train, '--test', test, '--oos-label', 'other']));
		expect(withLabel.intents).toBe(3);
		expect(withLabel.report.oosRecall).not.toBeNull();
		const without = await evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', train, '--test', test]));
		expect(without.intents).toBe(4);
		expect(without.report.oosRecall).toBeNull();
	});

	it('--shots keeps N rows per intent, the same ones for the same seed', async () => {
		const result = await evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', trainCsv, '--test', testCsv, '--shots', '2', '--seed', '3']));
		expect(result.trainRows).toBe(6);
		const rows = TRAIN.map(([text, label]) => ({ text, label }));
		const a = selectShots(rows, 2, 3);
		expect(selectShots(rows, 2, 3)).toEqual(a);
		expect(a.filter((r) => r.label === 'refund')).toHaveLength(2);
		const seeds = [1, 2, 3, 4, 5].map((s) => JSON.stringify(selectShots(rows, 2, s)));
		expect(new Set(seeds).size).toBeGreaterThan(1);
	});

	it('prints a readable report without --json', async () => {
		const { code, stdout } = await run(['eval-router', ...WORDS, '--train', trainJson, '--test', testCsv, '--threshold', '0.3']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/trained on 18 rows \(3 intents\)/);
		expect(stdout).toMatch(/out-of-scope recall.*%/);
		expect(stdout).toMatch(/threshold\s+0\.3\n/);
	});

	it('exits 2 naming the file for a missing file', async () => {
		const missing = path.join(dir, 'missing.csv');
		const { code, stderr, stdout } = await run(['eval-router', ...WORDS, '--train', missing, '--test', testCsv]);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toContain(`${missing}: file not found`);
	});

	it('exits 2 naming file and line for a bad header and for an empty file', async () => {
		const bad = file('bad.csv', 'utterance,intent\nhello,greet\n');
		expect(await run(['eval-router', ...WORDS, '--train', bad, '--test', testCsv])).toEqual(
			expect.objectContaining({ code: 2, stderr: expect.stringContaining(`${bad}:1: bad header`) }),
		);
		const empty = file('empty.csv', '');
		expect(await run(['eval-router', ...WORDS, '--train', trainCsv, '--test', empty])).toEqual(
			expect.objectContaining({ code: 2, stderr: expect.stringContaining(`${empty}: the file is empty`) }),
		);
	});

	it('exits 2 with the usage for wrong options', async () => {
		expect((await run(['eval-router', ...WORDS, '--train', trainCsv])).code).toBe(2);
		const features = await run(['eval-router', '--train', trainCsv, '--test', testCsv, '--features', 'vibes']);
		expect(features.code).toBe(2);
		expect(features.stderr).toContain('--features must be words or meaning, got "vibes"');
		const bad = await run(['eval-router', ...WORDS, '--train', trainCsv, '--test', testCsv, '--threshold', '2']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--threshold must be a number from 0 to 1 or "auto"');
		expect((await run(['eval-router', ...WORDS, '--train', trainCsv, '--test', testCsv, '--bogus'])).stderr).toContain('unknown option "--bogus"');
	});

	it('--features meaning --json works on CSV and JSON files alike, and says which features and threshold it used', async () => {
		const fromCsv = await run(['eval-router', '--features', 'meaning', '--train', trainCsv, '--test', testCsv, '--json']);
		const fromJson = await run(['eval-router', '--features', 'meaning', '--train', trainJson, '--test', testJson, '--json']);
		expect(fromCsv.code).toBe(0);
		expect(fromJson.code).toBe(0);
		const csv = JSON.parse(fromCsv.stdout) as Record<string, unknown>;
		const json = JSON.parse(fromJson.stdout) as Record<string, unknown>;
		expect(Object.keys(csv)).toEqual(JSON_KEYS);
		expect(csv).toMatchObject({ features: 'meaning', threshold: defaultThreshold('encoder'), thresholdSource: 'auto' });
		const strip = (r: Record<string, unknown>) => ({ ...r, msPerTicket: 0, trainSeconds: 0 });
		expect(strip(json)).toEqual(strip(csv));
		expect(csv.inScopeAccuracy).toBeGreaterThanOrEqual(5 / 6);
	}, 120_000);

	it('without --features it evaluates what the node uses by default; a given threshold is reported as given', async () => {
		const { code, stdout } = await run(['eval-router', '--train', trainCsv, '--test', testCsv, '--json', '--threshold', '0.4']);
		expect(code).toBe(0);
		expect(JSON.parse(stdout)).toMatchObject({ features: NODE_DEFAULT_FEATURES === 'encoder' ? 'meaning' : 'words', threshold: 0.4, thresholdSource: 'given' });
	}, 120_000);

	it('needs at least two intents besides oos', async () => {
		const one = file('one.csv', toCsv([['hi', 'greet'], ['weather?', 'oos']]));
		await expect(evaluateRouter(parseEvalRouterArgs([...WORDS, '--train', one, '--test', testCsv]))).rejects.toThrow(UsageError);
	});
});

describe('parseEvalRouterArgs', () => {
	it('applies defaults and accepts --name=value', async () => {
		expect(parseEvalRouterArgs(['--train=a.csv', '--test', 'b.json'])).toEqual({
			train: 'a.csv',
			test: 'b.json',
			features: NODE_DEFAULT_FEATURES,
			shots: undefined,
			seed: 42,
			threshold: 'auto',
			oosLabel: 'oos',
			json: false,
		});
	});
	it('rejects a non-integer --shots', async () => {
		expect(() => parseEvalRouterArgs(['--train', 'a', '--test', 'b', '--shots', '1.5'])).toThrow(UsageError);
	});
});

describe('toIntentDefinitions', () => {
	it('groups by label, sorted, leaving out the oos label', async () => {
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
