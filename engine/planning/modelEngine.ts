import { z } from 'zod/v4';
import type { CaseFile, PlanStep, Review } from '../contracts';
import { extractJsonObject, messageText, type ChatMessage, type ChatModelLike } from './chatModel';
import type { PlannerOutcome } from './outcome';
import { assemblePlan, replyLanguage } from './playbookEngine';
import { revisionRequested } from './revise';
import { inForce, type PlanningSettings } from './scope';
import { scopeViolation, TOOL_CATALOGUE, type ToolScope } from './toolCatalogue';

/** The plan a model must return; the tool names are then checked against the intent's scope. */
export const ModelPlanOutput = z.object({
	steps: z
		.array(
			z.object({
				id: z.string().min(1).optional(),
				tool: z.string().min(1),
				access: z.enum(['read', 'write']),
				args: z.record(z.string(), z.unknown()).default({}),
				why: z.string().min(1),
				citations: z.array(z.string()).default([]),
			}),
		)
		.max(12),
	reply: z.object({ body: z.string().min(1), citations: z.array(z.string()).default([]) }),
	assumptions: z.array(z.string()).default([]),
});
export type ModelPlanOutput = z.infer<typeof ModelPlanOutput>;

export interface ModelPlannerOptions extends PlanningSettings {
	model: ChatModelLike;
	/** Tools this intent may use: the model is told these and nothing else passes. */
	scope: ToolScope;
	specialist?: string;
	/** Extra operator instructions (tone, sign-off). */
	instructions?: string;
	review?: Review;
}

function describeTools(scope: ToolScope): string {
	return scope.allowedTools
		.map((t) => {
			const spec = TOOL_CATALOGUE[t];
			const canWrite = (scope.writeTools ?? []).some((w) => (w.endsWith('*') ? t.startsWith(w.slice(0, -1)) : w === t));
			const access = spec ? spec.access : canWrite ? 'read or write' : 'read';
			return `- ${t} (${access}${spec?.required.length ? `; required args: ${spec.required.join(', ')}` : ''})${spec ? `: ${spec.description}` : ''}`;
		})
		.join('\n');
}

function buildPrompt(caseFile: CaseFile, opts: ModelPlannerOptions, review: Review | undefined): ChatMessage[] {
	const ctx = caseFile.context;
	const passages = (ctx?.passages ?? []).filter((p) => inForce(p, ctx!.asOf)).map((p) => `[${p.chunkId}] ${p.title} v${p.version}: ${p.text}`).join('\n');
	const facts = (ctx?.facts ?? []).map((f) => `${f.kind}: ${JSON.stringify(f.data)}`).join('\n');
	const revise = review?.checks.filter((c) => !c.passed && c.onFail !== 'info').map((c) => `- ${c.id}: ${c.reason}`).join('\n');
	const caps = (opts.scope.amountCaps ?? []).map((c) => `${c.max} ${c.currency}`).join(', ');
	const system = [
		`You are the ${opts.specialist ?? 'support'} specialist. Propose a plan; you execute nothing.`,
		'Use ONLY these tools, with the access shown:',
		describeTools(opts.scope),
		caps ? `Money amounts are in major units (e.g. 12.50) with a currency; caps: ${caps}.` : 'This intent may not move money.',
		'Every policy statement in the reply must come from a passage below; list its chunkId in citations. Promise nothing the passages do not say.',
		'Reply with JSON only: {"steps":[{"tool":"...","access":"read"|"write","args":{},"why":"...","citations":["chunkId"]}],"reply":{"body":"...","citations":["chunkId"]},"assumptions":["..."]}',
		opts.instructions ?? '',
	].filter(Boolean).join('\n');
	const user = [
		`TICKET ${caseFile.ticket?.id} (${caseFile.ticket?.customer.email ?? 'no email'}), intent ${caseFile.intent?.category}:\n${caseFile.ticket?.message}`,
		`POLICY PASSAGES:\n${passages || '(none)'}`,
		`LIVE FACTS:\n${facts || '(none)'}`,
		revise ? `A reviewer rejected the previous plan. Fix these:\n${revise}` : '',
	].filter(Boolean).join('\n\n');
	return [{ role: 'system', content: system }, { role: 'user', content: user }];
}

/** Why a model's plan cannot be used, one reason per problem; empty when it can. */
export function validateModelPlan(raw: unknown, scope: ToolScope, caseFile: CaseFile): { plan?: ModelPlanOutput; problems: string[] } {
	if (raw === undefined) return { problems: ['The answer was not a JSON object.'] };
	const parsed = ModelPlanOutput.safeParse(raw);
	if (!parsed.success) {
		return { problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`) };
	}
	const known = new Set((caseFile.context?.passages ?? []).map((p) => p.chunkId));
	const problems: string[] = [];
	parsed.data.steps.forEach((s, i) => {
		const where = `steps.${i} (${s.tool})`;
		const violation = scopeViolation(scope, s.tool, s.access);
		if (violation) problems.push(`${where}: ${violation}`);
		for (const a of TOOL_CATALOGUE[s.tool]?.required ?? []) {
			if (s.args[a] === undefined || s.args[a] === null || s.args[a] === '') problems.push(`${where}: missing argument "${a}"`);
		}
		const amountArg = TOOL_CATALOGUE[s.tool]?.amountArg;
		if (amountArg && s.args[amountArg] !== undefined && !(Number(s.args[amountArg]) > 0)) problems.push(`${where}: "${amountArg}" must be a positive number in major units`);
		for (const c of s.citations) if (!known.has(c)) problems.push(`${where}: cites unknown passage "${c}"`);
	});
	for (const c of parsed.data.reply.citations) if (!known.has(c)) problems.push(`reply: cites unknown passage "${c}"`);
	return problems.length ? { problems } : { plan: parsed.data, problems };
}

/**
 * Asks the connected model for a plan limited to the intent's tools. A rejected answer is retried
 * once with the reasons; a second rejection escalates, because a third guess is not a plan.
 */
export async function planWithModel(caseFile: CaseFile, opts: ModelPlannerOptions): Promise<PlannerOutcome> {
	const ticket = caseFile.ticket;
	const category = caseFile.intent?.category;
	if (!ticket || !category) return { outcome: 'escalate', code: 'contract', reason: 'The case file has no ticket or no intent to plan for.' };
	const now = opts.now ?? new Date();
	const review = opts.review ?? (revisionRequested(caseFile) ? caseFile.review : undefined);
	const messages = buildPrompt(caseFile, opts, review);
	let problems: string[] = [];
	for (let attempt = 0; attempt < 2; attempt++) {
		const res = await opts.model.invoke(attempt === 0 ? messages : [
			...messages,
			{ role: 'user', content: `Your plan was rejected:\n${problems.map((p) => `- ${p}`).join('\n')}\nReturn a corrected plan as JSON only.` },
		]);
		const checked = validateModelPlan(extractJsonObject(messageText(res.content)), opts.scope, caseFile);
		const earlier = problems;
		problems = checked.problems;
		if (checked.plan) {
			const steps: PlanStep[] = checked.plan.steps.map((s, i) => ({ id: s.id ?? `step_${i + 1}`, tool: s.tool, access: s.access, args: s.args, why: s.why, citations: s.citations }));
			const plan = assemblePlan(caseFile, {
				specialist: opts.specialist ?? 'general',
				intent: category,
				engine: 'model',
				steps,
				sections: [{ text: checked.plan.reply.body, citations: checked.plan.reply.citations }],
				locale: replyLanguage(caseFile),
				assumptions: [...checked.plan.assumptions, ...(attempt ? [`Model plan accepted on retry after: ${earlier.join('; ')}`] : [])],
				revision: review?.revisionCount ?? 0,
				now,
			});
			return { outcome: 'plan', plan };
		}
	}
	return { outcome: 'escalate', code: 'model_rejected', reason: `The model's plan was rejected twice: ${problems.join('; ')}` };
}
