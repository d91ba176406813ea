/** The few execution-layer pieces the pipeline reads, in one place. */
export { DEFAULT_SHOPIFY_API_VERSION, type Connectors } from '../execution';
export { jsonBody as jsonBodyOf } from '../execution/http';
