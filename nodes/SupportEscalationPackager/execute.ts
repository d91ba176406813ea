import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { appendTrace, writeSection, type CaseFile, type Handoff } from '../../engine/contracts';
import { buildHandoff, noteWriteEvidence, noteWriteOutcome, writeNoteToHelpScout, writeNoteToZendesk, type NoteWriteResult } from '../../engine/escalation';
import { keyLockFromEnv } from '../../engine/execution';
import { existingCaseFile, startTrace, toNodeError, withCaseFile } from '../shared/caseFileItems';
import { readHandoffOptions } from './handoffOptions';
import { readHelpScoutSettings, readNoteTarget, readZendeskSettings, type NoteTarget } from './noteTarget';
import { salvageCaseFile } from './salvageCaseFile';

const LAYER = 'escalationPackager' as const;

/** The note written to the target's helpdesk, under the lock per key (queue mode: in n8n's Redis, across workers). */
async function writeNote(ctx: IExecuteFunctions, i: number, target: NoteTarget, caseFile: CaseFile, handoff: Handoff): Promise<NoteWriteResult> {
	const options = { retry: target.retry, lock: keyLockFromEnv() };
	if (target.to === 'helpScout') return await writeNoteToHelpScout(caseFile, handoff, target.client, readHelpScoutSettings(handoff), options);
	return await writeNoteToZendesk(caseFile, handoff, target.client, readZendeskSettings(ctx, i, handoff), options);
}

const TARGET_LABELS: Record<NoteTarget['to'], string> = { zendesk: 'Zendesk', helpScout: 'Help Scout' };

async function packageItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, target: NoteTarget | undefined): Promise<INodeExecutionData> {
	const timer = startTrace(LAYER, ctx.getNode());
	const options = readHandoffOptions(ctx, i);
	const { caseFile, problems, ticketRecovered } = salvageCaseFile(item.json, new Date());
	let handoff = buildHandoff(caseFile, options);
	let outcome = `handoff:${handoff.priority}${ticketRecovered ? ':ticket_from_input' : ''}`;
	let writeFailure: string | undefined;
	if (target) {
		const written = await writeNote(ctx, i, target, caseFile, handoff);
		// The note itself was rendered before the write; the result travels as evidence and in the trace.
		handoff = { ...handoff, evidence: [...handoff.evidence, noteWriteEvidence(written)] };
		outcome += `;${noteWriteOutcome(written)}`;
		if (written.status === 'failed' || written.status === 'partial') writeFailure = written.detail;
	}
	let support = writeSection(caseFile, 'handoff', handoff, LAYER);
	support = appendTrace(support, timer.finish({ engine: 'builtin', outcome, contractErrors: problems }));
	if (writeFailure && target?.failOnWriteError) {
		throw new NodeOperationError(ctx.getNode(), `${TARGET_LABELS[target.to]}: ${writeFailure}`, { itemIndex: i, description: 'Turn off "Fail on Write Error" under Write Options to let the item go on with the failure recorded.' });
	}
	return withCaseFile(item, support, i);
}

/**
 * Packages every item for a person and, if asked, writes the note to the helpdesk. It accepts
 * partial and even broken case files (it is where those end up): only a broken parameter stops it,
 * or, with continue-on-fail, leaves the item unchanged apart from the error.
 */
export async function executeEscalationPackager(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const target = await readNoteTarget(this);
	for (let i = 0; i < items.length; i++) {
		try {
			out.push(await packageItem(this, items[i], i, target));
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
