import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineColumns, pricingValidity } from './genai-columns.js';
import { lineageColumns } from './lineage.js';

// GenAI provisioned-throughput commitments (Azure PTU, Bedrock PT, Vertex GSU): prices, daily usage, daily cost.

/** `genai_commitment_pricing`: provisioned-throughput prices (Azure PTU, Bedrock PT, Vertex GSU). */
export const genaiCommitmentPricing: TableDef = {
  name: 'genai_commitment_pricing',
  description: 'GenAI provisioned-throughput commitment prices per provider, model, unit and region.',
  version: 1,
  columns: [
    col('provider', 'STRING', 'Provider, e.g. azure_openai, aws_bedrock, gcp_vertex.', true),
    col('commitment_type', 'STRING', 'ptu | provisioned_throughput | gsu.', true),
    col('model', 'STRING', 'Model covered by the commitment.', true),
    col('unit_name', 'STRING', 'Commitment unit variant, e.g. gpt-4o-ptu-global.'),
    col('region', 'STRING', 'Deployment region.', true),
    col('hourly_rate', 'NUMERIC', 'Price per unit-hour.'),
    col('monthly_rate', 'NUMERIC', 'Price per unit-month (reserved term pricing).'),
    currency,
    col('min_units', 'INT64', 'Minimum units per deployment.'),
    col('term_months', 'INT64', 'Commitment term in months; NULL for hourly.'),
    col('tokens_per_unit_minute', 'INT64', 'Approximate throughput of one unit, tokens per minute.'),
    col('term_discount_pct', 'NUMERIC', 'Discount for the term, in percent.'),
    ...pricingValidity,
    ...lineageColumns,
  ],
  clusterBy: ['provider', 'model'],
};

/** What a day of commitment usage is about: the deployment, its model and its provisioned units. */
const commitmentKeys: readonly Column[] = [
  col('provider', 'STRING', 'Provider.', true),
  col('commitment_type', 'STRING', 'ptu | provisioned_throughput | gsu.', true),
  col('commitment_id', 'STRING', 'Provider deployment / reservation id.'),
  col('model', 'STRING', 'Model served.', true),
  col('region', 'STRING', 'Deployment region.'),
  col('provisioned_units', 'INT64', 'Units provisioned.'),
];

/** Token and request counts served through a commitment. */
const tokenCounts: readonly Column[] = [
  col('input_tokens', 'INT64', 'Input (prompt) tokens, excluding cached ones.'),
  col('output_tokens', 'INT64', 'Output (completion) tokens.'),
  col('cached_input_tokens', 'INT64', 'Input tokens read from the prompt cache.'),
  col('cache_write_tokens', 'INT64', 'Input tokens written to the prompt cache.'),
  col('total_tokens', 'INT64', 'All tokens of the row.'),
  col('request_count', 'INT64', 'API requests.'),
];

/** `genai_commitment_usage_raw`: daily provisioned units and utilization per commitment. */
export const genaiCommitmentUsageRaw: TableDef = {
  name: 'genai_commitment_usage_raw',
  description: 'Daily GenAI provisioned-throughput usage: units provisioned, hours active and utilization.',
  version: 1,
  columns: [
    col('usage_date', 'DATE', 'Day of usage (UTC).', true),
    ...commitmentKeys,
    col('hours_active', 'NUMERIC', 'Hours the units were provisioned on this day.'),
    col('utilization_pct', 'NUMERIC', 'Average utilization of the provisioned units, in percent.'),
    ...tokenCounts,
    ...genaiPipelineColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'model'],
};

/** `genai_commitment_costs_daily`: commitment usage priced with genai_commitment_pricing. */
export const genaiCommitmentCostsDaily: TableDef = {
  name: 'genai_commitment_costs_daily',
  description:
    'Daily GenAI commitment cost: genai_commitment_usage_raw priced with genai_commitment_pricing.',
  version: 1,
  columns: [
    col('cost_date', 'DATE', 'Day of usage (UTC).', true),
    ...commitmentKeys,
    col('hours_active', 'NUMERIC', 'Unit-hours are provisioned_units x hours_active.'),
    col('utilization_pct', 'NUMERIC', 'Average utilization, in percent.'),
    col('total_tokens', 'INT64', 'Tokens served through the commitment.'),
    col('request_count', 'INT64', 'Requests served.'),
    col('commitment_cost', 'NUMERIC', 'Cost of the provisioned units for the day.', true),
    col('used_cost', 'NUMERIC', 'Share of commitment_cost covered by utilization.'),
    col('unused_cost', 'NUMERIC', 'Share of commitment_cost not utilized.'),
    col('overage_cost', 'NUMERIC', 'Spill-over usage billed pay-as-you-go.'),
    col('list_cost', 'NUMERIC', 'Cost at hourly list rates, before term discounts.'),
    col('total_cost', 'NUMERIC', 'commitment_cost + overage_cost.', true),
    currency,
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'model'],
};
