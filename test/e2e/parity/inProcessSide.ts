/**
 * Side (b) of the parity run: the in-process pipeline (engine/pipeline runPipeline, what `replay`,
 * `npm run demo -- --in-process` and the benches run) with the settings read from the same
 * workflow JSON n8n runs, the same policy store n8n's Retriever reads (a copy of its embedded store
 * file, so both search the same chunks) and this side's own stand-ins.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { runPipeline, type PipelineResult } from '../../../engine/pipeline';
import { BuiltinEmbedder, EmbeddedStore, embeddedStorePath } from '../../../engine/retrieval';
import type { N8nInstance, WorkflowJson } from '../harness';
import { dataTableFacts, type Row } from './dataTableLookup';
import { templateSettings } from './templateSettings';
import type { VendorWorld } from './world';

/**
 * A charge or payment reference the Retriever's Stripe lookup would act on (engine/retrieval/liveFacts.ts).
 * The in-process pipeline looks live facts up through its connectors, so with the Executor's Stripe
 * connector on it also looks charges up when the template's Retriever has Use Stripe off: a ticket
 * with such a reference would differ for that reason alone (a setting the pipeline does not have).
 */
const STRIPE_REF = /\b(ch|pi)_[A-Za-z0-9]{4,64}\b/;

/** A copy of the embedded store n8n's Retriever reads (Store Name of the template's Retriever). */
export function copyN8nStore(n8n: N8nInstance, storeName: string, dir: string): EmbeddedStore {
	const from = embeddedStorePath(path.join(n8n.userFolder, '.n8n'), storeName);
	if (!fs.existsSync(from)) throw new Error(`n8n has no embedded store "${storeName}" at ${from}: was the policy ingestion run?`);
	const to = path.join(dir, `${storeName}.json`);
	fs.copyFileSync(from, to);
	return new EmbeddedStore(to);
}

/** Runs the payloads in order through runPipeline configured from `workflow`. */
export async function runInProcess(workflow: WorkflowJson, payloads: readonly unknown[], deps: { store: EmbeddedStore; world: VendorWorld; rows: readonly Row[]; notes?: (line: string) => void }): Promise<PipelineResult[]> {
	const settings = await templateSettings(workflow);
	for (const note of settings.notes) deps.notes?.(`${workflow.name}: ${note}`);
	const connectors = deps.world.connectors(settings.executorConnectors);
	if (settings.options.liveFacts && settings.liveFactSources.stripe !== settings.executorConnectors.stripe) {
		const hit = payloads.findIndex((p) => STRIPE_REF.test(JSON.stringify(p)));
		if (hit >= 0) throw new Error(`ticket ${hit + 1} names a Stripe charge, but the Retriever's Use Stripe differs from the Executor's: the in-process pipeline cannot be set up like this template for it`);
	}
	const workflowFacts = settings.caseFacts ? dataTableFacts(workflow, settings.caseFacts, deps.rows) : undefined;
	const embedder = new BuiltinEmbedder();
	const out: PipelineResult[] = [];
	for (const payload of payloads) {
		out.push(
			await runPipeline({
				payload,
				intents: settings.intents,
				policies: { store: deps.store, embedder },
				connectors,
				options: settings.options,
				...(workflowFacts ? { workflowFacts } : {}),
			}),
		);
	}
	return out;
}
