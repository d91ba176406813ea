import { jsonBody, type HttpClient } from '../execution/http';

/** One GET's outcome as the lookups use it: the parsed answer, or a problem fit for the case file. */
export type Got<T = Record<string, unknown>> = { ok: true; json: T } | { ok: false; problem: string };

export const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Problems name the path only: the query may carry an email address, and whatever a credential adds
 * (a header, an API key in the query) is added below this layer, so it never reaches the text.
 */
function pathOf(url: string): string {
	return url.split('?')[0];
}

function transportProblem(url: string, error: unknown): string {
	return `GET ${pathOf(url)} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** A GET whose answer must be a JSON object (the vendor APIs). */
export async function getJson(client: HttpClient, url: string, timeoutMs: number): Promise<Got> {
	try {
		const res = await client.request({ method: 'GET', url, headers: { accept: 'application/json' }, timeoutMs });
		if (res.status === 404) return { ok: false, problem: 'not found (404)' };
		if (res.status < 200 || res.status >= 300) return { ok: false, problem: `GET ${pathOf(url)} answered ${res.status}` };
		return { ok: true, json: jsonBody(res) };
	} catch (error) {
		return { ok: false, problem: transportProblem(url, error) };
	}
}

/**
 * A GET to an operator's own API: the answer may be any JSON value, but it must be JSON (an HTML
 * login page is a misconfiguration, not a fact) and not so large that it bloats every case file.
 */
export async function getAnyJson(client: HttpClient, url: string, timeoutMs: number, maxChars: number): Promise<Got<unknown>> {
	try {
		const res = await client.request({ method: 'GET', url, headers: { accept: 'application/json' }, timeoutMs });
		if (res.status === 404) return { ok: false, problem: 'not found (404)' };
		if (res.status < 200 || res.status >= 300) return { ok: false, problem: `GET ${pathOf(url)} answered ${res.status}` };
		if (typeof res.body !== 'string') {
			const size = JSON.stringify(res.body ?? null).length;
			return size > maxChars ? { ok: false, problem: `the answer is larger than ${maxChars} characters` } : { ok: true, json: res.body };
		}
		if (res.body.length > maxChars) return { ok: false, problem: `the answer is larger than ${maxChars} characters` };
		try {
			return { ok: true, json: JSON.parse(res.body) as unknown };
		} catch {
			return { ok: false, problem: `GET ${pathOf(url)} answered ${res.status} but not with JSON` };
		}
	} catch (error) {
		return { ok: false, problem: transportProblem(url, error) };
	}
}
