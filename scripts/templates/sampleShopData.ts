/**
 * Writes workflows/support-sample-shop-data.json: keeps the sample shop (an n8n Data Table of orders
 * and their customers) inside n8n, so the webhook pipeline resolves tickets with no API key.
 * `npm start` POSTs the rows (dates relative to that moment) to its webhook on every start: the table
 * is created if missing and every order is upserted by its number, so return windows stay current.
 *   npx tsx scripts/templates/sampleShopData.ts
 */
import { SAMPLE_COLUMNS, SAMPLE_TABLE } from '../sampleShop';
import { GRID, templateBuilder, to, workflowFile, writeTemplate } from './pipelineLayers';

const SAMPLE_DATA_WEBHOOK_PATH = 'support-sample-shop-data';

const b = templateBuilder('support-sample-shop-data');
const { node, sticky, uid } = b;
const N = {
	webhook: 'Sample data webhook',
	create: 'Create the orders table',
	rows: 'Rows from the request',
	split: 'One item per order',
	upsert: 'Upsert order',
	count: 'Count',
};
const y = GRID.row;

const nodes = [
	node(N.webhook, 'n8n-nodes-base.webhook', 2.1, [0, y], { httpMethod: 'POST', path: SAMPLE_DATA_WEBHOOK_PATH, authentication: 'headerAuth', responseMode: 'lastNode', options: {} }, {
		webhookId: uid('webhookId'),
		credentials: { httpHeaderAuth: { id: 'supportWebhookAuth', name: 'Support webhook auth' } },
	}),
	node(N.create, 'n8n-nodes-base.dataTable', 1.1, [340, y], {
		resource: 'table',
		operation: 'create',
		tableName: SAMPLE_TABLE,
		columns: { column: SAMPLE_COLUMNS.map((c) => ({ name: c.name, type: c.type })) },
		options: { createIfNotExists: true },
	}),
	node(N.rows, 'n8n-nodes-base.set', 3.4, [680, y], { mode: 'raw', jsonOutput: `={{ JSON.stringify({ orders: $('${N.webhook}').item.json.body.orders }) }}`, options: {} }),
	node(N.split, 'n8n-nodes-base.splitOut', 1, [1020, y], { fieldToSplitOut: 'orders', options: {} }),
	node(N.upsert, 'n8n-nodes-base.dataTable', 1.1, [1360, y], {
		resource: 'row',
		operation: 'upsert',
		dataTableId: { __rl: true, mode: 'name', value: SAMPLE_TABLE },
		matchType: 'allConditions',
		filters: { conditions: [{ keyName: 'order_number', condition: 'eq', keyValue: '={{ $json.order_number }}' }] },
		columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
		options: {},
	}),
	node(N.count, 'n8n-nodes-base.set', 3.4, [1700, y], { mode: 'raw', jsonOutput: `={{ JSON.stringify({ table: '${SAMPLE_TABLE}', orders: $input.all().length }) }}`, options: {} }, { executeOnce: true }),
	sticky('Sticky Note Sample Data', [-60, -40], 1900, 300, [
		'## Sample shop data for the support pipeline',
		`Keeps about 30 sample orders and their customers in the n8n Data Table **${SAMPLE_TABLE}** (Overview > Data tables), which the *Support pipeline (webhook)* template looks orders up in. \`npm start\` calls this webhook on every start with dates relative to that moment, so "delivered 5 days ago" stays inside the return window.`,
		'Replace the lookup in the pipeline with your own shop (Shopify, WooCommerce, a database, a sheet) when you go live; this workflow can then be deleted.',
	].join('\n'), 7),
];

const connections = {
	[N.webhook]: { main: [[to(N.create)]] },
	[N.create]: { main: [[to(N.rows)]] },
	[N.rows]: { main: [[to(N.split)]] },
	[N.split]: { main: [[to(N.upsert)]] },
	[N.upsert]: { main: [[to(N.count)]] },
};

const workflow = workflowFile('SupSampleShop01', 'Support sample shop data (Data Table seed)', nodes, connections);
process.stdout.write(`wrote ${writeTemplate('support-sample-shop-data.json', workflow)}\n`);
