export * from './base';
export * from './helpscout';
export * from './mcpServer';
export * from './shopify';
export * from './stripe';
export * from './zendesk';
export * from './faultProxy';
export * from './returnsApi';
