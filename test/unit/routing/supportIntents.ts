import type { IntentDefinition } from '../../../engine/routing/types';

/** A small realistic intent set, as an operator would type it into the node. */
export const SUPPORT_INTENTS: IntentDefinition[] = [
	{
		name: 'refund',
		description: 'Customer wants their money back for an order or a charge',
		rolloutMode: 'suggest',
		examples: [
			'I want a refund for my order',
			'Can I get my money back?',
			'Please refund the jacket I returned last week',
			'I was charged twice and want one payment refunded',
			'How long does it take to get reimbursed?',
			'The item was faulty, I would like a full refund',
			'Refund my subscription payment please',
			'I returned the shoes but have not received my money',
		],
	},
	{
		name: 'order_status',
		description: 'Where is my order, delivery and shipping tracking questions',
		rolloutMode: 'auto',
		examples: [
			'Where is my order?',
			'My package has not arrived yet',
			'When will my order be delivered?',
			'Can you give me the tracking number for my parcel',
			'The tracking page has not updated in days',
			'Has my order shipped yet?',
			'Delivery was supposed to be yesterday, where is it',
			'What is the estimated delivery date for order 5521',
		],
	},
	{
		name: 'technical_problem',
		description: 'The app or website is broken, crashing or showing errors',
		rolloutMode: 'shadow',
		examples: [
			'The app keeps crashing when I open it',
			'I get an error message when I click save',
			'The website is not loading on my phone',
			'Sync stopped working after the last update',
			'The page shows a blank screen',
			'Export to CSV fails with error 500',
			'Notifications are not working anymore',
			'The app freezes on the checkout screen',
		],
	},
	{
		name: 'account_access',
		description: 'Cannot log in, password reset, locked account, two-factor codes',
		rolloutMode: 'auto',
		examples: [
			'I cannot log in to my account',
			'I forgot my password',
			'The password reset email never arrives',
			'My account is locked after too many attempts',
			'I am not getting the two-factor code',
			'How do I change the email I sign in with?',
			'It says my login details are invalid',
			'I got a new phone and lost my authenticator app',
		],
	},
];

/** Paraphrases written separately from the examples above, with their intent. */
export const HELD_OUT: Array<[string, string]> = [
	['Could you give me my money back for the broken kettle?', 'refund'],
	['I would like to be refunded for the duplicate charge', 'refund'],
	['I sent the dress back two weeks ago, when do I get my refund?', 'refund'],
	['My parcel still has not been delivered', 'order_status'],
	['Any update on when my package will arrive?', 'order_status'],
	['Where is my delivery? The tracking number shows nothing', 'order_status'],
	['The app crashes every time I try to upload a photo', 'technical_problem'],
	['I keep getting an error when saving my settings', 'technical_problem'],
	['The website will not load in my browser', 'technical_problem'],
	['I cannot sign in, it says my password is wrong', 'account_access'],
	['Please help me reset my password', 'account_access'],
	['My account got locked and I cannot log in', 'account_access'],
];
