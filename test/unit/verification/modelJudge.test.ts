import type { CaseFile } from '../../../engine/contracts';
import { DEFAULT_INTENT_SCOPES, planWithPlaybook, type ChatModelLike } from '../../../engine/planning';
import { DEFAULT_CRITIC_RULES, reviewWithJudge } from '../../../engine/verification';
import { buildCase, NOW } from '../../support/caseFiles';

function fake(answer: string | Error): ChatModelLike & { prompts: string[] } {
	const prompts: string[] = [];
	return {
		prompts,
		async invoke(messages) {
			prompts.push(messages.map((m) => m.content).join('\n'));
			if (answer instanceof Error) throw answer;
			return { content: [{ type: 'text', text: answer }] };
		},
	};
}

function refundCase(): CaseFile {
	const cf = buildCase();
	const out = planWithPlaybook(cf, { now: NOW, scope: DEFAULT_INTENT_SCOPES.return_refund });
	if (out.outcome !== 'plan') throw new Error(out.outcome);
	return { ...cf, plan: out.plan };
}

const input = (cf: CaseFile) => ({ stage: 'plan' as const, caseFile: cf, rules: DEFAULT_CRITIC_RULES.return_refund, now: NOW });

describe('model judge', () => {
	it('turns findings that cite retrieved passages into checks that decide the verdict', async () => {
		const model = fake(JSON.stringify({ findings: [{ problem: 'Refunds are only issued after the item is received back', severity: 'revise', passages: ['returns-1'] }] }));
		const r = await reviewWithJudge(input(refundCase()), model);
		expect(r.checks.find((c) => c.id === 'judge.1')).toMatchObject({ passed: false, onFail: 'revise' });
		expect(r.verdict).toBe('revise');
		expect(r.revisionCount).toBe(1);
		expect(model.prompts[0]).toContain('[returns-1]');
		expect(model.prompts[0]).toContain('We have refunded 49.90 EUR');
	});

	it('ignores findings without a valid citation: an opinion is not evidence', async () => {
		const model = fake(JSON.stringify({ findings: [{ problem: 'I feel this is too generous', severity: 'escalate', passages: ['my-intuition'] }] }));
		const r = await reviewWithJudge(input(refundCase()), model);
		expect(r.verdict).toBe('approve');
		expect(r.checks.find((c) => c.id === 'judge.ignored')!.reason).toMatch(/1 judge finding/);
	});

	it('an escalate finding escalates', async () => {
		const model = fake('```json\n{"findings":[{"problem":"policy forbids refunds for worn shoes","severity":"escalate","passages":["returns-1"]}]}\n```');
		expect((await reviewWithJudge(input(refundCase()), model)).verdict).toBe('escalate');
	});

	it('a broken or failing judge leaves the built-in verdict in place', async () => {
		expect((await reviewWithJudge(input(refundCase()), fake('no json here'))).verdict).toBe('approve');
		const r = await reviewWithJudge(input(refundCase()), fake(new Error('timeout')));
		expect(r.verdict).toBe('approve');
		expect(r.checks.find((c) => c.id === 'judge.unavailable')!.reason).toMatch(/timeout/);
	});
});
