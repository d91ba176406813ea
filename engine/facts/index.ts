export * from './orderFact';
export * from './workflowFacts';
