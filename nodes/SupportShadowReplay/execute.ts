import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { agreementReport } from './agreementReport';
import { readTickets } from './readTickets';

export async function executeShadowReplay(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0, 'readTickets') as string;
	return operation === 'agreementReport' ? agreementReport.call(this) : readTickets.call(this);
}
