import type { Column, TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineTable } from './genai-columns.js';
import costs from './schemas/genai_costs_daily_unified.json' with { type: 'json' };
import usage from './schemas/genai_usage_daily_unified.json' with { type: 'json' };

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
export const genaiCostsDailyUnified: TableDef = genaiPipelineTable(costs, {
  name: 'genai_costs_daily_unified',
  description:
    'Daily GenAI cost from the payg, commitment and infrastructure flows in one shape, one row per SKU price (model, token type, tier, price) and day; only priced usage.',
  version: 2,
  after: { cost_date: flowDimensions, total_cost: [currency] },
  partitionBy: 'cost_date',
  clusterBy: ['cost_flow', 'provider', 'model'],
});

/** `genai_usage_daily_unified`: the three GenAI usage flows in one shape (usage dashboards). */
export const genaiUsageDailyUnified: TableDef = genaiPipelineTable(usage, {
  name: 'genai_usage_daily_unified',
  description: 'Daily GenAI usage from the payg, commitment and infrastructure flows in one shape.',
  version: 2,
  after: { usage_date: flowDimensions },
  partitionBy: 'usage_date',
  clusterBy: ['cost_flow', 'provider', 'model'],
});
