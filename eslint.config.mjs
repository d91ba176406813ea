// n8n's community-node rules (the same set `n8n-node lint` applies), in the variant for packages that
// are not submitted to n8n Cloud. Every rule stays on but one, below.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		// This package needs runtime dependencies (zod for the case-file contract, the Qdrant client,
		// the built-in sentence encoder, the MCP SDK), so it is an unverified community package:
		// installable on self-hosted n8n from Settings > Community Nodes, not on n8n Cloud.
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		// DESIGN.md: reuse n8n's built-in credential types (qdrantApi, zendeskApi, shopifyAccessTokenApi,
		// stripeApi) rather than defining look-alikes, so an operator's existing credentials work. This
		// rule forbids exactly that; it exists for packages verified for n8n Cloud, which this one is not.
		files: ['nodes/**/*.ts'],
		rules: { '@n8n/community-nodes/no-credential-reuse': 'off' },
	},
	{
		// The command-line tools print their reports.
		files: ['cli/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
