/**
 * Fake Zendesk credentials (API token and OAuth2) with canary secrets no output may ever contain,
 * and what n8n adds to each request for them. `label` keeps each test file's secrets its own.
 */
export function zendeskTestCredentials(label: string) {
	const TOKEN = ['zd', label, '7001'].join('-');
	const OAUTH_TOKEN = ['oauth', label, '7002'].join('-');
	const API_AUTH = `Basic ${Buffer.from(`agent@example.com/token:${TOKEN}`).toString('base64')}`;
	const CREDENTIALS: Record<string, Record<string, unknown>> = {
		zendeskApi: { subdomain: 'acme', email: 'agent@example.com', apiToken: TOKEN },
		zendeskOAuth2Api: { subdomain: 'acme-oauth', oauthTokenData: { access_token: OAUTH_TOKEN } },
	};
	const SIGNING: Record<string, Record<string, string>> = { zendeskApi: { authorization: API_AUTH }, zendeskOAuth2Api: { authorization: `Bearer ${OAUTH_TOKEN}` } };
	return { TOKEN, OAUTH_TOKEN, API_AUTH, CREDENTIALS, SIGNING };
}
