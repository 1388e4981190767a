import type { TableDef } from '../ports/warehouse/schema.js';
import { col, currency } from './columns.js';
import { genaiPipelineColumns, pricingValidity } from './genai-columns.js';
import { lineageColumns } from './lineage.js';

// Pay-as-you-go GenAI: per-token prices, provider usage buckets, their priced cost, what the provider bills, and
// usage imported through the API (genai_usage_imports, written by the API: no x_* columns).

/** `genai_payg_pricing`: per-token list prices (and org overrides) per provider, model and region. */
export const genaiPaygPricing: TableDef = {
  name: 'genai_payg_pricing',
  description: 'Pay-as-you-go GenAI token prices per provider, model and region.',
  version: 1,
  columns: [
    col('provider', 'STRING', 'GenAI provider, e.g. openai, anthropic, gemini.', true),
    col('model', 'STRING', 'Model id as the provider reports it, e.g. gpt-4o.', true),
    col('model_family', 'STRING', 'Model family for grouping, e.g. gpt-4o, claude-sonnet.'),
    col('region', 'STRING', 'Deployment region; global when not regional.', true),
    col('input_per_1m', 'NUMERIC', 'Price per 1M input tokens.', true),
    col('output_per_1m', 'NUMERIC', 'Price per 1M output tokens.', true),
    col('cached_input_per_1m', 'NUMERIC', 'Price per 1M cached input tokens.'),
    col('cache_write_per_1m', 'NUMERIC', 'Price per 1M tokens written to the prompt cache.'),
    col('batch_input_per_1m', 'NUMERIC', 'Batch API price per 1M input tokens.'),
    col('batch_output_per_1m', 'NUMERIC', 'Batch API price per 1M output tokens.'),
    col('volume_discount_pct', 'NUMERIC', 'Negotiated discount on the total, in percent.'),
    currency,
    col('context_window', 'INT64', 'Maximum context window in tokens.'),
    col('max_output_tokens', 'INT64', 'Maximum output tokens per request.'),
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
    col('usage_date', 'DATE', 'Day of usage (UTC).', true),
    col(
      'provider',
      'STRING',
      'GenAI provider: openai, anthropic, gemini, deepseek, azure_openai, bedrock, vertex.',
      true,
    ),
    col(
      'usage_kind',
      'STRING',
      'completions, embeddings, moderations, images, audio_speeches, audio_transcriptions, messages, ...',
      true,
    ),
    col(
      'usage_row_id',
      'STRING',
      'Deterministic id of the bucket (kind, day and group-by values); unique per slice.',
      true,
    ),
    col(
      'model',
      'STRING',
      'Model id as the provider reports it; NULL for kinds without a model (vector stores).',
    ),
    col('model_family', 'STRING', 'Model family for grouping, e.g. gpt-4o, claude-sonnet-4-5.'),
    col('region', 'STRING', 'Deployment region or data zone, when the provider reports one.'),
    col('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or the provider equivalent.'),
    col('api_key_id', 'STRING', 'Provider API key id (never the key itself).'),
    col('user_id', 'STRING', 'Provider user id, when reported.'),
    col('service_tier', 'STRING', 'Provider service tier: default, flex, priority, scale, batch, ...'),
    col('is_batch', 'BOOL', 'True for Batch API usage (batch prices apply).'),
    col('context_window', 'STRING', 'Anthropic context window bucket (0-200k, 200k-1M).'),
    col('long_context', 'BOOL', 'True when the provider reports the long-context tier; NULL when unknown.'),
    col('image_size', 'STRING', 'Image size (images kind).'),
    col('image_source', 'STRING', 'Image source, e.g. image.generation (images kind).'),
    col('input_tokens', 'INT64', 'Uncached text input tokens (disjoint from every other input bucket).'),
    col('cached_input_tokens', 'INT64', 'Input tokens read from the prompt cache.'),
    col('cache_write_5m_tokens', 'INT64', 'Input tokens written to the 5-minute prompt cache.'),
    col('cache_write_1h_tokens', 'INT64', 'Input tokens written to the 1-hour prompt cache.'),
    col('audio_input_tokens', 'INT64', 'Uncached audio input tokens.'),
    col('image_input_tokens', 'INT64', 'Image input tokens.'),
    col('output_tokens', 'INT64', 'Text output tokens, reasoning included, audio output excluded.'),
    col('audio_output_tokens', 'INT64', 'Audio output tokens.'),
    col('reasoning_tokens', 'INT64', 'Reasoning tokens (informational: already inside output_tokens).'),
    col('total_tokens', 'INT64', 'All tokens of the row (sum of the disjoint buckets).'),
    col('request_count', 'INT64', 'Model requests in the bucket.'),
    col(
      'max_prompt_tokens_per_request',
      'INT64',
      'Largest prompt of one request, when known (long-context tier).',
    ),
    col('images', 'NUMERIC', 'Images generated (images kind).'),
    col('characters', 'NUMERIC', 'Characters synthesised (audio_speeches kind).'),
    col('seconds', 'NUMERIC', 'Seconds transcribed (audio_transcriptions kind).'),
    col('sessions', 'INT64', 'Code interpreter sessions.'),
    col('usage_bytes', 'INT64', 'Vector store bytes (a gauge).'),
    col('source_kind', 'STRING', 'usage_api | import | billing_export.', true),
    col('raw', 'JSON', 'The provider result object exactly as received.'),
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
    col('cost_date', 'DATE', 'Day of usage (UTC).', true),
    col('provider', 'STRING', 'GenAI provider.', true),
    col('usage_kind', 'STRING', 'Usage kind of the bucket.', true),
    col('usage_row_id', 'STRING', 'genai_payg_usage_raw.usage_row_id the line prices.', true),
    col('model', 'STRING', 'Model id as reported.'),
    col('matched_model', 'STRING', 'Price-book model the name matched (family or exact snapshot).'),
    col('region', 'STRING', 'Region / data zone of the price.'),
    col('workspace_id', 'STRING', 'OpenAI project, Anthropic workspace or equivalent.'),
    col('api_key_id', 'STRING', 'Provider API key id.'),
    col('service_tier', 'STRING', 'Tier priced: default, flex, priority, scale.'),
    col('is_batch', 'BOOL', 'True when the batch discount applied.'),
    col('long_context', 'STRING', 'not_applicable | applied | not_applied | undetermined.'),
    col(
      'token_type',
      'STRING',
      'Billable bucket: input, cached_input, cache_write_5m, cache_write_1h, audio_input, image_input, output, audio_output, image, character, second, request.',
      true,
    ),
    col(
      'pricing_unit',
      'STRING',
      'FOCUS unit of quantity: Tokens, Images, Characters, Seconds, Requests.',
      true,
    ),
    col('quantity', 'NUMERIC', 'Billable quantity in pricing_unit.', true),
    col(
      'list_unit_price',
      'BIGNUMERIC',
      'Public (default price book) price per unit; the contracted price when no public price exists.',
    ),
    col(
      'unit_price',
      'BIGNUMERIC',
      'Price per unit applied (org override when one is valid, else the public price).',
    ),
    col('list_cost', 'BIGNUMERIC', 'quantity x list_unit_price, exact.'),
    col('total_cost', 'BIGNUMERIC', 'quantity x unit_price, exact; NULL when unpriced.'),
    col('currency', 'STRING', 'ISO 4217 currency of the prices; NULL when unpriced.'),
    col('price_id', 'STRING', 'Id of the dated price applied (source:provider:model:effective_from).'),
    col('list_price_id', 'STRING', 'Id of the dated public price used for list_unit_price.'),
    col('price_source', 'STRING', 'default | custom (org override).'),
    col(
      'rate_from',
      'STRING',
      'Price key whose rate was used when the entry had none of its own (e.g. input for cached_input).',
    ),
    col('pricing_status', 'STRING', 'priced | unpriced.', true),
    col('unpriced_reason', 'STRING', 'no_price | missing_rate (with the missing keys).'),
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
    col('cost_date', 'DATE', 'Day billed (UTC).', true),
    col('provider', 'STRING', 'GenAI provider.', true),
    col('cost_row_id', 'STRING', 'Deterministic id of the provider cost bucket.', true),
    col('workspace_id', 'STRING', 'OpenAI project or Anthropic workspace.'),
    col('line_item', 'STRING', 'Provider line item / description.'),
    col('cost_type', 'STRING', 'Provider cost type (tokens, web_search, ...).'),
    col('model', 'STRING', 'Model, when the provider reports it.'),
    col('token_type', 'STRING', 'Token type, when the provider reports it.'),
    col('service_tier', 'STRING', 'Service tier, when reported.'),
    col(
      'amount',
      'BIGNUMERIC',
      'Amount billed in currency units, exactly as the provider reported it.',
      true,
    ),
    currency,
    col('raw', 'JSON', 'The provider result object exactly as received.'),
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
    col('org_slug', 'STRING', 'Organization slug that owns the row.', true),
    col('import_id', 'STRING', 'Import the row came from.', true),
    col('row_number', 'INT64', 'Row (1-based, header excluded) in the imported file.', true),
    col('provider', 'STRING', 'GenAI provider.', true),
    col('credential_id', 'STRING', 'Integration the usage belongs to; NULL when none.'),
    col('usage_date', 'DATE', 'Day of usage (UTC).', true),
    col('model', 'STRING', 'Model id.', true),
    col('region', 'STRING', 'Region.'),
    col('workspace_id', 'STRING', 'Project / workspace / deployment group.'),
    col('api_key_id', 'STRING', 'API key id.'),
    col('service_tier', 'STRING', 'Service tier.'),
    col('is_batch', 'BOOL', 'Batch usage.'),
    col('input_tokens', 'INT64', 'Input tokens as the provider reports them (cached included).', true),
    col('cached_input_tokens', 'INT64', 'Cached input tokens (inside input_tokens).'),
    col('cache_write_tokens', 'INT64', 'Cache-write tokens (inside input_tokens).'),
    col('output_tokens', 'INT64', 'Output tokens (reasoning included).', true),
    col('reasoning_tokens', 'INT64', 'Reasoning tokens (inside output_tokens).'),
    col('request_count', 'INT64', 'Requests.'),
    col('imported_at', 'TIMESTAMP', 'When the import was accepted.', true),
  ],
  partitionBy: 'usage_date',
  clusterBy: ['provider', 'credential_id'],
};
