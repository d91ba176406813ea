export * from './base';
export * from './mcpServer';
export * from './shopify';
export * from './stripe';
export * from './zendesk';
