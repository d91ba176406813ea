import type { HttpClient } from './http';

/**
 * A client that sends nothing: every request is answered 403 on the spot, naming what was not
 * sent. It lets the executor plan and record shadow-mode (dry-run) steps for a connector that has
 * no credential yet, and the replay CLI run without any; in shadow mode the executor never calls
 * it, and if anything did, the call would fail closed instead of reaching a real system.
 */
export function previewOnlyClient(why: string): HttpClient {
	return {
		request: (req) =>
			Promise.resolve({ status: 403, headers: { 'content-type': 'application/json' }, body: { error: `${why} (${req.method} ${req.url} not sent)` } }),
	};
}
