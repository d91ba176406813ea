/* eslint-disable @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions -- developer tooling (npm start -- --queue), never shipped in dist/ */
/**
 * `npm start -- --queue`: n8n's queue mode on this machine, as a team that outgrows one n8n process
 * runs it. Postgres (n8n's database) and Redis (the job queue, and our write lock) from Debian's
 * packages, installed with apt-get on first use; Qdrant for the policies (the embedded store is a
 * file per user folder, not for several processes); n8n main (editor, webhooks) and two `n8n worker`
 * processes that run the executions.
 *
 * One machine: main and workers share the user folder .n8n-local-queue/.n8n, so every process has
 * the package (installed once, as Settings > Community Nodes does) and the same encryption key. On
 * several machines the package must be installed on every worker too (README, queue mode).
 * The templates are imported with the Policy Retriever on Qdrant (collection support_policies,
 * credential "Qdrant (support policies)"): the one change an operator makes for queue mode.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Deployment } from './localInstance';
import { REPO_ROOT, isPortFree, vendorTrigger, type CredentialSpec, type Log, type WorkflowJson } from './local-n8n';
import { startQdrant, type RunningQdrant } from './qdrantServer';
import { startQueueServices, startWorker, type QueueServices, type Worker } from './queueInfra';

const QUEUE_DIR = path.join(REPO_ROOT, '.n8n-local-queue');
const RETRIEVER = 'n8n-nodes-support-coordination.supportPolicyRetriever';
/** The collection and credential the ingestion template's (disabled) Qdrant node already names. */
const COLLECTION = 'support_policies';
const QDRANT_CREDENTIAL = { id: 'supportQdrant', name: 'Qdrant (support policies)' };
const WORKERS = 2;

/**
 * Every Policy Retriever on the embedded store moves to Qdrant (ingest and retrieve alike); the
 * ingestion template's own Qdrant node stays disabled, so the policies are ingested once.
 */
export function onQdrant(workflow: WorkflowJson): WorkflowJson {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (node.type !== RETRIEVER || node.parameters?.store !== 'embedded') return node;
			const parameters: Record<string, unknown> = { ...node.parameters, store: 'qdrant', collection: COLLECTION };
			delete parameters.storeName; // the embedded store's file name; Qdrant names a collection
			return { ...node, parameters, credentials: { ...node.credentials, qdrantApi: QDRANT_CREDENTIAL } };
		}),
	};
}

/** Credentials `npm start` creates: the webhooks' Header Auth and, in queue mode, Qdrant. */
const CREATED_TYPES = new Set(['httpHeaderAuth', 'qdrantApi']);

/**
 * The template for queue mode: policies on Qdrant, and, in templates `npm start` publishes, no
 * reference to a credential it does not create (the Shopify, Zendesk and Stripe placeholders). In
 * queue mode n8n's main checks every credential a workflow names before it queues an execution and
 * refuses the webhook when one was never created ("Node ... does not have access to the
 * credential"), where regular mode runs the workflow and our nodes report the lookup as not
 * configured. Without the reference the nodes behave as in regular mode. Templates with a helpdesk
 * trigger are imported unpublished and keep theirs: the operator fills them in.
 */
export function forQueueMode(workflow: WorkflowJson): WorkflowJson {
	const adapted = onQdrant(workflow);
	if (vendorTrigger(adapted)) return adapted;
	return {
		...adapted,
		nodes: adapted.nodes.map((node) => {
			if (!node.credentials) return node;
			const kept = Object.fromEntries(Object.entries(node.credentials).filter(([type]) => CREATED_TYPES.has(type)));
			return { ...node, credentials: Object.keys(kept).length > 0 ? kept : undefined };
		}),
	};
}

/**
 * Postgres refuses to run as root, so it runs as the `postgres` user, which must reach its data
 * folder: under the repository when that is reachable, else in the postgres user's home (Debian's
 * /var/lib/postgresql), one folder per checkout.
 */
function postgresHome(): string | undefined {
	if (process.getuid?.() !== 0) return undefined;
	try {
		execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', QUEUE_DIR], { stdio: 'ignore' });
		return undefined;
	} catch {
		return path.join('/var/lib/postgresql', `support-coordination-${createHash('sha256').update(QUEUE_DIR).digest('hex').slice(0, 12)}`);
	}
}

async function passagesIn(qdrant: RunningQdrant): Promise<number> {
	const res = await fetch(`${qdrant.url}/collections/${COLLECTION}`);
	if (res.status === 404) return 0;
	if (!res.ok) throw new Error(`Qdrant GET /collections/${COLLECTION} answered ${res.status}`);
	return Number(((await res.json()) as { result?: { points_count?: number } }).result?.points_count ?? 0);
}

/** Starts Postgres, Redis and Qdrant; the main is started by the caller, the workers in afterMain. */
export async function queueDeployment(log: Log): Promise<Deployment> {
	fs.mkdirSync(QUEUE_DIR, { recursive: true });
	fs.chmodSync(QUEUE_DIR, 0o755);
	const qdrantPort = Number(process.env.QDRANT_PORT ?? 6333);
	if (!(await isPortFree(qdrantPort))) throw new Error(`port ${qdrantPort} (Qdrant) is in use; set QDRANT_PORT=<free port> and run again`);
	const pgHome = postgresHome();
	const services: QueueServices = await startQueueServices(QUEUE_DIR, log, { postgresDir: pgHome });
	let qdrant: RunningQdrant;
	try {
		qdrant = await startQdrant({ storage: path.join(QUEUE_DIR, 'qdrant'), httpPort: qdrantPort, timeoutMs: 60_000 });
	} catch (error) {
		await services.stop();
		throw error;
	}
	log(`Qdrant on ${qdrant.httpPort} (storage .n8n-local-queue/qdrant)`);
	const userFolder = QUEUE_DIR;
	const workers: Worker[] = [];
	const credentials: CredentialSpec[] = [{ ...QDRANT_CREDENTIAL, type: 'qdrantApi', data: { qdrantUrl: qdrant.url, apiKey: '' } }];
	return {
		dir: userFolder,
		env: services.env,
		credentials,
		adapt: forQueueMode,
		policyPassages: async () => await passagesIn(qdrant),
		policyStoreLabel: `Qdrant collection "${COLLECTION}" (${qdrant.url})`,
		async afterMain(startLog) {
			for (let i = 0; i < WORKERS; i++) workers.push(await startWorker(userFolder, services.env, i, startLog));
		},
		async stop() {
			await Promise.all(workers.map((w) => w.stop()));
			await qdrant.stop();
			await services.stop();
		},
		banner: () => [
			` Mode:     queue. Main (editor, webhooks) + ${WORKERS} workers (logs .n8n-local-queue/worker-<n>.log),`,
			`           Postgres ${services.postgres.port}${pgHome ? ` (data ${pgHome})` : ''}, Redis ${services.redis.port}, Qdrant ${qdrant.httpPort}`,
			` Data:     .n8n-local-queue/ (delete it${pgHome ? ` and ${pgHome}` : ''} for a fresh start)`,
		],
	};
}
