/** Comment and thread bodies for helpdesks whose text is HTML (Zendesk html_body, Help Scout thread text). */

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain text becomes paragraphs; a body that already looks like HTML is sent as it is. */
export function toHtml(body: string, isHtml: boolean): string {
	if (isHtml) return body;
	return body
		.split(/\n{2,}/)
		.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
		.join('');
}
