import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineColumns } from './genai-columns.js';

// The payg, commitment and infrastructure GenAI flows in one shape: cost (input of the FOCUS conversion) and usage.

/** What a unified row is about, in the flows' common terms (NULL where a flow has no such thing). */
const flowDimensions: readonly Column[] = [
  col('cost_flow', 'STRING', 'payg | commitment | infrastructure.', true),
  col('provider', 'STRING', 'GenAI or infrastructure provider.', true),
  col('model', 'STRING', 'Model id (payg, commitment).'),
  col('instance_type', 'STRING', 'Instance type (infrastructure).'),
  col('gpu_type', 'STRING', 'Accelerator model (infrastructure).'),
  col('region', 'STRING', 'Region.'),
  col('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or equivalent.'),
  col('api_key_id', 'STRING', 'Provider API key id.'),
  col('usage_kind', 'STRING', 'Usage kind (payg).'),
];

/** `genai_costs_daily_unified`: the three GenAI cost flows in one shape (input of the FOCUS conversion). */
export const genaiCostsDailyUnified: TableDef = {
  name: 'genai_costs_daily_unified',
  description:
    'Daily GenAI cost from the payg, commitment and infrastructure flows in one shape, one row per SKU price (model, token type, tier, price) and day; only priced usage.',
  version: 2,
  columns: [
    col('cost_date', 'DATE', 'Day of usage (UTC).', true),
    ...flowDimensions,
    col('service_tier', 'STRING', 'Service tier priced.'),
    col('is_batch', 'BOOL', 'Batch discount applied.'),
    col('token_type', 'STRING', 'Billable bucket (payg), e.g. input, cached_input, output.'),
    col('sku_id', 'STRING', 'FOCUS SkuId: provider/model/token type.', true),
    col(
      'sku_price_id',
      'STRING',
      'FOCUS SkuPriceId: the SKU with the dated price, tier and batch applied.',
      true,
    ),
    col('price_source', 'STRING', 'default | custom (org override).'),
    col('usage_quantity', 'NUMERIC', 'Priced quantity in usage_unit.', true),
    col('usage_unit', 'STRING', 'Unit of usage_quantity, e.g. Tokens, Images, Unit-Hours, GPU-Hours.', true),
    col('list_unit_price', 'BIGNUMERIC', 'Public price per usage_unit.'),
    col('unit_price', 'BIGNUMERIC', 'Price per usage_unit applied.'),
    col('list_cost', 'BIGNUMERIC', 'Cost at list prices.', true),
    col('total_cost', 'BIGNUMERIC', 'Cost after overrides and discounts.', true),
    currency,
    col('source_table', 'STRING', 'Flow table the row came from, e.g. genai_payg_costs_daily.', true),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['cost_flow', 'provider', 'model'],
};

/** `genai_usage_daily_unified`: the three GenAI usage flows in one shape (usage dashboards). */
export const genaiUsageDailyUnified: TableDef = {
  name: 'genai_usage_daily_unified',
  description: 'Daily GenAI usage from the payg, commitment and infrastructure flows in one shape.',
  version: 2,
  columns: [
    col('usage_date', 'DATE', 'Day of usage (UTC).', true),
    ...flowDimensions,
    col('service_tier', 'STRING', 'Service tier.'),
    col('is_batch', 'BOOL', 'Batch usage.'),
    col('input_tokens', 'INT64', 'Uncached text input tokens.'),
    col('cached_input_tokens', 'INT64', 'Input tokens read from the prompt cache.'),
    col('cache_write_tokens', 'INT64', 'Input tokens written to the prompt cache (5m + 1h).'),
    col('audio_input_tokens', 'INT64', 'Audio input tokens.'),
    col('image_input_tokens', 'INT64', 'Image input tokens.'),
    col('output_tokens', 'INT64', 'Output tokens (reasoning included, audio excluded).'),
    col('audio_output_tokens', 'INT64', 'Audio output tokens.'),
    col('reasoning_tokens', 'INT64', 'Reasoning tokens (inside output_tokens).'),
    col('total_tokens', 'INT64', 'All tokens.'),
    col('request_count', 'INT64', 'API requests.'),
    col('images', 'NUMERIC', 'Images generated.'),
    col('characters', 'NUMERIC', 'Characters synthesised.'),
    col('seconds', 'NUMERIC', 'Seconds transcribed.'),
    col('provisioned_units', 'INT64', 'Provisioned units (commitment).'),
    col('utilization_pct', 'NUMERIC', 'Average utilization, in percent (commitment, infrastructure).'),
    col('gpu_hours', 'NUMERIC', 'Accelerator-hours (infrastructure).'),
    col('source_table', 'STRING', 'Flow table the row came from, e.g. genai_payg_usage_raw.', true),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['cost_flow', 'provider', 'model'],
};
