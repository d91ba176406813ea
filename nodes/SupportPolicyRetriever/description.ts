import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { documentFormatFields } from './documentFormat';
import { groundingThresholdFields } from './groundingThreshold';
import { liveFactCredentials, liveFactProperties } from './liveFactDescription';
import { FROM_V2, inVersions, V1 } from './versions';

/** Where an operator reads more: the README's section on this node, on the package's homepage. */
export const RETRIEVER_DOCS_URL = 'https://www.npmjs.com/package/n8n-nodes-support-coordination#support-policy-retriever';

/**
 * n8n's own Qdrant credential (qdrantUrl, apiKey), as the design asks: operators already have it
 * from n8n's Qdrant Vector Store node. Reusing a built-in credential is what the community-node
 * lint rule no-credential-reuse flags for n8n Cloud review; this package is not a Cloud package
 * (see eslint.config.mjs), and the Support Action Executor reuses built-in credentials the same way.
 */
export const policyRetrieverCredentials: INodeCredentialDescription[] = [
	{ name: 'qdrantApi', required: true, displayOptions: { show: { store: ['qdrant'] } } },
	// Only asked for when a live-fact lookup is switched on (read-only use, see liveFactDescription).
	...liveFactCredentials,
];

const notice: INodeProperties = {
	displayName: `Retrieve finds the policy passages in force at the ticket's time (and live facts, if switched on) and sends the case to Grounded or Ungrounded; Ingest, Retire Document and Delete Document keep the policy store up to date. <a href="${RETRIEVER_DOCS_URL}" target="_blank">Read more</a>.`,
	name: 'notice',
	type: 'notice',
	default: '',
};

const showRetrieve = { show: { operation: ['retrieve'] } };
/** Version 2's date fields: a picked date has no zone; n8n's own nodes read it in the workflow's. */
const DATE_HINT = "A date picked here, or one without a time zone, is read in the workflow's time zone (Workflow Settings)";
const showIngest = { show: { operation: ['ingest'] } };
const showDocumentOps = { show: { operation: ['retire', 'delete'] } };

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'retrieve',
	options: [
		{
			name: 'Delete Document',
			value: 'delete',
			description: 'Remove every version of a policy document from the store',
			action: 'Delete a policy document',
		},
		{
			name: 'Ingest',
			value: 'ingest',
			description: 'Load or update policy documents (one per item); a new version retires the old one from its start date',
			action: 'Ingest policy documents',
		},
		{
			name: 'Retire Document',
			value: 'retire',
			description: 'End a policy document at a given moment without a successor',
			action: 'Retire a policy document',
		},
		{
			name: 'Retrieve',
			value: 'retrieve',
			description: "Find the policy passages in force at the ticket's time and decide whether they ground a reply",
			action: 'Retrieve policy for a case',
		},
	],
};

const store: INodeProperties[] = [
	{
		displayName: 'Store',
		name: 'store',
		type: 'options',
		default: 'embedded',
		options: [
			{ name: 'Embedded', value: 'embedded', description: 'A file in the n8n user folder: no server, single n8n instance only' },
			{ name: 'Qdrant', value: 'qdrant', description: 'A Qdrant server, with the Qdrant credential' },
		],
	},
	{
		displayName:
			'The embedded store is a file under the n8n user folder (.n8n/support-coordination/policy-stores/). It survives restarts, but use it with a <b>single n8n instance only</b>: in queue mode or with several instances, use Qdrant.',
		name: 'embeddedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { store: ['embedded'] } },
	},
	{
		displayName: 'Store Name',
		name: 'storeName',
		type: 'string',
		default: 'policies',
		displayOptions: { show: { store: ['embedded'] } },
		description: 'Name of the store file; ingestion and retrieval must use the same name',
	},
	{
		displayName: 'Collection Name',
		name: 'collection',
		type: 'string',
		default: 'support_policies',
		displayOptions: { show: { store: ['qdrant'] } },
		description: 'Qdrant collection; created on the first ingest with the vector size of the embeddings',
	},
	{
		displayName: 'Embeddings',
		name: 'embeddings',
		type: 'options',
		default: 'builtin',
		options: [
			{ name: 'Built-in (No API Key)', value: 'builtin', description: 'A sentence encoder shipped with this package; nothing is downloaded' },
			{ name: 'Connected Embeddings Sub-Node', value: 'subNode', description: 'The embeddings model connected to the Embedding input' },
		],
		description: 'Ingestion and retrieval must use the same embeddings; change them and the store must be re-ingested',
	},
];

const retrieve: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: showRetrieve,
		description: "What to search the policies for. Empty means the ticket's subject and message.",
	},
	...inVersions(V1, [
		{
			displayName: 'As Of',
			name: 'asOf',
			type: 'string',
			default: '',
			displayOptions: showRetrieve,
			description: 'The moment the passages must be in force at (ISO 8601). Empty means when the ticket was received.',
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'As Of',
			name: 'asOf',
			type: 'dateTime',
			default: '',
			displayOptions: showRetrieve,
			description: 'The moment the passages must be in force at. Empty means when the ticket was received.',
			hint: DATE_HINT,
		},
	]),
	{
		displayName: 'Max Passages',
		name: 'maxPassages',
		type: 'number',
		default: 5,
		typeOptions: { minValue: 1, maxValue: 50 },
		displayOptions: showRetrieve,
		description: 'How many policy passages at most go into the case file',
	},
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		displayOptions: showRetrieve,
		placeholder: 'e.g. region:eu, intent:{{ $json.support.intent.category }}',
		description:
			'Comma-separated facet tags ("region:eu", "channel:email", "intent:return_refund"). A passage tagged in a facet you name must carry one of your values; passages silent on a facet apply to all. Empty: no filter.',
	},
	...groundingThresholdFields,
];

const ingest: INodeProperties[] = [
	{
		displayName: 'Each input item is one policy document version. Ingesting version 2 of a document retires version 1 from version 2\'s Effective From on.',
		name: 'ingestNotice',
		type: 'notice',
		default: '',
		displayOptions: showIngest,
	},
	{ displayName: 'Document ID', name: 'documentId', type: 'string', default: '={{ $json.documentId }}', required: true, displayOptions: showIngest, description: 'Stable ID of the document across its versions' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '={{ $json.title }}', displayOptions: showIngest },
	{ displayName: 'Version', name: 'version', type: 'string', default: '={{ $json.version }}', required: true, displayOptions: showIngest },
	...inVersions(V1, [
		{
			displayName: 'Effective From',
			name: 'effectiveFrom',
			type: 'string',
			default: '={{ $json.effectiveFrom }}',
			required: true,
			displayOptions: showIngest,
			description: 'When this version comes into force (ISO 8601)',
		},
		{
			displayName: 'Effective To',
			name: 'effectiveTo',
			type: 'string',
			default: '={{ $json.effectiveTo }}',
			displayOptions: showIngest,
			description: 'When this version stops being in force (ISO 8601, exclusive). Empty: until a newer version starts.',
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'Effective From',
			name: 'effectiveFrom',
			type: 'dateTime',
			default: '={{ $json.effectiveFrom }}',
			required: true,
			displayOptions: showIngest,
			description: 'When this version comes into force. The default takes each item\'s own effectiveFrom field; pick a date to give every item the same one.',
			hint: DATE_HINT,
		},
		{
			displayName: 'Effective To',
			name: 'effectiveTo',
			type: 'dateTime',
			default: '={{ $json.effectiveTo }}',
			displayOptions: showIngest,
			description: 'When this version stops being in force (exclusive). Empty: until a newer version starts. The default takes each item\'s own effectiveTo field.',
			hint: DATE_HINT,
		},
	]),
	...documentFormatFields,
	{ displayName: 'Content', name: 'content', type: 'string', typeOptions: { rows: 6 }, default: '={{ $json.content }}', required: true, displayOptions: showIngest },
	{
		displayName: 'Tags',
		name: 'documentTags',
		type: 'string',
		default: '={{ $json.tags }}',
		displayOptions: showIngest,
		description: 'A list or comma-separated facet tags ("region:eu", "intent:return_refund"). Empty: applies to every ticket.',
	},
];

const documentOps: INodeProperties[] = [
	{ displayName: 'Document ID', name: 'targetDocumentId', type: 'string', default: '={{ $json.documentId }}', required: true, displayOptions: showDocumentOps },
	...inVersions(V1, [
		{
			displayName: 'Retire At',
			name: 'retireAt',
			type: 'string',
			default: '',
			displayOptions: { show: { operation: ['retire'] } },
			description: 'When the document stops being in force (ISO 8601). Empty means now.',
		},
	]),
	...inVersions(FROM_V2, [
		{
			displayName: 'Retire At',
			name: 'retireAt',
			type: 'dateTime',
			default: '',
			displayOptions: { show: { operation: ['retire'] } },
			description: 'When the document stops being in force. Empty means now.',
			hint: DATE_HINT,
		},
	]),
];

export const policyRetrieverProperties: INodeProperties[] = [notice, operation, ...store, ...retrieve, ...liveFactProperties, ...ingest, ...documentOps];
