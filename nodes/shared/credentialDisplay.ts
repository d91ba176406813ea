import type { ICredentialsDisplayOptions } from 'n8n-workflow';

/**
 * When a credential is shown: `show` holds the on/off switches (booleans, or options with a "none"
 * value), and the choice among credential types goes into `hide`, as "not any other value".
 *
 * Why: n8n's editor (2.41, nodeTypesUtils getMainAuthField / isAuthRelatedParameter, used by
 * ParameterInputList) treats every parameter named in a credential's `displayOptions.show` as an
 * authentication field. If one of them is an options parameter all of whose values select a
 * credential (Zendesk Authentication: API Token / OAuth2), it becomes the node's "main auth field":
 * the editor then leaves it out of the panel AND every parameter an authentication field's display
 * depends on - Use Zendesk, Use HTTP API, Use MCP Server, Operation, Write Note To were not drawn at
 * all. `hide` is not read by that logic and means the same to n8n's display rules. The editor test
 * (test/e2e/editorParameters.test.ts) fails if a parameter of ours is not drawn again.
 */
export function credentialShownFor(show: ICredentialsDisplayOptions['show'], choice: { parameter: string; value: string; values: readonly string[] }): ICredentialsDisplayOptions {
	return { show, hide: { [choice.parameter]: choice.values.filter((v) => v !== choice.value) } };
}
