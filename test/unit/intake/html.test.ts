import { decodeEntities, htmlToText } from '../../../engine/intake';

describe('htmlToText', () => {
	it('keeps paragraphs and line breaks, drops tags', () => {
		expect(htmlToText('<div>Hi,</div><div><br></div><div>my <b>order</b> is late.</div><p>Thanks<br/>Ann</p>')).toBe(
			'Hi,\n\nmy order is late.\n\nThanks\nAnn',
		);
	});

	it('decodes named, decimal and hex entities', () => {
		expect(htmlToText('<p>Tom &amp; Jerry&#39;s &quot;caf&eacute;&quot; &ndash; &#x1F600; &euro;5&nbsp;off</p>')).toBe(
			'Tom & Jerry\'s "caf\u00e9" \u2013 \ud83d\ude00 \u20ac5 off',
		);
		expect(decodeEntities('&lt;b&gt; &unknown; &#0; AT&T')).toBe('<b> &unknown; &#0; AT&T');
	});

	it('removes scripts, styles and comments entirely', () => {
		expect(htmlToText('<style>p{color:red}</style><p>Help</p><script>alert(1)</script><!-- tracking -->')).toBe('Help');
	});

	it('turns list items into lines and collapses whitespace', () => {
		expect(htmlToText('<ul>\n  <li>App   crashes</li>\n  <li>Login fails</li>\n</ul>')).toBe('- App crashes\n- Login fails');
	});

	it('leaves plain text alone apart from trimming and blank-line collapsing', () => {
		expect(htmlToText('  Where is order 5 < 6 > 4?\r\n\r\n\r\n\r\nThanks  ')).toBe('Where is order 5 < 6 > 4?\n\nThanks');
	});

	it('returns empty text for markup without words', () => {
		expect(htmlToText('<p><br></p><div>&nbsp;</div>')).toBe('');
	});
});
