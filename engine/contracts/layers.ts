/**
 * The layers (by their node display names), and which case-file section each one writes. Error
 * messages use these names so an operator reading an execution log knows which node to open.
 */
export const LAYERS = {
	intentRouter: 'Support Intent Router',
	policyRetriever: 'Support Policy Retriever',
	/** Optional: maps order and customer facts from any n8n node before it into `context.facts`. */
	caseFacts: 'Support Case Facts',
	specialistPlanner: 'Support Specialist Planner',
	// n8n ships its own "Tool Executor" (LangChain); ours must not be mistaken for it in the node panel.
	toolExecutor: 'Support Action Executor',
	critic: 'Support Critic',
	escalationPackager: 'Support Escalation Packager',
} as const;

export type LayerId = keyof typeof LAYERS;

export const SECTION_WRITERS = {
	ticket: 'intentRouter',
	intent: 'intentRouter',
	context: 'policyRetriever',
	plan: 'specialistPlanner',
	review: 'critic',
	execution: 'toolExecutor',
	handoff: 'escalationPackager',
} as const satisfies Record<string, LayerId>;

export type SectionName = keyof typeof SECTION_WRITERS;
export const SECTION_NAMES = Object.keys(SECTION_WRITERS) as SectionName[];
