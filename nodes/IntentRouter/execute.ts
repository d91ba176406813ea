import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendTrace, writeSection } from '../../engine/contracts';
import { normaliseTicket, type CustomMapping, type SourceSetting } from '../../engine/intake';
import { detectSentiment, detectUrgency, trainClassifier } from '../../engine/routing';
import { cachedClassifier, parseIntentDefinitions } from '../../engine/routing/intentDefinitions';
import { decideIntent } from '../../engine/routing/routeTicket';
import type { IntentClassifier, IntentDefinition } from '../../engine/routing/types';
import { escalationItem, existingCaseFile, startTrace, toNodeError, withCaseFile } from '../shared/caseFileItems';

const LAYER = 'intentRouter' as const;

interface RouterSettings {
	intents: IntentDefinition[];
	classifier: IntentClassifier;
	threshold: number;
	maxAlternatives: number;
	maxMessageLength: number;
	source: SourceSetting;
}

/** Reads and checks the node's parameters once per execution (they do not vary per item). */
function readSettings(ctx: IExecuteFunctions): RouterSettings {
	const intents = parseIntentDefinitions(ctx.getNodeParameter('intents.intent', 0, []));
	const options = ctx.getNodeParameter('options', 0, {}) as { maxMessageLength?: number; maxAlternatives?: number };
	const { classifier } = cachedClassifier(intents, { engine: 'builtin' }, () => trainClassifier(intents));
	return {
		intents,
		classifier,
		threshold: ctx.getNodeParameter('confidenceThreshold', 0) as number,
		maxAlternatives: options.maxAlternatives ?? 3,
		maxMessageLength: options.maxMessageLength ?? 20000,
		source: ctx.getNodeParameter('source', 0) as SourceSetting,
	};
}

function customMapping(ctx: IExecuteFunctions, i: number): CustomMapping {
	const get = (name: string) => ctx.getNodeParameter(name, i, undefined) as unknown;
	return {
		id: get('customId'),
		message: get('customMessage'),
		subject: get('customSubject'),
		customerEmail: get('customCustomerEmail'),
		customerName: get('customCustomerName'),
		customerId: get('customCustomerId'),
		orderRefs: get('customOrderRefs'),
		locale: get('customLocale'),
		channel: get('customChannel'),
	};
}

function routeItem(ctx: IExecuteFunctions, item: INodeExecutionData, i: number, s: RouterSettings) {
	const timer = startTrace(LAYER, ctx.getNode());
	const ticket = normaliseTicket(item.json, {
		source: s.source,
		custom: s.source === 'custom' ? customMapping(ctx, i) : undefined,
		maxMessageLength: s.maxMessageLength,
	});
	const text = ticket.subject && !ticket.message.includes(ticket.subject) ? `${ticket.subject}\n${ticket.message}` : ticket.message;
	const prediction = s.classifier.predict(text);
	const intent = decideIntent(
		prediction,
		{
			urgency: detectUrgency(ticket.message, { conversation: ticket.conversation, subject: ticket.subject }),
			sentiment: detectSentiment(ticket.message),
		},
		{ intents: s.intents, threshold: s.threshold, maxAlternatives: s.maxAlternatives, engine: 'builtin', decidedBy: 'builtin' },
	);
	let support = writeSection(existingCaseFile(item), 'ticket', ticket, LAYER);
	support = writeSection(support, 'intent', intent, LAYER);
	support = appendTrace(
		support,
		timer.finish({ engine: 'builtin', outcome: intent.route === 'intent' ? `routed:${intent.category}` : 'human', contractErrors: [] }),
	);
	const output = intent.route === 'intent' ? s.intents.findIndex((d) => d.name === intent.category) : s.intents.length;
	return { output, item: withCaseFile(item, support, i) };
}

/**
 * Routes every item to its intent's output, or to the last output (Human). Bad input stops the
 * workflow with an error that names the field, unless the node is set to continue on error: then
 * the item goes to Human with the reason, so no ticket is lost.
 */
export async function executeIntentRouter(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const configured = ((this.getNodeParameter('intents.intent', 0, []) as unknown[]) ?? []).length;
	const outputs: INodeExecutionData[][] = Array.from({ length: configured + 1 }, () => []);
	const human = outputs.length - 1;

	let settings: RouterSettings | undefined;
	try {
		settings = readSettings(this);
	} catch (error) {
		if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, 0, LAYER);
		items.forEach((item, i) => outputs[human].push(escalationItem(item, i, error, LAYER, startTrace(LAYER, this.getNode()))));
		return outputs;
	}

	for (let i = 0; i < items.length; i++) {
		try {
			const routed = routeItem(this, items[i], i, settings);
			outputs[routed.output].push(routed.item);
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, i, LAYER);
			outputs[human].push(escalationItem(items[i], i, error, LAYER, startTrace(LAYER, this.getNode())));
		}
	}
	return outputs;
}
