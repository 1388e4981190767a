import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineTable, genaiPricingTable } from './genai-columns.js';
import costs from './schemas/genai_commitment_costs_daily.json' with { type: 'json' };
import pricing from './schemas/genai_commitment_pricing.json' with { type: 'json' };
import usage from './schemas/genai_commitment_usage_raw.json' with { type: 'json' };

// GenAI provisioned-throughput commitments (Azure PTU, Bedrock PT, Vertex GSU): prices, daily usage, daily cost.

/** `genai_commitment_pricing`: provisioned-throughput prices (Azure PTU, Bedrock PT, Vertex GSU). */
export const genaiCommitmentPricing: TableDef = genaiPricingTable(pricing, {
  name: 'genai_commitment_pricing',
  description: 'GenAI provisioned-throughput commitment prices per provider, model, unit and region.',
  version: 1,
  after: { monthly_rate: [currency] },
  clusterBy: ['provider', 'model'],
});

/** What a day of commitment usage is about: the deployment, its model and its provisioned units. */
const commitmentKeys: readonly Column[] = [
  col('provider', 'STRING', 'Provider.', true),
  col('commitment_type', 'STRING', 'ptu | provisioned_throughput | gsu.', true),
  col('commitment_id', 'STRING', 'Provider deployment / reservation id.'),
  col('model', 'STRING', 'Model served.', true),
  col('region', 'STRING', 'Deployment region.'),
  col('provisioned_units', 'INT64', 'Units provisioned.'),
];

/** `genai_commitment_usage_raw`: daily provisioned units and utilization per commitment. */
export const genaiCommitmentUsageRaw: TableDef = genaiPipelineTable(usage, {
  name: 'genai_commitment_usage_raw',
  description: 'Daily GenAI provisioned-throughput usage: units provisioned, hours active and utilization.',
  version: 1,
  after: { usage_date: commitmentKeys },
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'model'],
});

/** `genai_commitment_costs_daily`: commitment usage priced with genai_commitment_pricing. */
export const genaiCommitmentCostsDaily: TableDef = genaiPipelineTable(costs, {
  name: 'genai_commitment_costs_daily',
  description:
    'Daily GenAI commitment cost: genai_commitment_usage_raw priced with genai_commitment_pricing.',
  version: 1,
  after: { cost_date: commitmentKeys },
  append: [currency],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'model'],
});
