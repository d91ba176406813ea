/**
 * The Escalation Packager's internal note as an agent sees it: a refund over the automatic cap,
 * from a customer who pasted a card number and a password into the ticket, goes through the
 * planner and the Critic (which escalates), the Packager renders the HTML note, and headless
 * Chromium shows it in a page styled like a Zendesk ticket with an internal note. The screenshot
 * goes into the README (docs/screenshots/escalation-note.png). No n8n needed.
 */
import { buildHandoff, escapeHtml } from '../../engine/escalation';
import type { CaseFile, Handoff } from '../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook } from '../../engine/planning';
import { DEFAULT_CRITIC_RULES, review } from '../../engine/verification';
import { buildCase, NOW, orderFact } from '../support/caseFiles';
import { launchBrowser, pngSize, saveScreenshot, VIEWPORT, type Browser } from './browser';

jest.setTimeout(120_000);

const CARD = '4111 1111 1111 1111';
const PASSWORD = 'Espresso-2024!';
const MESSAGE =
	`Hi, the espresso machine from order #1001 stopped heating after a week. I want a full refund of 480 EUR, today please. ` +
	`Send it to my other card ${CARD}, exp 09/28 - you can log in as me to check, my password is ${PASSWORD}`;

/** The escalation path of a refund over the cap, built by the same engine functions the nodes call. */
function escalatedCase(): CaseFile {
	const ticket = buildCase({
		subject: 'Broken espresso machine - refund',
		message: MESSAGE,
		urgency: 'high',
		sentimentScore: -0.6,
		conversation: [
			{ author: 'customer', body: 'The machine from order #1001 does not heat any more. What can I do?', public: true, at: '2026-03-08T09:12:00.000Z' },
			{ author: 'agent', body: 'Sorry to hear that! Could you tell us whether the display shows an error code?', public: true, at: '2026-03-08T11:40:00.000Z' },
		],
		facts: [orderFact({ total_price: '480.00', line_items: [{ title: 'Espresso machine Barista One', quantity: 1, price: '480.00' }] })],
	});
	const planned = planWithPlaybook(ticket, { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
	if (planned.outcome !== 'plan') throw new Error(`the planner did not plan: ${planned.outcome}`);
	const withPlan: CaseFile = { ...ticket, plan: planned.plan };
	return { ...withPlan, review: review({ stage: 'plan', caseFile: withPlan, rules: DEFAULT_CRITIC_RULES.return_refund, now: NOW }) };
}

/** A ticket view in the spirit of Zendesk's agent workspace: conversation, then the yellow internal note. */
function ticketPage(caseFile: CaseFile, handoff: Handoff): string {
	const t = caseFile.ticket!;
	const bubble = (author: string, at: string, body: string) =>
		`<article class="comment"><div class="avatar">${escapeHtml(author.charAt(0).toUpperCase())}</div><div class="bubble"><header><b>${escapeHtml(author)}</b><time>${escapeHtml(at)}</time></header><div class="body">${escapeHtml(body)}</div></div></article>`;
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ticket #${escapeHtml(t.id)}</title>
<style>
	* { box-sizing: border-box; }
	body { margin: 0; background: #f8f9f9; color: #2f3941; font: 14px/20px -apple-system, BlinkMacSystemFont, 'Segoe UI', system-ui, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif; }
	.topbar { height: 48px; background: #03363d; color: #fff; display: flex; align-items: center; padding: 0 24px; gap: 16px; font-weight: 600; }
	.topbar .tab { background: #fff; color: #2f3941; border-radius: 4px 4px 0 0; padding: 6px 14px; align-self: flex-end; font-weight: 400; }
	main { display: grid; grid-template-columns: 280px minmax(0, 1fr); }
	aside { background: #fff; border-right: 1px solid #d8dcde; padding: 20px 24px; min-height: calc(100vh - 48px); }
	aside dt { color: #68737d; font-size: 12px; margin-top: 14px; }
	aside dd { margin: 2px 0 0; }
	.tag { display: inline-block; background: #e9ebed; border-radius: 4px; padding: 0 6px; margin: 2px 4px 2px 0; font-size: 12px; }
	section.conversation { padding: 20px 32px 40px; }
	h1 { font-size: 22px; line-height: 28px; margin: 0 0 18px; font-weight: 600; }
	.comment { display: flex; gap: 12px; margin-bottom: 16px; }
	.avatar { flex: none; width: 36px; height: 36px; border-radius: 50%; background: #c2c8cc; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 600; }
	.bubble { flex: 1; background: #fff; border: 1px solid #d8dcde; border-radius: 8px; padding: 12px 16px; }
	.bubble header { display: flex; gap: 12px; align-items: baseline; margin-bottom: 4px; }
	.bubble time { color: #68737d; font-size: 12px; }
	.comment.internal .avatar { background: #ad5918; }
	.comment.internal .bubble { background: #fff7e0; border-color: #fcdba9; }
	.internal-label { color: #ad5918; font-size: 12px; font-weight: 600; }
	.note h3 { font-size: 15px; margin: 16px 0 6px; }
	.note h3:first-child { margin-top: 4px; font-size: 16px; }
	.note p { margin: 6px 0; }
	.note table { border-collapse: collapse; margin: 6px 0 10px; width: 100%; font-size: 13px; line-height: 18px; background: #fffdf5; }
	.note th, .note td { border: 1px solid #e9d7a8; text-align: left; vertical-align: top; padding: 4px 8px; }
	.note th { white-space: nowrap; }
	.note td.unbroken { overflow-wrap: anywhere; }
	.note th { background: #fdf0c8; font-weight: 600; }
	.note blockquote { margin: 6px 0; padding: 6px 12px; border-left: 3px solid #e9c46a; background: #fffdf5; }
	.note ul { margin: 6px 0; padding-left: 20px; }
	.note details { margin: 4px 0 10px; }
	.note summary { cursor: pointer; color: #1f73b7; }
	.note pre { margin: 6px 0; padding: 8px; background: #fffdf5; border: 1px solid #e9d7a8; font-size: 12px; line-height: 16px; white-space: pre-wrap; overflow-wrap: anywhere; }
</style></head>
<body>
<div class="topbar">Support <span class="tab">#${escapeHtml(t.id)} ${escapeHtml(t.subject ?? '')}</span></div>
<main>
	<aside>
		<dl>
			<dt>Requester</dt><dd>${escapeHtml(t.customer.name ?? '')}<br>${escapeHtml(t.customer.email ?? '')}</dd>
			<dt>Priority</dt><dd>${escapeHtml(handoff.priority)}</dd>
			<dt>Group</dt><dd>${escapeHtml(handoff.group ?? '-')}</dd>
			<dt>Tags</dt><dd>${handoff.tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join('')}</dd>
		</dl>
	</aside>
	<section class="conversation">
		<h1>${escapeHtml(t.subject ?? '')}</h1>
		${t.conversation.map((c) => bubble(c.author === 'agent' ? 'Sam (agent)' : (t.customer.name ?? 'Customer'), c.at ?? '', c.body)).join('\n')}
		${bubble(t.customer.name ?? 'Customer', t.receivedAt, '[the latest message, as the customer sent it, is quoted in the note below]')}
		<article class="comment internal" data-test="internal-note"><div class="avatar">S</div><div class="bubble">
			<header><b>Support Escalation Packager</b><span class="internal-label">Internal note</span><time>${escapeHtml(NOW.toISOString())}</time></header>
			<div class="note">${handoff.note.html}</div>
		</div></article>
	</section>
</main>
<script>
	// Page chrome, not part of the note: let cells holding long unbroken JSON wrap anywhere, so the
	// tables fit the column without squeezing short words ("Passage") in the other cells.
	for (const td of document.querySelectorAll('.note td')) if (/\\S{28,}/.test(td.textContent)) td.classList.add('unbroken');
</script>
</body></html>`;
}

describe('escalation note, rendered in a browser', () => {
	let browser: Browser;
	const caseFile = escalatedCase();
	const handoff = buildHandoff(caseFile, { groupsByIntent: { return_refund: 'Billing' } });

	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('starts from a ticket that holds a card number and a password, escalated by the Critic over the refund cap', () => {
		expect(caseFile.ticket!.message).toContain(CARD);
		expect(caseFile.ticket!.message).toContain(PASSWORD);
		expect(caseFile.review).toMatchObject({ stage: 'plan', verdict: 'escalate' });
		expect(caseFile.review!.checks.find((c) => !c.passed)?.id).toBe('amount.cap');
		expect(handoff.fromLayer).toBe('critic');
	});

	it('shows the reason, the summary and the suggested next action, with no card number or password', async () => {
		const page = await browser.context.newPage();
		try {
			// Self-contained page: anything the note would fetch (an image, a font) is refused, so nothing leaves the machine.
			await page.route('**/*', (route) => route.abort());
			await page.setContent(ticketPage(caseFile, handoff), { waitUntil: 'load' });
			const note = page.locator('[data-test="internal-note"] .note');
			await note.waitFor({ state: 'visible' });

			// Rendered as markup (headings, tables), not shown as escaped tags.
			const heading = await note.locator('h3').first().innerText();
			expect(heading).toBe('Escalation: refund over the automatic cap (480.00 EUR asked, cap 100.00 EUR)');
			expect(await note.locator('table').count()).toBeGreaterThanOrEqual(4);

			const text = await note.innerText();
			expect(text).toContain(`Why: ${handoff.reason}`);
			expect(handoff.reason).toMatch(/over the cap of 100\.00 EUR/);
			expect(text).toContain(`Summary: ${handoff.summary}`);
			expect(handoff.summary).toMatch(/^Jane Doe <jane\.doe@example\.com> wrote via zendesk\/email about order #1001/);
			expect(text).toContain(`Suggested next action: ${handoff.suggestedNextAction}`);
			expect(handoff.suggestedNextAction).toMatch(/amount/i);
			expect(text).toContain('[card number removed]');
			// The reason is shown once; the order reads as fields, its raw JSON stays collapsed.
			expect(text.split(handoff.reason)).toHaveLength(2);
			expect(text).toContain('Financial status\tpaid');
			await expect(note.locator('details summary').first().innerText()).resolves.toBe('Full order data (JSON)');
			expect(await note.locator('details pre').first().isVisible()).toBe(false);
			expect(text).not.toContain('"financial_status"');

			const everything = await page.locator('body').innerText();
			for (const secret of [CARD, CARD.replace(/ /g, ''), '1111 1111', PASSWORD]) expect(everything).not.toContain(secret);
			expect(await page.content()).not.toContain(PASSWORD);

			await page.setViewportSize(VIEWPORT);
			const file = await saveScreenshot(page, 'escalation-note.png', { fullPage: true });
			const size = pngSize(file);
			expect(size?.width).toBe(VIEWPORT.width);
			expect(size!.height).toBeGreaterThanOrEqual(VIEWPORT.height);
		} finally {
			await page.close();
		}
	});
});
