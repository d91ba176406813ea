/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling, not node code */
/**
 * Once per test run: build the package, `npm pack` it, install the tarball the way Community Nodes
 * does, and migrate an empty n8n database, all in `<runDir>/template/.n8n`. Each instance then
 * starts from a copy of that folder, which saves the install (npm) and about 6 s of migrations.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

import {
	buildPackage,
	ensureN8n,
	freePort,
	installLikeCommunityNodes,
	n8nEnv,
	packPackage,
	runN8nCli,
	type Log,
} from '../../scripts/local-n8n';

export function templateN8nFolder(runDir: string): string {
	return path.join(runDir, 'template', '.n8n');
}

export async function prepareTemplate(runDir: string, opts: { build: boolean; log?: Log }): Promise<string> {
	const log = opts.log ?? (() => {});
	const paths = ensureN8n(log);
	if (opts.build) buildPackage(log);
	const tarball = packPackage(path.join(runDir, 'pack'));
	const n8nFolder = templateN8nFolder(runDir);
	installLikeCommunityNodes(tarball, n8nFolder, log);
	// Any CLI command creates the encryption key and runs the migrations; list:workflow changes nothing.
	const env = n8nEnv(paths, { userFolder: path.dirname(n8nFolder), port: await freePort(), brokerPort: await freePort() });
	runN8nCli(paths, env, ['list:workflow']);
	return n8nFolder;
}

/**
 * A fresh `.n8n` for one instance: database and config copied, the installed package hard-linked
 * (n8n only reads it; the nodes/package.json ledger is copied because n8n may rewrite it).
 */
export function copyTemplate(templateFolder: string, userFolder: string): void {
	const target = path.join(userFolder, '.n8n');
	fs.mkdirSync(path.join(target, 'nodes'), { recursive: true });
	for (const entry of fs.readdirSync(templateFolder)) {
		const from = path.join(templateFolder, entry);
		if (entry === 'nodes' || !fs.statSync(from).isFile()) continue;
		fs.copyFileSync(from, path.join(target, entry));
	}
	fs.copyFileSync(path.join(templateFolder, 'nodes/package.json'), path.join(target, 'nodes/package.json'));
	execFileSync('cp', ['-al', path.join(templateFolder, 'nodes/node_modules'), path.join(target, 'nodes/node_modules')]);
}
