import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { BuiltinEmbedder } from '../../engine/retrieval';
import { DEFAULT_GROUNDING_THRESHOLD, GROUNDING_THRESHOLDS } from '../../engine/retrieval/grounding';
import { paramError } from '../shared/jsonParameter';
import { FROM_V2, inVersions, isV2, V1 } from './versions';
import { usesSubNodeEmbeddings } from './settings';

/**
 * The score the best passage must reach for a case to count as grounded. Only the built-in
 * embeddings come calibrated (engine/retrieval/grounding.ts). Version 1 read 0 as "calibrated"
 * without saying so; version 2 asks: Calibrated (the value named in the field) or Custom.
 */

// Plain identifiers as defaults: n8n's lint rule does not recognise a member expression as one.
const CALIBRATED_THRESHOLD = GROUNDING_THRESHOLDS[new BuiltinEmbedder().id];
const SUB_NODE_STARTING_THRESHOLD = DEFAULT_GROUNDING_THRESHOLD;

const onRetrieve = (more: Record<string, string[]> = {}) => ({ show: { operation: ['retrieve'], ...more } });

export const groundingThresholdFields: INodeProperties[] = [
	...inVersions(V1, [
		{
			displayName: 'Grounding Threshold',
			name: 'groundingThreshold',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 3 },
			displayOptions: onRetrieve(),
			description:
				'Score (0-1) the best passage must reach for the case to count as grounded; below it the case goes to the Ungrounded output. 0 uses the calibrated value of the built-in embeddings; required with a connected embeddings sub-node.',
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'Grounding Threshold',
			name: 'groundingThresholdMode',
			type: 'options',
			default: 'calibrated',
			displayOptions: onRetrieve({ embeddings: ['builtin'] }),
			description: 'The score the best policy passage must reach for the case to count as grounded; below it the case goes to the Ungrounded output',
			options: [
				{
					name: 'Calibrated (Recommended)',
					value: 'calibrated',
					description: `${CALIBRATED_THRESHOLD}, the value with the best balance of grounded answers and escalated unanswerable questions on the package's retrieval benchmark`,
				},
				{ name: 'Custom', value: 'custom', description: 'Your own value: higher sends more cases to a person, lower grounds more of them' },
			],
		},
		{
			displayName: 'Custom Grounding Threshold',
			name: 'groundingThreshold',
			type: 'number',
			default: CALIBRATED_THRESHOLD,
			typeOptions: { minValue: 0.01, maxValue: 1, numberPrecision: 3 },
			displayOptions: onRetrieve({ embeddings: ['builtin'], groundingThresholdMode: ['custom'] }),
			hint: `From 0.01 to 1; the calibrated value is ${CALIBRATED_THRESHOLD}`,
		},
		{
			displayName: 'Grounding Threshold',
			name: 'groundingThreshold',
			type: 'number',
			default: SUB_NODE_STARTING_THRESHOLD,
			required: true,
			typeOptions: { minValue: 0.01, maxValue: 1, numberPrecision: 3 },
			displayOptions: onRetrieve({ embeddings: ['subNode'] }),
			description: 'The score (0.01-1) the best policy passage must reach for the case to count as grounded; below it the case goes to the Ungrounded output',
			hint: `No calibrated value exists for a connected embeddings model: ${SUB_NODE_STARTING_THRESHOLD} is a starting point. Try questions your policies answer and ones they do not, and set it between their scores.`,
		},
	]),
];

function readNumber(ctx: IExecuteFunctions, displayName: string, min: number): number {
	const raw = ctx.getNodeParameter('groundingThreshold', 0, 0) as number | string | null;
	const value = raw === '' || raw === null || raw === undefined ? NaN : Number(raw);
	if (!Number.isFinite(value) || value < min || value > 1) throw paramError(ctx, displayName, `must be a number from ${min} to 1`);
	return value;
}

/** Version 1: 0 (or empty) means the calibrated threshold, which exists only for the built-in embeddings. */
function readV1(ctx: IExecuteFunctions): number | undefined {
	const raw = ctx.getNodeParameter('groundingThreshold', 0, 0) as number | string | null;
	const value = raw === '' || raw === null || raw === undefined ? 0 : readNumber(ctx, 'Grounding Threshold', 0);
	if (value > 0) return value;
	if (usesSubNodeEmbeddings(ctx)) {
		throw paramError(ctx, 'Grounding Threshold', 'is required with a connected embeddings sub-node: only the built-in embeddings have a calibrated threshold');
	}
	return undefined;
}

/** Version 2: Calibrated or Custom for the built-in embeddings; a number for a connected sub-node. undefined = calibrated. */
function readV2(ctx: IExecuteFunctions): number | undefined {
	if (usesSubNodeEmbeddings(ctx)) return readNumber(ctx, 'Grounding Threshold', 0.01);
	const mode = ctx.getNodeParameter('groundingThresholdMode', 0, 'calibrated') as string;
	if (mode === 'calibrated') return undefined;
	if (mode !== 'custom') throw paramError(ctx, 'Grounding Threshold', `must be Calibrated or Custom, not ${JSON.stringify(mode)}`);
	return readNumber(ctx, 'Custom Grounding Threshold', 0.01);
}

/** The threshold to ground cases with; undefined: the embeddings' calibrated one. */
export function readGroundingThreshold(ctx: IExecuteFunctions): number | undefined {
	return isV2(ctx) ? readV2(ctx) : readV1(ctx);
}
