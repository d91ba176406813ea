import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, writeSection } from '../../engine/contracts';
import { buildHandoff, type HandoffOptions, type PriorityRules } from '../../engine/escalation';
import { z } from 'zod/v4';
import { paramError, schemaParameter } from '../shared/jsonParameter';
import { existingCaseFile, startTrace, toNodeError, withCaseFile } from '../shared/caseFileItems';
import { salvageCaseFile } from './salvageCaseFile';

const LAYER = 'escalationPackager' as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

const JsonObject = z.record(z.string(), z.unknown());

function jsonObject(ctx: IExecuteFunctions, name: string, displayName: string, i: number): Record<string, unknown> {
	return schemaParameter(ctx, name, displayName, JsonObject, {}, i);
}

/** Parameters are read per item: an operator may set the group or reason with an expression. */
function readOptions(ctx: IExecuteFunctions, i: number): HandoffOptions {
	const groupsByIntent = jsonObject(ctx, 'groupsByIntent', 'Groups by Intent', i);
	for (const [intent, group] of Object.entries(groupsByIntent)) {
		if (typeof group !== 'string') throw paramError(ctx, 'Groups by Intent', `the group for "${intent}" must be a string`, i);
	}
	const priorityRules = jsonObject(ctx, 'priorityRules', 'Priority Rules', i) as PriorityRules;
	for (const key of ['highAmount', 'urgentAmount', 'negativeSentimentAt'] as const) {
		if (priorityRules[key] !== undefined && typeof priorityRules[key] !== 'number') throw paramError(ctx, 'Priority Rules', `${key} must be a number`, i);
	}
	if (priorityRules.vipTags !== undefined && !Array.isArray(priorityRules.vipTags)) throw paramError(ctx, 'Priority Rules', 'vipTags must be a list of tags', i);
	if (priorityRules.minimum !== undefined && !PRIORITIES.includes(priorityRules.minimum)) throw paramError(ctx, 'Priority Rules', `minimum must be one of ${PRIORITIES.join(', ')}`, i);
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const tags = text('extraTags').split(',').map((t) => t.trim()).filter(Boolean);
	return {
		...(text('reason') ? { reason: text('reason') } : {}),
		...(text('group') ? { group: text('group') } : {}),
		groupsByIntent: groupsByIntent as Record<string, string>,
		priorityRules,
		tags,
	};
}

function packageItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number): INodeExecutionData {
	const timer = startTrace(LAYER, ctx.getNode());
	const options = readOptions(ctx, i);
	const { caseFile, problems, ticketRecovered } = salvageCaseFile(item.json, new Date());
	const handoff = buildHandoff(caseFile, options);
	let support = writeSection(caseFile, 'handoff', handoff, LAYER);
	const outcome = `handoff:${handoff.priority}${ticketRecovered ? ':ticket_from_input' : ''}`;
	support = appendTrace(support, timer.finish({ engine: 'builtin', outcome, contractErrors: problems }));
	return withCaseFile(item, support, i);
}

/**
 * Packages every item for a person. It accepts partial and even broken case files (it is where
 * those end up): only a broken parameter stops it, or, with continue-on-fail, leaves the item
 * unchanged apart from the error.
 */
export async function executeEscalationPackager(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			out.push(packageItem(this, items[i], i));
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, i, LAYER);
			// Through withCaseFile, so secret request headers are redacted here too.
			const kept = withCaseFile(items[i], existingCaseFile(items[i]), i);
			kept.json.error = error instanceof Error ? error.message : String(error);
			out.push(kept);
		}
	}
	return [out];
}
