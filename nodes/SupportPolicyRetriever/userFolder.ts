import * as os from 'node:os';
import * as path from 'node:path';

/**
 * n8n's own folder (`<N8N_USER_FOLDER or home>/.n8n`), resolved the way n8n resolves it, so the
 * embedded store lives beside n8n's database and survives restarts and package upgrades.
 */
export function n8nUserFolder(env: Record<string, string | undefined> = process.env): string {
	return path.join(env.N8N_USER_FOLDER || os.homedir(), '.n8n');
}
