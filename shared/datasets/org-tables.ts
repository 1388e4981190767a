import type { Column, ColumnType, TableDef } from '../ports/warehouse/schema.js';
import { cloudProviderColumns, genaiProviderColumns, hierarchyColumns, lineageColumns } from './lineage.js';

// Per-org warehouse tables other than the two FOCUS tables (seed "Per-Org Tables"). Money is NUMERIC with a
// `currency` column beside it, token and request counts INT64, fractional quantities (hours, units) NUMERIC.
// Usage and cost tables are partitioned by their usage/cost date; small reference tables (plans, pricing) are
// not partitioned. subscription_plans is written by the API (plans entered by hand), so it has no x_* columns;
// every other table is written by pipelines and carries the lineage columns.

const c = (name: string, type: ColumnType, description: string, required = false): Column =>
  required ? { name, type, mode: 'REQUIRED', description } : { name, type, description };

const currency = c('currency', 'STRING', 'ISO 4217 currency of the money columns.', true);
const genaiPipelineColumns: readonly Column[] = [
  ...lineageColumns,
  ...genaiProviderColumns,
  ...hierarchyColumns,
];
const pricingValidity: readonly Column[] = [
  c('effective_from', 'DATE', 'First day the price applies.', true),
  c('effective_to', 'DATE', 'Last day the price applies; NULL while current.'),
  c('status', 'STRING', 'active | deprecated | preview.'),
  c('is_override', 'BOOL', 'True when the org negotiated this price (overrides the public list price).'),
  c('notes', 'STRING', 'Free text, e.g. the contract reference of an override.'),
];
const tokenCounts: readonly Column[] = [
  c('input_tokens', 'INT64', 'Input (prompt) tokens, excluding cached ones.'),
  c('output_tokens', 'INT64', 'Output (completion) tokens.'),
  c('cached_input_tokens', 'INT64', 'Input tokens read from the prompt cache.'),
  c('cache_write_tokens', 'INT64', 'Input tokens written to the prompt cache.'),
  c('total_tokens', 'INT64', 'All tokens of the row.'),
  c('request_count', 'INT64', 'API requests.'),
];

// ---------------------------------------------------------------------------------------------- SaaS

/** `subscription_plans`: SaaS subscriptions entered by hand through the API (no pipeline lineage). */
export const subscriptionPlans: TableDef = {
  name: 'subscription_plans',
  description: 'SaaS subscription plans of the org, maintained through the API.',
  version: 1,
  columns: [
    c('org_slug', 'STRING', 'Organization slug that owns the plan.', true),
    c('subscription_id', 'STRING', 'Primary key of the subscription.', true),
    c('provider', 'STRING', 'SaaS vendor slug, e.g. slack, chatgpt_team, figma.', true),
    c('plan_name', 'STRING', 'Plan tier, e.g. pro, team, enterprise.', true),
    c('display_name', 'STRING', 'Human-readable name for reports.'),
    c('category', 'STRING', 'Functional category, e.g. ai, devops, design, productivity.'),
    c('status', 'STRING', 'active | cancelled | expired.', true),
    c('start_date', 'DATE', 'First day costs accrue.', true),
    c('end_date', 'DATE', 'Last day costs accrue; NULL while open-ended.'),
    c('billing_cycle', 'STRING', 'monthly | quarterly | semi-annual | annual.', true),
    c('billing_anchor_day', 'INT64', 'Day of month (1-28) a cycle starts; NULL = calendar-aligned.'),
    c('pricing_model', 'STRING', 'PER_SEAT (unit_price x seats) | FLAT_FEE (unit_price).', true),
    c('seats', 'INT64', 'Licensed seats (PER_SEAT plans).'),
    c('unit_price', 'NUMERIC', 'Price per billing cycle (per seat for PER_SEAT), in currency.', true),
    currency,
    c('discount_type', 'STRING', 'percent | fixed; NULL when no discount.'),
    c('discount_value', 'NUMERIC', 'Discount per cycle: percentage points or an amount in currency.'),
    c('auto_renew', 'BOOL', 'Whether the plan renews at end_date.'),
    c('renewal_date', 'DATE', 'Next renewal date.'),
    c('contract_id', 'STRING', 'Vendor contract reference.'),
    c('invoice_id_last', 'STRING', 'Most recent vendor invoice id.'),
    c('owner_email', 'STRING', 'Budget owner notified about the plan.'),
    c('notes', 'STRING', 'Free-text notes.'),
    c(
      'hierarchy_entity_id',
      'STRING',
      'Hierarchy entity the plan is allocated to (copied to x_hierarchy_* on costs).',
    ),
    c('hierarchy_entity_name', 'STRING', 'Display name of the hierarchy entity.'),
    c('hierarchy_level_code', 'STRING', 'department | project | team.'),
    c('hierarchy_path', 'STRING', 'Entity ids from the root, e.g. /DEPT-001/PROJ-001.'),
    c('hierarchy_path_names', 'STRING', 'Entity names from the root.'),
    c('created_at', 'TIMESTAMP', 'When the plan was created.', true),
    c('updated_at', 'TIMESTAMP', 'When the plan was last changed.', true),
  ],
  clusterBy: ['provider'],
};

/** `subscription_plan_costs_daily`: each plan's cost spread over the days of its billing cycles. */
export const subscriptionPlanCostsDaily: TableDef = {
  name: 'subscription_plan_costs_daily',
  description:
    'Daily amortized cost per SaaS subscription, expanded from subscription_plans by billing cycle.',
  version: 2,
  columns: [
    c('cost_date', 'DATE', 'Day the cost applies to.', true),
    c('subscription_id', 'STRING', 'subscription_plans.subscription_id.', true),
    c('provider', 'STRING', 'SaaS vendor slug.', true),
    c('plan_name', 'STRING', 'Plan tier.', true),
    c('display_name', 'STRING', 'Human-readable name.'),
    c('category', 'STRING', 'Functional category of the tool.'),
    c('billing_cycle', 'STRING', 'monthly | quarterly | semi-annual | annual.', true),
    c('pricing_model', 'STRING', 'PER_SEAT | FLAT_FEE.', true),
    c('seats', 'INT64', 'Seats billed on this day.'),
    c('cycle_start_date', 'DATE', 'First day of the billing cycle containing cost_date.', true),
    c('cycle_end_date', 'DATE', 'Last day of the billing cycle containing cost_date.', true),
    c('days_in_cycle', 'INT64', 'Days in the billing cycle.', true),
    c('is_prorated', 'BOOL', 'True when the cycle is cut by start_date or end_date.'),
    c('cycle_cost', 'NUMERIC', 'Cost of the whole cycle after discounts.', true),
    c('list_cycle_cost', 'NUMERIC', 'Cost of the whole cycle before discounts.'),
    c('daily_cost', 'NUMERIC', 'cycle_cost spread over the days of the cycle.', true),
    c('daily_list_cost', 'NUMERIC', 'list_cycle_cost spread over the days of the cycle.'),
    c(
      'billed_cost',
      'NUMERIC',
      "What the cycle is invoiced (its days' costs summed, prorated) on the cycle's first day; 0 on other days.",
    ),
    currency,
    ...lineageColumns,
    ...hierarchyColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'subscription_id'],
};

// --------------------------------------------------------------------------------------- GenAI PAYG

/** `genai_payg_pricing`: per-token list prices (and org overrides) per provider, model and region. */
export const genaiPaygPricing: TableDef = {
  name: 'genai_payg_pricing',
  description: 'Pay-as-you-go GenAI token prices per provider, model and region.',
  version: 1,
  columns: [
    c('provider', 'STRING', 'GenAI provider, e.g. openai, anthropic, gemini.', true),
    c('model', 'STRING', 'Model id as the provider reports it, e.g. gpt-4o.', true),
    c('model_family', 'STRING', 'Model family for grouping, e.g. gpt-4o, claude-sonnet.'),
    c('region', 'STRING', 'Deployment region; global when not regional.', true),
    c('input_per_1m', 'NUMERIC', 'Price per 1M input tokens.', true),
    c('output_per_1m', 'NUMERIC', 'Price per 1M output tokens.', true),
    c('cached_input_per_1m', 'NUMERIC', 'Price per 1M cached input tokens.'),
    c('cache_write_per_1m', 'NUMERIC', 'Price per 1M tokens written to the prompt cache.'),
    c('batch_input_per_1m', 'NUMERIC', 'Batch API price per 1M input tokens.'),
    c('batch_output_per_1m', 'NUMERIC', 'Batch API price per 1M output tokens.'),
    c('volume_discount_pct', 'NUMERIC', 'Negotiated discount on the total, in percent.'),
    currency,
    c('context_window', 'INT64', 'Maximum context window in tokens.'),
    c('max_output_tokens', 'INT64', 'Maximum output tokens per request.'),
    ...pricingValidity,
    ...lineageColumns,
  ],
  clusterBy: ['provider', 'model'],
};

/** `genai_payg_usage_raw`: one row per provider usage bucket (day × kind × model × project/workspace × key × tier). */
export const genaiPaygUsageRaw: TableDef = {
  name: 'genai_payg_usage_raw',
  description:
    'Pay-as-you-go GenAI usage as read from the provider usage APIs or imports, one row per provider bucket, tokens split into disjoint billable buckets.',
  version: 2,
  columns: [
    c('usage_date', 'DATE', 'Day of usage (UTC).', true),
    c(
      'provider',
      'STRING',
      'GenAI provider: openai, anthropic, gemini, deepseek, azure_openai, bedrock, vertex.',
      true,
    ),
    c(
      'usage_kind',
      'STRING',
      'completions, embeddings, moderations, images, audio_speeches, audio_transcriptions, messages, ...',
      true,
    ),
    c(
      'usage_row_id',
      'STRING',
      'Deterministic id of the bucket (kind, day and group-by values); unique per slice.',
      true,
    ),
    c(
      'model',
      'STRING',
      'Model id as the provider reports it; NULL for kinds without a model (vector stores).',
    ),
    c('model_family', 'STRING', 'Model family for grouping, e.g. gpt-4o, claude-sonnet-4-5.'),
    c('region', 'STRING', 'Deployment region or data zone, when the provider reports one.'),
    c('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or the provider equivalent.'),
    c('api_key_id', 'STRING', 'Provider API key id (never the key itself).'),
    c('user_id', 'STRING', 'Provider user id, when reported.'),
    c('service_tier', 'STRING', 'Provider service tier: default, flex, priority, scale, batch, ...'),
    c('is_batch', 'BOOL', 'True for Batch API usage (batch prices apply).'),
    c('context_window', 'STRING', 'Anthropic context window bucket (0-200k, 200k-1M).'),
    c('long_context', 'BOOL', 'True when the provider reports the long-context tier; NULL when unknown.'),
    c('image_size', 'STRING', 'Image size (images kind).'),
    c('image_source', 'STRING', 'Image source, e.g. image.generation (images kind).'),
    c('input_tokens', 'INT64', 'Uncached text input tokens (disjoint from every other input bucket).'),
    c('cached_input_tokens', 'INT64', 'Input tokens read from the prompt cache.'),
    c('cache_write_5m_tokens', 'INT64', 'Input tokens written to the 5-minute prompt cache.'),
    c('cache_write_1h_tokens', 'INT64', 'Input tokens written to the 1-hour prompt cache.'),
    c('audio_input_tokens', 'INT64', 'Uncached audio input tokens.'),
    c('image_input_tokens', 'INT64', 'Image input tokens.'),
    c('output_tokens', 'INT64', 'Text output tokens, reasoning included, audio output excluded.'),
    c('audio_output_tokens', 'INT64', 'Audio output tokens.'),
    c('reasoning_tokens', 'INT64', 'Reasoning tokens (informational: already inside output_tokens).'),
    c('total_tokens', 'INT64', 'All tokens of the row (sum of the disjoint buckets).'),
    c('request_count', 'INT64', 'Model requests in the bucket.'),
    c(
      'max_prompt_tokens_per_request',
      'INT64',
      'Largest prompt of one request, when known (long-context tier).',
    ),
    c('images', 'NUMERIC', 'Images generated (images kind).'),
    c('characters', 'NUMERIC', 'Characters synthesised (audio_speeches kind).'),
    c('seconds', 'NUMERIC', 'Seconds transcribed (audio_transcriptions kind).'),
    c('sessions', 'INT64', 'Code interpreter sessions.'),
    c('usage_bytes', 'INT64', 'Vector store bytes (a gauge).'),
    c('source_kind', 'STRING', 'usage_api | import | billing_export.', true),
    c('raw', 'JSON', 'The provider result object exactly as received.'),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'model'],
};

/** `genai_payg_costs_daily`: each usage bucket priced per token type with the price valid on its day. */
export const genaiPaygCostsDaily: TableDef = {
  name: 'genai_payg_costs_daily',
  description:
    'Pay-as-you-go GenAI cost: one row per usage bucket and token type, priced with the price (default or org override) valid on the usage day; unpriced usage is kept with its reason and no cost.',
  version: 2,
  columns: [
    c('cost_date', 'DATE', 'Day of usage (UTC).', true),
    c('provider', 'STRING', 'GenAI provider.', true),
    c('usage_kind', 'STRING', 'Usage kind of the bucket.', true),
    c('usage_row_id', 'STRING', 'genai_payg_usage_raw.usage_row_id the line prices.', true),
    c('model', 'STRING', 'Model id as reported.'),
    c('matched_model', 'STRING', 'Price-book model the name matched (family or exact snapshot).'),
    c('region', 'STRING', 'Region / data zone of the price.'),
    c('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or equivalent.'),
    c('api_key_id', 'STRING', 'Provider API key id.'),
    c('service_tier', 'STRING', 'Tier priced: default, flex, priority, scale.'),
    c('is_batch', 'BOOL', 'True when the batch discount applied.'),
    c('long_context', 'STRING', 'not_applicable | applied | not_applied | undetermined.'),
    c(
      'token_type',
      'STRING',
      'Billable bucket: input, cached_input, cache_write_5m, cache_write_1h, audio_input, image_input, output, audio_output, image, character, second, request.',
      true,
    ),
    c(
      'pricing_unit',
      'STRING',
      'FOCUS unit of quantity: Tokens, Images, Characters, Seconds, Requests.',
      true,
    ),
    c('quantity', 'NUMERIC', 'Billable quantity in pricing_unit.', true),
    c(
      'list_unit_price',
      'BIGNUMERIC',
      'Public (default price book) price per unit; the contracted price when no public price exists.',
    ),
    c(
      'unit_price',
      'BIGNUMERIC',
      'Price per unit applied (org override when one is valid, else the public price).',
    ),
    c('list_cost', 'BIGNUMERIC', 'quantity x list_unit_price, exact.'),
    c('total_cost', 'BIGNUMERIC', 'quantity x unit_price, exact; NULL when unpriced.'),
    c('currency', 'STRING', 'ISO 4217 currency of the prices; NULL when unpriced.'),
    c('price_id', 'STRING', 'Id of the dated price applied (source:provider:model:effective_from).'),
    c('list_price_id', 'STRING', 'Id of the dated public price used for list_unit_price.'),
    c('price_source', 'STRING', 'default | custom (org override).'),
    c(
      'rate_from',
      'STRING',
      'Price key whose rate was used when the entry had none of its own (e.g. input for cached_input).',
    ),
    c('pricing_status', 'STRING', 'priced | unpriced.', true),
    c('unpriced_reason', 'STRING', 'no_price | missing_rate (with the missing keys).'),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'model'],
};

/** `genai_payg_billed_costs_daily`: what the provider itself bills (OpenAI Costs API, Anthropic cost report). */
export const genaiPaygBilledCostsDaily: TableDef = {
  name: 'genai_payg_billed_costs_daily',
  description:
    'Provider-billed GenAI cost per day, project/workspace and line item, kept beside the computed cost for reconciliation.',
  version: 1,
  columns: [
    c('cost_date', 'DATE', 'Day billed (UTC).', true),
    c('provider', 'STRING', 'GenAI provider.', true),
    c('cost_row_id', 'STRING', 'Deterministic id of the provider cost bucket.', true),
    c('workspace_id', 'STRING', 'OpenAI project or Anthropic workspace.'),
    c('line_item', 'STRING', 'Provider line item / description.'),
    c('cost_type', 'STRING', 'Provider cost type (tokens, web_search, ...).'),
    c('model', 'STRING', 'Model, when the provider reports it.'),
    c('token_type', 'STRING', 'Token type, when the provider reports it.'),
    c('service_tier', 'STRING', 'Service tier, when reported.'),
    c('amount', 'BIGNUMERIC', 'Amount billed in currency units, exactly as the provider reported it.', true),
    currency,
    c('raw', 'JSON', 'The provider result object exactly as received.'),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider'],
};

/** `genai_usage_imports`: usage rows imported through the API (DeepSeek, or cloud-billed GenAI as a file). */
export const genaiUsageImports: TableDef = {
  name: 'genai_usage_imports',
  description:
    'GenAI usage imported through the API, validated row by row; read by the usage pipelines of providers without a usage API.',
  version: 1,
  columns: [
    c('org_slug', 'STRING', 'Organization slug that owns the row.', true),
    c('import_id', 'STRING', 'Import the row came from.', true),
    c('row_number', 'INT64', 'Row (1-based, header excluded) in the imported file.', true),
    c('provider', 'STRING', 'GenAI provider.', true),
    c('credential_id', 'STRING', 'Integration the usage belongs to; NULL when none.'),
    c('usage_date', 'DATE', 'Day of usage (UTC).', true),
    c('model', 'STRING', 'Model id.', true),
    c('region', 'STRING', 'Region.'),
    c('workspace_id', 'STRING', 'Project / workspace / deployment group.'),
    c('api_key_id', 'STRING', 'API key id.'),
    c('service_tier', 'STRING', 'Service tier.'),
    c('is_batch', 'BOOL', 'Batch usage.'),
    c('input_tokens', 'INT64', 'Input tokens as the provider reports them (cached included).', true),
    c('cached_input_tokens', 'INT64', 'Cached input tokens (inside input_tokens).'),
    c('cache_write_tokens', 'INT64', 'Cache-write tokens (inside input_tokens).'),
    c('output_tokens', 'INT64', 'Output tokens (reasoning included).', true),
    c('reasoning_tokens', 'INT64', 'Reasoning tokens (inside output_tokens).'),
    c('request_count', 'INT64', 'Requests.'),
    c('imported_at', 'TIMESTAMP', 'When the import was accepted.', true),
  ],
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'credential_id'],
};

// --------------------------------------------------------------------------------- GenAI commitment

/** `genai_commitment_pricing`: provisioned-throughput prices (Azure PTU, Bedrock PT, Vertex GSU). */
export const genaiCommitmentPricing: TableDef = {
  name: 'genai_commitment_pricing',
  description: 'GenAI provisioned-throughput commitment prices per provider, model, unit and region.',
  version: 1,
  columns: [
    c('provider', 'STRING', 'Provider, e.g. azure_openai, aws_bedrock, gcp_vertex.', true),
    c('commitment_type', 'STRING', 'ptu | provisioned_throughput | gsu.', true),
    c('model', 'STRING', 'Model covered by the commitment.', true),
    c('unit_name', 'STRING', 'Commitment unit variant, e.g. gpt-4o-ptu-global.'),
    c('region', 'STRING', 'Deployment region.', true),
    c('hourly_rate', 'NUMERIC', 'Price per unit-hour.'),
    c('monthly_rate', 'NUMERIC', 'Price per unit-month (reserved term pricing).'),
    currency,
    c('min_units', 'INT64', 'Minimum units per deployment.'),
    c('term_months', 'INT64', 'Commitment term in months; NULL for hourly.'),
    c('tokens_per_unit_minute', 'INT64', 'Approximate throughput of one unit, tokens per minute.'),
    c('term_discount_pct', 'NUMERIC', 'Discount for the term, in percent.'),
    ...pricingValidity,
    ...lineageColumns,
  ],
  clusterBy: ['provider', 'model'],
};

/** `genai_commitment_usage_raw`: daily provisioned units and utilization per commitment. */
export const genaiCommitmentUsageRaw: TableDef = {
  name: 'genai_commitment_usage_raw',
  description: 'Daily GenAI provisioned-throughput usage: units provisioned, hours active and utilization.',
  version: 1,
  columns: [
    c('usage_date', 'DATE', 'Day of usage (UTC).', true),
    c('provider', 'STRING', 'Provider.', true),
    c('commitment_type', 'STRING', 'ptu | provisioned_throughput | gsu.', true),
    c('commitment_id', 'STRING', 'Provider deployment / reservation id.'),
    c('model', 'STRING', 'Model served.', true),
    c('region', 'STRING', 'Deployment region.'),
    c('provisioned_units', 'INT64', 'Units provisioned.'),
    c('hours_active', 'NUMERIC', 'Hours the units were provisioned on this day.'),
    c('utilization_pct', 'NUMERIC', 'Average utilization of the provisioned units, in percent.'),
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
    c('cost_date', 'DATE', 'Day of usage (UTC).', true),
    c('provider', 'STRING', 'Provider.', true),
    c('commitment_type', 'STRING', 'ptu | provisioned_throughput | gsu.', true),
    c('commitment_id', 'STRING', 'Provider deployment / reservation id.'),
    c('model', 'STRING', 'Model served.', true),
    c('region', 'STRING', 'Deployment region.'),
    c('provisioned_units', 'INT64', 'Units provisioned.'),
    c('hours_active', 'NUMERIC', 'Unit-hours are provisioned_units x hours_active.'),
    c('utilization_pct', 'NUMERIC', 'Average utilization, in percent.'),
    c('total_tokens', 'INT64', 'Tokens served through the commitment.'),
    c('request_count', 'INT64', 'Requests served.'),
    c('commitment_cost', 'NUMERIC', 'Cost of the provisioned units for the day.', true),
    c('used_cost', 'NUMERIC', 'Share of commitment_cost covered by utilization.'),
    c('unused_cost', 'NUMERIC', 'Share of commitment_cost not utilized.'),
    c('overage_cost', 'NUMERIC', 'Spill-over usage billed pay-as-you-go.'),
    c('list_cost', 'NUMERIC', 'Cost at hourly list rates, before term discounts.'),
    c('total_cost', 'NUMERIC', 'commitment_cost + overage_cost.', true),
    currency,
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'model'],
};

// ----------------------------------------------------------------------------- GenAI infrastructure

/** `genai_infrastructure_pricing`: GPU/TPU instance prices for self-hosted models. */
export const genaiInfrastructurePricing: TableDef = {
  name: 'genai_infrastructure_pricing',
  description: 'Hourly GPU/TPU/accelerator instance prices for self-hosted GenAI workloads.',
  version: 1,
  columns: [
    c('provider', 'STRING', 'Infrastructure provider, e.g. gcp, aws, azure, coreweave.', true),
    c('resource_type', 'STRING', 'gpu | tpu | inferentia | trainium.', true),
    c('instance_type', 'STRING', 'Instance type, e.g. a3-highgpu-8g, p5.48xlarge.', true),
    c('gpu_type', 'STRING', 'Accelerator model, e.g. H100-80GB, TPU-v5e.', true),
    c('gpu_count', 'INT64', 'Accelerators per instance.'),
    c('gpu_memory_gb', 'INT64', 'Total accelerator memory per instance, GB.'),
    c('region', 'STRING', 'Cloud region.', true),
    c('hourly_rate', 'NUMERIC', 'On-demand price per instance-hour.', true),
    currency,
    c('spot_discount_pct', 'NUMERIC', 'Spot / preemptible discount, in percent.'),
    c('reserved_1yr_discount_pct', 'NUMERIC', '1-year commitment discount, in percent.'),
    c('reserved_3yr_discount_pct', 'NUMERIC', '3-year commitment discount, in percent.'),
    ...pricingValidity,
    ...lineageColumns,
  ],
  clusterBy: ['provider', 'instance_type'],
};

/** `genai_infrastructure_usage_raw`: daily instance-hours of GenAI accelerator instances. */
export const genaiInfrastructureUsageRaw: TableDef = {
  name: 'genai_infrastructure_usage_raw',
  description: 'Daily usage of GPU/TPU instances running GenAI workloads.',
  version: 1,
  columns: [
    c('usage_date', 'DATE', 'Day of usage (UTC).', true),
    c('provider', 'STRING', 'Infrastructure provider.', true),
    c('resource_type', 'STRING', 'gpu | tpu | inferentia | trainium.', true),
    c('instance_type', 'STRING', 'Instance type.', true),
    c('instance_id', 'STRING', 'Provider instance id.'),
    c('gpu_type', 'STRING', 'Accelerator model.'),
    c('gpu_count', 'INT64', 'Accelerators per instance.'),
    c('region', 'STRING', 'Cloud region.'),
    c('pricing_type', 'STRING', 'on_demand | spot | reserved_1yr | reserved_3yr.'),
    c('instance_count', 'INT64', 'Instances running.'),
    c('instance_hours', 'NUMERIC', 'Instance-hours consumed.'),
    c('gpu_hours', 'NUMERIC', 'Accelerator-hours (instance_hours x gpu_count).'),
    c('avg_gpu_utilization_pct', 'NUMERIC', 'Average accelerator utilization, in percent.'),
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
    c('cost_date', 'DATE', 'Day of usage (UTC).', true),
    c('provider', 'STRING', 'Infrastructure provider.', true),
    c('resource_type', 'STRING', 'gpu | tpu | inferentia | trainium.', true),
    c('instance_type', 'STRING', 'Instance type.', true),
    c('gpu_type', 'STRING', 'Accelerator model.'),
    c('region', 'STRING', 'Cloud region.'),
    c('pricing_type', 'STRING', 'on_demand | spot | reserved_1yr | reserved_3yr.'),
    c('instance_hours', 'NUMERIC', 'Instance-hours consumed.'),
    c('gpu_hours', 'NUMERIC', 'Accelerator-hours consumed.'),
    c('hourly_rate', 'NUMERIC', 'Effective price per instance-hour applied.'),
    c('list_cost', 'NUMERIC', 'Cost at on-demand rates.', true),
    c('discount_pct', 'NUMERIC', 'Spot / reserved discount applied, in percent.'),
    c('total_cost', 'NUMERIC', 'Cost after discounts.', true),
    currency,
    ...genaiPipelineColumns,
  ],
  partitionBy: 'cost_date',
  clusterBy: ['provider', 'instance_type'],
};

// ------------------------------------------------------------------------------------ GenAI unified

/** `genai_costs_daily_unified`: the three GenAI cost flows in one shape (input of the FOCUS conversion). */
export const genaiCostsDailyUnified: TableDef = {
  name: 'genai_costs_daily_unified',
  description:
    'Daily GenAI cost from the payg, commitment and infrastructure flows in one shape, one row per SKU price (model, token type, tier, price) and day; only priced usage.',
  version: 2,
  columns: [
    c('cost_date', 'DATE', 'Day of usage (UTC).', true),
    c('cost_flow', 'STRING', 'payg | commitment | infrastructure.', true),
    c('provider', 'STRING', 'GenAI or infrastructure provider.', true),
    c('model', 'STRING', 'Model id (payg, commitment).'),
    c('instance_type', 'STRING', 'Instance type (infrastructure).'),
    c('gpu_type', 'STRING', 'Accelerator model (infrastructure).'),
    c('region', 'STRING', 'Region.'),
    c('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or equivalent.'),
    c('api_key_id', 'STRING', 'Provider API key id.'),
    c('usage_kind', 'STRING', 'Usage kind (payg).'),
    c('service_tier', 'STRING', 'Service tier priced.'),
    c('is_batch', 'BOOL', 'Batch discount applied.'),
    c('token_type', 'STRING', 'Billable bucket (payg), e.g. input, cached_input, output.'),
    c('sku_id', 'STRING', 'FOCUS SkuId: provider/model/token type.', true),
    c(
      'sku_price_id',
      'STRING',
      'FOCUS SkuPriceId: the SKU with the dated price, tier and batch applied.',
      true,
    ),
    c('price_source', 'STRING', 'default | custom (org override).'),
    c('usage_quantity', 'NUMERIC', 'Priced quantity in usage_unit.', true),
    c('usage_unit', 'STRING', 'Unit of usage_quantity, e.g. Tokens, Images, Unit-Hours, GPU-Hours.', true),
    c('list_unit_price', 'BIGNUMERIC', 'Public price per usage_unit.'),
    c('unit_price', 'BIGNUMERIC', 'Price per usage_unit applied.'),
    c('list_cost', 'BIGNUMERIC', 'Cost at list prices.', true),
    c('total_cost', 'BIGNUMERIC', 'Cost after overrides and discounts.', true),
    currency,
    c('source_table', 'STRING', 'Flow table the row came from, e.g. genai_payg_costs_daily.', true),
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
    c('usage_date', 'DATE', 'Day of usage (UTC).', true),
    c('cost_flow', 'STRING', 'payg | commitment | infrastructure.', true),
    c('provider', 'STRING', 'GenAI or infrastructure provider.', true),
    c('model', 'STRING', 'Model id (payg, commitment).'),
    c('instance_type', 'STRING', 'Instance type (infrastructure).'),
    c('gpu_type', 'STRING', 'Accelerator model (infrastructure).'),
    c('region', 'STRING', 'Region.'),
    c('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or equivalent.'),
    c('api_key_id', 'STRING', 'Provider API key id.'),
    c('usage_kind', 'STRING', 'Usage kind (payg).'),
    c('service_tier', 'STRING', 'Service tier.'),
    c('is_batch', 'BOOL', 'Batch usage.'),
    c('input_tokens', 'INT64', 'Uncached text input tokens.'),
    c('cached_input_tokens', 'INT64', 'Input tokens read from the prompt cache.'),
    c('cache_write_tokens', 'INT64', 'Input tokens written to the prompt cache (5m + 1h).'),
    c('audio_input_tokens', 'INT64', 'Audio input tokens.'),
    c('image_input_tokens', 'INT64', 'Image input tokens.'),
    c('output_tokens', 'INT64', 'Output tokens (reasoning included, audio excluded).'),
    c('audio_output_tokens', 'INT64', 'Audio output tokens.'),
    c('reasoning_tokens', 'INT64', 'Reasoning tokens (inside output_tokens).'),
    c('total_tokens', 'INT64', 'All tokens.'),
    c('request_count', 'INT64', 'API requests.'),
    c('images', 'NUMERIC', 'Images generated.'),
    c('characters', 'NUMERIC', 'Characters synthesised.'),
    c('seconds', 'NUMERIC', 'Seconds transcribed.'),
    c('provisioned_units', 'INT64', 'Provisioned units (commitment).'),
    c('utilization_pct', 'NUMERIC', 'Average utilization, in percent (commitment, infrastructure).'),
    c('gpu_hours', 'NUMERIC', 'Accelerator-hours (infrastructure).'),
    c('source_table', 'STRING', 'Flow table the row came from, e.g. genai_payg_usage_raw.', true),
    ...genaiPipelineColumns,
  ],
  partitionBy: 'usage_date',
  clusterBy: ['cost_flow', 'provider', 'model'],
};

// --------------------------------------------------------------------------------- Cloud raw billing

type CloudProvider = 'gcp' | 'aws' | 'azure' | 'oci';

/** Columns every raw cloud billing table shares; `raw` keeps the full source row for re-conversion. */
const cloudBillingColumns: readonly Column[] = [
  c('usage_date', 'DATE', 'Day of usage (UTC).', true),
  c('usage_start_time', 'TIMESTAMP', 'Start of the usage interval.'),
  c('usage_end_time', 'TIMESTAMP', 'End of the usage interval (exclusive).'),
  c('billing_account_id', 'STRING', 'Billing / payer account of the row.', true),
  c('sub_account_id', 'STRING', 'Project, linked account, subscription or compartment id.'),
  c('sub_account_name', 'STRING', 'Display name of the sub account.'),
  c('service_id', 'STRING', 'Provider service id.'),
  c('service_name', 'STRING', 'Provider service name.'),
  c('sku_id', 'STRING', 'Provider SKU / product / meter id.'),
  c('sku_description', 'STRING', 'Provider SKU description.'),
  c('resource_id', 'STRING', 'Resource the charge applies to.'),
  c('resource_name', 'STRING', 'Resource display name.'),
  c('region', 'STRING', 'Region of the usage.'),
  c('zone', 'STRING', 'Availability zone / domain of the usage.'),
  c('charge_type', 'STRING', 'Provider charge / line item type, e.g. usage, tax, credit, adjustment.'),
  c('usage_amount', 'BIGNUMERIC', 'Usage quantity in usage_unit.'),
  c('usage_unit', 'STRING', 'Unit of usage_amount.'),
  c('pricing_quantity', 'BIGNUMERIC', 'Quantity in pricing_unit.'),
  c('pricing_unit', 'STRING', 'Unit the SKU is priced in.'),
  c('cost', 'BIGNUMERIC', 'Billed cost before credits, in currency (exact as exported).', true),
  c('list_cost', 'BIGNUMERIC', 'Cost at list prices.'),
  c('credits_total', 'BIGNUMERIC', 'Sum of credits on the row (negative).'),
  currency,
  c('invoice_id', 'STRING', 'Invoice or invoice month the row is billed on.'),
  c('billing_period_start', 'DATE', 'First day of the billing period.'),
  c('billing_period_end', 'DATE', 'Day after the billing period (exclusive).'),
  c('labels', 'JSON', 'Resource labels / tags as a key-value object.'),
  c('raw', 'JSON', 'The full source row as exported by the provider.'),
];

/** GenAI model usage inside a cloud bill (shared/cloud/genai-tags.ts), for the FOCUS x_genai_* columns. */
const cloudGenAiColumns: readonly Column[] = [
  c(
    'genai_provider',
    'STRING',
    'GenAI provider of a model-usage row (bedrock, azure_openai); NULL otherwise.',
  ),
  c('genai_model', 'STRING', 'Normalised model of a GenAI row, e.g. claude-3.5-sonnet; NULL when none.'),
];

function cloudBillingRaw(provider: CloudProvider, source: string, extra: readonly Column[]): TableDef {
  return {
    name: `cloud_${provider}_billing_raw_daily`,
    description: `Daily ${source} rows, lightly normalized; input of the ${provider} FOCUS conversion.`,
    version: 2,
    columns: [...cloudBillingColumns, ...extra, ...lineageColumns, ...cloudProviderColumns],
    partitionBy: 'usage_date',
    clusterBy: ['billing_account_id', 'service_id'],
  };
}

/**
 * `cloud_gcp_billing_raw_daily`: GCP Cloud Billing detailed export rows. Version 3: the unit prices of usage
 * rows (shared/cloud/gcp-prices.ts); usage_unit / pricing_unit hold FOCUS unit names.
 */
export const cloudGcpBillingRawDaily: TableDef = {
  ...cloudBillingRaw('gcp', 'GCP Cloud Billing detailed export', [
    c('project_number', 'STRING', 'GCP project number.'),
    c('cost_type', 'STRING', 'regular | tax | adjustment | rounding error.'),
    c('credits', 'JSON', 'Credits array of the export row (name, type, amount).'),
    c('system_labels', 'JSON', 'GCP system labels.'),
    c(
      'sku_price_id',
      'STRING',
      'FOCUS SkuPriceId of a priced usage row: SKU id / pricing unit [/ tier start].',
    ),
    c(
      'list_unit_price',
      'BIGNUMERIC',
      'List price per pricing unit: price.list_price / price.pricing_unit_quantity, else cost_at_list / quantity.',
    ),
    c(
      'contracted_unit_price',
      'BIGNUMERIC',
      'Price per pricing unit: price.effective_price / price.pricing_unit_quantity, else cost / quantity.',
    ),
  ]),
  version: 3,
};

/** `cloud_aws_billing_raw_daily`: AWS CUR 2.0 / Data Exports rows. */
export const cloudAwsBillingRawDaily: TableDef = cloudBillingRaw('aws', 'AWS CUR 2.0 / Data Exports', [
  c('line_item_type', 'STRING', 'Usage | Tax | Credit | RIFee | SavingsPlanCoveredUsage | ...'),
  c('usage_type', 'STRING', 'AWS usage type, e.g. USE1-BoxUsage:m5.large.'),
  c('operation', 'STRING', 'AWS operation, e.g. RunInstances.'),
  c('pricing_term', 'STRING', 'OnDemand | Reserved | Spot.'),
  c('unblended_cost', 'BIGNUMERIC', 'line_item_unblended_cost.'),
  c('net_unblended_cost', 'BIGNUMERIC', 'Unblended cost after discounts.'),
  c(
    'amortized_cost',
    'BIGNUMERIC',
    'Cost with RI / Savings Plan fees amortized (AWS amortization by line item type).',
  ),
  c('reservation_arn', 'STRING', 'Reserved instance ARN applied.'),
  c('savings_plan_arn', 'STRING', 'Savings Plan ARN applied.'),
  c('line_item_id', 'STRING', 'identity_line_item_id.'),
  c('billing_entity', 'STRING', 'AWS | AWS Marketplace.'),
  c('unblended_rate', 'BIGNUMERIC', 'line_item_unblended_rate: price per pricing unit applied.'),
  c('public_on_demand_rate', 'BIGNUMERIC', 'pricing_public_on_demand_rate: public price per pricing unit.'),
  c(
    'contracted_cost',
    'BIGNUMERIC',
    'unblended_rate x usage_amount, exact (FOCUS ContractedCost); cost when no rate.',
  ),
  ...cloudGenAiColumns,
]);

/** `cloud_azure_billing_raw_daily`: Azure Cost Management export rows. */
export const cloudAzureBillingRawDaily: TableDef = cloudBillingRaw('azure', 'Azure Cost Management export', [
  c('resource_group', 'STRING', 'Resource group of the resource.'),
  c('meter_category', 'STRING', 'Meter category, e.g. Virtual Machines.'),
  c('meter_subcategory', 'STRING', 'Meter subcategory.'),
  c('meter_name', 'STRING', 'Meter name.'),
  c('pricing_model', 'STRING', 'OnDemand | Reservation | SavingsPlan | Spot.'),
  c('benefit_id', 'STRING', 'Reservation or savings plan id applied.'),
  c('cost_in_usd', 'BIGNUMERIC', 'Cost converted to USD by Azure.'),
  c('billing_account_name', 'STRING', 'EA billing account / MCA billing profile display name.'),
  c('frequency', 'STRING', 'Charge frequency: OneTime | Recurring | UsageBased.'),
  c('benefit_name', 'STRING', 'Reservation or savings plan name applied.'),
  c('publisher_name', 'STRING', 'Publisher of the service: Microsoft or the Marketplace publisher.'),
  c('resource_type', 'STRING', 'ARM resource type, e.g. Microsoft.Compute/virtualMachines.'),
  c(
    'effective_cost',
    'BIGNUMERIC',
    'FOCUS EffectiveCost: the amortized cost (0 for reservation / savings plan purchases).',
  ),
  c('list_unit_price', 'BIGNUMERIC', 'PayGPrice in currency, per UnitOfMeasure block.'),
  c('contracted_unit_price', 'BIGNUMERIC', 'UnitPrice in currency, per UnitOfMeasure block.'),
  c(
    'contracted_cost',
    'BIGNUMERIC',
    'contracted_unit_price x pricing_quantity, exact (FOCUS ContractedCost); cost when no price.',
  ),
  ...cloudGenAiColumns,
]);

/** `cloud_oci_billing_raw_daily`: OCI cost report / FOCUS report rows. */
export const cloudOciBillingRawDaily: TableDef = cloudBillingRaw('oci', 'OCI cost / FOCUS report', [
  c('tenancy_id', 'STRING', 'OCI tenancy OCID.'),
  c('compartment_path', 'STRING', 'Compartment path of the resource.'),
  c('reference_number', 'STRING', 'OCI line reference number.'),
  c('is_overage', 'BOOL', 'True when usage exceeded the commitment.'),
  c(
    'effective_cost',
    'BIGNUMERIC',
    'FOCUS EffectiveCost (FOCUS report EffectiveCost; cost report: cost/myCost).',
  ),
  c(
    'list_unit_price',
    'BIGNUMERIC',
    'Price per pricing unit (FOCUS report ListUnitPrice; cost report: cost/unitPrice).',
  ),
  c(
    'contracted_unit_price',
    'BIGNUMERIC',
    'Applied price per pricing unit (ContractedUnitPrice, else the list price; cost report: cost/unitPrice).',
  ),
  c(
    'contracted_cost',
    'BIGNUMERIC',
    'contracted_unit_price x pricing_quantity, exact (FOCUS ContractedCost); the cost when no price.',
  ),
]);

/** All per-org tables of this module, in seed order. */
export const orgTables: readonly TableDef[] = [
  subscriptionPlans,
  subscriptionPlanCostsDaily,
  genaiPaygPricing,
  genaiPaygUsageRaw,
  genaiPaygCostsDaily,
  genaiPaygBilledCostsDaily,
  genaiUsageImports,
  genaiCommitmentPricing,
  genaiCommitmentUsageRaw,
  genaiCommitmentCostsDaily,
  genaiInfrastructurePricing,
  genaiInfrastructureUsageRaw,
  genaiInfrastructureCostsDaily,
  genaiCostsDailyUnified,
  genaiUsageDailyUnified,
  cloudGcpBillingRawDaily,
  cloudAwsBillingRawDaily,
  cloudAzureBillingRawDaily,
  cloudOciBillingRawDaily,
];
