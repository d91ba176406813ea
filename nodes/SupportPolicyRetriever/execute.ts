import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { executeManage } from './manage';
import { executeRetrieve } from './retrieve';
import { readOperation } from './settings';

export async function executePolicyRetriever(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = readOperation(this);
	return operation === 'retrieve' ? executeRetrieve.call(this) : executeManage.call(this, operation);
}
