import { CASE_FILE_VERSION, SECTION_NAMES } from '../../../engine/contracts';
import { caseFileJsonSchema } from '../../../engine/contracts/jsonSchema';

describe('caseFileJsonSchema', () => {
	const schema = caseFileJsonSchema();
	const properties = schema.properties as Record<string, Record<string, unknown>>;

	it('is a draft 2020-12 object schema with a versioned id and title', () => {
		expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
		expect(schema.type).toBe('object');
		// The id names the package, the document and its version, whatever URI scheme it uses.
		expect(String(schema.$id)).toMatch(new RegExp(`n8n-nodes-support-coordination.*case-file.*v${CASE_FILE_VERSION}`));
		expect(String(schema.title)).toContain(`v${CASE_FILE_VERSION}`);
	});

	it('has a property for every section, the escalation request, the trace and the version', () => {
		for (const name of [...SECTION_NAMES, 'escalation', 'trace', 'v']) expect(properties[name]).toBeDefined();
		expect(schema.required).toEqual(['v']);
		expect(properties.v.const).toBe(CASE_FILE_VERSION);
	});

	it('describes section fields, e.g. the ticket message limits and the passage version', () => {
		const ticket = properties.ticket as { properties: Record<string, Record<string, unknown>>; required: string[] };
		expect(ticket.required).toEqual(expect.arrayContaining(['id', 'source', 'message', 'receivedAt']));
		expect(ticket.properties.message.maxLength).toBe(200_000);
		const context = properties.context as { properties: { passages: { items: { properties: Record<string, unknown> } } } };
		expect(context.properties.passages.items.properties.version).toBeDefined();
	});

	it('is plain JSON', () => {
		expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
	});
});
