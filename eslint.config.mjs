// n8n's community-node rules (the same set `n8n-node lint` applies), in the variant for packages that
// are not submitted to n8n Cloud: this package has runtime dependencies (zod, and later the Qdrant
// client and the built-in encoder), so it installs on self-hosted n8n only. Every other rule stays on.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		// The engines are plain TypeScript shared with the command-line tools, which print.
		files: ['cli/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
