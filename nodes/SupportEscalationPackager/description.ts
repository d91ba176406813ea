import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { credentialShownFor } from '../shared/credentialDisplay';
import { retryOptionFields } from '../shared/retryOptions';

/** The engine's own thresholds, shown so an operator sees what they change. */
const DEFAULT_PRIORITY_RULES = { highAmount: 250, urgentAmount: 1000, negativeSentimentAt: -0.6, vipTags: [] as string[] };

const toZendesk = { show: { writeNoteTo: ['zendesk'] } };
const toHelpdesk = { show: { writeNoteTo: ['zendesk', 'helpScout'] } };

/** Help Scout: n8n's own OAuth2 credential, as the Support Action Executor's Send Reply uses it. */
export const HELPSCOUT_CREDENTIAL_TYPE = 'helpScoutOAuth2Api';

/** As n8n's own Zendesk node: an API token or OAuth2, chosen with the Authentication parameter. */
/** The credential type for each value of the Authentication parameter (type names, not secrets). */
const ZENDESK_AUTH_TYPES: Array<[auth: string, credentialType: string]> = [
	['apiToken', 'zendeskApi'],
	['oAuth2', 'zendeskOAuth2Api'],
];
export const ZENDESK_CREDENTIAL_BY_AUTH: Record<string, string> = Object.fromEntries(ZENDESK_AUTH_TYPES);

export const packagerCredentials: INodeCredentialDescription[] = [
	...Object.entries(ZENDESK_CREDENTIAL_BY_AUTH).map(([auth, name]) => ({
		name,
		required: true,
		displayOptions: credentialShownFor({ writeNoteTo: ['zendesk'] }, { parameter: 'authentication', value: auth, values: Object.keys(ZENDESK_CREDENTIAL_BY_AUTH) }),
	})),
	{ name: HELPSCOUT_CREDENTIAL_TYPE, required: true, displayOptions: { show: { writeNoteTo: ['helpScout'] } } },
];

export const packagerProperties: INodeProperties[] = [
	{
		displayName:
			'Builds the hand-off for a person from whatever the case file holds, into <code>support.handoff</code>, with secrets and card numbers removed. With <b>Write Note To: Zendesk</b> or <b>Help Scout</b> it posts the note itself (Zendesk: private comment, tags, priority, group; Help Scout: a note and the hand-off tags; a re-run never posts it twice). Otherwise add a helpdesk node or an HTTP Request node with <code>{{ $json.support.handoff.note.html }}</code>, and use <code>support.handoff.tags</code>, <code>priority</code> and <code>group</code>.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
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
		default: JSON.stringify(DEFAULT_PRIORITY_RULES, null, 2),
		description:
			'Priority starts from the ticket\'s urgency and only goes up: amounts at stake of highAmount or more make it high, urgentAmount or more urgent; sentiment at or below negativeSentimentAt and ticket tags in vipTags raise it one level; minimum ("low", "normal", "high" or "urgent") sets a floor',
	},
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
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		default: 'apiToken',
		displayOptions: toZendesk,
		options: [
			{ name: 'API Token', value: 'apiToken' },
			{ name: 'OAuth2', value: 'oAuth2' },
		],
	},
	{
		displayName: 'Tags to Add',
		name: 'zendeskTags',
		type: 'string',
		default: 'support-escalated',
		placeholder: 'support-escalated, tier2',
		description: 'Comma-separated tags added to the Zendesk ticket (existing tags stay)',
		displayOptions: toZendesk,
	},
	{
		displayName: 'Add Case Tags',
		name: 'addCaseTags',
		type: 'boolean',
		default: true,
		description: 'Whether to add the tags derived from the case as well (escalated-&lt;layer&gt;, escalation-&lt;reason&gt;, intent-&lt;intent&gt; and Extra Tags), so views and triggers can pick the ticket up',
		displayOptions: toZendesk,
	},
	{
		displayName: 'Ticket Priority',
		name: 'zendeskPriority',
		type: 'options',
		default: 'fromHandoff',
		description: 'The Zendesk priority to set on the ticket',
		displayOptions: toZendesk,
		options: [
			{ name: 'From the Hand-Off', value: 'fromHandoff', description: 'The priority worked out from urgency, sentiment and money at stake (see Priority Rules)' },
			{ name: 'High', value: 'high' },
			{ name: 'Keep the Ticket\'s Priority', value: 'keep' },
			{ name: 'Low', value: 'low' },
			{ name: 'Normal', value: 'normal' },
			{ name: 'Urgent', value: 'urgent' },
		],
	},
	{
		displayName: 'Group ID',
		name: 'zendeskGroupId',
		type: 'string',
		default: '',
		placeholder: '360001234567',
		description: 'The ID of the Zendesk group to assign the ticket to (Admin Center > People > Groups, the number in the URL). Leave empty to keep the ticket\'s group.',
		displayOptions: toZendesk,
	},
	{
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
				description: 'With Write Note To: Zendesk, send its requests here instead of https://&lt;subdomain&gt;.zendesk.com (a proxy or a sandbox). The credential is sent along.',
			},
		],
	},
];
