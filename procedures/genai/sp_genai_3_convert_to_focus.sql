-- GenAI cost of one run as FOCUS 1.3 Cost and Usage rows: genai_costs_daily_unified -> cost_data_standard_1_3.
-- One row per day and SKU price: PricingQuantity / ConsumedQuantity in the SKU's unit (Tokens, Images, ...),
-- ListUnitPrice / ContractedUnitPrice per single unit, so ListCost = ListUnitPrice x PricingQuantity and
-- ContractedCost = ContractedUnitPrice x PricingQuantity exactly. Pay-as-you-go usage has no amortization:
-- BilledCost = EffectiveCost = ContractedCost (the org's negotiated price when it has one, else the list price).
-- Prices are in the billing currency, so the PricingCurrency* columns (present, hence not null) repeat them.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @credential_id, @run_id, @start_date, @end_date. `{dataset}`: the org's.
SELECT
  CAST(NULL AS JSON) AS AllocatedMethodDetails,
  total_cost AS BilledCost,
  COALESCE(x_credential_id, CONCAT(provider, ':', x_org_slug)) AS BillingAccountId,
  CASE provider
    WHEN 'openai' THEN 'OpenAI organization'
    WHEN 'anthropic' THEN 'Anthropic organization'
    WHEN 'gemini' THEN 'Gemini API project'
    WHEN 'deepseek' THEN 'DeepSeek account'
    WHEN 'azure_openai' THEN 'Azure OpenAI resource'
    WHEN 'bedrock' THEN 'AWS account'
    WHEN 'vertex' THEN 'Google Cloud project'
    ELSE provider
  END AS BillingAccountName,
  'Organization' AS BillingAccountType,
  currency AS BillingCurrency,
  CAST(DATE_ADD(DATE_ADD(cost_date, INTERVAL (1 - EXTRACT(DAY FROM cost_date)) DAY), INTERVAL 1 MONTH) AS TIMESTAMP)
    AS BillingPeriodEnd,
  CAST(DATE_ADD(cost_date, INTERVAL (1 - EXTRACT(DAY FROM cost_date)) DAY) AS TIMESTAMP) AS BillingPeriodStart,
  'Usage' AS ChargeCategory,
  CAST(NULL AS STRING) AS ChargeClass,
  CONCAT(
    COALESCE(model, usage_kind), ' ',
    CASE token_type
      WHEN 'input' THEN 'input tokens'
      WHEN 'cached_input' THEN 'cached input tokens'
      WHEN 'cache_write_5m' THEN 'cache write tokens (5 minutes)'
      WHEN 'cache_write_1h' THEN 'cache write tokens (1 hour)'
      WHEN 'audio_input' THEN 'audio input tokens'
      WHEN 'image_input' THEN 'image input tokens'
      WHEN 'output' THEN 'output tokens'
      WHEN 'audio_output' THEN 'audio output tokens'
      WHEN 'image' THEN 'images'
      WHEN 'character' THEN 'characters'
      WHEN 'second' THEN 'seconds'
      ELSE token_type
    END,
    CASE WHEN is_batch THEN ', batch' ELSE '' END,
    CASE WHEN service_tier IS NOT NULL AND LOWER(service_tier) IN ('flex', 'priority', 'scale')
      THEN CONCAT(', ', LOWER(service_tier), ' tier') ELSE '' END
  ) AS ChargeDescription,
  'Usage-Based' AS ChargeFrequency,
  CAST(DATE_ADD(cost_date, INTERVAL 1 DAY) AS TIMESTAMP) AS ChargePeriodEnd,
  CAST(cost_date AS TIMESTAMP) AS ChargePeriodStart,
  usage_quantity AS ConsumedQuantity,
  usage_unit AS ConsumedUnit,
  total_cost AS ContractedCost,
  unit_price AS ContractedUnitPrice,
  total_cost AS EffectiveCost,
  service_provider AS HostProviderName,
  service_provider AS InvoiceIssuerName,
  list_cost AS ListCost,
  list_unit_price AS ListUnitPrice,
  'Standard' AS PricingCategory,
  currency AS PricingCurrency,
  unit_price AS PricingCurrencyContractedUnitPrice,
  total_cost AS PricingCurrencyEffectiveCost,
  list_unit_price AS PricingCurrencyListUnitPrice,
  usage_quantity AS PricingQuantity,
  usage_unit AS PricingUnit,
  service_provider AS ProviderName,
  service_provider AS PublisherName,
  region AS RegionId,
  region AS RegionName,
  api_key_id AS ResourceId,
  CAST(NULL AS STRING) AS ResourceName,
  CASE WHEN api_key_id IS NULL THEN NULL ELSE 'API Key' END AS ResourceType,
  'AI and Machine Learning' AS ServiceCategory,
  service_name AS ServiceName,
  service_provider AS ServiceProviderName,
  'Generative AI' AS ServiceSubcategory,
  sku_id AS SkuId,
  CASE token_type
    WHEN 'input' THEN 'Input Tokens'
    WHEN 'cached_input' THEN 'Cached Input Tokens'
    WHEN 'cache_write_5m' THEN 'Cache Write Tokens (5m)'
    WHEN 'cache_write_1h' THEN 'Cache Write Tokens (1h)'
    WHEN 'audio_input' THEN 'Audio Input Tokens'
    WHEN 'image_input' THEN 'Image Input Tokens'
    WHEN 'output' THEN 'Output Tokens'
    WHEN 'audio_output' THEN 'Audio Output Tokens'
    WHEN 'image' THEN 'Images'
    WHEN 'character' THEN 'Characters'
    WHEN 'second' THEN 'Seconds'
    ELSE token_type
  END AS SkuMeter,
  JSON_OBJECT(
    'x_TokenType', token_type,
    'x_ServiceTier', COALESCE(LOWER(service_tier), 'default'),
    'x_Batch', COALESCE(is_batch, FALSE),
    'x_PriceSource', price_source
  ) AS SkuPriceDetails,
  sku_price_id AS SkuPriceId,
  workspace_id AS SubAccountId,
  workspace_id AS SubAccountName,
  CASE
    WHEN workspace_id IS NULL THEN NULL
    WHEN provider = 'openai' THEN 'Project'
    WHEN provider = 'anthropic' THEN 'Workspace'
    ELSE 'Account'
  END AS SubAccountType,
  {genai_lineage},
  model AS x_genai_model,
  'genai' AS x_cost_type,
  source_table AS x_source_system
FROM (
  SELECT
    u.*,
    CASE provider
      WHEN 'openai' THEN 'OpenAI'
      WHEN 'anthropic' THEN 'Anthropic'
      WHEN 'gemini' THEN 'Google'
      WHEN 'deepseek' THEN 'DeepSeek'
      WHEN 'azure_openai' THEN 'Microsoft'
      WHEN 'bedrock' THEN 'AWS'
      WHEN 'vertex' THEN 'Google Cloud'
      ELSE provider
    END AS service_provider,
    CASE provider
      WHEN 'openai' THEN 'OpenAI API'
      WHEN 'anthropic' THEN 'Claude API'
      WHEN 'gemini' THEN 'Gemini API'
      WHEN 'deepseek' THEN 'DeepSeek API'
      WHEN 'azure_openai' THEN 'Azure OpenAI'
      WHEN 'bedrock' THEN 'Amazon Bedrock'
      WHEN 'vertex' THEN 'Vertex AI'
      ELSE provider
    END AS service_name
  FROM `{dataset}.genai_costs_daily_unified` AS u
  WHERE {run_filter}
) AS s
