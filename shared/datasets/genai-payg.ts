import type { TableDef } from '../ports/warehouse/schema.js';
import { tableFromSchema } from '../ports/warehouse/tables/schema-file.js';
import { currency } from './columns.js';
import { genaiPipelineTable, genaiPricingTable } from './genai-columns.js';
import billedCosts from './schemas/genai_payg_billed_costs_daily.json' with { type: 'json' };
import costs from './schemas/genai_payg_costs_daily.json' with { type: 'json' };
import pricing from './schemas/genai_payg_pricing.json' with { type: 'json' };
import usage from './schemas/genai_payg_usage_raw.json' with { type: 'json' };
import imports from './schemas/genai_usage_imports.json' with { type: 'json' };

// Pay-as-you-go GenAI: per-token prices, provider usage buckets, their priced cost, what the provider bills, and
// usage imported through the API (genai_usage_imports, written by the API: no x_* columns).

/** `genai_payg_pricing`: per-token list prices (and org overrides) per provider, model and region. */
export const genaiPaygPricing: TableDef = genaiPricingTable(pricing, {
  name: 'genai_payg_pricing',
  description: 'Pay-as-you-go GenAI token prices per provider, model and region.',
  version: 1,
  after: { volume_discount_pct: [currency] },
  clusterBy: ['provider', 'model'],
});

/** `genai_payg_usage_raw`: one row per provider usage bucket (day × kind × model × project/workspace × key × tier). */
export const genaiPaygUsageRaw: TableDef = genaiPipelineTable(usage, {
  name: 'genai_payg_usage_raw',
  description:
    'Pay-as-you-go GenAI usage as read from the provider usage APIs or imports, one row per provider bucket, tokens split into disjoint billable buckets.',
  version: 2,
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'model'],
});

/** `genai_payg_costs_daily`: each usage bucket priced per token type with the price valid on its day. */
export const genaiPaygCostsDaily: TableDef = genaiPipelineTable(costs, {
  name: 'genai_payg_costs_daily',
  description:
    'Pay-as-you-go GenAI cost: one row per usage bucket and token type, priced with the price (default or org override) valid on the usage day; unpriced usage is kept with its reason and no cost.',
  version: 2,
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'model'],
});

/** `genai_payg_billed_costs_daily`: what the provider itself bills (OpenAI Costs API, Anthropic cost report). */
export const genaiPaygBilledCostsDaily: TableDef = genaiPipelineTable(billedCosts, {
  name: 'genai_payg_billed_costs_daily',
  description:
    'Provider-billed GenAI cost per day, project/workspace and line item, kept beside the computed cost for reconciliation.',
  version: 1,
  after: { amount: [currency] },
  partitionBy: 'cost_date',
  clusterBy: ['provider'],
});

/** `genai_usage_imports`: usage rows imported through the API (DeepSeek, or cloud-billed GenAI as a file). */
export const genaiUsageImports: TableDef = tableFromSchema(imports, {
  name: 'genai_usage_imports',
  description:
    'GenAI usage imported through the API, validated row by row; read by the usage pipelines of providers without a usage API.',
  version: 1,
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'credential_id'],
});
