import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_HIGH_AMOUNT, DEFAULT_NEGATIVE_SENTIMENT_AT, DEFAULT_URGENT_AMOUNT } from '../../engine/escalation/priority';

/**
 * Version 2's form for what version 1 took as JSON: groups by intent as rows, and each priority rule
 * as its own field. The defaults are the engine's (engine/escalation/priority.ts), shown as they are.
 */

export const NO_MINIMUM = 'none';

export const formFields: INodeProperties[] = [
	{
		displayName: 'Groups by Intent',
		name: 'intentGroups',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Intent',
		default: {},
		description: 'A group per intent, used when Group is empty',
		options: [
			{
				displayName: 'Intent',
				name: 'entry',
				values: [
					{
						displayName: 'Intent',
						name: 'intent',
						type: 'string',
						default: '',
						placeholder: 'return_refund',
						hint: 'The intent name as the Support Intent Router has it',
					},
					{
						displayName: 'Group',
						name: 'group',
						type: 'string',
						default: '',
						placeholder: 'Billing',
						hint: 'The group shown in the note for cases of this intent',
					},
				],
			},
		],
	},
	{
		displayName: 'High Priority From Amount',
		name: 'highAmount',
		type: 'number',
		default: DEFAULT_HIGH_AMOUNT,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		hint: 'The case is at least High when the money at stake (the largest of the plan\'s amounts, the order total and the charge) reaches this; compared as a number, whatever the currency',
	},
	{
		displayName: 'Urgent Priority From Amount',
		name: 'urgentAmount',
		type: 'number',
		default: DEFAULT_URGENT_AMOUNT,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		hint: 'Money at stake at or above this makes the case Urgent',
	},
	{
		displayName: 'Raise Priority at Sentiment',
		name: 'negativeSentimentAt',
		type: 'number',
		default: DEFAULT_NEGATIVE_SENTIMENT_AT,
		typeOptions: { minValue: -1, maxValue: 1, numberPrecision: 2 },
		hint: 'Sentiment runs from -1 (furious) to 1 (delighted); at or below this the priority goes up one level',
	},
	{
		displayName: 'VIP Tags',
		name: 'vipTags',
		type: 'string',
		default: '',
		placeholder: 'vip, enterprise',
		hint: 'Comma-separated ticket tags; a ticket with one of them goes up one level',
	},
	{
		displayName: 'Minimum Priority',
		name: 'minimumPriority',
		type: 'options',
		default: NO_MINIMUM,
		description: 'Priority starts from the ticket\'s urgency and only goes up; this sets a floor',
		options: [
			{ name: 'None', value: NO_MINIMUM },
			{ name: 'Low', value: 'low' },
			{ name: 'Normal', value: 'normal' },
			{ name: 'High', value: 'high' },
			{ name: 'Urgent', value: 'urgent' },
		],
	},
];
