/**
 * Accuracy of the urgency and sentiment rules on the hand-labelled support messages.
 * Run from the repo root: npx tsx bench/signals.ts [--verbose]
 * messages.json was used while writing the rules (a development set); holdout.json was never
 * used to change them, so its figures are the honest estimate.
 */
import * as fs from 'fs';
import * as path from 'path';
import { detectSentiment, detectUrgency } from '../engine/routing';

interface LabelledMessage {
	id: string;
	text: string;
	subject?: string;
	conversation?: Array<{ author: string; body: string }>;
	urgency: string;
	sentiment: string;
}

/** Benchmarks print their figures; stdout keeps them pipeable. */
const print = (line: string) => process.stdout.write(line + '\n');
const FIXTURES = path.resolve(__dirname, '../test/fixtures/signals');
const verbose = process.argv.includes('--verbose');

for (const name of ['messages.json', 'holdout.json']) {
	const { messages } = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as { messages: LabelledMessage[] };
	let urgencyRight = 0;
	let sentimentRight = 0;
	let urgencyWithinOne = 0;
	const order = ['low', 'normal', 'high', 'critical'];
	const confusion = new Map<string, number>();
	const started = process.hrtime.bigint();
	for (const m of messages) {
		const urgency = detectUrgency(m.text, { subject: m.subject, conversation: m.conversation });
		const sentiment = detectSentiment(m.text);
		if (urgency.level === m.urgency) urgencyRight++;
		if (Math.abs(order.indexOf(urgency.level) - order.indexOf(m.urgency)) <= 1) urgencyWithinOne++;
		if (sentiment.label === m.sentiment) sentimentRight++;
		const key = `${m.urgency}->${urgency.level}`;
		confusion.set(key, (confusion.get(key) ?? 0) + 1);
		if (verbose && urgency.level !== m.urgency) {
			print(`  urgency ${m.urgency} -> ${urgency.level}: ${m.text} [${urgency.signals.join('; ')}]`);
		}
		if (verbose && sentiment.label !== m.sentiment) {
			print(`  sentiment ${m.sentiment} -> ${sentiment.label} (${sentiment.score}): ${m.text} [${sentiment.signals.join('; ')}]`);
		}
	}
	const ms = Number(process.hrtime.bigint() - started) / 1e6 / messages.length;
	const pct = (x: number) => ((100 * x) / messages.length).toFixed(1) + '%';
	print(
		`${name}: ${messages.length} messages  urgency ${pct(urgencyRight)} (within one level ${pct(urgencyWithinOne)})  sentiment ${pct(
			sentimentRight,
		)}  ${ms.toFixed(3)} ms/message`,
	);
	const misses = [...confusion].filter(([k]) => k.split('->')[0] !== k.split('->')[1]).map(([k, v]) => `${k} ${v}`);
	print(`  urgency errors: ${misses.join(', ') || 'none'}`);
}
