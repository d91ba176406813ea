import { z } from 'zod/v4';
import { CASE_FILE_VERSION, CaseFile } from './caseFile';

/**
 * The case file as JSON Schema (draft 2020-12), derived from the zod schemas so it cannot drift.
 * Shipped as dist/schema/case-file.schema.json for integrators who read or write `json.support`
 * outside n8n.
 */
export function caseFileJsonSchema(): Record<string, unknown> {
	const schema = z.toJSONSchema(CaseFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
	return {
		...schema,
		$id: `urn:n8n-nodes-support-coordination:case-file:v${CASE_FILE_VERSION}`,
		title: `Support case file v${CASE_FILE_VERSION} (item.json.support)`,
	};
}
