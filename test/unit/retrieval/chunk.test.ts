import { chunkDocument, chunkIdFor, pointIdFor } from '../../../engine/retrieval/chunk';
import type { PolicyDocument } from '../../../engine/retrieval/types';

const base = { documentId: 'returns', title: 'Returns', version: '1', effectiveFrom: '2025-01-01T00:00:00Z', tags: [] };
const doc = (
	format: PolicyDocument['format'],
	content: string,
	extra: Partial<PolicyDocument> = {},
): PolicyDocument => ({
	...base,
	format,
	content,
	...extra,
});

describe('chunkDocument: Markdown', () => {
	const markdown = [
		'# Returns Policy',
		'',
		'Intro text for everyone.',
		'',
		'## Return window',
		'',
		'You can return items within **30 days** of [delivery](https://example.com).',
		'',
		'## Exceptions',
		'',
		'These cannot be returned:',
		'',
		'- gift cards,',
		'- personalised items,',
		'  including monograms,',
		'- opened cosmetics.',
		'',
		'### Faulty exceptions',
		'',
		'Faulty items are always accepted.',
	].join('\n');

	it('keeps the heading path of every passage and strips inline markup', () => {
		const chunks = chunkDocument(doc('markdown', markdown));
		expect(chunks.map((c) => c.headingPath)).toEqual([
			['Returns Policy'],
			['Returns Policy', 'Return window'],
			['Returns Policy', 'Exceptions'],
			['Returns Policy', 'Exceptions', 'Faulty exceptions'],
		]);
		expect(chunks[1].text).toBe('You can return items within 30 days of delivery.');
	});

	it('keeps a list together with its lead-in sentence and folds continuation lines into their item', () => {
		const exceptions = chunkDocument(doc('markdown', markdown))[2];
		expect(exceptions.text).toBe(
			'These cannot be returned:\n- gift cards,\n- personalised items, including monograms,\n- opened cosmetics.',
		);
	});

	it('reads setext headings', () => {
		const chunks = chunkDocument(doc('markdown', 'Shipping\n========\n\nCosts\n-----\n\nFree over $75.'));
		expect(chunks).toHaveLength(1);
		expect(chunks[0].headingPath).toEqual(['Shipping', 'Costs']);
	});
});

describe('chunkDocument: HTML', () => {
	const html = `<html><head><title>Ignored</title><style>p{}</style></head><body>
		<h1>Privacy</h1>
		<h2>Your rights</h2><h3>Deleting your data</h3>
		<p>We delete it within 30&nbsp;days &amp; confirm by email.</p>
		<ul><li>Orders: kept <b>7 years</b></li><li>Marketing: removed
			<ul><li>from lists</li><li>from ads</li></ul></li></ul>
		<table><tr><th>Data</th><th>Kept</th></tr><tr><td>Invoices</td><td>7 years</td></tr></table>
		<!-- <h2>Hidden</h2> --><script>var x = '<h2>Nope</h2>';</script>
		<h2>Cookies</h2><p>See the cookie page.</p></body></html>`;

	it('follows h1-h6 nesting, decodes entities and ignores head, scripts and comments', () => {
		const chunks = chunkDocument(doc('html', html));
		expect(chunks.map((c) => c.headingPath)).toEqual([
			['Privacy', 'Your rights', 'Deleting your data'],
			['Privacy', 'Cookies'],
		]);
		expect(chunks[0].text).toContain('We delete it within 30 days & confirm by email.');
		expect(chunks.map((c) => c.text).join(' ')).not.toMatch(/Ignored|Nope|Hidden/);
	});

	it('turns list items into lines, nested lists into their parent item, and table rows into lines', () => {
		const text = chunkDocument(doc('html', html))[0].text;
		expect(text).toContain('- Orders: kept 7 years\n- Marketing: removed: from lists; from ads');
		expect(text).toContain('Data | Kept\nInvoices | 7 years');
	});
});

describe('chunkDocument: plain text', () => {
	const text = [
		'GIFT CARDS',
		'',
		'Expiry',
		'Gift cards never expire and have no fees at all.',
		'',
		'2. Lost cards',
		'',
		'We replace lost digital cards.',
		'',
		'What you need:',
		'- the order number,',
		'- the email it was sent to.',
		'',
		'Balance:',
		'',
		'Check it on the balance page.',
	].join('\n');

	it('recognises capitals, a short line above its text, numbered and colon headings', () => {
		const chunks = chunkDocument(doc('text', text));
		expect(chunks.map((c) => c.headingPath)).toEqual([
			['GIFT CARDS', 'Expiry'],
			['GIFT CARDS', 'Lost cards'],
			['GIFT CARDS', 'Balance'],
		]);
		expect(chunks[1].text).toBe(
			'We replace lost digital cards.\nWhat you need:\n- the order number,\n- the email it was sent to.',
		);
	});

	it('treats a document without headings as one passage with an empty heading path', () => {
		const chunks = chunkDocument(doc('text', 'Just one sentence of policy. And another one.'));
		expect(chunks).toHaveLength(1);
		expect(chunks[0].headingPath).toEqual([]);
	});
});

describe('size bounds', () => {
	it('cuts a long list between items, repeating the lead-in, and keeps every piece under the bound', () => {
		const items = Array.from({ length: 40 }, (_, i) => `- item number ${i} with a few words of explanation`);
		const content = `## Items\n\nThe following apply:\n\n${items.join('\n')}`;
		const chunks = chunkDocument(doc('markdown', content), { maxChars: 300, minChars: 50 });
		expect(chunks.length).toBeGreaterThan(3);
		for (const c of chunks) {
			expect(c.text.length).toBeLessThanOrEqual(300);
			expect(c.text.startsWith('The following apply:\n- item number')).toBe(true);
		}
		const all = chunks.map((c) => c.text).join('\n');
		for (let i = 0; i < 40; i++) expect(all).toContain(`item number ${i} with`);
	});

	it('splits an overlong paragraph at sentence ends and merges a short tail into the previous piece', () => {
		const sentence = 'This sentence is about forty characters. ';
		const chunks = chunkDocument(doc('markdown', `## A\n\n${sentence.repeat(20)}`), { maxChars: 400, minChars: 100 });
		expect(chunks.every((c) => /\.$/.test(c.text))).toBe(true);
		expect(chunks.every((c) => c.text.length <= 500)).toBe(true);
		expect(chunks.length).toBe(2);
	});
});

describe('stable chunk ids', () => {
	const markdown = '## Window\n\nThirty days.\n\n## Costs\n\nFree.';

	it('depend on document, version, heading path and position, not on the text', () => {
		const first = chunkDocument(doc('markdown', markdown));
		const edited = chunkDocument(doc('markdown', markdown.replace('Thirty', 'Fourteen')));
		expect(edited.map((c) => c.chunkId)).toEqual(first.map((c) => c.chunkId));
		const v2 = chunkDocument(doc('markdown', markdown, { version: '2' }));
		expect(v2.map((c) => c.chunkId)).not.toEqual(first.map((c) => c.chunkId));
		expect(first[0].chunkId).toBe(chunkIdFor('returns', '1', ['Window'], 0));
	});

	it('stay unique when a heading repeats', () => {
		const chunks = chunkDocument(doc('markdown', '## Notes\n\nOne.\n\n## Other\n\nTwo.\n\n## Notes\n\nThree.'));
		expect(new Set(chunks.map((c) => c.chunkId)).size).toBe(3);
	});

	it('map to a deterministic RFC 4122 UUID for Qdrant', () => {
		const id = chunkIdFor('returns', '1', ['Window'], 0);
		expect(pointIdFor(id)).toBe(pointIdFor(id));
		expect(pointIdFor(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(pointIdFor(id)).not.toBe(pointIdFor(chunkIdFor('returns', '1', ['Window'], 1)));
	});
});
