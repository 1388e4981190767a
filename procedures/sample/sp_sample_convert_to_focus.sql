-- Converts the sample pipeline's raw rows of one run (org, pipeline, run dates) to FOCUS 1.3 rows.
-- BigQuery Standard SQL in the portable subset the DuckDB adapter also runs (see procedures/README.md).
-- Parameters: @org_slug, @pipeline_id, @run_id, @start_date, @end_date. `{dataset}` is the org's dataset.
SELECT
  cost AS BilledCost,
  cost AS EffectiveCost,
  cost AS ListCost,
  cost AS ContractedCost,
  currency AS BillingCurrency,
  CAST(usage_date AS TIMESTAMP) AS ChargePeriodStart,
  CAST(DATE_ADD(usage_date, INTERVAL 1 DAY) AS TIMESTAMP) AS ChargePeriodEnd,
  CAST(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY) AS TIMESTAMP) AS BillingPeriodStart,
  CAST(DATE_ADD(DATE_ADD(usage_date, INTERVAL (1 - EXTRACT(DAY FROM usage_date)) DAY), INTERVAL 1 MONTH) AS TIMESTAMP)
    AS BillingPeriodEnd,
  'Usage' AS ChargeCategory,
  'Usage-Based' AS ChargeFrequency,
  CONCAT(service_name, ' ', sku_id) AS ChargeDescription,
  service_category AS ServiceCategory,
  service_name AS ServiceName,
  provider_name AS ServiceProviderName,
  provider_name AS HostProviderName,
  provider_name AS InvoiceIssuerName,
  provider_name AS ProviderName,
  provider_name AS PublisherName,
  sku_id AS SkuId,
  sku_id AS SkuPriceId,
  'Standard' AS PricingCategory,
  currency AS PricingCurrency,
  unit_price AS PricingCurrencyContractedUnitPrice,
  cost AS PricingCurrencyEffectiveCost,
  unit_price AS PricingCurrencyListUnitPrice,
  usage_quantity AS PricingQuantity,
  usage_unit AS PricingUnit,
  usage_quantity AS ConsumedQuantity,
  usage_unit AS ConsumedUnit,
  unit_price AS ListUnitPrice,
  unit_price AS ContractedUnitPrice,
  {lineage},
  CASE WHEN flow = 'cloud' THEN provider END AS x_cloud_provider,
  CASE WHEN flow = 'genai' THEN provider END AS x_genai_provider,
  CASE WHEN flow = 'genai' THEN service_name END AS x_genai_model,
  flow AS x_cost_type,
  'cloudact-sample' AS x_source_system
FROM `{dataset}.sample_costs_raw_daily`
WHERE x_org_slug = @org_slug
  AND x_pipeline_id = @pipeline_id
  AND x_pipeline_run_date BETWEEN CAST(@start_date AS DATE) AND CAST(@end_date AS DATE)
