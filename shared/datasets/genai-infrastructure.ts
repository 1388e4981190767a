import type { TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineColumns, pricingValidity } from './genai-columns.js';
import { lineageColumns } from './lineage.js';

// Self-hosted GenAI on GPU/TPU instances: hourly instance prices, daily instance usage, daily cost.

/** `genai_infrastructure_pricing`: GPU/TPU instance prices for self-hosted models. */
export const genaiInfrastructurePricing: TableDef = {
  name: 'genai_infrastructure_pricing',
  description: 'Hourly GPU/TPU/accelerator instance prices for self-hosted GenAI workloads.',
  version: 1,
  columns: [
    col('provider', 'STRING', 'Infrastructure provider, e.g. gcp, aws, azure, coreweave.', true),
    col('resource_type', 'STRING', 'gpu | tpu | inferentia | trainium.', true),
    col('instance_type', 'STRING', 'Instance type, e.g. a3-highgpu-8g, p5.48xlarge.', true),
    col('gpu_type', 'STRING', 'Accelerator model, e.g. H100-80GB, TPU-v5e.', true),
    col('gpu_count', 'INT64', 'Accelerators per instance.'),
    col('gpu_memory_gb', 'INT64', 'Total accelerator memory per instance, GB.'),
    col('region', 'STRING', 'Cloud region.', true),
    col('hourly_rate', 'NUMERIC', 'On-demand price per instance-hour.', true),
    currency,
    col('spot_discount_pct', 'NUMERIC', 'Spot / preemptible discount, in percent.'),
    col('reserved_1yr_discount_pct', 'NUMERIC', '1-year commitment discount, in percent.'),
    col('reserved_3yr_discount_pct', 'NUMERIC', '3-year commitment discount, in percent.'),
    ...pricingValidity,
    ...lineageColumns,
  ],
  clusterBy: ['provider', 'instance_type'],
};

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
export const genaiInfrastructureUsageRaw: TableDef = {
  name: 'genai_infrastructure_usage_raw',
  description: 'Daily usage of GPU/TPU instances running GenAI workloads.',
  version: 1,
  columns: [
    col('usage_date', 'DATE', 'Day of usage (UTC).', true),
    instance.provider,
    instance.resourceType,
    instance.instanceType,
    col('instance_id', 'STRING', 'Provider instance id.'),
    instance.gpuType,
    col('gpu_count', 'INT64', 'Accelerators per instance.'),
    instance.region,
    instance.pricingType,
    col('instance_count', 'INT64', 'Instances running.'),
    instance.instanceHours,
    col('gpu_hours', 'NUMERIC', 'Accelerator-hours (instance_hours x gpu_count).'),
    col('avg_gpu_utilization_pct', 'NUMERIC', 'Average accelerator utilization, in percent.'),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'instance_type'],
};

/** `genai_infrastructure_costs_daily`: instance usage priced with genai_infrastructure_pricing. */
export const genaiInfrastructureCostsDaily: TableDef = {
  name: 'genai_infrastructure_costs_daily',
  description: 'Daily GenAI infrastructure cost: instance usage priced with genai_infrastructure_pricing.',
  version: 1,
  columns: [
    col('cost_date', 'DATE', 'Day of usage (UTC).', true),
    instance.provider,
    instance.resourceType,
    instance.instanceType,
    instance.gpuType,
    instance.region,
    instance.pricingType,
    instance.instanceHours,
    col('gpu_hours', 'NUMERIC', 'Accelerator-hours consumed.'),
    col('hourly_rate', 'NUMERIC', 'Effective price per instance-hour applied.'),
    col('list_cost', 'NUMERIC', 'Cost at on-demand rates.', true),
    col('discount_pct', 'NUMERIC', 'Spot / reserved discount applied, in percent.'),
    col('total_cost', 'NUMERIC', 'Cost after discounts.', true),
    currency,
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'instance_type'],
};
