import type { INodeProperties } from 'n8n-workflow';

const showRead = { show: { operation: ['readTickets'] } };
const showReport = { show: { operation: ['agreementReport'] } };

export const shadowReplayProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'readTickets',
		options: [
			{
				name: 'Agreement Report',
				value: 'agreementReport',
				description: "Compare every replayed ticket's case file with what the agent did: agreement per intent, totals and a Markdown summary",
				action: 'Build the agreement report',
			},
			{
				name: 'Read Tickets File',
				value: 'readTickets',
				description: 'Split a file of historical tickets (JSON or CSV, with what the agent did) into one item per ticket for the pipeline',
				action: 'Read a tickets file',
			},
		],
	},
	{
		displayName:
			'Reads the tickets file of <code>support-coordination replay FILE</code>: a JSON array of helpdesk payloads, or of records with the <code>payload</code> and what the agent did (<code>expected</code>: <code>intent</code>, <code>action</code>), or CSV (header: ID, subject, message, email, optionally intent and action). It takes the file from a Webhook item\'s body (JSON, <code>{"tickets": [...]}</code>, <code>{"csv": "..."}</code> or text; CSV sent as text/csv arrives as the binary field below, with the Webhook\'s <b>Raw Body</b> option), or from an item that is <code>{"tickets": [...]}</code> or <code>{"csv": "..."}</code> itself. Each ticket comes out as a webhook item for the Support Intent Router; a file that cannot be read goes to <b>Unreadable File</b>, naming the field and the entry or line.',
		name: 'readNotice',
		type: 'notice',
		default: '',
		displayOptions: showRead,
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'Where the Webhook puts a body it does not parse (its Raw Body option): read when the item has no JSON body',
		displayOptions: showRead,
	},
	{
		displayName:
			'Connect the <b>done</b> output of the loop that feeds the tickets through the pipeline one at a time: every ticket once, with its final case file (approved by the reply Critic, or packaged for a person). The figures use the same definitions as <code>support-coordination replay FILE</code>.',
		name: 'reportNotice',
		type: 'notice',
		default: '',
		displayOptions: showReport,
	},
];
