/* eslint-disable @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions -- test tooling, not node code */
/**
 * Headless Chromium for the screenshot tests: Debian's `chromium` (found or installed by
 * scripts/ensure-chromium.sh) driven by playwright-core. Playwright's own browser download is never
 * used: this machine reaches only the npm registry and Debian's packages.
 *
 *   const browser = await launchBrowser();
 *   try {
 *     const page = await browser.context.newPage();
 *     ...
 *   } finally {
 *     await browser.close();
 *   }
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * The page's DOM, typed just enough for the functions that run inside the browser (page.evaluate):
 * the project compiles without the DOM library, and adding it globally would retype Node's timers.
 */
interface PageElement {
	readonly dataset: Record<string, string | undefined>;
	readonly classList: Iterable<string>;
	readonly tagName: string;
	readonly textContent: string | null;
	readonly complete?: boolean;
	readonly naturalWidth?: number;
	querySelector(selector: string): PageElement | null;
	getAttribute(name: string): string | null;
	getBoundingClientRect(): { width: number; height: number };
}
declare const document: { querySelectorAll(selector: string): Iterable<PageElement> & { length: number } };
declare function getComputedStyle(el: PageElement): { visibility: string; display: string; opacity: string };

const ENSURE_SCRIPT = path.join(__dirname, '../../scripts/ensure-chromium.sh');

/** Where the screenshots for the README go. */
export const SCREENSHOT_DIR = path.join(__dirname, '../../docs/screenshots');

/** The README screenshots' size. */
export const VIEWPORT = { width: 1440, height: 900 };

/**
 * Everything Chromium would otherwise try to reach on its own (Google's update, sync, field trials,
 * QUIC probes). This machine's network is closed: those attempts only cost time and log noise.
 */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/**
 * The browser's path, from scripts/ensure-chromium.sh (which installs Debian's chromium when it is
 * missing and it runs as root). Throws with the script's own message when it fails, so a CI log
 * says what to install rather than a Playwright stack trace.
 */
export function ensureChromium(): string {
	const result = spawnSync('bash', [ENSURE_SCRIPT], { encoding: 'utf8', timeout: 600_000 });
	const executable = result.stdout.trim().split('\n').pop() ?? '';
	if (result.status !== 0 || !executable) {
		const why = result.error ? result.error.message : `exit ${result.status}`;
		throw new Error(`scripts/ensure-chromium.sh failed (${why}):\n${(result.stderr || result.stdout).trim().slice(-2000)}`);
	}
	return executable;
}

export interface Browser {
	context: BrowserContext;
	executablePath: string;
	/** Closes Chromium and deletes its throwaway profile. */
	close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh throwaway profile (the persistent-context API is Playwright's way
 * to pass --user-data-dir) and the README viewport.
 */
export async function launchBrowser(): Promise<Browser> {
	const executablePath = ensureChromium();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'support-coord-chromium-'));
	try {
		const context = await chromium.launchPersistentContext(profile, {
			executablePath,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			deviceScaleFactor: 1,
			locale: 'en-US',
			timezoneId: 'UTC',
			colorScheme: 'light',
			reducedMotion: 'reduce',
			timeout: 60_000,
		});
		return {
			context,
			executablePath,
			close: async () => {
				await context.close().catch(() => {});
				fs.rmSync(profile, { recursive: true, force: true });
			},
		};
	} catch (error) {
		fs.rmSync(profile, { recursive: true, force: true });
		throw error;
	}
}

/** Saves a PNG into docs/screenshots/ and returns its path; `clip` keeps only that part of the page. */
export async function saveScreenshot(
	page: Page,
	fileName: string,
	opts: { fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } } = {},
): Promise<string> {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, fileName);
	await page.screenshot({ path: file, fullPage: opts.fullPage ?? false, clip: opts.clip, animations: 'disabled' });
	return file;
}

/** The size in a PNG's IHDR chunk; undefined when the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number } | undefined {
	const buf = fs.readFileSync(file);
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (buf.length < 24 || !buf.subarray(0, 8).equals(signature)) return undefined;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Node types from this package, as a Community Nodes install names them. */
export const OUR_NODE_PREFIX = 'n8n-nodes-support-coordination.';

/**
 * Signs in through n8n's own login form, as a person would; the session cookie then lives in the
 * browser context. Chosen over copying the REST client's cookie: the editor sends its own
 * browser-id with the login, which n8n can tie the session to, so the form is the path that
 * matches what a user's browser does.
 */
export async function signInToN8n(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
	const form = page.locator('[data-test-id="signin-form"]');
	await form.waitFor({ state: 'visible', timeout: 60_000 });
	await form.locator('input[type="email"]').fill(email);
	await form.locator('input[type="password"]').fill(password);
	await form.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** What the canvas shows for one node: its type as rendered, its icon, and any unknown-node marker. */
export interface CanvasNodeReport {
	name: string;
	found: boolean;
	type?: string;
	/** `src` of the icon image, when the icon is an image (every file icon, such as ours). */
	iconSrc?: string;
	/** The image arrived and decoded (a broken or missing icon file has no natural width). */
	iconLoaded: boolean;
	/**
	 * n8n's "?" (or first-letter) placeholder, drawn when it has no icon for the type: NodeIcon's
	 * IconContent renders `nodeIconPlaceholder` for type `unknown` (n8n-editor-ui N8nNodeIcon).
	 */
	placeholder: boolean;
	/** CanvasNodeStatusIcons' `node-not-installed` badge ("Install this node to use it"). */
	notInstalled: boolean;
}

/**
 * Reads one canvas node (`[data-test-id="canvas-node"][data-node-name=...]`, set by n8n's
 * CanvasNode.vue) and its icon. Only the first matching node: names are unique in a workflow.
 */
export async function canvasNode(page: Page, name: string): Promise<CanvasNodeReport> {
	return await page.evaluate((nodeName) => {
		const el = [...document.querySelectorAll('[data-test-id="canvas-node"]')].find((n) => n.dataset.nodeName === nodeName);
		if (!el) return { name: nodeName, found: false, iconLoaded: false, placeholder: false, notInstalled: false };
		const img = el.querySelector('.n8n-node-icon img');
		return {
			name: nodeName,
			found: true,
			type: el.dataset.nodeType,
			iconSrc: img?.getAttribute('src') ?? undefined,
			iconLoaded: !!img && img.complete === true && (img.naturalWidth ?? 0) > 0,
			placeholder: !!el.querySelector('.n8n-node-icon [class*="nodeIconPlaceholder"]'),
			notInstalled: !!el.querySelector('[data-test-id="node-not-installed"]'),
		};
	}, name);
}

/** Visible blocking overlays: dialogs, and n8n's toasts (Element Plus notifications). */
export async function blockingOverlays(page: Page): Promise<string[]> {
	return await page.evaluate(() => {
		const visible = (el: PageElement) => {
			const r = el.getBoundingClientRect();
			const s = getComputedStyle(el);
			return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
		};
		const found: string[] = [];
		for (const el of document.querySelectorAll('[role="dialog"], .el-overlay, .el-notification, .el-message')) {
			if (visible(el)) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 160)}`);
		}
		return found;
	});
}

/** Waits until the canvas shows at least `count` nodes (sticky notes are not counted). */
export async function waitForCanvasNodes(page: Page, count: number, timeoutMs = 60_000): Promise<void> {
	await page.waitForFunction((n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n, count, { timeout: timeoutMs });
}

/** Waits until every node icon image on the canvas has arrived or failed (a failure shows in canvasNode()). */
export async function waitForNodeIcons(page: Page, timeoutMs = 30_000): Promise<void> {
	await page.waitForFunction(() => [...document.querySelectorAll('[data-test-id="canvas-node"] .n8n-node-icon img')].every((img) => img.complete === true), undefined, {
		timeout: timeoutMs,
	});
}
