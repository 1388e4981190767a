import type { TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineTable, genaiPricingTable } from './genai-columns.js';
import costs from './schemas/genai_infrastructure_costs_daily.json' with { type: 'json' };
import pricing from './schemas/genai_infrastructure_pricing.json' with { type: 'json' };
import usage from './schemas/genai_infrastructure_usage_raw.json' with { type: 'json' };

// Self-hosted GenAI on GPU/TPU instances: hourly instance prices, daily instance usage, daily cost.

/** `genai_infrastructure_pricing`: GPU/TPU instance prices for self-hosted models. */
export const genaiInfrastructurePricing: TableDef = genaiPricingTable(pricing, {
  name: 'genai_infrastructure_pricing',
  description: 'Hourly GPU/TPU/accelerator instance prices for self-hosted GenAI workloads.',
  version: 1,
  after: { hourly_rate: [currency] },
  clusterBy: ['provider', 'instance_type'],
});

/** Columns of the usage and cost tables, declared once for both. */
const instance = {
  provider: col('provider', 'STRING', 'Infrastructure provider.', true),
  resourceType: col('resource_type', 'STRING', 'gpu | tpu | inferentia | trainium.', true),
  instanceType: col('instance_type', 'STRING', 'Instance type.', true),
  gpuType: col('gpu_type', 'STRING', 'Accelerator model.'),
  region: col('region', 'STRING', 'Cloud region.'),
  pricingType: col('pricing_type', 'STRING', 'on_demand | spot | reserved_1yr | reserved_3yr.'),
  instanceHours: col('instance_hours', 'NUMERIC', 'Instance-hours consumed.'),
};

/** `genai_infrastructure_usage_raw`: daily instance-hours of GenAI accelerator instances. */
export const genaiInfrastructureUsageRaw: TableDef = genaiPipelineTable(usage, {
  name: 'genai_infrastructure_usage_raw',
  description: 'Daily usage of GPU/TPU instances running GenAI workloads.',
  version: 1,
  after: {
    usage_date: [instance.provider, instance.resourceType, instance.instanceType],
    instance_id: [instance.gpuType],
    gpu_count: [instance.region, instance.pricingType],
    instance_count: [instance.instanceHours],
  },
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'instance_type'],
});

/** `genai_infrastructure_costs_daily`: instance usage priced with genai_infrastructure_pricing. */
export const genaiInfrastructureCostsDaily: TableDef = genaiPipelineTable(costs, {
  name: 'genai_infrastructure_costs_daily',
  description: 'Daily GenAI infrastructure cost: instance usage priced with genai_infrastructure_pricing.',
  version: 1,
  after: { cost_date: Object.values(instance) },
  append: [currency],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'instance_type'],
});
