import { jsonBody, TransportError, type HttpClient, type HttpRequest, type HttpResponse } from '../http';
import { fromTransport, parseRetryAfter, StepError } from '../stepError';

/** Pulls a short, credential-free error text out of a vendor's error body. */
export type ErrorText = (body: Record<string, unknown>) => string | undefined;

function clip(text: string, max = 300): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Sends one request and turns every non-2xx answer into a StepError; returns the parsed JSON body
 * and the response for 2xx. The description names method and path only: no host, no headers.
 */
export async function send(
	client: HttpClient,
	req: HttpRequest,
	errorText: ErrorText,
	/** A vendor's own reading of an error answer, e.g. Stripe's 409 idempotency_key_in_use as in_progress. */
	classify?: (status: number, body: Record<string, unknown>) => 'in_progress' | undefined,
): Promise<{ json: Record<string, unknown>; res: HttpResponse }> {
	const what = `${req.method} ${req.url.split('?')[0]}`;
	let res: HttpResponse;
	try {
		res = await client.request(req);
	} catch (error) {
		if (error instanceof TransportError) throw fromTransport(error, what);
		throw fromTransport(new TransportError('other', 'transport error'), what);
	}
	const json = jsonBody(res);
	if (res.status >= 200 && res.status < 300) return { json, res };
	const detail = clip(errorText(json) ?? '');
	const message = `${what} answered ${res.status}${detail ? `: ${detail}` : ''}`;
	if (classify?.(res.status, json) === 'in_progress') throw new StepError('in_progress', message, { status: res.status });
	if (res.status === 429) {
		throw new StepError('rate_limited', message, {
			status: 429,
			retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()),
		});
	}
	if (res.status === 409) throw new StepError('conflict', message, { status: 409 });
	if (res.status >= 500) throw new StepError('server', message, { status: res.status });
	throw new StepError('client', message, { status: res.status });
}
