import type { DisplayCondition, INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { DEFAULT_HIGH_AMOUNT, DEFAULT_NEGATIVE_SENTIMENT_AT, DEFAULT_URGENT_AMOUNT } from '../../engine/escalation/priority';
import { credentialShownFor } from '../shared/credentialDisplay';
import { ZENDESK_AUTH_OPTIONS, ZENDESK_AUTH_VALUES, ZENDESK_CREDENTIALS } from '../shared/credentials';
import { retryOptionFields } from '../shared/retryOptions';
import { formFields } from './formFields';

/** Where an operator reads more: the README's section on this node, on the package's homepage. */
export const PACKAGER_DOCS_URL = 'https://www.npmjs.com/package/n8n-nodes-support-coordination#support-escalation-packager';

/** Version 1's JSON default, built from the engine's thresholds so an operator sees what they change. */
const V1_PRIORITY_RULES = JSON.stringify({ highAmount: DEFAULT_HIGH_AMOUNT, urgentAmount: DEFAULT_URGENT_AMOUNT, negativeSentimentAt: DEFAULT_NEGATIVE_SENTIMENT_AT, vipTags: [] as string[] }, null, 2);

const toZendesk = { writeNoteTo: ['zendesk'] };
const toHelpdesk = { show: { writeNoteTo: ['zendesk', 'helpScout'] } };

/** Help Scout: n8n's own OAuth2 credential, as the Support Action Executor's Send Reply uses it. */
export const HELPSCOUT_CREDENTIAL_TYPE = 'helpScoutOAuth2Api';

/**
 * The Zendesk credential choice is "authentication" in version 1 and "zendeskAuthentication" (as in
 * the Executor and the Retriever) from version 2; only one of them exists on a node, so each
 * credential is hidden when either names another credential.
 */
export const ZENDESK_AUTH_PARAMETER = { v1: 'authentication', v2: 'zendeskAuthentication' } as const;

export const packagerCredentials: INodeCredentialDescription[] = [
	...ZENDESK_CREDENTIALS.map(({ auth, type }) => {
		const shown = credentialShownFor(toZendesk, { parameter: ZENDESK_AUTH_PARAMETER.v1, value: auth, values: ZENDESK_AUTH_VALUES });
		const others = ZENDESK_AUTH_VALUES.filter((v) => v !== auth);
		return { name: type, required: true, displayOptions: { ...shown, hide: { ...shown.hide, [ZENDESK_AUTH_PARAMETER.v2]: others } } };
	}),
	{ name: HELPSCOUT_CREDENTIAL_TYPE, required: true, displayOptions: { show: { writeNoteTo: ['helpScout'] } } },
];

const V1: Array<number | DisplayCondition> = [1];
const FROM_V2: Array<number | DisplayCondition> = [{ _cnd: { gte: 2 } }];

/** Shows a parameter only in the node versions given, keeping its other display rules. */
export function inVersions(version: Array<number | DisplayCondition>, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((p) => ({ ...p, displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, '@version': version } } }));
}

const notice: INodeProperties = {
	displayName: `Builds the hand-off for a person from whatever the case file holds, into <code>support.handoff</code>, with secrets and card numbers removed. With <b>Write Note To: Zendesk</b> or <b>Help Scout</b> it posts the note itself (Zendesk: private comment, tags, priority, group; Help Scout: a note and the hand-off tags; a re-run never posts it twice). Otherwise add a helpdesk node or an HTTP Request node with <code>{{ $json.support.handoff.note.html }}</code>, and use <code>support.handoff.tags</code>, <code>priority</code> and <code>group</code>. <a href="${PACKAGER_DOCS_URL}" target="_blank">Read more</a>.`,
	name: 'notice',
	type: 'notice',
	default: '',
};

const reasonAndGroup: INodeProperties[] = [
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'Customer asked for a manager',
		description: 'Overrides the reason the case file gives (the layer that escalated it writes one). Leave empty to use that.',
	},
	{
		displayName: 'Group',
		name: 'group',
		type: 'string',
		default: '',
		placeholder: 'Tier 2',
		description: 'The helpdesk group to hand the case to, as shown in the note. Leave empty to use Groups by Intent.',
	},
];

/** Version 1: the group map and the priority rules as JSON. */
const jsonFields: INodeProperties[] = [
	{
		displayName: 'Groups by Intent',
		name: 'groupsByIntent',
		type: 'json',
		default: '{}',
		placeholder: '{"return_refund": "Billing", "technical_issue": "Tech Support"}',
		description: 'A group per intent, used when Group is empty',
	},
	{
		displayName: 'Priority Rules',
		name: 'priorityRules',
		type: 'json',
		default: V1_PRIORITY_RULES,
		description:
			'Priority starts from the ticket\'s urgency and only goes up: amounts at stake of highAmount or more make it high, urgentAmount or more urgent; sentiment at or below negativeSentimentAt and ticket tags in vipTags raise it one level; minimum ("low", "normal", "high" or "urgent") sets a floor',
	},
];

const extraTagsAndTarget: INodeProperties[] = [
	{
		displayName: 'Extra Tags',
		name: 'extraTags',
		type: 'string',
		default: '',
		placeholder: 'needs-review, ai-escalated',
		description: 'Comma-separated tags to add to the ones derived from the case',
	},
	{
		displayName: 'Write Note To',
		name: 'writeNoteTo',
		type: 'options',
		default: 'none',
		description: 'Where the note goes besides the item',
		options: [
			{ name: 'None (Keep in the Item)', value: 'none', description: 'Only build the note; post it with a helpdesk node after this one' },
			{
				name: 'Help Scout',
				value: 'helpScout',
				description: 'Add it to the Help Scout conversation as a note and add the hand-off tags (the conversation\'s own tags stay). Tickets from other helpdesks are left alone.',
			},
			{
				name: 'Zendesk',
				value: 'zendesk',
				description: 'Add it to the Zendesk ticket as a private comment and set tags, priority and group. Tickets from other helpdesks are left alone.',
			},
		],
	},
];

const zendeskAuthentication: INodeProperties[] = [
	...inVersions(V1, [
		{
			displayName: 'Authentication',
			name: ZENDESK_AUTH_PARAMETER.v1,
			type: 'options',
			default: 'apiToken',
			displayOptions: { show: toZendesk },
			options: ZENDESK_AUTH_OPTIONS.map(({ name, value }) => ({ name, value })),
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'Zendesk Authentication',
			name: ZENDESK_AUTH_PARAMETER.v2,
			type: 'options',
			default: 'apiToken',
			description: 'Which Zendesk credential signs the requests, as in n8n\'s own Zendesk node',
			displayOptions: { show: toZendesk },
			options: ZENDESK_AUTH_OPTIONS,
		},
	]),
];

const zendeskFields: INodeProperties[] = [
	{
		displayName: 'Tags to Add',
		name: 'zendeskTags',
		type: 'string',
		default: 'support-escalated',
		placeholder: 'support-escalated, tier2',
		description: 'Comma-separated tags added to the Zendesk ticket (existing tags stay)',
		displayOptions: { show: toZendesk },
	},
	{
		displayName: 'Add Case Tags',
		name: 'addCaseTags',
		type: 'boolean',
		default: true,
		description: 'Whether to add the tags derived from the case as well (escalated-&lt;layer&gt;, escalation-&lt;reason&gt;, intent-&lt;intent&gt; and Extra Tags), so views and triggers can pick the ticket up',
		displayOptions: { show: toZendesk },
	},
	{
		displayName: 'Ticket Priority',
		name: 'zendeskPriority',
		type: 'options',
		default: 'fromHandoff',
		description: 'The Zendesk priority to set on the ticket',
		displayOptions: { show: toZendesk },
		options: [
			{ name: 'From the Hand-Off', value: 'fromHandoff', description: 'The priority worked out from urgency, sentiment and money at stake (see the priority rules above)' },
			{ name: 'High', value: 'high' },
			{ name: 'Keep the Ticket\'s Priority', value: 'keep' },
			{ name: 'Low', value: 'low' },
			{ name: 'Normal', value: 'normal' },
			{ name: 'Urgent', value: 'urgent' },
		],
	},
	...inVersions(V1, [
		{
			displayName: 'Group ID',
			name: 'zendeskGroupId',
			type: 'string',
			default: '',
			placeholder: '360001234567',
			description: 'The ID of the Zendesk group to assign the ticket to (Admin Center > People > Groups, the number in the URL). Leave empty to keep the ticket\'s group.',
			displayOptions: { show: toZendesk },
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'Zendesk Group',
			name: 'zendeskGroup',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			description: 'The Zendesk group to assign the ticket to. Leave empty to keep the ticket\'s group.',
			displayOptions: { show: toZendesk },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a group...',
					typeOptions: { searchListMethod: 'searchZendeskGroups', searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 360001234567',
					validation: [{ type: 'regex', properties: { regex: '^\\s*\\d{1,20}\\s*$', errorMessage: 'A Zendesk group ID is a number (Admin Center > People > Groups, the number in the URL)' } }],
				},
			],
		},
	]),
];

const writeOptions: INodeProperties = {
	displayName: 'Write Options',
	name: 'writeOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: toHelpdesk,
	options: [
		{
			displayName: 'Fail on Write Error',
			name: 'failOnWriteError',
			type: 'boolean',
			default: false,
			description:
				'Whether to stop with an error when the note cannot be written after the retries (for n8n\'s Retry On Fail or an error workflow). Off: the item goes on with the failure recorded in the hand-off and the trace.',
		},
		{
			displayName: 'Help Scout Base URL Override',
			name: 'helpScoutBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://proxy.example.com',
			description: 'With Write Note To: Help Scout, send its requests here instead of https://api.helpscout.net (a proxy or a sandbox). The credential is sent along.',
		},
		...retryOptionFields({ attempts: 'Max Attempts', attemptsHint: 'Tries per update, the first included, for 429 (after Retry-After), 5xx, timeouts and resets' }),
		{
			displayName: 'Zendesk Base URL Override',
			name: 'zendeskBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://proxy.example.com',
			description: 'With Write Note To: Zendesk, send its requests (and the group list) here instead of https://&lt;subdomain&gt;.zendesk.com (a proxy or a sandbox). The credential is sent along.',
		},
	],
};

export const packagerProperties: INodeProperties[] = [
	notice,
	...reasonAndGroup,
	...inVersions(V1, jsonFields),
	...inVersions(FROM_V2, formFields),
	...extraTagsAndTarget,
	...zendeskAuthentication,
	...zendeskFields,
	writeOptions,
];
