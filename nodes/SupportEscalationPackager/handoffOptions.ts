import type { IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod/v4';
import { PRIORITY_LEVELS, type HandoffOptions, type Priority, type PriorityRules } from '../../engine/escalation';
import { paramError, schemaParameter } from '../shared/jsonParameter';
import { NO_MINIMUM } from './formFields';

const PRIORITIES: readonly string[] = PRIORITY_LEVELS;
const JsonObject = z.record(z.string(), z.unknown());

function jsonObject(ctx: IExecuteFunctions, name: string, displayName: string, i: number): Record<string, unknown> {
	return schemaParameter(ctx, name, displayName, JsonObject, {}, i);
}

function text(ctx: IExecuteFunctions, name: string, i: number): string {
	return String(ctx.getNodeParameter(name, i, '') ?? '').trim();
}

function commaList(value: string): string[] {
	return value
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
}

/** Version 1: Groups by Intent and Priority Rules as JSON. */
function readJsonRules(ctx: IExecuteFunctions, i: number): Pick<HandoffOptions, 'groupsByIntent' | 'priorityRules'> {
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
	return { groupsByIntent: groupsByIntent as Record<string, string>, priorityRules };
}

/** Version 2: one row per intent, and each rule its own field (an expression may still give a number as text). */
function readFormRules(ctx: IExecuteFunctions, i: number): Pick<HandoffOptions, 'groupsByIntent' | 'priorityRules'> {
	const rows = (ctx.getNodeParameter('intentGroups.entry', i, []) ?? []) as Array<{ intent?: unknown; group?: unknown }>;
	const groupsByIntent: Record<string, string> = {};
	for (const row of Array.isArray(rows) ? rows : []) {
		const intent = String(row.intent ?? '').trim();
		const group = String(row.group ?? '').trim();
		if (!intent && !group) continue;
		if (!intent) throw paramError(ctx, 'Groups by Intent', `the row for group "${group}" has no intent`, i);
		if (!group) throw paramError(ctx, 'Groups by Intent', `the row for intent "${intent}" has no group`, i);
		if (intent in groupsByIntent) throw paramError(ctx, 'Groups by Intent', `intent "${intent}" is listed twice`, i);
		groupsByIntent[intent] = group;
	}
	const number = (name: string, displayName: string): number => {
		const raw = ctx.getNodeParameter(name, i) as unknown;
		const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
		if (typeof value !== 'number' || !Number.isFinite(value)) throw paramError(ctx, displayName, `must be a number, not ${JSON.stringify(raw)}`, i);
		return value;
	};
	const minimum = text(ctx, 'minimumPriority', i) || NO_MINIMUM;
	if (minimum !== NO_MINIMUM && !PRIORITIES.includes(minimum)) throw paramError(ctx, 'Minimum Priority', `must be None or one of ${PRIORITIES.join(', ')}`, i);
	const priorityRules: PriorityRules = {
		highAmount: number('highAmount', 'High Priority From Amount'),
		urgentAmount: number('urgentAmount', 'Urgent Priority From Amount'),
		negativeSentimentAt: number('negativeSentimentAt', 'Raise Priority at Sentiment'),
		vipTags: commaList(text(ctx, 'vipTags', i)),
		...(minimum !== NO_MINIMUM ? { minimum: minimum as Priority } : {}),
	};
	return { groupsByIntent, priorityRules };
}

/** Parameters are read per item: an operator may set the group or reason with an expression. */
export function readHandoffOptions(ctx: IExecuteFunctions, i: number): HandoffOptions {
	const rules = ctx.getNode().typeVersion >= 2 ? readFormRules(ctx, i) : readJsonRules(ctx, i);
	const tags = commaList(text(ctx, 'extraTags', i));
	return {
		...(text(ctx, 'reason', i) ? { reason: text(ctx, 'reason', i) } : {}),
		...(text(ctx, 'group', i) ? { group: text(ctx, 'group', i) } : {}),
		...rules,
		tags,
	};
}
