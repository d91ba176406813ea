import { newCaseFile, validateCaseFile, type CaseFile } from '../contracts';
import { effectiveMode } from '../execution';
import { caseFactsLayer, criticLayer, executeLayer, packageLayer, planLayer, retrieveLayer, routeLayer } from './layers';
import { sendApprovedReply } from './sendReply';
import { RunRecord } from './trace';
import type { PipelineInput, PipelineOutcome, PipelineResult } from './types';

/**
 * Runs one helpdesk payload through the six layers in DESIGN.md's order, with the same engines and
 * the same case-file writes as the n8n nodes (each node set to continue on error, so a failure
 * becomes a hand-off, never a lost ticket):
 * Router -> Retriever -> Planner -> Critic(plan) [-> Planner ... bounded] -> Executor -> Critic(reply),
 * and the Escalation Packager on any path that needs a person.
 */
export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
	const now = input.options?.now ?? (() => new Date());
	const record = new RunRecord();
	let caseFile: CaseFile = newCaseFile();
	let clarification = false;
	let replySent = false;

	const finish = (c: CaseFile, escalated: boolean, note: string): PipelineResult => {
		const packaged = escalated ? packageLayer(input, c, record) : c;
		const validated = validateCaseFile(packaged, 'escalationPackager');
		const mode = validated.intent ? effectiveMode(validated.intent.rolloutMode, input.options?.mode) : 'suggest';
		const outcome: PipelineOutcome = escalated ? 'escalated' : mode === 'auto' ? 'auto_resolved' : mode === 'suggest' ? 'suggested' : 'shadow';
		const esc = validated.escalation;
		return {
			outcome,
			reason: escalated ? (validated.handoff?.reason ?? esc?.reason ?? note) : note,
			...(esc ? { escalation: { layer: esc.layer, code: esc.code, reason: esc.reason, ...(esc.field ? { field: esc.field } : {}) } } : {}),
			clarification,
			replySent,
			path: record.path,
			timings: record.timings,
			caseFile: validated,
			payload: input.payload,
		};
	};

	let step = await routeLayer(input, caseFile, record, now);
	caseFile = step.caseFile;
	if (step.next !== 'continue') return finish(caseFile, true, caseFile.intent?.humanReason ?? 'routed to a person');

	step = await retrieveLayer(input, caseFile, record, now);
	caseFile = step.caseFile;
	if (step.next !== 'continue') return finish(caseFile, true, 'ungrounded');

	if (input.workflowFacts) {
		step = await caseFactsLayer(input, caseFile, record, now);
		caseFile = step.caseFile;
		if (step.next !== 'continue') return finish(caseFile, true, 'case facts escalated');
	}

	// The Critic bounds the loop (it escalates once its revisions are used up); the extra guard
	// only stops a planner that would ignore the Critic from looping for ever.
	const maxRounds = (input.options?.maxRevisions ?? 2) + 2;
	for (let round = 0; ; round++) {
		step = await planLayer(input, caseFile, record, now);
		caseFile = step.caseFile;
		if (step.next !== 'continue') return finish(caseFile, true, 'planner escalated');
		clarification = caseFile.plan!.assumptions.includes('Clarification needed before anything can be done.');
		step = await criticLayer(input, 'plan', caseFile, record, now);
		caseFile = step.caseFile;
		if (step.next === 'escalate') return finish(caseFile, true, 'critic escalated the plan');
		if (step.next === 'continue') break;
		if (round + 1 >= maxRounds) {
			caseFile = { ...caseFile, escalation: { reason: `The planner and the Critic did not agree within ${maxRounds} rounds.`, layer: 'critic', code: 'critic', at: now().toISOString() } };
			return finish(caseFile, true, 'revision loop');
		}
	}

	step = await executeLayer(input, caseFile, record);
	caseFile = step.caseFile;
	if (step.next !== 'continue') return finish(caseFile, true, 'execution escalated');

	step = await criticLayer(input, 'reply', caseFile, record, now);
	caseFile = step.caseFile;
	if (step.next !== 'continue') return finish(caseFile, true, 'critic escalated the reply');

	const mode = caseFile.execution?.mode ?? 'shadow';
	if (mode === 'auto' && input.options?.sendReply) {
		const sent = await sendApprovedReply(caseFile, input.connectors);
		replySent = sent.sent;
		if (!sent.sent) {
			caseFile = { ...caseFile, escalation: { reason: `The approved reply could not be posted: ${sent.problem}`, layer: 'toolExecutor', code: 'execution', at: now().toISOString() } };
			return finish(caseFile, true, 'reply not sent');
		}
	}
	const done = caseFile.execution?.steps.filter((s) => s.status === 'succeeded' || s.status === 'already_done').length ?? 0;
	const note =
		mode === 'auto'
			? `Approved and executed (${done} step(s))${replySent ? '; reply posted' : '; reply approved for sending'}.`
			: mode === 'suggest'
				? 'Approved; proposed actions and the draft reply go to a person (suggest mode).'
				: 'Approved; nothing was written (shadow mode).';
	return finish(caseFile, false, note);
}
