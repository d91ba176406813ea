import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { agreementReport as buildReport } from '../../engine/replay';
import { replayInfoOf } from './replayItem';

/**
 * Agreement Report: all the replayed tickets in (the loop's done output), one report out, computed by
 * the same functions as `support-coordination replay` (engine/replay).
 */
export async function agreementReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const infos = items.map((item, i) => replayInfoOf(item.json, i));
	const cases = items.map((item, i) => ({ ticket: infos[i], support: item.json.support }));
	const first = infos.find((info) => info.source !== undefined) ?? infos[0];
	const report = buildReport(cases, {
		source: first?.source ?? 'unknown',
		ticketsInFile: first?.tickets ?? items.length,
		warnings: infos.flatMap((info) => info.warnings ?? []),
	});
	return [[{ json: report as unknown as IDataObject, pairedItem: items.map((_, i) => ({ item: i })) }]];
}
