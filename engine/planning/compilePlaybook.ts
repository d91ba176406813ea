import { attempt } from './attempt';
import { compileCondition, ConditionSyntaxError, type CompiledCondition } from './conditions';
import { PlaybookError, PlaybookSchema, type Playbook } from './playbook';
import { isKnownTool, toolAccess } from './toolCatalogue';

export interface CompiledPlaybook {
	playbook: Playbook;
	conditions: Map<string, CompiledCondition>;
}

function compileOrThrow(pb: string, where: string, source: string, into: Map<string, CompiledCondition>): void {
	const r = attempt(() => compileCondition(source));
	if (r.ok) into.set(source, r.value);
	else if (r.error instanceof ConditionSyntaxError) throw new PlaybookError(pb, where, r.error.message);
	else throw r.error;
}

function exprArgs(value: unknown, out: string[]): void {
	if (Array.isArray(value)) value.forEach((v) => exprArgs(v, out));
	else if (value && typeof value === 'object') {
		const o = value as Record<string, unknown>;
		if (typeof o.$expr === 'string') out.push(o.$expr);
		else Object.values(o).forEach((v) => exprArgs(v, out));
	}
}

/**
 * Validates an operator's playbook JSON and parses every expression in it, so a typo shows up when
 * the node starts, naming the playbook, the step and the expression, not on the tenth ticket.
 */
export function compilePlaybook(input: unknown): CompiledPlaybook {
	const id = input && typeof input === 'object' && typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : '(no id)';
	const parsed = PlaybookSchema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new PlaybookError(id, issue.path.length ? `field ${issue.path.join('.')}` : 'definition', issue.message);
	}
	const playbook = parsed.data;
	const conditions = new Map<string, CompiledCondition>();
	playbook.conditions.forEach((c, i) => compileOrThrow(playbook.id, `condition ${i + 1}`, c.when, conditions));
	const stepIds = new Set<string>();
	for (const step of playbook.steps) {
		const where = `step "${step.id}"`;
		if (stepIds.has(step.id)) throw new PlaybookError(playbook.id, where, 'step ids must be unique');
		stepIds.add(step.id);
		if (!isKnownTool(step.tool)) throw new PlaybookError(playbook.id, where, `unknown tool "${step.tool}"`);
		// A step may not declare a write tool as a read: the Critic and executor trust the declaration.
		if (toolAccess(step.tool) === 'write' && step.access === 'read') {
			throw new PlaybookError(playbook.id, where, `"${step.tool}" writes; declare access "write"`);
		}
		if (step.when) compileOrThrow(playbook.id, `${where} condition`, step.when, conditions);
		const exprs: string[] = [];
		exprArgs(step.args, exprs);
		exprs.forEach((e) => compileOrThrow(playbook.id, `${where} argument`, e, conditions));
	}
	for (const [lang, sections] of Object.entries(playbook.reply)) {
		sections.forEach((s, i) => {
			if (s.when) compileOrThrow(playbook.id, `reply (${lang}) section ${i + 1} condition`, s.when, conditions);
		});
	}
	return { playbook, conditions };
}

/** The playbook serving an intent: the first that lists it, else the one listing '*'. */
export function selectPlaybook(playbooks: CompiledPlaybook[], intent: string): CompiledPlaybook | undefined {
	return playbooks.find((p) => p.playbook.intents.includes(intent)) ?? playbooks.find((p) => p.playbook.intents.includes('*'));
}
