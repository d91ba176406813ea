import type { CaseFile } from '../../../engine/contracts';
import { caseOutcome, outcomeSummary } from '../../../engine/escalation';
import { buildCase } from '../../support/caseFiles';

describe('caseOutcome: where a case stands, for the Executions list and the item summary', () => {
	it('a routed, grounded case in progress', () => {
		const cf = buildCase();
		const o = caseOutcome(cf);
		expect(o).toEqual({ ticketId: cf.ticket!.id, intent: cf.intent!.category, route: 'grounded' });
		expect(outcomeSummary(o)).toBe(`ticket ${cf.ticket!.id} · ${cf.intent!.category} · grounded`);
	});

	it('a ticket the router sends to a person is escalated, with the layer and code', () => {
		const cf = buildCase();
		const human: CaseFile = { ...cf, context: undefined, intent: { ...cf.intent!, route: 'human', category: null as unknown as string } };
		expect(caseOutcome(human)).toMatchObject({ route: 'escalated', escalation: 'intentRouter:low_confidence' });
	});

	it('an explicit escalation names its layer and code', () => {
		const cf: CaseFile = { ...buildCase(), escalation: { reason: 'x', layer: 'specialistPlanner', code: 'no_playbook', at: new Date().toISOString() } };
		expect(caseOutcome(cf)).toMatchObject({ route: 'escalated', escalation: 'specialistPlanner:no_playbook' });
	});

	it('a reply the Critic approved is handled; a case file without a ticket still has a summary', () => {
		const cf = buildCase();
		const approved = { ...cf, review: { stage: 'reply', verdict: 'approve', planId: 'p', reviewedAt: new Date().toISOString(), checks: [], revisionCount: 0, history: [] } } as CaseFile;
		expect(caseOutcome(approved)).toMatchObject({ route: 'handled', verdict: 'reply:approve' });
		expect(outcomeSummary(caseOutcome({ v: 1, trace: [] } as CaseFile))).toBe('no ticket · received');
	});
});
