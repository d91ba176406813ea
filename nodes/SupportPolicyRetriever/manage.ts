import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { ingestDocument, retireDocument, type Embedder, type PolicyDocument, type PolicyStore } from '../../engine/retrieval';
import { readDocumentFormat } from './documentFormat';
import { openEmbedder, openStore, readDateParameter, toTagList, type Operation } from './settings';

function text(ctx: IExecuteFunctions, name: string, i: number): string {
	const value = ctx.getNodeParameter(name, i, '') as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}

/** The document an input item describes; the engine validates it (and names the bad field). */
function readDocument(ctx: IExecuteFunctions, i: number): PolicyDocument {
	const effectiveTo = readDateParameter(ctx, 'effectiveTo', 'Effective To', i);
	return {
		documentId: text(ctx, 'documentId', i),
		title: text(ctx, 'title', i),
		version: text(ctx, 'version', i),
		effectiveFrom: readDateParameter(ctx, 'effectiveFrom', 'Effective From', i) ?? '',
		...(effectiveTo ? { effectiveTo } : {}),
		format: readDocumentFormat(ctx, i),
		content: String(ctx.getNodeParameter('content', i, '') ?? ''),
		tags: toTagList(ctx.getNodeParameter('documentTags', i, '')),
	};
}

async function manageItem(ctx: IExecuteFunctions, operation: Operation, i: number, store: PolicyStore, embedder?: Embedder): Promise<IDataObject> {
	if (operation === 'ingest') {
		return { ...(await ingestDocument(readDocument(ctx, i), { store, embedder: embedder! })), store: store.kind, embedder: embedder!.id };
	}
	const documentId = text(ctx, 'targetDocumentId', i);
	if (!documentId) throw new NodeOperationError(ctx.getNode(), 'Document ID is empty', { itemIndex: i });
	if (operation === 'retire') {
		const at = readDateParameter(ctx, 'retireAt', 'Retire At', i) ?? new Date().toISOString();
		return { documentId, retiredAt: at, retired: await retireDocument(store, documentId, new Date(at)) };
	}
	return { documentId, deletedChunks: await store.deleteDocument(documentId) };
}

/** Ingest, Retire Document, Delete Document: one result item per input item, in order, on the one output. */
export async function executeManage(this: IExecuteFunctions, operation: Exclude<Operation, 'retrieve'>): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	const fail = (error: unknown, i: number) => {
		if (!this.continueOnFail()) {
			throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
		results.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: i } });
	};

	let store: PolicyStore;
	let embedder: Embedder | undefined;
	try {
		store = await openStore(this);
		if (operation === 'ingest') embedder = await openEmbedder(this, 'documents');
	} catch (error) {
		items.forEach((_, i) => fail(error, i));
		return [results];
	}

	for (let i = 0; i < items.length; i++) {
		try {
			results.push({ json: await manageItem(this, operation, i, store, embedder), pairedItem: { item: i } });
		} catch (error) {
			fail(error, i);
		}
	}
	// One output ("Done") for these operations: see outputs.ts.
	return [results];
}
