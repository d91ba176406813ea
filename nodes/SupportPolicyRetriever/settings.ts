import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { BuiltinEmbedder, embeddedStorePath, openPolicyStore, type Embedder, type PolicyStore, type PolicyStoreConfig } from '../../engine/retrieval';
import { isEmbeddings, subNodeEmbedder } from './subNodeEmbedder';
import { paramError } from '../shared/jsonParameter';
import { n8nUserFolder } from './userFolder';
import { isV2 } from './versions';
import { zonedInstant } from './workflowTimeZone';

export type Operation = 'retrieve' | 'ingest' | 'retire' | 'delete';

export function readOperation(ctx: IExecuteFunctions): Operation {
	const operation = ctx.getNodeParameter('operation', 0) as Operation;
	if (!['retrieve', 'ingest', 'retire', 'delete'].includes(operation)) throw paramError(ctx, 'Operation', `unknown operation ${JSON.stringify(operation)}`);
	return operation;
}

async function storeConfig(ctx: IExecuteFunctions): Promise<PolicyStoreConfig> {
	const kind = ctx.getNodeParameter('store', 0) as string;
	if (kind === 'embedded') {
		const name = String(ctx.getNodeParameter('storeName', 0, 'policies') ?? '').trim();
		if (!name) throw paramError(ctx, 'Store Name', 'is empty');
		return { kind: 'embedded', filePath: embeddedStorePath(n8nUserFolder(), name) };
	}
	if (kind === 'qdrant') {
		const collection = String(ctx.getNodeParameter('collection', 0, '') ?? '').trim();
		if (!collection) throw paramError(ctx, 'Collection Name', 'is empty');
		// getCredentials throws an unhelpful error when the credential is not selected.
		if (!ctx.getNode().credentials?.qdrantApi) {
			throw new NodeOperationError(ctx.getNode(), 'Store Qdrant needs a Qdrant credential', { description: 'Select or create a Qdrant credential in this node.' });
		}
		const credentials = await ctx.getCredentials<{ qdrantUrl?: string; apiKey?: string }>('qdrantApi');
		if (!credentials.qdrantUrl) throw new NodeOperationError(ctx.getNode(), 'The Qdrant credential has no URL');
		return { kind: 'qdrant', url: credentials.qdrantUrl, ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}), collection };
	}
	throw paramError(ctx, 'Store', `unknown store ${JSON.stringify(kind)}`);
}

export async function openStore(ctx: IExecuteFunctions): Promise<PolicyStore> {
	return openPolicyStore(await storeConfig(ctx));
}

export function usesSubNodeEmbeddings(ctx: IExecuteFunctions): boolean {
	return ctx.getNodeParameter('embeddings', 0) === 'subNode';
}

/** The built-in encoder, or the connected embeddings sub-node (queries or documents, see subNodeEmbedder). */
export async function openEmbedder(ctx: IExecuteFunctions, purpose: 'query' | 'documents'): Promise<Embedder> {
	if (!usesSubNodeEmbeddings(ctx)) return new BuiltinEmbedder();
	const connected = await ctx.getInputConnectionData(NodeConnectionTypes.AiEmbedding, 0);
	const embeddings = Array.isArray(connected) ? (connected[0] as unknown) : connected;
	if (!isEmbeddings(embeddings)) {
		throw new NodeOperationError(ctx.getNode(), 'Embeddings is set to "Connected Embeddings Sub-Node" but no embeddings model is connected', {
			description: 'Connect an embeddings node (e.g. Embeddings OpenAI) to the Embedding input, or choose the built-in embeddings.',
		});
	}
	return subNodeEmbedder(embeddings, purpose);
}

export function readLimit(ctx: IExecuteFunctions): number {
	const limit = ctx.getNodeParameter('maxPassages', 0, 5) as number;
	if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw paramError(ctx, 'Max Passages', 'must be a whole number from 1 to 50');
	return limit;
}

/** A list parameter that may arrive as an array (from an expression) or as comma-separated text. */
export function toTagList(raw: unknown): string[] {
	const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	return values.map((t) => String(t).trim()).filter(Boolean);
}

/**
 * A date parameter as ISO 8601: strings, Dates and Luxon DateTimes (what `$now` gives) are accepted.
 * With `timeZone` (version 2), a date without a zone is read in it: see workflowTimeZone.ts.
 */
export function toIsoDate(raw: unknown, timeZone?: string): string | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	let value: unknown = raw;
	if (typeof (raw as { toISO?: unknown }).toISO === 'function') value = (raw as { toISO(): string }).toISO();
	const zoned = timeZone && typeof value === 'string' ? zonedInstant(value, timeZone) : undefined;
	const ms = zoned ? zoned.getTime() : value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
	if (Number.isNaN(ms)) throw new Error(`${JSON.stringify(raw)} is not a date`);
	return new Date(ms).toISOString();
}

/** A date parameter of item `i`, its error naming the field; version 2 reads zone-less dates in the workflow's time zone. */
export function readDateParameter(ctx: IExecuteFunctions, name: string, displayName: string, i: number): string | undefined {
	try {
		return toIsoDate(ctx.getNodeParameter(name, i, ''), isV2(ctx) ? ctx.getTimezone() : undefined);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${displayName}: ${(error as Error).message}`, { itemIndex: i });
	}
}
