/**
 * n8n's internal REST API (/rest), the one the editor uses, as the owner of a fresh instance.
 * Chosen over the public API (/api/v1) because it needs no API key and returns every execution's
 * full run data; n8n 2.41 sends that run data `flatted`-encoded, decoded here.
 */
import { randomBytes } from 'node:crypto';

import { parse as parseFlatted } from 'flatted';

export interface NodeRunItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [key: string]: unknown };
	/** Per connection type, one array of items per output index (null: nothing on that output). */
	data?: { main?: Array<NodeRunItem[] | null> };
	[key: string]: unknown;
}

export interface RunExecutionData {
	resultData: {
		runData: Record<string, NodeRun[]>;
		error?: { message?: string; [key: string]: unknown };
		lastNodeExecuted?: string;
	};
	[key: string]: unknown;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface Execution extends ExecutionSummary {
	finished: boolean;
	data: RunExecutionData;
}

/** The throwaway owner of a fresh test instance (n8n wants a digit and an upper-case letter). */
export const OWNER_EMAIL = 'e2e-owner@example.com';

export class N8nRestClient {
	private cookie = '';
	/** Generated per instance; only this client ever logs in. */
	readonly ownerSecret = `E2e-${randomBytes(12).toString('hex')}-1`;

	constructor(private readonly baseUrl: string) {}

	/** Creates the owner account (a fresh instance has none) and keeps its session cookie. */
	async setupOwnerAndLogin(): Promise<void> {
		const owner = { email: OWNER_EMAIL, firstName: 'E2E', lastName: 'Owner' };
		await this.request('POST', '/rest/owner/setup', { ...owner, password: this.ownerSecret });
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: OWNER_EMAIL, password: this.ownerSecret });
	}

	async createCredential(spec: { name: string; type: string; data: Record<string, unknown> }): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/rest/credentials', spec);
		return created.id;
	}

	/** The editor's "Import from file" + "Publish": create the workflow, then activate that version. */
	async createAndPublishWorkflow(workflow: object): Promise<{ id: string; versionId: string }> {
		const created = await this.request<{ id: string; versionId: string }>('POST', '/rest/workflows', workflow);
		await this.request('POST', `/rest/workflows/${created.id}/activate`, { versionId: created.versionId });
		return { id: created.id, versionId: created.versionId };
	}

	async listExecutions(limit = 100): Promise<ExecutionSummary[]> {
		const page = await this.request<{ results: ExecutionSummary[] }>('GET', `/rest/executions?limit=${limit}`);
		return page.results;
	}

	async getExecution(id: string): Promise<Execution> {
		const raw = await this.request<Execution & { data: string | RunExecutionData }>('GET', `/rest/executions/${id}`);
		const data = typeof raw.data === 'string' ? (parseFlatted(raw.data) as RunExecutionData) : raw.data;
		return { ...raw, data };
	}

	/** Every node type n8n has loaded: the list the editor's node panel is built from. */
	async nodeTypes(): Promise<Array<{ name: string; displayName: string; version: number | number[] }>> {
		return await this.request('GET', '/types/nodes.json');
	}

	async hasNodeType(type: string): Promise<boolean> {
		return (await this.nodeTypes()).some((d) => d.name === type);
	}

	async request<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				...(this.cookie ? { Cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await response.text();
		if (!response.ok) {
			throw new Error(`n8n ${method} ${urlPath} -> HTTP ${response.status}: ${text.slice(0, 2000)}`);
		}
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	}
}
