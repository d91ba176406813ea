import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PolicyDocument } from '../../engine/retrieval';
import { paramError } from '../shared/jsonParameter';
import { FROM_V2, inVersions, isV2, V1 } from './versions';

/** Version 2: pick the format, or take each item's own `format` field (what version 1's default expression did). */
export const FROM_ITEM = 'fromItem';
const FORMATS: ReadonlyArray<PolicyDocument['format']> = ['markdown', 'html', 'text'];

const showIngest = { show: { operation: ['ingest'] } };

export const documentFormatFields: INodeProperties[] = [
	...inVersions(V1, [
		{
			displayName: 'Format',
			name: 'format',
			type: 'string',
			default: '={{ $json.format || "markdown" }}',
			displayOptions: showIngest,
			description: 'Markdown, html or text: chunking follows the headings and lists of the format',
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'Format',
			name: 'documentFormat',
			type: 'options',
			default: FROM_ITEM,
			displayOptions: showIngest,
			description: 'How the content is written: chunking follows its headings and lists',
			options: [
				{ name: 'From the Item', value: FROM_ITEM, description: 'Each item\'s "format" field (markdown, html or text); Markdown when it has none' },
				{ name: 'HTML', value: 'html' },
				{ name: 'Markdown', value: 'markdown' },
				{ name: 'Plain Text', value: 'text' },
			],
		},
	]),
];

/**
 * The document's format. Version 1: the text of Format, lower-cased (the engine names a bad one).
 * Version 2: the option, or the item's own field; a bad value is named here, with the item.
 */
export function readDocumentFormat(ctx: IExecuteFunctions, i: number): PolicyDocument['format'] {
	if (!isV2(ctx)) return (String(ctx.getNodeParameter('format', i, '') ?? '').trim().toLowerCase() || 'markdown') as PolicyDocument['format'];
	const chosen = String(ctx.getNodeParameter('documentFormat', i, FROM_ITEM) ?? '').trim();
	const fromItem = chosen === FROM_ITEM;
	const raw = fromItem ? ctx.getInputData()[i]?.json.format : chosen;
	const format = (raw === undefined || raw === null || raw === '' ? 'markdown' : String(raw).trim().toLowerCase()) as PolicyDocument['format'];
	if (!FORMATS.includes(format)) {
		throw paramError(ctx, 'Format', `${fromItem ? "the item's format field is " : ''}${JSON.stringify(raw)}; use markdown, html or text`, i);
	}
	return format;
}
